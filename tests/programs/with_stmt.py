class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.suppress
with CM("a") as n:
    print("body", n)
with CM("b", True):
    raise ValueError("suppressed")
print("after")
try:
    with CM("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", e)
with CM("x") as x, CM("y") as y:
    print(x, y)
def f():
    with CM("ret"):
        return "value"
print(f())
for i in range(2):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        break
try:
    with 42:
        pass
except TypeError as e:
    print(e)
