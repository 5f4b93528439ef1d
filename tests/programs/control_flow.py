for i in range(5):
    if i == 1:
        continue
    if i == 3:
        break
    print("i", i)
else:
    print("no break")
for i in range(2):
    pass
else:
    print("else ran")
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)
while True:
    n -= 1
    if n == 0:
        break
print(n)
x = 5
print("big" if x > 3 else "small", x if x else 0, not x, x and 0, 0 or x, None or [] or "last")
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1 != 2, 1 is not None, (lambda: 1 < 2)())
if (y := 10) > 5:
    print("walrus", y)
total = 0
for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
    total += a * b * c
print(total)
