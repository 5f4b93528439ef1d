class A:
    def who(self): return "A"
    def hello(self): return f"hello from {self.who()}"
class B(A):
    def who(self): return "B"
class C(B):
    pass
class D(C):
    def who(self): return "D+" + super().who()
for cls in [A, B, C, D]:
    print(cls.__name__, cls().hello(), [k.__name__ for k in cls.__mro__], issubclass(cls, A))
print(D.__base__.__name__, C.__bases__[0].__name__, A.__subclasses__()[0].__name__)
