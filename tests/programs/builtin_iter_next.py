it = iter("ab")
print(next(it), next(it), next(it, None))
it2 = iter([1])
next(it2)
try:
    next(it2)
except StopIteration as e:
    print("StopIteration", e.args)
print(list(iter(range(3))), type(iter("")).__name__, type(iter({})).__name__, type(iter(set())).__name__, type(iter(())).__name__)
class Once:
    def __init__(self):
        self.done = False
    def __next__(self):
        if self.done:
            raise StopIteration("bye")
        self.done = True
        return 1
    def __iter__(self):
        return self
print(list(Once()), next(iter(Once())))
