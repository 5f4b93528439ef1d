def clamp(v, lo, hi):
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v
def mix(a, b):
    return (a * 31 + b) % 1009
def grid(n):
    acc = 0
    for i in range(n):
        for j in range(n):
            acc = mix(acc, clamp(i - j, -5, 5))
    return acc
print(grid(700))
