class OrderedMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return {"injected": True}
    def __new__(mcls, name, bases, ns, **kw):
        print("keys", [k for k in ns if not k.startswith("__")])
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
class K(metaclass=OrderedMeta, flag=True):
    b = 1
    a = 2
print(K.injected, K.a, type(K).__name__, isinstance(K, OrderedMeta), OrderedMeta.__mro__[1].__name__)
class M2(type):
    def __repr__(cls):
        return f"<M2 {cls.__name__}>"
class X(metaclass=M2): pass
class Y(X): pass
print(repr(X), repr(Y), type(Y).__name__)
class A(type): pass
class B(type): pass
class CA(metaclass=A): pass
class CB(metaclass=B): pass
try:
    class CC(CA, CB): pass
except TypeError as e:
    print(e)
