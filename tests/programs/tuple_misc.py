t = tuple(range(5))
print(t[1:3], t[::-1], t.index(3), (1, 2) + (3,), (0,) * 3, tuple(), tuple([1]), tuple("ab"), tuple({1: 2}))
print((1, 2) == (1, 2), (1, 2) != (1, 3), (1, "a") < (1, "b"), (2,) > (1, 99), () < (0,), max([(1, 2), (1, 3)]))
print(repr((1,)), repr(()), repr((1, (2,), [3])), str(("a",)), len(((),)))
try:
    (1, 2).index(5)
except ValueError as e:
    print(e)
try:
    (1, 2) + [3]
except TypeError as e:
    print(e)
try:
    (1, "a") < ("a", 1)
except TypeError as e:
    print(e)
a = (1, [2])
a[1].append(3)
print(a, hash((1, 2, (3, 4))) == hash((1, 2, (3, 4))))
