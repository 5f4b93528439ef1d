pairs = [(1, 2), (2, 2), (3, 2), (1.5, 1), ("a", "b"), ((1, 2), (1, 3)), ([2], [1, 9]), ({1}, {1, 2}), (b"a", b"ab")]
for a, b in pairs:
    print(repr(a), repr(b), a < b, a <= b, a == b, a != b, a > b, a >= b)
