def f(x):
    try:
        if x == 0:
            raise ValueError("zero")
        if x == 1:
            raise KeyError("k")
        return "ok"
    except ValueError as e:
        return f"value {e}"
    except (KeyError, IndexError) as e:
        return f"lookup {e!r}"
    finally:
        print("finally", x)
print(f(0), f(1), f(2))
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(e, type(e.__cause__).__name__, e.__suppress_context__)
try:
    try:
        [][0]
    except IndexError:
        raise TypeError("during")
except TypeError as e:
    print(e, type(e.__context__).__name__, e.__cause__)
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)
def g():
    try:
        return 1
    finally:
        print("cleanup")
print(g())
def h():
    for i in range(3):
        try:
            if i == 1:
                continue
            print("body", i)
        finally:
            print("fin", i)
h()
try:
    raise Exception("a", 1)
except Exception as e:
    print(e, str(e), repr(e))
e = ValueError("x")
print(e.__traceback__, isinstance(e, Exception), issubclass(ValueError, BaseException))
try:
    raise 5
except TypeError as e:
    print(e)
try:
    raise
except RuntimeError as e:
    print(e)
class MyErr(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise MyErr(7)
except MyErr as e:
    print(e, e.code, e.args)
try:
    try:
        raise KeyError("inner")
    finally:
        print("finally runs")
except KeyError as e:
    print("got", e)
