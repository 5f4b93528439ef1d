for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (10**20, 7), (-10**20, 7)]:
    print(a + b, a - b, a * b, a // b, a % b, divmod(a, b), a / b)
print(2**10, 2**-1, (-2)**3, 0**0, pow(3, 4, 5), pow(3, -1, 7), pow(2, 100, 10**9+7))
print(-(2**63), 2**63 - 1 + 1, (2**63) * (2**63), -2**64 // 3)
print(abs(-5), abs(-2**70), int(3.9), int(-3.9), int("  42  "), int("-0x1f", 16), int("0b101", 0), int("z", 36))
print(1 << 70, (1 << 70) >> 69, -1 >> 100, 5 & 3, 5 | 3, 5 ^ 3, ~5, -5 & 0xFF)
print(True + True, True * 10, -True, 3 == 3.0, hash(3) == hash(3.0), 10**18 * 10)
for bad in [lambda: 1 // 0, lambda: 1 % 0, lambda: 1 / 0, lambda: divmod(1, 0), lambda: pow(0, -1), lambda: 1 << -1, lambda: pow(2, 3, 0), lambda: int("abc"), lambda: int("1", 1), lambda: int(None)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
