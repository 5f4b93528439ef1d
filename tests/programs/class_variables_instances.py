class Counter:
    total = 0
    def __init__(self):
        Counter.total += 1
        self.id = Counter.total
cs = [Counter() for _ in range(3)]
print([c.id for c in cs], Counter.total, cs[0].total)
class Shared:
    items = []
    def add(self, x):
        self.items.append(x)
a, b = Shared(), Shared()
a.add(1)
print(b.items)
class Own:
    def __init__(self):
        self.items = []
c, d = Own(), Own()
c.items.append(1)
print(d.items, c.items)
print(hasattr(Own, "items"), hasattr(Own(), "items"))
