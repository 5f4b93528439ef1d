# needs: cpython-lib
# CPython's traceback, inspect, dataclasses and annotationlib on Pyrite:
# formatting exceptions from code positions (co_positions), reading source
# back (linecache -> tokenize.open -> io), PEP 649 annotations in every
# format (fake globals through FunctionType), importlib's bootstrap (marshal).
import annotationlib
import dataclasses
import importlib
import importlib.machinery
import importlib.util
import inspect
import marshal
import sys
import traceback
import types

class A:
    x: Undefined
    y: int
print(annotationlib.get_annotations(A, format=annotationlib.Format.FORWARDREF))
print(annotationlib.get_annotations(A, format=annotationlib.Format.STRING))
def f(a: Missing, b: int = 3) -> list[Nope]: pass
print(annotationlib.get_annotations(f, format=annotationlib.Format.STRING))
print(A.__annotate__ is not None, int.__dict__.get("__annotate__"))

def outer():
    z = 5
    def g(): return z + 1
    return g
g = outer()
h = types.FunctionType(g.__code__, {}, "h", None, g.__closure__)
print(h(), h.__name__)
for bad in [(g.__code__, {}), (g.__code__, [], "h", None, g.__closure__), (1, {})]:
    try:
        types.FunctionType(*bad)
    except TypeError as e:
        print("TypeError", e)

def boom():
    return 1 / 0
try:
    boom()
except ZeroDivisionError:
    lines = traceback.format_exc().splitlines()
    print(lines[0], "|", lines[-1])
    print([l.strip() for l in lines if l.strip().startswith("return")])
    tb = sys.exc_info()[2]
    print([(fs.name, fs.line) for fs in traceback.extract_tb(tb)])
print(traceback.format_exception_only(ValueError("x"))[0], end="")
print(None.__class__, None.__class__ is type(None))

@dataclasses.dataclass(frozen=True)
class P:
    x: int
    y: "str" = "a"
print(P(1), dataclasses.fields(P)[1].type, dataclasses.asdict(P(2, "b")))
print(inspect.signature(P), inspect.signature(boom))
print(inspect.getsource(boom), end="")
print(inspect.isfunction(boom), inspect.getmodule(boom).__name__)

print(marshal.loads(marshal.dumps([1, -2**70, 2.5, 3j, "é\ud800", b"x", (None, True, ...), {"k": {1, 2}}, frozenset({3}), slice(1, None)])))
print(marshal.version, marshal.loads(marshal.dumps(2**31)) == 2**31, marshal.loads(b"l\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00"))
for bad in [b"", b"i\x01", b"?", b"r\x05\x00\x00\x00"]:
    try:
        marshal.loads(bad)
    except (EOFError, ValueError) as e:
        print(type(e).__name__, e)
try:
    marshal.dumps(object())
except ValueError as e:
    print("ValueError", e)
print(importlib.__name__, importlib.machinery.SOURCE_SUFFIXES, importlib.util.MAGIC_NUMBER)
