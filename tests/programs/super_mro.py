class A:
    def f(self):
        return ["A"]
class B(A):
    def f(self):
        return ["B"] + super().f()
class C(A):
    def f(self):
        return ["C"] + super().f()
class D(B, C):
    def f(self):
        return ["D"] + super().f()
print(D().f(), super(B, D()).f())
class K:
    @classmethod
    def make(cls):
        return cls.__name__
class L(K):
    @classmethod
    def make(cls):
        return "L+" + super().make()
print(L.make())
class Init:
    def __init__(self):
        self.tag = "init"
class Child(Init):
    def __init__(self):
        super().__init__()
        self.tag += "+child"
print(Child().tag)
