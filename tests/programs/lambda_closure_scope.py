fs = []
for i in range(3):
    fs.append(lambda i=i: i)
print([f() for f in fs])
adders = {n: (lambda x, n=n: x + n) for n in range(3)}
print(adders[2](10))
def make():
    vals = []
    def add(v):
        vals.append(v)
        return vals
    return add
a = make()
a(1)
print(a(2), a.__closure__[0].cell_contents)
compose = lambda f, g: lambda x: f(g(x))
print(compose(str, abs)(-5), (lambda: (yield 1)) is not None)
x = 1
def shadow():
    x = 2
    return [x for _ in range(1)], (lambda: x)()
print(shadow())
