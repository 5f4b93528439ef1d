class Plain:
    pass
p = Plain()
r = repr(p)
print(r.startswith("<__main__.Plain object at 0x"), str(p) == r, format(p) == r, p.__class__.__name__, type(p).__module__)
print(object() != object(), hash(p) == hash(p), p == p, p != Plain(), bool(p))
try:
    p < p
except TypeError as e:
    print(e)
print(Plain.__repr__ is object.__repr__, Plain.__eq__(p, p), Plain.__eq__(p, 1), Plain.__ne__(p, p))
print(dir(p)[:3], "__dict__" in dir(p), p.__dict__, p.__sizeof__() > 0)
