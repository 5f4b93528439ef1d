a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, None is None, True is True)
x = 1000
y = 1000
print(x == y, (x is y) in (True, False))
s1 = "interned"
s2 = "interned"
print(s1 == s2, () is (), id(a) == id(b))
