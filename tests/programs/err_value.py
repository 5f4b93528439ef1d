for f in [lambda: int("x"), lambda: float("y"), lambda: [].index(1), lambda: "a".index("b"), lambda: list(range(3)).remove(9), lambda: chr(1 << 21), lambda: "".join([]) or int(""), lambda: divmod(1, 0)]:
    try:
        f()
    except (ValueError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
