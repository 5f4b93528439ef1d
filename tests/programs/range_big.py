# Ranges past 64-bit ints behave as small ones do (CPython's
# longrange_iterator); slices of any range clamp as for sequences.
big = 1 << 100
r = range(big)
print(len(range(10)), r, r[5], r[-1] == big - 1, big - 1 in r, big in r, r.index(42), r.count(7))
try:
    len(r)
except OverflowError as e:
    print("OverflowError", e)
it = iter(range(big, big + 3))
print(type(it).__name__, list(it), list(reversed(range(big, big + 6, 2))))
print(range(-big, big, big // 2), list(range(-big, big, big // 2)), bool(range(big, 0)), range(0, big)[1:4])
print(range(2**63 - 2, 2**63 + 2), list(range(2**63 - 2, 2**63 + 2)), hash(range(big)) == hash(range(0, big, 1)))
print(range(big) == range(0, big), range(big).start, range(big).stop, range(big).step, range(3, big, 7)[10**20])
print(list(range(5, -5, -3)), range(10)[::-1], range(10).index(3), 3.0 in range(5), range(5).count(2.0))
try:
    range(big).index(-1)
except ValueError as e:
    print("ValueError", e)
try:
    range(0, 1, 0)
except ValueError as e:
    print("ValueError", e)
print(type(iter(range(1 << 1000))).__name__, type(iter(range(10))).__name__)
print(range(big).__reduce__())
r = range(3, 40, 4)
for sl in [slice(None), slice(2, None), slice(None, -2), slice(-3, None, -1), slice(None, None, -2),
           slice(100, -100, -3), slice(-100, 100, 5), slice(5, 2), slice(1, 2, 10)]:
    print(sl, r[sl], list(r[sl]) == list(r)[sl])
try:
    r[::0]
except ValueError as e:
    print("ValueError", e)
print(range(10)[2**70:], range(10)[-2**70:3], range(-5, 5)[::-(2**64)])
