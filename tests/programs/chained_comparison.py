calls = []
def v(x):
    calls.append(x)
    return x
print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(3) < v(2) < v(1), calls)
print(1 < 2 > 1.5, 1 == 1.0 == True, "a" < "b" <= "b" != "c", 1 in [1] in [[1]], None is None is not False)
x = 5
print(0 <= x < 10, 0 <= x < 3, [1, 2] < [1, 3] < [2], (1 < 2) == True)
