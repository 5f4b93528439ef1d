# A None appearing in the middle of a loop over ints: the comparison and
# the truth test specialized for ints miss, and the generic paths give
# CPython's answers (and its TypeError).
# expect-stats: COMPARE_OP misses
# expect-stats: TO_BOOL misses
def count(items):
    n = 0
    for v in items:
        if v:
            n += 1
    return n
def below(items, limit):
    out = []
    for v in items:
        try:
            if v < limit:
                out.append(v)
        except TypeError as e:
            out.append(str(e))
    return out
data = list(range(50)) + [None] + list(range(5))
print(count(data))
print(below(data, 3))
