a = [1, 2]
b = (3, 4)
print([*a, *b], (*a,), {*a, *b}, {**{"x": 1}, "y": 2}, [*"hi", *range(2)])
first, *rest = "hello"
print(first, rest)
*head, tail = [1]
print(head, tail)
a1, *b1, c1, d1 = range(5)
print(a1, b1, c1, d1)
def f(*args, **kwargs):
    return len(args), sorted(kwargs)
print(f(*a, *b, 5, **{"k": 1}, z=2))
print(*[1, 2], sep=":")
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
