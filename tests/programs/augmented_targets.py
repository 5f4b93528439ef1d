class Obj:
    def __init__(self):
        self.v = 1
o = Obj()
o.v += 5
o.v *= 2
print(o.v)
d = {"k": [1]}
d["k"] += [2]
d["k"][0] += 10
print(d)
l = [1, 2, 3]
l[1:2] = [9]
l[-1] -= 1
print(l)
class Index:
    def __init__(self):
        self.data = {}
    def __getitem__(self, k):
        print("get", k)
        return self.data.get(k, 0)
    def __setitem__(self, k, v):
        print("set", k, v)
        self.data[k] = v
i = Index()
i["a"] += 5
print(i.data)
