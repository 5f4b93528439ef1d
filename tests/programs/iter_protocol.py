class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)), sum(Countdown(4)), [x for x in Countdown(2)], 2 in Countdown(3))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()), list(iter(Seq())), 20 in Seq(), list(reversed([1, 2])))
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
calls = iter(lambda: len(calls_list) < 3 and calls_list.append(1) or len(calls_list), 3)
calls_list = []
print(list(calls))
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print(e)
try:
    next([1])
except TypeError as e:
    print(e)
e = enumerate(["a", "b"], start=10)
print(next(e), list(e))
z = zip([1, 2, 3], "ab")
print(list(z), list(zip()), list(zip([1], [2], [3])))
