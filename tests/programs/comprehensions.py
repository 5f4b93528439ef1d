print([x * y for x in range(3) for y in range(3) if x != y])
print({x for x in "hello"} == set("helo"), {x: len(x) for x in ["a", "bb"]}, list((x for x in range(3))))
matrix = [[1, 2], [3, 4]]
print([row[i] for i in range(2) for row in matrix], [[r[i] for r in matrix] for i in range(2)])
x = 10
print([x for x in range(3)], x)
print([(i, j) for i in range(3) if i for j in range(i)])
print(sum(x * x for x in range(10)), any(x > 5 for x in range(10)), all(x < 5 for x in range(3)))
try:
    [y for y in range(3) if undefined_name]
except NameError as e:
    print(e)
print([v := i * 2 for i in range(3)], v)
