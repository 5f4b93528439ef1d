for x in {"b": 1, "a": 2}:
    print(x, end=" ")
print()
for k, v in {"b": 1, "a": 2}.items():
    print(k, v, end="; ")
print()
for ch in b"AB":
    print(ch, end=" ")
print()
for item in sorted({3, 1, 2}):
    print(item, end=" ")
print()
for i, (a, b) in enumerate(zip("xy", "zw")):
    print(i, a, b)
for x in range(3)[::-1]:
    print(x, end="")
print()
