e = "before"
try:
    raise ValueError("x")
except ValueError as e:
    pass
try:
    print(e)
except NameError as err:
    print(err)
def f():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        saved = exc
    return saved
print(repr(f()))
