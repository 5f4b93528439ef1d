try:
    import no_such_module_abc
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    from mypkg import no_such_name
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
try:
    import mypkg.nothing_here
except ModuleNotFoundError as e:
    print(e)
try:
    import mypkg.helpers.deeper
except ModuleNotFoundError as e:
    print(e)
try:
    import mypkg.broken
except ValueError as e:
    print("ValueError", e)
import sys
print("mypkg.broken" in sys.modules)
try:
    import mypkg.bad_syntax
except SyntaxError as e:
    print("SyntaxError", e.msg, e.lineno, e.filename.endswith("bad_syntax.py"))
