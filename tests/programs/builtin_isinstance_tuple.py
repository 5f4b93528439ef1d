print(isinstance(1, (str, (int, float))), isinstance("x", ()), issubclass(int, (object,)), isinstance([], (list, dict)))
class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == "magic"
    def __subclasscheck__(cls, sub):
        return sub is int
class Magic(metaclass=Meta): pass
print(isinstance("magic", Magic), isinstance("other", Magic), issubclass(int, Magic), issubclass(str, Magic))
class Fake:
    __class__ = int
print(isinstance(Fake(), int), type(Fake()) is Fake)
