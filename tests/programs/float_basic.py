print(0.1 + 0.2, 1/3, 2/3, 1e16, 1e-5, 1.5e300 * 1e10, -1e400, 1e22, 1e21, 123456789012345678.0)
print(float("inf"), float("-inf"), float("nan"), float(" 1.5 "), float("1_0.5"), float("-0"), -0.0, 0.0 == -0.0)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1.23456, 3), round(1e20), round(0.5), round(-0.5))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2), 2.0 ** 0.5, (-8) ** (1/3))
print((1.5).is_integer(), (2.0).is_integer(), (0.75).as_integer_ratio(), (2.5).hex(), float.fromhex("0x1.8p1"))
print(int(1e20), int(-2.5), float(10**20), 10**20 / 3, 2**70 / 2**69, 1.0 == 1, 3.0 < 4, max(1.5, 2))
import sys
print(sys.float_info.max, sys.float_info.epsilon)
for f in [lambda: 1.0 / 0, lambda: 1.0 // 0.0, lambda: 1.0 % 0.0, lambda: float("x"), lambda: 10.0 ** 400, lambda: int(float("inf")), lambda: int(float("nan"))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(hash(1.5), hash(-1.0), hash(float("inf")), 1e300 * 1e300 - 1e300 * 1e300)
