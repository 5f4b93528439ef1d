# The inline caches of LOAD_GLOBAL, LOAD_ATTR and STORE_ATTR must notice
# every change they depend on: globals rebound or deleted, builtins
# shadowed, class attributes replaced, descriptors added later, __class__
# assignment, instances that switched to a real __dict__.
import builtins

def read_len():
    return len("abc")

def read_g():
    return g

g = 1
out = []
for i in range(6):
    if i == 2:
        g = 2
    if i == 3:
        globals()["len"] = lambda s: 99
    if i == 4:
        del globals()["len"]
    if i == 5:
        builtins.len = lambda s: -1
    out.append((read_g(), read_len()))
del builtins.len
print(out)
try:
    del g
    read_g()
except NameError as e:
    print(e)

class P:
    def __init__(self, x):
        self.x = x
    def m(self):
        return "method"

def get_x(p):
    return p.x

def call_m(p):
    return p.m()

def set_x(p, v):
    p.x = v

ps = [P(i) for i in range(3)]
print([get_x(p) for p in ps], [call_m(p) for p in ps])
# A data descriptor added to the class takes over reads and writes.
P.x = property(lambda self: "prop", lambda self, v: print("setter", v))
print(get_x(ps[0]))
set_x(ps[0], 5)
del P.x
print(get_x(ps[0]))
# An instance attribute shadows the method once set.
ps[1].m = lambda: "instance"
print(call_m(ps[1]), call_m(ps[2]))
P.m = lambda self: "replaced"
print(call_m(ps[2]))
# __class__ assignment.
class Q:
    def m(self):
        return "Q.m"
    @property
    def x(self):
        return "Q.x"
q = P(7)
print(get_x(q), call_m(q))
q.__class__ = Q
print(get_x(q), call_m(q))
# An instance that got a real __dict__.
r = P(1)
set_x(r, 2)
d = r.__dict__
set_x(r, 3)
print(d, get_x(r))
r.__dict__ = {"x": 10}
print(get_x(r))
set_x(r, 11)
print(r.__dict__)
# __getattr__ only on misses; __getattribute__ and __setattr__ overrides.
class G:
    def __getattr__(self, name):
        return "fallback " + name
def get_y(o):
    return o.y
gobj = G()
print(get_y(gobj))
gobj.y = 1
print(get_y(gobj))
del gobj.y
print(get_y(gobj))
class GA(P):
    pass
ga = GA(1)
print(get_x(ga))
GA.__getattribute__ = lambda self, n: "intercepted " + n
print(get_x(ga))
GA.__setattr__ = lambda self, n, v: print("setattr", n, v)
set_x(ga, 4)
del GA.__getattribute__
print(get_x(ga))
# Deleting an attribute after caching its slot.
s = P(1)
print(get_x(s))
del s.x
try:
    get_x(s)
except AttributeError as e:
    print(e)
set_x(s, 9)
print(get_x(s), s.__dict__)
# Method caches through a base class: replaced, shadowed, deleted.
class MA:
    def m(self):
        return "MA.m"
class MB(MA):
    pass
def call_m2(o):
    return o.m()
mb = MB()
print(call_m2(mb), call_m2(mb))
MA.m = lambda self: "MA.m2"
print(call_m2(mb))
MB.m = lambda self: "MB.m"
print(call_m2(mb))
del MB.m
print(call_m2(mb))
del MA.m
try:
    call_m2(mb)
except AttributeError as e:
    print(e)
def fresh(self):
    return "fresh"
MA.m = fresh
del fresh
print(call_m2(mb), call_m2(mb))
