a, b = 1, 2
a, b = b, a
print(a, b)
(a, b), c = (1, 2), 3
print(a, b, c)
first, *middle, last = range(6)
print(first, middle, last)
*a, = "xyz"
print(a)
for bad in [lambda: exec("a, b = 1, 2, 3"), lambda: exec("a, b, c = 1, 2"), lambda: exec("a, b = 1"), lambda: exec("a, *b, c = [1]")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print([*range(3), *"ab"], {**{"a": 1}, "b": 2}, {*[1, 2], 3}, (*[1], 2))
def f(*args, **kwargs):
    return args, kwargs
print(f(*[1, 2], *(3,), **{"a": 1}, **{"b": 2}))
try:
    f(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print(e)
x = y = z = 0
print(x, y, z)
i, lst = 0, [0, 0]
i, lst[i] = 1, 5
print(i, lst)
