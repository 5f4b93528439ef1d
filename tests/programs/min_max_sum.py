print(max(3, 1, 2), min([3, 1, 2]), max("abc", "abd"), min((), default="empty"), max([1, 5], key=lambda x: -x))
print(max([2, 2.0]), max([2.0, 2]), min([[1], [0, 5]]), max({1: "a", 3: "b"}), sum(range(100)), sum([1.5, 2.5]), sum([], 5))
print(sum([0.1] * 10), sum([1e100, 1.0, -1e100]), sum((x for x in [1, 2]), 0.5), sum([[1], [2]], start=[0]))
for bad in [lambda: max(), lambda: max([]), lambda: min(1), lambda: max(1, 2, default=0), lambda: sum("ab"), lambda: sum([1, "a"])]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
