# needs: cpython-lib
# importlib's machinery finds what `import` finds, through sys.meta_path;
# `-m`-style package execution names; types.coroutine generators await.
import importlib, importlib.util, sys, types

m = importlib.import_module("json.decoder")
print(m.__name__, m.__spec__.name, m is sys.modules["json.decoder"])
print(importlib.import_module(".encoder", "json").__name__)
spec = importlib.util.find_spec("xml.dom")
print(spec.name, spec.submodule_search_locations is not None, spec.origin.endswith("__init__.py"))
print(importlib.util.find_spec("nonexistent_mod_xyz"), importlib.util.find_spec("_signal").origin)
print(importlib.util.find_spec("email.mime.text").origin.endswith("text.py"))
for name in ("nope.x", "json.nope", "sys.x"):
    try:
        importlib.import_module(name)
    except ImportError as e:
        print(type(e).__name__, e)
print(len(sys.meta_path) >= 1, all(hasattr(f, "find_spec") for f in sys.meta_path))

@types.coroutine
def ticks():
    yield "tick"
    return 7

async def main():
    return await ticks()

c = main()
print(c.send(None))
try:
    c.send(None)
except StopIteration as e:
    print("returned", e.value)
print(type.__flags__ & (1 << 9) == 0, int.__flags__ & (1 << 24) != 0, (lambda: 0).__code__.replace(co_flags=0x100).co_flags)
import abc, inspect
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
print(inspect.isabstract(A), inspect.isabstract(int), bool(A.__flags__ & (1 << 20)))
