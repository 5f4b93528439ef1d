"""An inventory simulation with classes, properties, sorting and reports."""
from_stock = {}


class Item:
    count = 0

    def __init__(self, name, price, qty=0, tags=()):
        self.name = name
        self.price = price
        self.qty = qty
        self.tags = set(tags)
        Item.count += 1

    @property
    def value(self):
        return self.price * self.qty

    def __lt__(self, other):
        return (self.value, self.name) < (other.value, other.name)

    def __repr__(self):
        return f"Item({self.name!r}, {self.price:.2f}, qty={self.qty})"


class Inventory:
    def __init__(self):
        self.items = {}
        self.log = []

    def add(self, item):
        if item.name in self.items:
            raise KeyError(f"duplicate item {item.name}")
        self.items[item.name] = item
        self.log.append(("add", item.name))

    def sell(self, name, qty):
        item = self.items[name]
        if qty > item.qty:
            raise ValueError(f"only {item.qty} {name} left")
        item.qty -= qty
        self.log.append(("sell", name, qty))
        return item.price * qty

    def restock(self, factor=2):
        for item in self:
            if item.qty < 5:
                item.qty = max(item.qty * factor, 5)

    def __iter__(self):
        return iter(sorted(self.items.values(), key=lambda i: i.name))

    def by_tag(self):
        groups = {}
        for item in self:
            for tag in sorted(item.tags):
                groups.setdefault(tag, []).append(item.name)
        return groups

    def report(self):
        lines = [f"{'name':<10}{'price':>8}{'qty':>5}{'value':>10}"]
        for item in sorted(self, reverse=True):
            lines.append(f"{item.name:<10}{item.price:>8.2f}{item.qty:>5}{item.value:>10.2f}")
        total = sum(i.value for i in self)
        lines.append(f"{'total':<23}{total:>10.2f}")
        return "\n".join(lines)


inv = Inventory()
for args in [("apple", 0.5, 100, ["fruit", "red"]), ("pear", 0.75, 3, ["fruit"]), ("hammer", 12.0, 7, ["tool"]), ("nails", 0.02, 1000, ["tool", "small"])]:
    inv.add(Item(*args))
try:
    inv.add(Item("apple", 1))
except KeyError as e:
    print("error:", e)
revenue = 0
for name, qty in [("apple", 30), ("pear", 2), ("hammer", 10), ("nails", 500)]:
    try:
        revenue += inv.sell(name, qty)
    except ValueError as e:
        print("error:", e)
print(f"revenue {revenue:.2f}")
inv.restock()
print(inv.report())
print(inv.by_tag())
print(Item.count, len(inv.log), inv.log[-1], min(inv), max(inv).name)
