def a():
    raise ValueError("root")
def b():
    try:
        a()
    except ValueError as e:
        raise RuntimeError("mid") from e
try:
    b()
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__, repr(e.__context__))
try:
    try:
        raise KeyError(1)
    except KeyError:
        raise ValueError(2) from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__, repr(e.__context__))
try:
    raise ValueError("x") from 5
except TypeError as e:
    print(e)
try:
    raise ValueError from KeyError
except ValueError as e:
    print(repr(e), repr(e.__cause__))
