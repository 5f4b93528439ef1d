print(list(enumerate([])), list(enumerate("ab", -1)), list(enumerate("a", start=10**20)))
e = enumerate(["x", "y"])
print(next(e), type(e).__name__, list(e))
print(list(zip("abc", range(10))), list(zip()), list(zip("a")), list(zip(*[(1, 2), (3, 4)])))
try:
    enumerate(5)
except TypeError as e:
    print(e)
try:
    zip(1)
except TypeError as e:
    print(e)
try:
    enumerate([], start="a")
except TypeError as e:
    print(e)
