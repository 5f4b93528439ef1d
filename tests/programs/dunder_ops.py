class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return V(-self.x, -self.y)
    def __eq__(self, o):
        return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __repr__(self):
        return f"V({self.x}, {self.y})"
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __bool__(self):
        return bool(self.x or self.y)
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __call__(self, z):
        return self.x + z
    def __hash__(self):
        return hash((self.x, self.y))
a, b = V(1, 2), V(3, 4)
print(a + b, a * 3, 3 * a, -a, a == V(1, 2), a != b, a < b, b > a, sorted([b, a]), len(a), a[1], list(a), bool(V(0, 0)), 2 in a, a(10))
print({a: 1}[V(1, 2)], max([a, b]))
try:
    a - b
except TypeError as e:
    print(e)
try:
    a <= b
except TypeError as e:
    print(e)
class Acc:
    def __init__(self):
        self.v = []
    def __iadd__(self, x):
        self.v.append(x)
        return self
acc = Acc()
acc += 1
acc += 2
print(acc.v)
class NoHash:
    def __eq__(self, o):
        return True
try:
    hash(NoHash())
except TypeError as e:
    print(e)
class R:
    def __radd__(self, o):
        return "radd"
print(1 + R(), [] .__add__([1]))
