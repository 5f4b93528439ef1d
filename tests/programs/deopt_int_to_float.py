# A loop whose variable turns from int to float: BINARY_OP_ADD_INT and
# COMPARE_OP_INT guards fail, the generic instructions take over, and the
# sites specialize again for floats.
# expect-stats: BINARY_OP misses
# expect-stats: COMPARE_OP misses
def run(n):
    x = 0
    total = 0
    for i in range(n):
        if i == n // 2:
            x = 0.5
        x = x + 1
        total += 1 if x > 10 else 0
    return x, total
print(run(200))
print(run(3))
