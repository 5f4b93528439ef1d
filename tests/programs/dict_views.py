d = {"a": 1, "b": 2, "c": 3}
k, v, i = d.keys(), d.values(), d.items()
d["d"] = 4
print(k, v, i, len(k), "a" in k, 2 in v, ("a", 1) in i, ("a", 2) in i)
print(k & {"a", "z"}, sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}), i & {("b", 2)}, k == {"a", "b", "c", "d"}, k.isdisjoint(["x"]))
print(sorted(k), list(reversed(k)), list(reversed(v)), list(reversed(i))[:1], k.mapping["a"])
try:
    for key in d.keys():
        del d[key]
except RuntimeError as e:
    print(e)
