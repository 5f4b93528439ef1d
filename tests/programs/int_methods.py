print((255).bit_length(), (-255).bit_length(), (0).bit_length(), (2**100).bit_count())
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\xff", "big", signed=True))
print((-1).to_bytes(2, "big", signed=True), (5).as_integer_ratio(), (7).conjugate(), (7).real, (7).imag, (7).numerator, (7).denominator)
print(int.__name__, (10).__index__(), bin(10), oct(-10), hex(255), hex(-2**70), format(255, "x"), format(255, "#010b"))
print(str(2**200), repr(-3), int("1_000_000"), int("0o17", 0), round(1234, -2), round(1250, -2), round(1350, -2))
try:
    (256).to_bytes(1, "big")
except OverflowError as e:
    print(e)
try:
    int("1__0")
except ValueError as e:
    print(e)
print(isinstance(True, int), issubclass(bool, int), bool(0), bool(-1), int(True))
class MyInt(int):
    pass
m = MyInt(5)
print(m + 1, type(m + 1).__name__, type(m).__name__, m == 5, repr(m))
