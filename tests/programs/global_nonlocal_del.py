x = 1
def f():
    global x
    x += 1
    del x
f()
try:
    print(x)
except NameError as e:
    print(e)
a = [1, 2, 3]
del a[0]
print(a)
d = {"k": 1}
del d["k"]
print(d)
y = 5
del y
try:
    y
except NameError as e:
    print(e)
def g():
    z = 1
    del z
    try:
        return z
    except UnboundLocalError as e:
        return str(e)
print(g())
