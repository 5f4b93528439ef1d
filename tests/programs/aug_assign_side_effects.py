calls = []
def key(k):
    calls.append(k)
    return k
d = {"a": 1}
d[key("a")] += 1
print(d, calls)
class Obj:
    def __init__(self):
        self.count = 0
def get(o):
    calls.append("get")
    return o
o = Obj()
get(o).count += 5
print(o.count, calls)
l = [0, 0]
i = 0
l[i] += (i := 1)
print(l, i)
