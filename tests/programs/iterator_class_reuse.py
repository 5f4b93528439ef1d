class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i
            i += 1
r = Range2(3)
print(list(r), list(r), [(a, b) for a in r for b in r][:4])
it = iter(r)
print(next(it), next(it), list(it))
