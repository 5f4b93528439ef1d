for s, base in [("12", 10), ("0x10", 16), ("0x10", 0), ("010", 0), ("0", 0), ("00", 0), ("1e3", 10), ("", 10), (" ", 10), ("+-1", 10), ("١٢", 10), ("1 2", 10), ("9", 8), ("Z", 36), ("_1", 10), ("1_", 10), ("0b", 0)]:
    try:
        print(repr(s), base, int(s, base))
    except ValueError as e:
        print(repr(s), base, "ValueError", e)
for bad in [lambda: int("1", 37), lambda: int(1, 10), lambda: int([1]), lambda: int(3.5, 10)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(int(b"42"), int("  -7\n"), int(12.9), int(-0.9), int(True))
