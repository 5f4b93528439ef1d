try:
    raise ExceptionGroup("group", [ValueError("a"), TypeError("b"), ValueError("c")])
except* ValueError as eg:
    print("values", [str(e) for e in eg.exceptions])
except* TypeError as eg:
    print("types", [str(e) for e in eg.exceptions])
eg = ExceptionGroup("msg", [KeyError(1), ValueError(2)])
print(eg, repr(eg), type(eg).__name__, len(eg.exceptions))
m, r = eg.split(KeyError)
print(m, r)
print(eg.subgroup(lambda e: isinstance(e, ValueError)))
try:
    try:
        raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
    except* ValueError:
        print("handled values")
except ExceptionGroup as e:
    print("left", repr(e))
try:
    BaseExceptionGroup("x", [])
except ValueError as e:
    print(e)
print(type(BaseExceptionGroup("x", [ValueError()])).__name__, type(BaseExceptionGroup("x", [KeyboardInterrupt()])).__name__)
