def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return total
g = acc()
print(next(g), g.send(5), g.send(10))
try:
    g.send(None)
except StopIteration as e:
    print("final", e.value)
try:
    g.send(1)
except StopIteration as e:
    print("again", e.value)
def g2():
    try:
        yield 1
    except KeyError:
        yield "handled"
    yield "after"
x = g2()
print(next(x), x.throw(KeyError), next(x))
y = g2()
try:
    y.throw(ValueError("unstarted"))
except ValueError as e:
    print("propagated", e)
z = g2()
next(z)
try:
    z.throw(TypeError)
except TypeError:
    print("TypeError out")
try:
    next(z)
except StopIteration:
    print("finished")
def g3():
    yield 1
gen = g3()
try:
    gen.send(5)
except TypeError as e:
    print(e)
