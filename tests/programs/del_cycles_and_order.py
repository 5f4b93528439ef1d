class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("finalize", self.name)
def scope():
    a = Tracked("a")
    b = Tracked("b")
    print("leaving scope")
scope()
x = Tracked("x")
x = Tracked("y")
print("rebound")
lst = [Tracked("l1"), Tracked("l2")]
del lst
print("list deleted")
d = {"k": Tracked("dv")}
d.clear()
print("dict cleared")
class Resurrect:
    saved = None
    def __del__(self):
        print("resurrecting")
        Resurrect.saved = self
r = Resurrect()
del r
print("saved is set:", Resurrect.saved is not None)
