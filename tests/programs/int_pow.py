print([2 ** i for i in range(0, 70, 7)])
print(pow(2, -1), pow(-2, -3), pow(10, -2), 0 ** 5, (-1) ** 1001, 3 ** 40)
print(pow(3, 200, 1000), pow(-3, 3, 7), pow(3, 3, -7), pow(2, -1, 5), pow(38, -1, 97))
for args in [(2, -1, 4), (0, -1, 5), (2, 3, 0), (2.0, 3, 5)]:
    try:
        print(pow(*args))
    except (ValueError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
print(10 ** 30 // 10 ** 15, (10 ** 30) % 997, -(10 ** 30) % 997)
