# __slots__ on subclasses of builtin types other than object: the slot
# values live with the object and go with it.
class L(list):
    __slots__ = ("a", "b")
l = L([1, 2])
l.a = "x"
print(l, l.a, hasattr(l, "b"))
try:
    l.c = 1
except AttributeError as e:
    print("AttributeError", e)
del l.a
try:
    l.a
except AttributeError as e:
    print("AttributeError", e)
class S(str):
    __slots__ = ("tag",)
s = S("hi")
s.tag = 3
print(s, s.tag, s.upper())
class D(dict):
    __slots__ = ("default",)
    def __missing__(self, key):
        return self.default
d = D(a=1)
d.default = 0
print(d["a"], d["zz"])
class Tracked:
    def __del__(self):
        print("freed")
t = L()
t.a = Tracked()
del t
print("end")
