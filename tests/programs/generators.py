def gen():
    x = yield 1
    print("got", x)
    y = yield 2
    print("got", y)
    return "done"
g = gen()
print(next(g), g.send("a"))
try:
    g.send("b")
except StopIteration as e:
    print("stop", e.value)
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(4)), sum(count(5)), list(x * 2 for x in count(3)))
def deleg():
    r = yield from count(2)
    yield from [10, 20]
    return r
print(list(deleg()))
def closing():
    try:
        yield 1
        yield 2
    finally:
        print("closed")
c = closing()
print(next(c))
c.close()
def thrower():
    try:
        yield 1
    except ValueError as e:
        print("caught", e)
        yield 99
t = thrower()
next(t)
print(t.throw(ValueError("v")))
ge = (i for i in range(3))
print(next(ge), list(ge), list(ge))
def bad():
    yield 1
    raise StopIteration
try:
    list(bad())
except RuntimeError as e:
    print(e)
g2 = count(3)
print(g2.__name__, type(g2).__name__, iter(g2) is g2)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
