# needs: cpython-lib
# _struct under struct (formats, byte orders, alignment, half floats, errors) and base64 on top.
import struct
tests = [('b', 200), ('B', -1), ('h', 70000), ('H', -1), ('i', 2**31), ('<i', 2**31), ('I', -1), ('<I', 2**32), ('q', 2**63), ('Q', -1), ('<Q', 2**64), ('l', 2**63), ('<l', 2**31), ('n', 2**63), ('<n', 1), ('i', 1.5), ('i', '1'), ('c', b'ab'), ('c', 'a'), ('s', 'x'), ('f', 1e300), ('<f', 'x'), ('e', 1e10), ('zz', 1), ('3', 1), ('ii', 1), ('P', -1), ('<P', 1), ('i', None)]
for f, v in tests:
    try: struct.pack(f, v); print(f, 'ok')
    except Exception as e: print(f, type(e).__name__, e)
for call in [lambda: struct.unpack('i', b'abc'), lambda: struct.unpack_from('i', b'abcdef', 4), lambda: struct.unpack_from('i', b'abc', -10), lambda: struct.calcsize('@bi'), lambda: struct.calcsize('=bi'), lambda: struct.calcsize('bxhxiq0l'), lambda: struct.Struct('3s2p').size, lambda: struct.pack('3s2p', b'abcd', b'xyz'), lambda: struct.pack('?e', [], 1.5), lambda: list(struct.iter_unpack('<h', b'\x01\x00\x02\x00')), lambda: struct.iter_unpack('<h', b'\x01'), lambda: struct.pack_into('<h', bytearray(1), 0, 1), lambda: struct.Struct('<h'), lambda: struct.error, lambda: struct.pack('<e', 65520.0)]:
    try: print(call())
    except Exception as e: print(type(e).__name__, e)
vals = (1, 2, -3, 4, -5, 6, -7, 1.5, 2.25, True, b"x", b"abc", 65504.0, -0.0)
for order in '@=<>!':
    fmt = order + 'bBhHiIq' + 'fd?c3se' + 'e'
    b = struct.pack(fmt, *vals)
    print(order, struct.calcsize(fmt), b.hex(), struct.unpack(fmt, b) == vals)
print(struct.unpack('<q', struct.pack('<q', -2**63)), struct.unpack('<Q', b'\xff' * 8), struct.unpack('>I', b'\x01\x02\x03\x04'))
for x in [1.0, 0.1, 65519.0, 6e-8, 5.96e-8, 1e-10, float('inf'), -2.5, 0.33325]:
    print(x, struct.unpack('<e', struct.pack('<e', x)), struct.pack('<e', x).hex())
print(struct.unpack('<e', b'\x00\x7e'), struct.unpack('f', struct.pack('f', 0.1)))
s = struct.Struct('>hhl')
ba = bytearray(12)
s.pack_into(ba, 2, 1, 2, 3)
print(s.format, s.size, ba, s.unpack_from(ba, 2), s.unpack_from(ba, offset=2), repr(s))
print(struct.pack('5p', b'hello world'), struct.unpack('5p', b'\x09hell'), struct.pack('0s', b''), struct.unpack('2x', b'ab'))
import pickle
