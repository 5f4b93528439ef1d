values = [1, 2.5, 3 + 0j, True, -4, 10**20, 1e-3]
print(sum(values[:2]), sum([1, True, 2.5]), [type(v).__name__ for v in values])
print(sorted([3, 1.5, True, -2, 10**19]), max(1, 1.0), min(1.0, 1), 1 == 1.0, 10**20 == 1e20, 10**30 == 1e30)
print(0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10) == 0.3, 2 ** 0.5 * 2 ** 0.5, int("10") + float("0.5"), 7 / 7, 7 // 7)
print(3 * "ab", "ab" * True, [0] * 2 * 2, (1, 2) * 0)
