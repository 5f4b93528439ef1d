class A:
    def __init__(self, **kw):
        self.a = kw.pop("a", None)
        super().__init__(**kw)
class B:
    def __init__(self, **kw):
        self.b = kw.pop("b", None)
        super().__init__(**kw)
class C(A, B):
    pass
c = C(a=1, b=2)
print(c.a, c.b)
class Base:
    def method(self):
        return "base"
class Derived(Base):
    def method(self):
        return "derived+" + super(Derived, self).method()
print(Derived().method(), super(Derived, Derived()).method())
class P:
    @property
    def name(self):
        return "P"
class Q(P):
    @property
    def name(self):
        return "Q>" + super().name
print(Q().name)
try:
    super(int, "x")
except TypeError as e:
    print(e)
