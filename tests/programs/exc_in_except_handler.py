try:
    try:
        raise ValueError("first")
    except ValueError:
        1 / 0
except ZeroDivisionError as e:
    print(type(e).__name__, type(e.__context__).__name__, e.__context__)
try:
    try:
        raise ValueError("a")
    except ValueError as e:
        raise e
except ValueError as e:
    print("reraised same", e, e.__context__)
def f():
    try:
        raise TypeError("t")
    except TypeError:
        raise
try:
    f()
except TypeError as e:
    print("bare raise", e)
