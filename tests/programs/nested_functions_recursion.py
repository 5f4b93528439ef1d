def outer(n):
    def helper(k):
        if k == 0:
            return []
        return helper(k - 1) + [k]
    return helper(n)
print(outer(5))
def permutations(s):
    if len(s) <= 1:
        return [s]
    out = []
    for i, c in enumerate(s):
        for p in permutations(s[:i] + s[i + 1:]):
            out.append(c + p)
    return out
print(permutations("abc"), len(permutations("abcd")))
def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    return rest + [[items[0]] + r for r in rest]
print(power_set([1, 2, 3]))
