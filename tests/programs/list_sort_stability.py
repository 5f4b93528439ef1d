data = [("a", 3), ("b", 1), ("c", 3), ("d", 2), ("e", 1)]
print(sorted(data, key=lambda x: x[1]), sorted(data, key=lambda x: x[1], reverse=True))
nums = [3.5, -1, 2, 10**20, -10**20, 0, True]
print(sorted(nums))
class K:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return f"K{self.v}"
print(sorted([K(3), K(1), K(2)]), max([K(3), K(5)], key=lambda k: k.v))
l = [5, 1, 4]
def bad_key(x):
    l.append(0)
    return x
try:
    l.sort(key=bad_key)
except ValueError as e:
    print(e)
try:
    sorted([1, "a", 2])
except TypeError as e:
    print(e)
print(sorted("hello", key=lambda c: (c != "l", c)), sorted([[2, 1], [1, 2], [1]]))
