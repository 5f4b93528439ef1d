# Zero-argument super() reads the current first local (through its cell when
# captured), and its errors.
class A:
    def f(self):
        return "A.f"
class B(A):
    def f(self):
        g = lambda: self
        return super().f() + " via B " + type(g()).__name__
    def h(self):
        del self
        try:
            super()
        except RuntimeError as e:
            return str(e)
    def k(self):
        self = 5
        try:
            return super().f()
        except TypeError as e:
            return str(e)
    def m(*args):
        return super().f()
print(B().f(), B().h(), B().k())
try:
    B().m()
except RuntimeError as e:
    print(e)
