class A:
    def __len__(self):
        return 1
a = A()
a.__len__ = lambda: 99
print(len(a), a.__len__())
class B:
    pass
b = B()
b.__repr__ = lambda: "instance repr"
print(repr(b).startswith("<__main__.B object"), b.__repr__())
B.__repr__ = lambda self: "class repr"
print(repr(b))
class C:
    def __getattr__(self, name):
        if name == "__len__":
            return lambda: 5
        raise AttributeError(name)
try:
    len(C())
except TypeError as e:
    print(e)
