d = {}
for k in "hello world":
    d[k] = d.get(k, 0) + 1
print(d)
print(sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
d2 = dict(sorted(d.items()))
print(list(d2)[:4], next(iter(d2)), list(d2.values())[-1])
del d["l"]
d["l"] = 9
print(list(d)[-1])
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv, {**inv, 1: "z"})
