a = 1
b = [1, 2, 3, 4]
c = {"x": 1, "y": 2}
class O:
    pass
o = O()
o.attr = 5
del a, b[0], c["x"], o.attr
print(b, c, hasattr(o, "attr"), "a" in dir())
del b[:2]
print(b)
x, y = 1, 2
del (x, y)
try:
    print(x)
except NameError as e:
    print(e)
lst = [1, 2, 3]
for i in range(len(lst)):
    pass
del i
