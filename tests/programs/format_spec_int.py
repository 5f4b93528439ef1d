for spec in ["", "d", "5", "<5", "^5", ">5", "05", "+", " ", "-", ",", "_", "x", "#x", "X", "#X", "o", "#o", "b", "#b", "c", "n", "e", ".2f", "%", "=+8", "*>+10,"]:
    for v in (0, 42, -42, 255):
        try:
            print(repr(spec), v, repr(format(v, spec)))
        except ValueError as e:
            print(repr(spec), v, "ValueError", e)
