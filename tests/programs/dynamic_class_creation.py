def init(self, v):
    self.v = v
Dyn = type("Dyn", (), {"__init__": init, "double": lambda self: self.v * 2, "kind": "dynamic"})
d = Dyn(21)
print(d.double(), d.kind, type(d).__name__, Dyn.__bases__, Dyn.__mro__)
Sub = type("Sub", (Dyn,), {"triple": lambda self: self.v * 3})
print(Sub(2).double(), Sub(2).triple(), issubclass(Sub, Dyn))
try:
    type("Bad", (1,), {})
except TypeError as e:
    print(e)
try:
    type("X", (), [])
except TypeError as e:
    print(e)
print(type(int), type(type), type(Dyn))
