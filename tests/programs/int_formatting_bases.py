for n in [0, 1, 10, 255, 4096, -1, -255, 2**40]:
    print(f"{n:d} {n:#b} {n:#o} {n:#x} {n:#X} {n:,} {n:_b} {n:08x} {n:+}")
print(format(1234567, ","), format(1234567, "_"), format(-1234567, ",d"), format(12, "c" if False else "d"), format(65, "c"))
print(int("1010", 2), int("-0o777", 0), int("0X1f", 0), int("1_0", 16), int("  0b11  ", 0))
