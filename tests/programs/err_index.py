for f in [lambda: [][0], lambda: [1][-2], lambda: ()[0], lambda: "x"[5], lambda: range(3)[3], lambda: [1]["a"], lambda: (1,)[1.0], lambda: b"x"[9]]:
    try:
        f()
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
l = [1, 2]
try:
    l[5] = 1
except IndexError as e:
    print(e)
try:
    del l[5]
except IndexError as e:
    print(e)
