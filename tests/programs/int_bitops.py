vals = [0, 1, -1, 255, -256, 2**70, -(2**70)]
for a in vals:
    print(a, ~a, a << 3, a >> 3, a & 0xF0F0, a | 7, a ^ -1)
print((1 << 100) - 1 == 2**100 - 1, (-1) << 64, -(2**64) >> 63, 12 >> 100)
try:
    1 >> -2
except ValueError as e:
    print(e)
print(int.bit_length(2**100 - 1), (2**100).bit_count(), (-7).bit_count())
