class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
a = R(1)
b = a
del a
print("a deleted")
del b
print("b deleted")
def f():
    r = R(2)
    print("in f")
f()
print("after f")
l = [R(3), R(4)]
l.pop(0)
print("popped")
l = None
print("end")
