def f(a, b, /, c, d=4, *args, e, f=6, **kw):
    return a, b, c, d, args, e, f, kw
print(f(1, 2, 3, e=5))
print(f(1, 2, c=3, e=5, z=0))
print(f(1, 2, 3, 4, 5, 6, e=7, f=8, g=9))
args = (1, 2, 3)
kwargs = {"e": 5, "extra": True}
print(f(*args, **kwargs))
print(f(*[1, 2], *[3], 4, *(), e=0, **{}, **{"f": 1}))
for bad in ["f(1, 2)", "f(1, 2, 3)", "f(1, b=2, c=3, e=4)", "f(1, 2, 3, e=1, e=2)"]:
    try:
        eval(bad)
    except (TypeError, SyntaxError) as e:
        print(type(e).__name__, e)
