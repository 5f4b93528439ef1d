class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
            print("created")
        return cls._inst
    def __init__(self):
        print("init")
a, b = Singleton(), Singleton()
print(a is b)
class Weird:
    def __new__(cls, x):
        return x * 2
print(Weird(21))
class BadInit:
    def __init__(self):
        return 5
try:
    BadInit()
except TypeError as e:
    print(e)
class NoArgs:
    pass
try:
    NoArgs(1)
except TypeError as e:
    print(e)
class OnlyInit:
    def __init__(self, a):
        self.a = a
try:
    OnlyInit()
except TypeError as e:
    print(e)
try:
    object.__new__(int)
except TypeError as e:
    print(e)
class P:
    def __new__(cls, *args, **kw):
        print("new args", args, kw)
        return super().__new__(cls)
    def __init__(self, *args, **kw):
        print("init args", args, kw)
P(1, k=2)
class GenInit:
    def __init__(self):
        yield 1
try:
    GenInit()
except TypeError as e:
    print(e)
class Raises:
    def __init__(self, x):
        raise ValueError(f"bad {x}")
try:
    Raises(3)
except ValueError as e:
    print(e)
class KwInit:
    def __init__(self, a, *, b=2):
        self.s = a + b
print(KwInit(1).s, KwInit(1, b=5).s)
try:
    KwInit()
except TypeError as e:
    print(e)
