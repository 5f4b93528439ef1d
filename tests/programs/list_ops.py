l = [3, 1, 4, 1, 5, 9, 2, 6]
l.append(5); l.extend([3, 5]); l.insert(0, 0); l.insert(-1, 99); l.insert(100, 7)
print(l, len(l), l.count(5), l.index(9), l.pop(), l.pop(0), l)
l.remove(99); l.sort(); print(l); l.reverse(); print(l); l.sort(key=lambda x: -x, reverse=True); print(l)
print(l[2:5], l[::-2], l[-3:], l[:100], l[5:2])
l[1:3] = ["a", "b", "c"]; print(l); del l[0]; del l[::2]; print(l)
l2 = [1, 2, 3]; l2 += [4]; l2 *= 2; print(l2, l2 * 0, [0] * 3, [[]] * 2, [1, 2] + [3])
print([1, 2] == [1, 2], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [1], sorted([3, 1, 2]), list(reversed([1, 2, 3])))
a = [1, 2, 3]; b = a; b.append(4); print(a, a is b, a.copy() is a, list("abc"), list(range(3)))
a.clear(); print(a, bool(a), bool([0]))
words = ["banana", "Apple", "cherry"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True), min(words, key=len))
for bad in [lambda: [].pop(), lambda: [1].index(2), lambda: [1].remove(2), lambda: [1][5], lambda: [1, "a"].sort(), lambda: [].pop(3)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
x = [1, 2, 3]
x[1:2] = []
print(x, x.__len__(), 2 in x, [i * 2 for i in x])
