class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v
    @c.deleter
    def c(self):
        print("deleting")
t = Temp()
t.c = 25
print(t.c)
try:
    t.c = -300
except ValueError as e:
    print(e)
del t.c
class RO:
    @property
    def x(self):
        return 1
try:
    RO().x = 2
except AttributeError as e:
    print(e)
class Desc:
    def __set_name__(self, owner, name):
        self.name = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return f"got {self.name}"
    def __set__(self, obj, value):
        print("set", self.name, value)
class Host:
    attr = Desc()
h = Host()
print(h.attr, Host.attr.name)
h.attr = 5
class NonData:
    def __get__(self, obj, objtype=None):
        return "nondata"
class H2:
    nd = NonData()
h2 = H2()
print(h2.nd)
h2.nd = "instance wins"
print(h2.nd)
