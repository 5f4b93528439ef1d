s = slice(2)
print(s, s.start, s.stop, s.step, slice(1, 5, 2).indices(10), slice(-3, None).indices(5), slice(None, None, -1).indices(4))
l = list(range(10))
print(l[s], l[slice(1, None, 3)], l[slice(-2, -8, -2)], "hello"[slice(1, 4)])
print(slice(1, 2) == slice(1, 2), slice(1, 2) != slice(1, 3), repr(slice(None)), hash(slice(1, 2)) == hash(slice(1, 2)))
try:
    slice(1, 2, 0).indices(5)
except ValueError as e:
    print(e)
