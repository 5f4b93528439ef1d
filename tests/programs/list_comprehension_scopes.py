x = "outer"
res = [x for x in "ab"]
print(res, x)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
print([[j for j in range(i)] for i in range(4)], {i: [j for j in range(i)] for i in range(3)})
print([(x, y) for x in range(3) if x for y in range(x) if y != 1])
