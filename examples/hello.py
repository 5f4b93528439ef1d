"""A small program that runs on Pyrite as on CPython: classes, generators,
comprehensions, exceptions and formatting."""


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError(f"bad amount: {amount}")
        self.balance += amount
        return self

    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance})"


def primes(limit):
    found = []
    for n in range(2, limit):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n


accounts = [Account(name).deposit(len(name) * 10) for name in ("ada", "grace", "linus")]
print(accounts)
try:
    accounts[0].deposit(-5)
except ValueError as e:
    print("refused:", e)
print("primes:", list(primes(50)))
print({a.owner: f"{a.balance:>6.2f}" for a in accounts})
print(sum(a.balance for a in accounts), 2**100, 0.1 + 0.2)
