for spec in ["", "f", ".0f", ".3f", "e", ".2e", "E", "g", ".3g", "G", "%", ".1%", "10.2f", "<10", "^10.1f", "+.2f", " .1f", ",.2f", "_.3f", "#.0f", "#g", "z.1f", "08.2f", "=+10.2f"]:
    for v in (0.0, -0.0, 1.5, -2.25, 1234.5678, 1e20, 1e-7, float("inf"), float("nan")):
        try:
            print(repr(spec), v, repr(format(v, spec)))
        except ValueError as e:
            print(repr(spec), v, "ValueError", e)
