for v in [1, None, 3.5, len]:
    try:
        v[0]
    except TypeError as e:
        print(e)
try:
    None[0] = 1
except TypeError as e:
    print(e)
try:
    del (1,)[0]
except TypeError as e:
    print(e)
