print(sorted({3: "a", 1: "b"}), sorted("bca", reverse=True), sorted([(1, "b"), (1, "a")]), sorted([], key=len))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed("ab")), list(reversed(range(0, 10, 3))))
class R:
    def __reversed__(self):
        return iter("custom")
class S:
    def __len__(self): return 2
    def __getitem__(self, i): return ["x", "y"][i]
print(list(reversed(R())), list(reversed(S())))
try:
    reversed({1, 2})
except TypeError as e:
    print(e)
try:
    sorted([1, 2], 1)
except TypeError as e:
    print(e)
try:
    reversed(5)
except TypeError as e:
    print(e)
