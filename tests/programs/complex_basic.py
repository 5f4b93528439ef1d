z = 3 + 4j
print(z, abs(z), z.real, z.imag, z.conjugate(), z * 1j, z / 2, (1+2j) * (3-4j), 1j ** 2, complex(1, 2), complex("1+2j"))
print(repr(1j), repr(-1j), 0j, complex(-0.0, 0), 1 + 0j == 1, hash(1 + 0j) == hash(1))
try:
    (1 + 2j) < (2 + 3j)
except TypeError as e:
    print(e)
try:
    1j / 0
except ZeroDivisionError as e:
    print(e)
print(format(1 + 2j, ".2f"), f"{3j:>10}")
