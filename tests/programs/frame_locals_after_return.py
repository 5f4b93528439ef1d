# A finished function's frame object keeps its locals (f_locals through a
# traceback), and a NameError inside a method whose instance has the name
# suggests `self.name` (plus the import hint for a stdlib module name).
import sys
def f(a):
    x = a + 1
    cell = [x]
    def inner():
        return cell
    try:
        1 / 0
    except ZeroDivisionError as e:
        return e, inner
err, _ = f(41)
print(sorted(err.__traceback__.tb_frame.f_locals))
print(err.__traceback__.tb_frame.f_locals["x"])
def outer():
    return sys._getframe(0).f_locals, inner_locals()
def inner_locals():
    return sorted(sys._getframe(1).f_locals)
here = 5
print(outer()[1])
class A:
    def __init__(self):
        self.blech = 1
        self.math = 2
    def f(self):
        return blech
    def g(self):
        return math
    def h(self):
        return blechh
for m in ("f", "g", "h"):
    try:
        getattr(A(), m)()
    except NameError as e:
        print(type(e).__name__, e)
A().g()
