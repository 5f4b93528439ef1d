class C:
    def __init__(self, items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        self.items[i] = v
    def __delitem__(self, i):
        del self.items[i]
    def __contains__(self, v):
        return v in self.items
    def __reversed__(self):
        return iter(self.items[::-1])
    def __str__(self):
        return f"C{self.items}"
    def __repr__(self):
        return "C(...)"
    def __format__(self, spec):
        return f"C formatted {spec!r}"
c = C("abc")
c[0] = "z"
del c[1]
print(len(c), c[0], c[-1], c[0:1], "z" in c, list(reversed(c)), str(c), repr(c), f"{c:x}", [c], f"{c!r}", f"{c!s}")
print(bool(C([])), bool(C([0])), list(c), sorted(c))
class Num:
    def __int__(self): return 7
    def __float__(self): return 2.5
    def __index__(self): return 3
    def __complex__(self): return 1j
print(int(Num()), float(Num()), complex(Num()), [0, 1, 2, 3][Num()], hex(Num()))
