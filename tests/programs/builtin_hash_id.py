print(hash(0), hash(-1), hash(1.0), hash(0.5), hash(-0.5), hash(2**61), hash(2**61 - 1), hash(-2**61), hash((1, 2)), hash(()), hash(True), hash(None) == hash(None))
print(hash(10**30), hash(-10**30), hash(1e100), hash(float("inf")), hash(float("-inf")), hash(1 + 2j), hash(frozenset([1, 2])) == hash(frozenset([2, 1])))
class H:
    def __hash__(self):
        return 2**70
print(hash(H()))
class Neg1:
    def __hash__(self):
        return -1
print(hash(Neg1()))
a = []
print(id(a) == id(a), id(a) != id([]), isinstance(id(a), int))
