class O:
    a = 1
    def __init__(self):
        self.b = 2
o = O()
print(getattr(o, "a"), getattr(o, "b"), getattr(o, "c", 3), hasattr(o, "a"), hasattr(o, "zz"))
setattr(o, "c", 5); print(o.c, o.__dict__)
delattr(o, "c"); print(hasattr(o, "c"))
for bad in [lambda: getattr(o, "nope"), lambda: getattr(o, 5), lambda: delattr(o, "nope"), lambda: setattr(1, "x", 2), lambda: getattr(1, "nope")]:
    try:
        bad()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__, e)
class G:
    def __getattr__(self, name):
        return f"dyn_{name}"
g = G()
print(g.foo, getattr(g, "bar"), hasattr(g, "x"))
class GA:
    def __getattribute__(self, name):
        if name == "secret":
            raise AttributeError("hidden")
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "fallback"
print(GA().secret, GA().__class__.__name__)
