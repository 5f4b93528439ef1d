print([chr(i) for i in (65, 97, 48, 955, 0x1F600, 0x10FFFF)][:5], ord("€"), ord("\U0001F600"), ord(b"a"), ord(bytearray(b"z")))
for bad in [lambda: chr(0x110000), lambda: chr(-1), lambda: ord(""), lambda: ord("ab"), lambda: ord(5), lambda: chr("a")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(bin(0), bin(-5), oct(0), oct(64), hex(0), hex(-1), hex(2**64), bin(True))
class Idx:
    def __index__(self):
        return 10
print(bin(Idx()), hex(Idx()), [1, 2, 3][Idx() - 9] if False else "skip", list(range(Idx()))[-1])
try:
    hex(1.5)
except TypeError as e:
    print(e)
