print(list(), list("abc"), list((1, 2)), list({"a": 1}), list(range(3)), list(x for x in [1]), list(map(abs, [-1])), list(b"ab"))
print(tuple([1, 2]), tuple("xy"), set([1, 1]), dict([("a", 1)]), frozenset("aa"), sorted(set("cab")))
try:
    list(5)
except TypeError as e:
    print(e)
try:
    tuple(None)
except TypeError as e:
    print(e)
