class MyList(list):
    def sum(self):
        return sum(self)
m = MyList([1, 2, 3])
m.append(4)
print(m, m.sum(), len(m), type(m).__name__, isinstance(m, list), m[1:], type(m[1:]).__name__, m + [5])
class MyDict(dict):
    def __getitem__(self, k):
        return super().__getitem__(k) * 2
md = MyDict(a=1)
print(md["a"], md.get("a"), dict(md), md)
class MyStr(str):
    def shout(self):
        return self.upper() + "!"
s = MyStr("hi")
print(s.shout(), s + "x", type(s + "x").__name__, len(s), s == "hi", repr(s))
class MyTuple(tuple):
    pass
print(MyTuple([1, 2]), MyTuple((1,)) == (1,))
class E(Exception):
    pass
print(repr(E("x")), str(E("a", "b")))
