print(str(123), str(-0.5), str(1e100), str(2**100), repr(1.0), repr(-0.0), str(True), str(3 + 4j), str([1.5, "a"]))
print(int("  12 "), float(" -3.5e2 "), int(float("1e3")), float(int("7")), complex("2"), int("0x1A", 16), int("1a", 16))
print(f"{255:b}", f"{255:o}", f"{255:x}", f"{0.5:.0%}", f"{1/3:.5}", f"{12345.6789:.2e}", f"{-17:>6}", f"{17:<6}|")
print(str(0.1), str(0.30000000000000004), 1/3, 2/3, 10/3, 1e-10, 123e-20, float("1" * 20))
