class Evens:
    def __contains__(self, x):
        return x % 2 == 0
print(2 in Evens(), 3 in Evens(), 3 not in Evens())
class IterOnly:
    def __iter__(self):
        return iter([1, 2, 3])
print(2 in IterOnly(), 5 in IterOnly())
print("a" in "abc", "" in "abc", 1 in {1: 2}, 2 in {1: 2}, (1, 2) in [(1, 2)], [1] in [[1]], None in [None], 1 in range(0))
class Weird:
    def __contains__(self, x):
        return "yes"
print(1 in Weird())
