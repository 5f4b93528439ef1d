class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["created_by"] = "Meta"
        cls = super().__new__(mcls, name, bases, ns)
        cls.kw = kw
        return cls
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__)
        return super().__call__(*args)
class A(metaclass=Meta, flag=1):
    def __init__(self, x):
        self.x = x
a = A(5)
print(a.x, A.created_by, A.kw, type(A).__name__)
class Base:
    registry = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Base.registry.append((cls.__name__, tag))
class S1(Base, tag="one"): pass
class S2(Base): pass
print(Base.registry)
class G:
    def __class_getitem__(cls, item):
        return f"G[{item}]"
print(G[int], list[int], dict[str, int])
X = type("X", (object,), {"v": 1, "m": lambda self: self.v + 1})
print(X().m(), X.__name__)
class Cnt:
    count = 0
    def __new__(cls, *a):
        cls.count += 1
        return super().__new__(cls)
Cnt(); Cnt()
print(Cnt.count)
