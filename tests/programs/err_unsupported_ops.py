cases = [lambda: 1 + "a", lambda: "a" - "b", lambda: [] * [], lambda: {} + {}, lambda: None < 1, lambda: 1 < "a", lambda: -"x", lambda: ~1.5, lambda: 2 ** "x", lambda: [1] < (1,), lambda: 1 @ 2, lambda: "a" % 1.5 if False else {} | 1]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(e)
