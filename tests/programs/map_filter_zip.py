print(list(map(str.upper, "abc")), list(map(pow, [2, 3], [3, 2])), list(map(lambda *a: sum(a), [1, 2], [3, 4], [5, 6])))
print(list(filter(lambda x: x % 2, range(10))), list(filter(None, [0, "", None, 1, [1]])), list(filter(str.isdigit, "a1b2")))
m = map(int, ["1", "x", "3"])
print(next(m))
try:
    next(m)
except ValueError as e:
    print(e)
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print(e)
try:
    list(zip([1], [1, 2], [1, 2], strict=True))
except ValueError as e:
    print(e)
print(dict(zip(range(3), map(lambda x: x * x, range(3)))), list(enumerate(zip("ab", "cd"))))
