def add(a, b):
    return a + b
def main():
    total = 0
    for i in range(1_000_000):
        total = add(total, i)
    return total
print(main())
