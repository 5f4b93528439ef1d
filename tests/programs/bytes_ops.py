b = b"hello world"
print(b, b[0], b[1:5], b.upper(), b.split(), b.replace(b"l", b"L"), b.find(b"o"), b.count(b"l"), len(b), b"x" * 3, b + b"!")
print(bytes(3), bytes([65, 66]), bytes("é", "utf-8"), b.hex(), bytes.fromhex("41 42"), b.startswith(b"he"), b.decode(), list(b"ab"))
ba = bytearray(b"abc")
ba.append(100); ba.extend(b"ef"); ba[0] = 65; del ba[1]
print(ba, len(ba), ba.pop(), bytes(ba), ba == b"Acde", bytearray(2))
print(b"%s %d" % (b"x", 5), b"a,b".split(b","), b" x ".strip(), b"abc".center(7, b"-"), b"a" < b"b", b"ab" in b"cab")
for bad in [lambda: b"a" + "b", lambda: bytes([256]), lambda: b"a"[5], lambda: ba.__setitem__(0, 300), lambda: bytes("x")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(repr(b"\x00\xff'\""), repr(bytearray(b"x")), hash(b"ab") == hash(b"ab"))
