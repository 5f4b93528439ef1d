print(type(abs(-1)).__name__, type(abs(-1.0)).__name__, type(abs(3+4j)).__name__, type(round(2.5)).__name__, type(round(2.5, 1)).__name__, type(round(7, -1)).__name__)
print(round(-2.5), round(-3.5), round(0.0), round(-0.0), round(1.0000000000000002), round(7.5, 0), round(-7.5, 0))
print(divmod(2**70, 3), divmod(-2**70, 3), divmod(7, 2.5), divmod(0, -3))
