s = {x % 4 for x in range(20)}
print(sorted(s), {c.lower() for c in "HeLLo"} == set("helo"), len({(i, i % 2) for i in range(6)}))
a, b = set(range(10)), set(range(5, 15))
print(sorted(a & b), sorted(a | b)[:3], sorted(a - b), sorted(a ^ b), a > {1}, {1, 2}.issubset(a))
print(sorted({frozenset({1}), frozenset({1})}, key=len), max({3, 9, 1}), sum({1, 2, 3}), sorted({"b", "a"}))
