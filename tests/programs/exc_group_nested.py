try:
    raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
except* ValueError as eg:
    print("values:", repr(eg))
except* TypeError as eg:
    print("types:", repr(eg))
eg = ExceptionGroup("e", [ValueError("a"), KeyError("b")])
print(eg.message, eg.exceptions, eg.args)
try:
    raise ValueError("naked")
except* ValueError as eg:
    print("naked wrapped:", repr(eg))
try:
    try:
        raise ExceptionGroup("only", [OSError("x")])
    except* ValueError:
        print("not here")
except ExceptionGroup as e:
    print("unhandled:", repr(e))
