import sys
for v in [0.1, 1/3, 2**0.5, 1e-300, 1e300, 123456.789, -0.0, 5e-324]:
    s = repr(v)
    print(s, float(s) == v, str(v) == s)
for n in [0, -1, 2**100, -(3**80)]:
    for base in (2, 8, 16):
        s = {2: bin, 8: oct, 16: hex}[base](n)
        print(s[:24], int(s, 0) == n)
