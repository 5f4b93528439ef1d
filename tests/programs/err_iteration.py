for v in [1, None, 2.5]:
    try:
        for _ in v:
            pass
    except TypeError as e:
        print(e)
try:
    a, b = 5
except TypeError as e:
    print(e)
try:
    [*None]
except TypeError as e:
    print(e)
try:
    1 in 5
except TypeError as e:
    print(e)
try:
    len(iter([]))
except TypeError as e:
    print(e)
