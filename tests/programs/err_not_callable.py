for v in [1, "s", None, [1], {}]:
    try:
        v()
    except TypeError as e:
        print(e)
