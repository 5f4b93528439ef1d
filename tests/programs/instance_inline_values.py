# Instance attributes kept inline under keys shared by the type: per-instance
# insertion order, deletion, overflow into a dict, __dict__ views and
# replacement, __class__ assignment, __slots__ next to them.
class C:
    pass
a = C(); a.x = 1; a.y = 2
b = C(); b.y = 3; b.x = 4
print(a.__dict__, b.__dict__, vars(b))
del a.x
print(a.__dict__)
c = C()
for i in range(40):
    setattr(c, f"a{i}", i)
print(len(c.__dict__), c.a39, c.a0)
d = C(); d.z = 5
d.__dict__['w'] = 6
print(d.w, d.z, d.__dict__)
try:
    del d.q
except AttributeError as e:
    print(e)
e = C(); e.k = 1
try:
    del e.q
except AttributeError as e2:
    print(e2)
class D:
    pass
e.__class__ = D
print(type(e).__name__, e.k, e.__dict__)
f = C(); f.m = 1; f.__dict__ = {'n': 2}
print(hasattr(f, 'm'), f.n)
class K:
    def __init__(self): self.a = 1; self.b = 2
    def __del__(self): print("del K")
k = K(); print(dir(k)[-2:]); del k
class S:
    __slots__ = ('p',)
s = S(); s.p = 1
try: s.q = 2
except AttributeError as e3: print(e3)
g = C(); g.x = 1; del g.x; g.x = 2; print(g.__dict__)
h = C(); h.y = 9; h.x = 8; print(h.__dict__, list(vars(h)))
# Deleting and setting again moves an attribute to the end of __dict__.
m = C(); m.x = 1; m.y = 2; m.z = 3
del m.x; m.x = 4
print(m.__dict__)
n = C(); n.x = 1; n.y = 2
del n.y; n.y = 5; n.w = 6
print(n.__dict__)
o = C(); o.w = 1; o.x = 2
print(o.__dict__)
