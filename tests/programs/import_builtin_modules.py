import sys
import builtins
print(builtins.len([1]), builtins is __import__("builtins"), sys is __import__("sys"), "sys" in sys.builtin_module_names)
print(sys.version_info >= (3, 14), sys.version_info.major, sys.version_info[:2], type(sys.version).__name__, sys.platform, sys.byteorder, sys.maxsize == 2**63 - 1)
print(type(sys.path).__name__, type(sys.modules).__name__, sys.getrecursionlimit(), callable(sys.exit), sys.implementation.name in ("cpython", "pyrite"))
print(sys.stdout.write("w\n"), sys.stderr is sys.__stderr__, sys.maxunicode, sys.flags.optimize, sys.float_info.dig, sys.int_info.bits_per_digit)
import sys as s2
from sys import argv as av
print(s2 is sys, av is sys.argv)
