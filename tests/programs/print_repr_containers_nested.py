data = {"list": [1, 2, {"x": (3, 4)}], "set": {5}, "tuple": (), "none": None, "str": "q'uote", "float": 1.0, "neg": -0.5, "bytes": b"b", "bool": [True, False]}
print(data)
print([[[]]], [(), {}], ({},), {1: {2: {3: {}}}})
l = [1]
l.append(l)
d = {}
d["self"] = d
print(l, d)
