print(round(0.5), round(1.5), round(2.5), round(-0.5), round(2.675, 2), round(10, -1), round(15, -1), round(25, -1), round(-25, -1))
print(round(1.23456789, 5), round(1e-20, 25), round(123, 1), type(round(1.5)).__name__, type(round(1.5, 0)).__name__, round(float("inf"), 2))
try:
    round(float("nan"))
except ValueError as e:
    print(e)
try:
    round(float("inf"))
except OverflowError as e:
    print(e)
print(abs(-7), abs(3.5), abs(-0.0), abs(3 + 4j), abs(True), divmod(9, 4), divmod(-9, 4), divmod(9.5, -4))
class Rnd:
    def __round__(self, n=None):
        return ("round", n)
print(round(Rnd()), round(Rnd(), 3))
