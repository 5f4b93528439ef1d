def prefix_sums(n, rounds):
    data = [i % 97 for i in range(n)]
    out = [0] * n
    for _ in range(rounds):
        s = 0
        for i in range(n):
            s += data[i]
            out[i] = s
        data[0] = out[n - 1] % 97
    return out[n - 1], out[n // 2]
print(prefix_sums(10_000, 200))
