class A: pass
a, b = A(), A()
print(a == a, a == b, a != b, a is not b, a in [a], b in [a], [a] == [a], (a,) == (a,))
try:
    a < b
except TypeError as e:
    print(e)
try:
    sorted([a, b])
except TypeError as e:
    print(e)
print(len({a, b, a}), {a: 1}[a])
