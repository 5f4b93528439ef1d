def main():
    total = 0
    i = 0
    while i < 3_000_000:
        total += i * 3 % 7
        i += 1
    return total
print(main())
