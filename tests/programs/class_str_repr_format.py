class Temp:
    def __init__(self, c):
        self.c = c
    def __str__(self):
        return f"{self.c}°C"
    def __repr__(self):
        return f"Temp({self.c})"
    def __format__(self, spec):
        if spec == "f":
            return f"{self.c * 9 / 5 + 32}°F"
        return str(self)
t = Temp(100)
print(t, repr(t), str(t), f"{t}", f"{t:f}", f"{t!r}", [t], {"t": t}, (t,), "%s %r" % (t, t), "{} {!r} {:f}".format(t, t, t))
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"
print(OnlyRepr(), str(OnlyRepr()), f"{OnlyRepr()}")
