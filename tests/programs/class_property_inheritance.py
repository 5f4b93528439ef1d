class Base:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, x):
        self._v = x
class Child(Base):
    @Base.v.getter
    def v(self):
        return self._v * 100
c = Child()
c.v = 3
print(c.v, Base().v, type(Base.v).__name__, Base.v.fget.__name__, Child.v.fset is Base.v.fset)
class Abstract:
    @property
    def name(self):
        raise NotImplementedError
try:
    Abstract().name
except NotImplementedError:
    print("abstract property")
