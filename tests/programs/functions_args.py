def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[1, 2], **{"c": 3}))
def g(a, /, b, *, c):
    return a, b, c
print(g(1, 2, c=3), g(1, b=2, c=3))
for call in [lambda: g(a=1, b=2, c=3), lambda: g(1, 2, 3), lambda: g(1), lambda: f(), lambda: f(1, 2, a=1, c=1), lambda: f(1, c=1, zz=2) and g(1, 2, c=3, d=4)]:
    try:
        print(call())
    except TypeError as e:
        print(e)
def h(x, y):
    return x - y
print(h(y=1, x=5), h(*(5, 1)), h(**{"x": 5, "y": 1}))
for call in [lambda: h(1), lambda: h(1, 2, 3), lambda: h(1, x=2), lambda: h(), lambda: h(1, 2, z=3)]:
    try:
        call()
    except TypeError as e:
        print(e)
def defaults(x=[]):
    x.append(1)
    return x
print(defaults(), defaults(), defaults.__defaults__, defaults.__name__, defaults.__qualname__)
def kwonly(*, a, b, c=1):
    pass
try:
    kwonly(c=2)
except TypeError as e:
    print(e)
def many(a, b, c, d):
    pass
try:
    many(1)
except TypeError as e:
    print(e)
print((lambda *a, **k: (a, k))(1, 2, x=3))
