def inner():
    raise KeyError("first")
def outer():
    try:
        inner()
    except KeyError as e:
        raise ValueError("second") from e
outer()
