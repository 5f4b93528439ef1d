# type(name, bases, ns, **kw) hands the call to the most derived
# metaclass of the bases when it has a __new__ of its own (as enum.py relies on).
class M(type):
    def __new__(m, name, bases, ns, *, flag=None, **kw):
        print("M.__new__", name, flag)
        return super().__new__(m, name, bases, ns, **kw)
    def __init__(cls, name, bases, ns, **kw):
        print("M.__init__", name, kw)
        super().__init__(name, bases, ns)
class A(metaclass=M):
    pass
B = type("B", (A,), {}, flag=5)
print(type(B).__name__, B.__mro__[1].__name__)
C = type("C", (A,), {})
print(type(C).__name__)
class N(type):
    pass
class D(metaclass=N):
    pass
E = type("E", (D,), {"x": 1})
print(type(E).__name__, E.x)
try:
    type("F", (D,), {}, bad=1)
except TypeError as e:
    print("TypeError", e)
