class WithInt:
    def __int__(self):
        return 42
class WithIndex:
    def __index__(self):
        return 7
class WithTrunc:
    def __trunc__(self):
        return 3
print(int(WithInt()), int(WithIndex()), int("  0x_ff ".strip().replace("_", ""), 16), int(2.999), int(-2.999), int("٤٢"))
try:
    int(WithTrunc())
except TypeError as e:
    print("TypeError", e)
class IntSub(int):
    pass
print(int(IntSub(5)), type(int(IntSub(5))).__name__, IntSub("12", 8), type(IntSub(3) + 1).__name__)
print(int.from_bytes(b"\x00\x10", "little"), int(b" 12 "), int(bytearray(b"7")))
