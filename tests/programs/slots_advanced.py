class Base:
    __slots__ = ("a",)
class Child(Base):
    __slots__ = ("b",)
c = Child()
c.a, c.b = 1, 2
print(c.a, c.b, hasattr(c, "__dict__"))
try:
    c.d = 4
except AttributeError as e:
    print(e)
try:
    Child().a
except AttributeError as e:
    print(e)
class WithDict:
    __slots__ = ("x", "__dict__")
w = WithDict()
w.x = 1
w.y = 2
print(w.x, w.y, w.__dict__)
print(type(Base.__dict__["a"]).__name__, Base.a.__name__)
class NoSlots(Base):
    pass
n = NoSlots()
n.z = 5
print(n.z, n.__dict__)
