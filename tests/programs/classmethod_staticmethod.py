class C:
    count = 0
    @classmethod
    def inc(cls):
        cls.count += 1
        return cls.count
    @staticmethod
    def add(a, b):
        return a + b
class D(C):
    pass
print(C.inc(), D.inc(), C.count, D.count, C().inc(), C.add(1, 2), D().add(3, 4))
print(type(C.__dict__["inc"]).__name__, type(C.__dict__["add"]).__name__, C.__dict__["add"].__func__(5, 6))
sm = staticmethod(len)
print(sm("abc"), repr(classmethod(len))[:12])
