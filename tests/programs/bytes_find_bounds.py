# bytes/bytearray find, slicing and affix bounds: a start past the end finds nothing (not even b''), slice bounds' __index__ runs before the length is read, nothing is copied whole.
b = b"hello world, hello"
ba = bytearray(b)
for x in (b, ba):
    print(x.find(b"lo"), x.find(b"lo", 5), x.find(b"lo", -5), x.find(b"", 30), x.rfind(b"l"), x.rfind(b"", 3, 2), x.find(ord("w")), x.rfind(b"hello", 0, -1))
    print(x[1:5], x[::-3], x[-100:100:7], x[5:1], x[3])
    try: x.index(b"zz")
    except ValueError as e: print(e)
class I:
    def __index__(self):
        ba.extend(b"!!")
        return 2
print(ba[I():], ba.find(b"!", I()))
for x in (b"abc", bytearray(b"abc")):
    print(x.startswith(b"", 5), x.startswith(b"", 2, 1), x.endswith(b"", 3), x.startswith(b"", 3), x.count(b"", 5), x.count(b"", 3), x.count(b"b", -10, 10), x.rfind(b"", 5), x.rfind(b""), x.index(b"", 3))
    try: x.index(b"", 4)
    except ValueError as e: print(e)
