class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, o):
        if isinstance(o, Money):
            return Money(self.cents + o.cents)
        if isinstance(o, int):
            return Money(self.cents + o)
        return NotImplemented
    __radd__ = __add__
    def __mul__(self, k):
        return Money(self.cents * k)
    def __lt__(self, o):
        return self.cents < o.cents
    def __eq__(self, o):
        return isinstance(o, Money) and self.cents == o.cents
    def __hash__(self):
        return hash(self.cents)
    def __repr__(self):
        return f"${self.cents / 100:.2f}"
    def __bool__(self):
        return self.cents != 0
    def __neg__(self):
        return Money(-self.cents)
    def __abs__(self):
        return Money(abs(self.cents))
prices = [Money(150), Money(99), Money(1000)]
print(sum(prices), sum(prices, Money(0)), sorted(prices), min(prices), max(prices), prices[0] * 3, -prices[1], abs(Money(-5)))
print(Money(0) or "free", len({Money(1), Money(1)}), Money(5) == Money(5), Money(5) != Money(6))
try:
    Money(1) + "x"
except TypeError as e:
    print(e)
