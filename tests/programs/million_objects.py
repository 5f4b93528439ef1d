class Obj:
    def __init__(self, i):
        self.i = i
        self.payload = [i]
total = 0
for i in range(1_000_000):
    o = Obj(i)
    total += o.payload[0]
print(total)
d = None
for i in range(200_000):
    d = {"k": d} if i % 1000 else None
print("done")
