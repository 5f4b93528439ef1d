# A generator driven in a hot loop, and a loop site that sees a range,
# then a list, then a generator: FOR_ITER's specialized forms miss and the
# generic iteration protocol takes over.
# expect-stats: FOR_ITER misses
def gen(n):
    for i in range(n):
        yield i * i
def total(it):
    s = 0
    for v in it:
        s += v
    return s
print(total(gen(1000)))
for src in [range(100), list(range(100)), tuple(range(5)), gen(10), "abc" * 0, range(3)]:
    print(total(src))
def pairs(n):
    g = gen(n)
    out = 0
    while True:
        try:
            out += next(g)
        except StopIteration:
            return out
print(pairs(500))
