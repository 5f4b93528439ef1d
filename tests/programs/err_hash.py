for v in [[], {}, set(), bytearray()]:
    try:
        hash(v)
    except TypeError as e:
        print(e)
try:
    {[1]: 2}
except TypeError as e:
    print(e)
try:
    {{}}
except TypeError as e:
    print(e)
try:
    frozenset([[]])
except TypeError as e:
    print(e)
