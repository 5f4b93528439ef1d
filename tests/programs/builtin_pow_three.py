print(pow(2, 10), pow(2, 10, 1000), pow(-2, 3, 5), pow(7, -1, 40), pow(3, 0, 1), pow(0, 0, 7), pow(2**100, 2**50, 10**9 + 7))
for args in [(2, 3, 1.5), (2.5, 2, 3), (2, "x"), (1, 2, 3, 4)]:
    try:
        print(pow(*args))
    except TypeError as e:
        print(e)
print(pow(base=2, exp=3), pow(2, exp=-1))
