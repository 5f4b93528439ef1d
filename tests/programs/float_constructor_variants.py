class F:
    def __float__(self):
        return 1.25
class I:
    def __index__(self):
        return 4
print(float(F()), float(I()), float("  -inf "), float("+1.5E+3"), float(".5"), float("5."), float("1_000.000_1"))
for bad in ["", "1.5.5", "1e", "0x10", "1__0", "inf inf", " "]:
    try:
        float(bad)
    except ValueError as e:
        print(e)
class FS(float):
    pass
print(FS(2.5) + 1, type(FS(2.5) + 1).__name__, repr(FS(1.0)), float(FS(3)), FS("4.5"))
