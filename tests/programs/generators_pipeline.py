def read(n):
    for i in range(n):
        yield i
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x
def squares(it):
    for x in it:
        yield x * x
print(list(squares(evens(read(10)))), sum(squares(read(4))))
def take(it, n):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
def naturals():
    n = 0
    while True:
        yield n
        n += 1
print(list(take(naturals(), 5)), list(take(squares(naturals()), 4)))
g = naturals()
print([next(g) for _ in range(3)], next(g))
