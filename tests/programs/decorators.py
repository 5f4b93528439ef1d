def trace(f):
    def wrapper(*args, **kw):
        print("call", f.__name__, args)
        return f(*args, **kw)
    return wrapper
@trace
def add(a, b):
    return a + b
print(add(1, 2))
def repeat(n):
    def deco(f):
        def w():
            return [f() for _ in range(n)]
        return w
    return deco
@repeat(3)
def one():
    return 1
print(one())
class C:
    @staticmethod
    def s(x):
        return x * 2
    @classmethod
    def c(cls, x):
        return cls.__name__, x
    @property
    def p(self):
        return "prop"
print(C.s(2), C().s(3), C.c(1), C().c(2), C().p)
def deco_class(cls):
    cls.extra = True
    return cls
@deco_class
class D:
    pass
print(D.extra)
