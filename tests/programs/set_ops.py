s = {3, 1, 2}
s.add(4); s.discard(10); s.remove(1)
print(sorted(s), len(s), 2 in s, {1, 2} | {3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3}, {1} < {1, 2}, {1, 2} <= {1, 2})
print(set(), frozenset(), set("aab") == {"a", "b"}, frozenset([1, 2]) == {1, 2}, hash(frozenset()) == hash(frozenset()), {frozenset([1])})
a = {1, 2, 3}
a |= {4}; a &= {1, 2, 4}; a -= {1}; print(sorted(a), a.isdisjoint({7}), a.issubset({2, 4, 5}), a.issuperset({2}))
print(sorted({x % 3 for x in range(10)}), sorted(set([1, 1, 2]).union([5], (6,))), sorted({1, 2}.intersection([2, 3])), {1, 2}.difference({1}))
try:
    {1}.remove(2)
except KeyError as e:
    print("KeyError", e)
try:
    {[]}
except TypeError as e:
    print(e)
try:
    set().pop()
except KeyError as e:
    print("KeyError", e)
print(repr({1}), repr(frozenset({1})), repr(set()), {True, 1, 1.0})
