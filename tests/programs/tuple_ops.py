t = (1, 2, 3)
print(t, t[0], t[-1], t[1:], t + (4,), t * 2, len(t), t.count(1), t.index(3), 2 in t, (1,), (), tuple("ab"))
a, b, c = t
print(a, b, c, hash((1, 2)) == hash((1, 2)), (1, 2) < (1, 3), (1, (2, 3)) == (1, (2, 3)), t == [1, 2, 3])
try:
    t[0] = 5
except TypeError as e:
    print(e)
try:
    hash(([],))
except TypeError as e:
    print(e)
x, *rest = (1, 2, 3, 4)
*init, last = [1, 2, 3]
print(x, rest, init, last, max((1, 5), (2, 0)))
