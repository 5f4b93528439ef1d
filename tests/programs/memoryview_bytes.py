# memoryview over bytes and bytearray: views share the exporter's bytes
# (slices are views; writes reach a bytearray), and released views refuse
# every operation.
m = memoryview(b'abcdef')
print(len(m), m[1], m[-1], m[1:4].tobytes(), m.tolist()[:3], m.readonly, m.format, m.itemsize,
      m.nbytes, m.ndim, m.shape, m.strides, m.obj, m == b'abcdef', m[::2].tobytes(), bytes(m[2:]),
      m.hex(), m[::-1].tobytes(), m[4:1:-2].tolist(), list(m[:2]))
ba = bytearray(b'xyz')
mv = memoryview(ba)
mv[0] = 65
mv[1:3] = b'BC'
print(ba, mv.readonly, mv[::-1].tobytes(), mv == ba, memoryview(mv).tobytes())
sub = mv[1:]
sub[0] = 0x5a
print(ba, sub.tobytes(), sub.obj is ba)
for bad in [lambda: memoryview(1), lambda: m.__setitem__(0, 1), lambda: mv.__setitem__(0, 256),
            lambda: mv.__setitem__(slice(0, 2), b'x'), lambda: m[10], lambda: m['a'],
            lambda: hash(mv)]:
    try:
        bad()
    except (TypeError, ValueError, IndexError) as e:
        print(type(e).__name__, e)
print(hash(m) == hash(b'abcdef'), repr(memoryview(b'')).startswith('<memory at'))
with memoryview(b'ctx') as cm:
    print(cm.tobytes())
try:
    len(cm)
except ValueError as e:
    print("ValueError", e)
mv.release()
try:
    mv[0]
except ValueError as e:
    print("ValueError", e)
print(b''.join([memoryview(b'ab'), b'cd']), bytes(memoryview(b'q')), bytearray(memoryview(b'rs')))
