for n in [0, 7, -7, 255, 2**64, -(2**64)]:
    print(n, bin(n), oct(n), hex(n), format(n, "b"), str(n), int(str(n)), int(hex(n), 16), int(bin(n), 0))
print(int("ff", 16), int("777", 8), int("-101", 2), int("zz", 36), int("0"), int("-0"), int("+5"), int(" 1_2 "))
print(float("1e3"), float("-.5"), float("5."), float("infinity"), float("-NaN"), repr(1e100), repr(1.0), repr(100.0), repr(1e-7), repr(123456789.123))
print(str(0.1), str(1/3), 1e15, 1e16, 0.000123, 1.5e-5, 2.0**60, -1.0)
