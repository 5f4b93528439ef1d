# Weak references (_weakref): a ref follows its referent until the last
# strong reference goes, then reads None and its callback runs; plain refs
# are shared, hashes outlive the referent, proxies forward to it.
import _weakref
ref = _weakref.ref
class C:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f"C({self.n})"
    def __eq__(self, other):
        return isinstance(other, C) and other.n == self.n
    def __hash__(self):
        return hash(self.n)
c = C(1)
r = ref(c)
print(r() is c, r.__callback__, ref(c) is r, type(r).__name__, type(r).__module__)
print(_weakref.getweakrefcount(c), len(_weakref.getweakrefs(c)))
log = []
r2 = ref(c, lambda w: log.append(("dead", w is r2, w())))
print(r2 is not r, r2.__callback__ is not None, _weakref.getweakrefcount(c))
h = hash(r)
print(h == hash(c), r == r2, r != r2)
del c
print(r(), r2(), log, hash(r) == h, _weakref.getweakrefcount(r))
print(repr(r).endswith("; dead>"))
d = C(2)
rd = ref(d)
print(repr(rd).startswith("<weakref at 0x"), "to 'C' at 0x" in repr(rd))
try:
    hash(ref(C(3)))
except TypeError as e:
    print("TypeError", e)
for bad in [1, "s", (1,), [1], {}, None, 2.5]:
    try:
        ref(bad)
    except TypeError as e:
        print("TypeError", e)
def f():
    pass
rf = ref(f)
print(rf() is f, "(f)" in repr(rf))
print(ref(C) () is C, ref(len)() is len)
# Callbacks run newest first, and once.
order = []
e = C(5)
ws = [ref(e, lambda w, i=i: order.append(i)) for i in range(3)]
del e
print(order)
# A callback's error is reported, not raised.
g = C(6)
bad = ref(g, lambda w: 1 / 0)
del g
print("after")
# A subclass of ref with extra state.
class KeyedRef(ref):
    __slots__ = ("key",)
    def __new__(cls, ob, callback, key):
        self = ref.__new__(cls, ob, callback)
        self.key = key
        return self
    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)
k = C(7)
kr = KeyedRef(k, None, "the key")
print(kr() is k, kr.key, isinstance(kr, ref), type(kr).__name__)
# Proxies.
p = _weakref.proxy(d)
print(p.n, repr(p).startswith("<weakproxy at"), type(p).__name__)
p.n = 20
print(d.n, p == C(20), len(_weakref.getweakrefs(d)))
try:
    hash(p)
except TypeError as e:
    print("TypeError", e)
del d, rd
try:
    p.n
except ReferenceError as e:
    print("ReferenceError", e)
cp = _weakref.proxy(f)
print(type(cp).__name__, cp() is None)
dd = {"a": ref(C(9)), "b": ref(f)}
_weakref._remove_dead_weakref(dd, "a")
_weakref._remove_dead_weakref(dd, "b")
print(sorted(dd))
