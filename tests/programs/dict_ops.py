d = {"a": 1, "b": 2}
d["c"] = 3; d["a"] = 10
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("b"), d.pop("zz", None), d.setdefault("e", 5), d.setdefault("a", 99), d)
d.update({"f": 6}, g=7); d.update([("h", 8)]); print(d)
print(dict(a=1), dict([(1, 2)]), dict.fromkeys("ab", 0), {**d, "z": 0}, d | {"q": 1}, {1: "a"} == {1: "a"})
del d["a"]; print(d, d.popitem(), d)
print({k: v for k, v in zip("xyz", range(3))}, dict(zip([1, 2], [3, 4])), sorted({3: 1, 1: 2}))
e = {}
for i in range(10):
    e[i % 3] = i
print(e, {1: 1, True: 2}, {1.0: "x", 1: "y"})
for bad in [lambda: d["missing"], lambda: {}.popitem(), lambda: {[]: 1}, lambda: dict(1)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
try:
    for k in d:
        d["new"] = 1
except RuntimeError as e:
    print(e)
class M(dict):
    def __missing__(self, k):
        return k * 2
print(M()["ab"], reversed({1: 2, 3: 4}).__class__.__name__, list(reversed({1: 2, 3: 4})))
