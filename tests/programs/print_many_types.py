print(1, 1.0, 1j, "s", b"b", None, True, [1], (1,), {1}, {1: 1}, range(1), slice(1), ..., NotImplemented, int, len, print)
print(type(print).__name__, frozenset(), bytearray(b"x"), -0.0, 1e-5, float("nan"), 2**64)
