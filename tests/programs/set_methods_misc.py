s = {1, 2, 3}
print(s.union(), s.intersection(s), s.difference(), s.symmetric_difference({3, 4}), s.copy() == s, s.copy() is s)
s.update([4], {5}); s.intersection_update({1, 2, 3, 4, 5, 6}); s.difference_update([1]); s.symmetric_difference_update({2, 9})
print(sorted(s))
print(set("hello") == set("olleh"), {1, 2} == frozenset([1, 2]), {1, 2} < {1, 2, 3}, {1, 2} > {1}, {1} >= {1})
fs = frozenset([1, 2])
print(fs | {3}, type(fs | {3}).__name__, type({3} | fs).__name__, fs.union([5]), hash(fs) == hash(frozenset([2, 1])))
try:
    fs.add(1)
except AttributeError as e:
    print(e)
try:
    {1} < [1]
except TypeError as e:
    print(e)
print(len(set(range(1000)) - set(range(0, 1000, 3))), {x for x in "abc" if x != "b"} == {"a", "c"})
