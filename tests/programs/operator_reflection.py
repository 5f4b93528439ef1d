class N:
    def __init__(self, v): self.v = v
    def __add__(self, o): return f"N+{o}"
    def __radd__(self, o): return f"{o}+N"
    def __sub__(self, o): return NotImplemented
    def __rsub__(self, o): return f"rsub {o}"
    def __matmul__(self, o): return "matmul"
    def __pow__(self, o, m=None): return f"pow {o} {m}"
    def __rpow__(self, o): return f"rpow {o}"
    def __truediv__(self, o): return "div"
    def __floordiv__(self, o): return "fdiv"
    def __mod__(self, o): return "mod"
    def __lshift__(self, o): return "lshift"
    def __and__(self, o): return "and"
    def __invert__(self): return "inv"
    def __pos__(self): return "pos"
    def __abs__(self): return "abs"
n = N(1)
print(n + 1, 1 + n, 2 - n, n @ n, n ** 2, 2 ** n, pow(n, 2, 5), n / 1, n // 1, n % 1, n << 1, n & 1, ~n, +n, abs(n))
class Sub(N):
    def __radd__(self, o): return "Sub radd"
print(N(1) + Sub(2), (Sub(2) + N(1)).startswith('N+<'))
try:
    n - n
except TypeError as e:
    print(e)
try:
    n | 1
except TypeError as e:
    print(e)
try:
    -n
except TypeError as e:
    print(e)
