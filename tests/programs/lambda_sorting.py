people = [("alice", 30), ("bob", 25), ("carol", 35), ("dave", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (p[1], p[0]), reverse=True))
print(sorted([3, -1, 2], key=abs), sorted("Hello World".split(), key=str.lower))
data = [5, 3, 8, 1]
data.sort(key=lambda v: v % 3)
print(data)
print(list(map(lambda a, b: a + b, [1, 2], [3, 4])), (lambda: "nullary")())
