class Log:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
        return self.name == "swallow"
try:
    with Log("outer"):
        with Log("swallow"):
            raise ValueError("x")
        print("after inner")
        raise KeyError("y")
except KeyError:
    print("outer saw KeyError")
class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("from exit")
try:
    with ExitRaises():
        raise ValueError("original")
except RuntimeError as e:
    print(e, type(e.__context__).__name__)
class EnterRaises:
    def __enter__(self):
        raise OSError("cannot enter")
    def __exit__(self, *a):
        print("never")
try:
    with EnterRaises():
        print("never body")
except OSError as e:
    print(e)
