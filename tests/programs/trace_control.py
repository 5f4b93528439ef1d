# Control flow inside hot loops: nested loops with continue/else/break,
# while loops, exceptions raised and caught inside the loop, generators
# driven by and containing loops, returns from inside a loop, ints that
# outgrow 64 bits, recursion through functions with loops, floats.
def nested(n):
    total = 0
    for i in range(n):
        for j in range(i % 7):
            if j == 3:
                continue
            total += i * j
        else:
            total += 1
        if total > 10**6:
            break
    return total


print(nested(2000))


def w(n):
    i = 0
    s = 0.0
    while True:
        i += 1
        if i % 5 == 0:
            continue
        s += i / 3
        if i >= n:
            break
    return s


print(w(3000))


def risky(n):
    caught = 0
    for i in range(n):
        try:
            if i % 97 == 0:
                raise ValueError(i)
            caught += 1
        except ValueError as e:
            caught -= e.args[0] % 10
    return caught


print(risky(2000))


def gen(n):
    for i in range(n):
        if i % 2:
            yield i * i


def consume():
    t = 0
    for v in gen(3000):
        t += v
    return t


print(consume())


def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            return i
    return -1


print([find(list(range(500)), t) for t in (0, 250, 499, 1000)])


def fib_loop(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


print(fib_loop(200))


def depth(n):
    s = 0
    for i in range(50):
        s += i
    return s + (depth(n - 1) if n else 0)


print(depth(30))


def floats(n):
    x = 1.0
    for i in range(n):
        x = x * 1.0001 + (i if i % 100 == 0 else 0.5)
    return round(x, 6)


print(floats(5000))


def mixed(n):
    vals = [1, 2.5, 3, None, "x", 4.0, True]
    out = []
    for i in range(n):
        v = vals[i % len(vals)]
        if v is None:
            out.append("none")
        elif isinstance(v, str):
            out.append(v * 2)
        else:
            out.append(v * 2 + i % 3)
    return out[-7:], len(out)


print(mixed(700))
