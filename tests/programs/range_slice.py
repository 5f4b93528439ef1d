print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -2)), range(5)[2], range(0, 10, 2)[-1], range(10)[2:8:2])
print(len(range(0)), len(range(-5)), 3 in range(5), 5 in range(5), range(0, 10, 2).index(4), range(5).count(2), range(3) == range(0, 3))
print(repr(range(3)), repr(range(1, 10, 2)), reversed(range(3)).__class__.__name__, list(reversed(range(1, 10, 3))), bool(range(0)))
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, s.indices(5), slice(None).indices(3), [1, 2, 3, 4][slice(1, 3)])
try:
    range(1, 2, 0)
except ValueError as e:
    print(e)
try:
    range(5)[10]
except IndexError as e:
    print(e)
r = range(10**6)
print(r[-1], len(r), sum(range(101)))
