import mypkg
print(mypkg.VALUE, mypkg.double(4), mypkg.__name__, mypkg.__package__, mypkg.__file__.endswith("__init__.py"), type(mypkg.__path__).__name__)
import mypkg.helpers
print(mypkg.helpers.double(5), mypkg.helpers is __import__("mypkg.helpers", fromlist=["x"]))
from mypkg import helpers as h, VALUE as V
print(h.public, V)
from mypkg.sub import deep
print(deep.info())
from mypkg.sub.deep import info
print(info() == deep.info())
import sys
print("mypkg" in sys.modules, "mypkg.sub.deep" in sys.modules, sys.modules["mypkg.helpers"] is h)
print(mypkg.__spec__.name, mypkg.helpers.__spec__.parent, repr(mypkg)[:20])
