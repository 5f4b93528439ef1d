def seq(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x}"
        case [x, y] if x == y:
            return f"pair same {x}"
        case [x, *_, y]:
            return f"first {x} last {y}"
        case _:
            return "no"
for v in [[], [1], [2, 2], [1, 2, 3, 4], (5, 6), "ab", range(3), {1, 2}]:
    print(repr(v), seq(v))
match (1, [2, (3, 4)]):
    case (a, [b, (c, d)]):
        print(a, b, c, d)
match [1, 2, 3]:
    case [1, *rest]:
        print("rest", rest)
