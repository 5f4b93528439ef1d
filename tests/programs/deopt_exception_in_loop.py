# Exceptions raised from specialized instructions in a hot loop: list
# indexing past the end, a dict miss, a division by zero; each is CPython's
# exception, caught in the loop.
# expect-stats: BINARY_OP misses
def run(n):
    items = [1, 2, 3]
    table = {0: "a", 1: "b"}
    caught = []
    total = 0
    for i in range(n):
        try:
            total += items[i % 5]
            total += len(table[i % 3])
            total += 10 // (i % 7)
        except (IndexError, KeyError, ZeroDivisionError) as e:
            caught.append(type(e).__name__)
    return total, caught[:8], len(caught)
print(run(60))
