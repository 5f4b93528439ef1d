n = 3 ** 500
s = str(n)
print(len(s), s[:20], s[-20:], int(s) == n, hex(n)[:20], n % 1000000007)
print(f"{2**64:,}", f"{-2**64:_x}", f"{2**70:e}", format(10**25, ".3e"))
print(sum(int(c) for c in str(2 ** 1000)))
f = 1
for i in range(1, 60):
    f *= i
print(f, f // (10**50), f.bit_length())
