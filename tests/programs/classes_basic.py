class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return super().speak() + " (woof)"
d = Dog("rex")
print(d, d.speak(), d.kind, Animal.kind, isinstance(d, Animal), type(d) is Dog, Dog.__bases__, Dog.__name__, Dog.__qualname__)
print(d.__dict__, hasattr(d, "name"), getattr(d, "missing", "dflt"), vars(d))
d.age = 3
del d.name
print(d.__dict__)
try:
    d.name
except AttributeError as e:
    print(e)
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
p = Point(1, 2)
print(p.x, p.y)
try:
    p.z = 3
except AttributeError as e:
    print(e)
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print([k.__name__ for k in D.__mro__], D.mro() == list(D.__mro__))
try:
    class E(A, B): pass
except TypeError as e:
    print(e)
print(Animal.__module__, Dog.__doc__, A().__class__.__name__)
