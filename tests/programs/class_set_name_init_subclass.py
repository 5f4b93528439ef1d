class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
class Model:
    a = Field()
    b = Field()
print(Model.a.name, Model.b.name)
class Plugin:
    plugins = {}
    def __init_subclass__(cls, /, key=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugins[key or cls.__name__] = cls
class P1(Plugin, key="one"): pass
class P2(Plugin): pass
print(sorted(Plugin.plugins))
try:
    class Bad(object, unexpected=1): pass
except TypeError as e:
    print(e)
class Broken:
    def __set_name__(self, owner, name):
        raise ValueError("nope")
try:
    class Host:
        x = Broken()
except ValueError as e:
    print(e, e.__notes__)
