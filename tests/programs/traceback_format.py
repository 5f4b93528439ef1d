import sys
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
    def flush(self):
        pass
def show(fn, *args):
    saved = sys.stderr
    sys.stderr = c = Collector()
    try:
        fn(*args)
    except BaseException:
        sys.excepthook(*sys.exc_info())
    finally:
        sys.stderr = saved
    print("".join(c.parts).replace(__file__, "FILE"))
def div(a, b):
    return a / b
def index(d):
    return d["key"]["inner"]
def attr(o):
    return o.missing
def calls(f):
    return f(1, 0) + 1
class Thing:
    def method(self, n):
        if n == 0:
            raise KeyError("zero")
        return self.method(n - 1)
def chained():
    try:
        div(1, 0)
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
def context():
    try:
        {}["a"]
    except KeyError:
        raise RuntimeError("during")
def noted():
    e = TypeError("with notes")
    e.add_note("first note")
    e.add_note("second note")
    raise e
show(div, 1, 0)
show(index, {"key": {}})
show(attr, None)
show(calls, div)
show(Thing().method, 3)
show(chained)
show(context)
show(noted)
show(lambda: [][0])
show(lambda: int("x") + 1)
