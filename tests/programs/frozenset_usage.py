fs = frozenset("hello")
print(sorted(fs), len(fs), "h" in fs, fs == frozenset("olleh"), fs | {"z"} == set("heloz"), type(fs & {"h"}).__name__)
d = {frozenset([1, 2]): "pair", frozenset(): "empty"}
print(d[frozenset([2, 1])], d[frozenset()], frozenset([1]) in {frozenset([1])})
print(frozenset() == set(), frozenset([1]).issubset([1, 2]), frozenset([1, 2]).isdisjoint({3}), frozenset(range(3)).copy())
