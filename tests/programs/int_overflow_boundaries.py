M = 2**63
for v in [M - 1, M, -M, -M - 1]:
    print(v, v + 1, v - 1, v * 2, v // 2, v % 7, -v, abs(v), v == int(str(v)))
print((M - 1) * (M - 1), (-M) // -1, -M % -1, (M - 1) << 1, -M >> 1, -(-M), 2 * (M - 1) + 2 == 2 * M)
print(sum([M - 1, 1]), max(M, M - 1), sorted([M, -M, 0]), hash(M) == hash(float(M)), M / 2)
