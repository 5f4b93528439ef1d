import sys
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
def last_line(fn):
    saved = sys.stderr
    sys.stderr = c = Collector()
    try:
        fn()
    except Exception:
        sys.excepthook(*sys.exc_info())
    finally:
        sys.stderr = saved
    print("".join(c.parts).rstrip().splitlines()[-1])
counter = 0
def uses_typo():
    return countr + 1
def local_typo():
    value = 1
    return valeu
class Point:
    def __init__(self):
        self.x = 1
        self.y_coordinate = 2
        self._hidden = 3
last_line(uses_typo)
last_line(local_typo)
last_line(lambda: pirnt("x"))
last_line(lambda: lenn([]))
last_line(lambda: Point().y_coordnate)
last_line(lambda: Point().hidden)
last_line(lambda: Point()._hiden)
last_line(lambda: "abc".uper())
last_line(lambda: [].apend(1))
last_line(lambda: Point().zzzzzz)
last_line(lambda: completely_unknown_name_here)
last_line(lambda: math.sqrt(4))
last_line(lambda: sys_argv)
import sys as _s
print("json" in _s.stdlib_module_names, "numpy" in _s.stdlib_module_names, type(_s.stdlib_module_names).__name__)
