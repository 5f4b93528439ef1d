for f in [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0, lambda: 1.0 // 0, lambda: 1.0 % 0.0, lambda: divmod(1, 0), lambda: divmod(1.0, 0.0), lambda: 0 ** -1, lambda: 0.0 ** -1, lambda: (1j) / 0, lambda: pow(0, -2, 5) if False else 5 // 0]:
    try:
        f()
    except ZeroDivisionError as e:
        print(e)
