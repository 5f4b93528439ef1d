data = bytes(range(256))
print(len(data), data[:5], data[-3:], data.count(b"\x00"), data.index(65), 65 in data, b"A" in data)
print(b"abc".upper(), b"ABC".lower(), b"a b".split(), b"a,b".split(b","), b"  x ".strip(), b"x".join([b"1", b"2"]), b"ab".hex(":"))
print(b"hello".replace(b"l", b"L", 1), b"hello".startswith((b"x", b"he")), b"hello".find(b"lo"), b"hello".rfind(b"l"), b"hello"[::-1])
print(bytes.fromhex("de ad be ef"), bytearray.fromhex("00ff"), b"abc" == bytearray(b"abc"), b"\xff".decode("latin-1"), bytes([1, 2]) + bytearray([3]))
ba = bytearray(b"hello")
ba[0:1] = b"J"
ba += b"!"
ba.reverse()
print(ba, ba.pop(0), ba.remove(ord("o")), ba, ba.insert(0, 65), ba, ba.copy() == ba)
print(b"%5s|%-4d|%x" % (b"ab", 7, 255), b"abc".partition(b"b"), b"a\nb".splitlines(), b"AbC".isupper(), b"123".isdigit())
