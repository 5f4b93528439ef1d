f = lambda a, b=2, *c, d=4, **e: (a, b, c, d, e)
print(f(1), f(1, 3, 5, 6, d=0, z=1))
g = lambda: None
print(g(), g.__name__, (lambda x: x)(5), (lambda *a: a)(), (lambda **k: k)(a=1))
sq = {n: (lambda x, n=n: x ** n) for n in range(4)}
print([sq[n](2) for n in sq])
print(sorted([(1, "b"), (0, "a")], key=lambda t: t[1]), list(map(lambda x: x and x * 2, [0, 1, 2])))
