import sys
print(sys.exc_info(), sys.exception())
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is not None, sys.exception() is v)
    try:
        raise ValueError("inner")
    except ValueError:
        print(type(sys.exception()).__name__)
    print(type(sys.exception()).__name__)
print(sys.exception())
