l = [1, 2, 3, 2, 1]
print(l.index(2), l.index(2, 2), l.index(1, 1, 5), l.count(2), l.count(9), l.copy(), l[:] is l, list(l) == l)
try:
    l.index(2, 4)
except ValueError as e:
    print(e)
l.extend(range(2)); l.extend("ab"); l.extend((x for x in [9])); print(l)
print(l.pop(-2), l.pop(1), l, [].copy(), [[1]] * 2 == [[1], [1]])
m = [[0] * 3] * 2
m[0][0] = 1
print(m)
n = [[0] * 3 for _ in range(2)]
n[0][0] = 1
print(n, repr([]), repr([[]]), str([None, "s"]))
x = []
x.append(x)
print(x, len(x))
