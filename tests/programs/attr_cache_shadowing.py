# Attribute caches against instance attributes that shadow class ones:
# a method or class attribute found on the type is only reused while no
# instance of the type holds the name itself.
class A:
    def f(self):
        return "method"
a = A()
b = A()
b.f = lambda: "instance"
for o in [a, b, a, b]:
    print(o.f())
class B:
    k = "class"
    n = 1
    x = 2.5
x = B()
y = B()
y.k = "inst"
for o in [x, y, x, y]:
    print(o.k, o.n, o.x)
def reads(objs, rounds):
    out = []
    for r in range(rounds):
        for o in objs:
            out.append((o.n, o.x))
        if r == 2:
            B.n = 10
        if r == 4:
            B.x = -1.0
        if r == 6:
            objs[0].n = "own"
    return out
print(reads([B(), B()], 9))
class C:
    count = 0
    scale = 0.5
    def bump(self):
        C.count += 1
        return C.count * C.scale
c = C()
print([c.bump() for _ in range(6)])
C.scale = 2
print([c.bump() for _ in range(3)])
class D(C):
    pass
d = D()
print(d.bump(), D.count, D.scale)
C.count = "reset"
print(D.count, d.count)
