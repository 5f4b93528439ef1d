class L:
    def __len__(self):
        return 3
class Neg:
    def __len__(self):
        return -1
class Big:
    def __len__(self):
        return 2**70
class Bad:
    def __len__(self):
        return "x"
print(len([1, 2]), len("abc"), len({"a": 1}), len(range(10)), len(b"ab"), len(L()), len(set()), len(frozenset([1])))
for o in [Neg(), Big(), Bad(), 5]:
    try:
        len(o)
    except (ValueError, OverflowError, TypeError) as e:
        print(type(e).__name__, e)
