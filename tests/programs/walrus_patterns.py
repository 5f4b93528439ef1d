data = [1, 5, 12, 7, 20]
if (n := len(data)) > 3:
    print("long", n)
print([y for x in data if (y := x * 2) > 10])
print(y)
while (item := data.pop()) != 12:
    print("popped", item)
print(data, (z := 5) + z)
def f():
    return [last := i for i in range(3)], last
print(f())
