x = "module"
def read():
    return x
def shadow():
    x = "local"
    return x
def modify():
    global x
    x = "modified"
print(read(), shadow(), x)
modify()
print(x, read())
def make():
    y = 1
    def g():
        return y
    y = 2
    return g
print(make()())
class C:
    x = "class"
    def m(self):
        return x
print(C().m(), C.x)
