class C:
    def m(self, x):
        return (self.tag, x)
    tag = "C"
c = C()
bm = c.m
print(bm(1), bm.__self__ is c, bm.__func__ is C.m, bm.__name__, bm == c.m, bm is c.m, C.m(c, 2))
f = C.m
print(f(c, 3), type(bm).__name__, type(f).__name__)
methods = [c.m, C().m]
print([m(0)[1] for m in methods])
l = []
app = l.append
app(1); app(2)
print(l, app.__self__ is l, app.__name__, type(app).__name__, len.__name__, repr(len)[:20])
print(str.upper("abc"), list.__len__([1, 2]), dict.get({"a": 1}, "a"))
try:
    C.m()
except TypeError as e:
    print(e)
try:
    list.append(5, 1)
except TypeError as e:
    print(e)
