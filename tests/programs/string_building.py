parts = []
for i in range(5):
    parts.append(f"{i:02d}")
print("-".join(parts), "".join(reversed(parts)))
s = ""
for c in "abc":
    s += c * 2
print(s, s.count("b"), len(s))
table = "\n".join(f"{name:<8}|{score:>5.1f}" for name, score in [("ann", 9.5), ("bob", 10), ("christine", 7.25)])
print(table)
print("{0}{1}{0}".format("ab", "-"), "%s=%r" % ("k", "v"), "x".join("123"))
