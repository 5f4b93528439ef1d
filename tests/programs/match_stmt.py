def describe(x):
    match x:
        case 0 | 1:
            return "small"
        case int(n) if n < 0:
            return f"negative {n}"
        case [a, b]:
            return f"pair {a} {b}"
        case [first, *rest]:
            return f"list starting {first} ({len(rest)} more)"
        case {"type": "point", "x": px, **others}:
            return f"point {px} {others}"
        case str() as s:
            return f"string {s}"
        case (1, 2) | (3, 4):
            return "tuple"
        case None:
            return "none"
        case True:
            return "true"
        case float(f):
            return f"float {f}"
        case _:
            return "other"
for v in [0, -5, [1, 2], [1, 2, 3], {"type": "point", "x": 1, "y": 2}, "hi", None, True, 2.5, {}, (3, 4), 7]:
    print(describe(v))
class P:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
match P(1, 2):
    case P(1, y=yy):
        print("P", yy)
match P(0, 0):
    case P(x=0) if False:
        print("no")
    case P(a, b):
        print("pos", a, b)
try:
    match P(1, 2):
        case P(1, 2, 3):
            pass
except TypeError as e:
    print(e)
match {"a": 1}:
    case {"b": _}:
        print("no")
    case {}:
        print("empty pattern matches any mapping")
