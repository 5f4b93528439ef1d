def classify(v):
    match v:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "a" | "b":
            return "letter"
        case b"bytes":
            return "bytes"
        case True:
            return "true"
        case False:
            return "false"
        case None:
            return "none"
        case int() if v > 100:
            return "big"
        case int():
            return "int"
        case _:
            return "other"
for v in [0, 2, -1, 1.5, "b", b"bytes", True, False, None, 500, 50, 1j]:
    print(repr(v), classify(v))
