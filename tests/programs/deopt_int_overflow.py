# An int that overflows 64 bits: BINARY_OP_MULTIPLY_INT cannot hold the
# result and leaves it to the generic instruction, which makes a big int.
# expect-stats: BINARY_OP misses
def grow(n):
    x = 1
    for i in range(n):
        x = x * 3
    return x
print(grow(30))
print(grow(100))
print(grow(200) % 1000003)
y = 2**62
for i in range(4):
    y = y + y
    print(y, type(y).__name__)
