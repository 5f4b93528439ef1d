def search(items, target):
    i = 0
    while i < len(items):
        if items[i] == target:
            print("found at", i)
            break
        i += 1
    else:
        print("not found")
search([1, 2, 3], 2)
search([1, 2, 3], 9)
n = 10
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print(steps)
