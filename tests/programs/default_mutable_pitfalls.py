def append_to(x, target=[]):
    target.append(x)
    return target
print(append_to(1), append_to(2), append_to(3, []))
def safe(x, target=None):
    if target is None:
        target = []
    target.append(x)
    return target
print(safe(1), safe(2))
def counter(d={}):
    d["n"] = d.get("n", 0) + 1
    return d["n"]
print(counter(), counter(), counter.__defaults__)
