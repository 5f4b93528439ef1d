pairs = [(1, "one"), (2, "two"), (3, "three")]
for num, name in pairs:
    print(num, name)
for i, (num, name) in enumerate(pairs, 1):
    print(i, num, name[0])
points = [(x, y) for x in range(2) for y in range(2)]
print([x + y for x, y in points], dict(pairs), list(zip(*pairs)))
(a, b), (c, d) = [(1, 2), (3, 4)]
print(a, b, c, d)
