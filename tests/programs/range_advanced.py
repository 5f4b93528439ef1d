r = range(-5, 5, 3)
print(list(r), len(r), r[0], r[-1], r.index(1), r.count(4), 4 in r, 3 in r, r.start, r.stop, r.step)
print(list(range(5, -5, -3)), range(10)[::2], range(10)[::-1], range(10)[5:100], range(0), range(3) == range(0, 3, 1), range(0) == range(2, 2))
print(hash(range(3)) == hash(range(0, 3)), list(reversed(range(-3, 3, 2))), sum(range(1, 101, 2)), max(range(7)), range(2**62, 2**62 + 2)[1])
try:
    range(3).index(5)
except ValueError as e:
    print(e)
try:
    range(1.5)
except TypeError as e:
    print(e)
