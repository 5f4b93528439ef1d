class C:
    x = 1
    def m(self): pass
print("x" in dir(C), "m" in dir(C), "__init__" in dir(C()), sorted(k for k in vars(C) if not k.startswith("__")))
def f(a, b=2):
    c = a + b
    return sorted(locals().items())
print(f(1))
try:
    vars(5)
except TypeError as e:
    print(e)
import sys
print(type(vars(sys)).__name__, "path" in dir(sys), dir() == sorted(globals().keys()) or "ok")
