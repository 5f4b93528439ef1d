# A class attribute and a method replaced mid-loop: the cached lookups
# (instance method, class attribute) are keyed on the type's version, so
# the change sends them back to the generic path with the new values.
# expect-stats: LOAD_ATTR misses
class Counter:
    step = 1
    def bump(self, x):
        return x + self.step
def run(n):
    c = Counter()
    total = 0
    for i in range(n):
        if i == 10:
            Counter.step = 10
        if i == 20:
            Counter.bump = lambda self, x: x * 2
        if i == 30:
            del Counter.bump
            Counter.bump = lambda self, x: x - 1
        total = c.bump(total) + Counter.step
    return total
print(run(40))
