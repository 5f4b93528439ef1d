class A:
    """Doc of A."""
    cls_attr = [1]
    def __init__(self, v):
        self.v = v
print(A.__doc__, A.__name__, A.__qualname__, A.__module__, type(A.__dict__).__name__, "cls_attr" in A.__dict__)
a1, a2 = A(1), A(2)
a1.cls_attr.append(2)
print(a2.cls_attr, A.cls_attr is a1.cls_attr)
a1.cls_attr = "own"
print(a1.cls_attr, a2.cls_attr)
A.new = lambda self: self.v * 10
print(a1.new(), a2.new())
class Outer:
    class Inner:
        def m(self):
            pass
print(Outer.Inner.__qualname__, Outer.Inner.m.__qualname__, repr(Outer.Inner)[:30])
print(A.__init__.__name__, A(5).__init__.__self__.v, type(A.__init__).__name__, type(A(1).__init__).__name__)
