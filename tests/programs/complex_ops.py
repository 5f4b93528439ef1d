a, b = 1 + 2j, 3 - 1j
print(a + b, a - b, a * b, a / b, a ** 2, a ** b, abs(b), -a, +a, a == 1 + 2j, a != b)
print(complex(3), complex(2, -1), complex("3-4j"), complex(" (1+1j) "), complex(1j, 1j), 1j * 1j, (2j) ** 0.5)
print(repr(complex(0, -0.0)), repr(complex(-0.0, 0)), complex(float("inf"), float("nan")), 1e300j * 1e10)
for bad in [lambda: complex("x"), lambda: complex("1", 2), lambda: 1j % 2, lambda: int(1j), lambda: 0j ** -1]:
    try:
        print(bad())
    except (ValueError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
print(f"{1+2j:.1f}", format(3j, "^10"), (1+2j).conjugate(), (1 + 2j).real, (1 + 2j).imag)
