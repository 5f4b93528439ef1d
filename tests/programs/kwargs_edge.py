def f(**kw):
    return kw
print(f(), f(a=1, b=2), f(**{"x y": 1}), f(**dict(a=1), b=2))
try:
    f(**{1: 2})
except TypeError as e:
    print(e)
def g(a, *args, b=5, **kw):
    return a, args, b, kw
print(g(1), g(1, 2, 3), g(1, b=2, c=3), g(*range(4), **{"b": 0, "z": 9}))
try:
    g(**{"a": 1}, a=2)
except TypeError as e:
    print(e)
try:
    g(b=1)
except TypeError as e:
    print(e)
try:
    f(*5)
except TypeError as e:
    print(e)
try:
    f(**5)
except TypeError as e:
    print(e)
def h(a, b, /):
    return a + b
try:
    h(a=1, b=2)
except TypeError as e:
    print(e)
