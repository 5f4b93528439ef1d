print(1 + 2.0, 1 + 2j, 2.0 * 3j, 5 / 2, 4 / 2, type(4 / 2).__name__, 7 // 2.0, 2 ** 0.5, (-1) ** 0.5)
print(True + 1.5, 3 == 3.0 == 3 + 0j, 1 < 1.5 < 2, 10**20 > 1e19, 2**53 + 1 == float(2**53 + 1), 2**1000 > 1e300, float(2**1000) > 1e300)
try:
    float(2**2000)
except OverflowError as e:
    print(e)
try:
    2.0 ** 10000
except OverflowError as e:
    print(e)
print(abs(-0.0), -0.0, 0.0 * -1, round(-0.4), divmod(7, -2), divmod(-7.0, 2), 1e308 * 10, -1e308 * 10)
print(pow(-2, 0.5), pow(2, -2), pow(-8, 1/3))
