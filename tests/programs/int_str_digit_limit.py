try:
    int("1" * 5000)
except ValueError as e:
    print(e)
try:
    str(10 ** 5000)
except ValueError as e:
    print(e)
print(len(str(10 ** 4000)))
print(int("0x" + "f" * 5000, 16) > 0, int("1" * 4300) % 7, len(bin(2 ** 20000)))
try:
    int("1_" * 4301 + "1")
except ValueError as e:
    print(e)
