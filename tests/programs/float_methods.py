x = 3.75
print(x.as_integer_ratio(), x.is_integer(), x.hex(), float.fromhex(x.hex()), x.conjugate(), x.real, x.imag)
print((0.1).as_integer_ratio(), (-0.0).hex(), float.fromhex("-0x1p-2"), float.fromhex("0x.8"), float.fromhex("inf"))
for bad in [lambda: float("inf").as_integer_ratio(), lambda: float("nan").as_integer_ratio(), lambda: float.fromhex("xyz")]:
    try:
        bad()
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(round(2.675, 2), round(5e-324, 320), round(1e300, -299), round(123.456, -1), round(-123.456, 1))
print(divmod(5.5, 2), divmod(-5.5, 2), (5.5).__divmod__(-2), 1e16 + 1, 2**53 + 1.0)
