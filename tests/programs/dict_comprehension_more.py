sq = {n: n * n for n in range(6) if n % 2}
print(sq, {v: k for k, v in sq.items()}, {k: v for k, v in zip("abc", [1, 2, 3])})
words = ["apple", "bob", "apple", "cat", "bob", "apple"]
print({w: words.count(w) for w in words}, {len(w): w for w in words})
nested = {i: {j: i * j for j in range(3)} for i in range(2)}
print(nested, {k: sorted(v.values()) for k, v in nested.items()})
