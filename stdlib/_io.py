"""Pyrite's `_io`, for now: CPython's own pure-Python implementation of the
io stack (`_pyio`, from the CPython library on the path) under the names
the C module has, so that `io` and everything built on it run unchanged.

This is a stopgap until `_io` is written in Rust (DESIGN section 7): it is
correct, CPython's own code and tests back it, but slower than the C module.

`_pyio` imports `io` at its top and registers its classes with io's ABCs,
while `io` itself starts with `import _io`: the cycle is broken by giving
`_pyio` a provisional `io` module with what it uses while it loads.
"""

import sys as _sys
import abc as _abc


def _load_pyio():
    provisional = type(_sys)("io")
    provisional.__all__ = []
    provisional.SEEK_SET, provisional.SEEK_CUR, provisional.SEEK_END = 0, 1, 2
    for name in ("IOBase", "RawIOBase", "BufferedIOBase", "TextIOBase", "Reader", "Writer"):
        setattr(provisional, name, _abc.ABCMeta(name, (), {}))
    real_io = _sys.modules.get("io")
    _sys.modules["io"] = provisional
    try:
        import _pyio
    finally:
        if real_io is not None:
            _sys.modules["io"] = real_io
        else:
            del _sys.modules["io"]
    return _pyio


_pyio = _load_pyio()

DEFAULT_BUFFER_SIZE = _pyio.DEFAULT_BUFFER_SIZE
BlockingIOError = BlockingIOError
UnsupportedOperation = _pyio.UnsupportedOperation
UnsupportedOperation.__module__ = "io"
open = _pyio.open
text_encoding = _pyio.text_encoding
_IOBase = _pyio.IOBase
_RawIOBase = _pyio.RawIOBase
_BufferedIOBase = _pyio.BufferedIOBase
_TextIOBase = _pyio.TextIOBase
FileIO = _pyio.FileIO
BytesIO = _pyio.BytesIO
StringIO = _pyio.StringIO
BufferedReader = _pyio.BufferedReader
BufferedWriter = _pyio.BufferedWriter
BufferedRWPair = _pyio.BufferedRWPair
BufferedRandom = _pyio.BufferedRandom
IncrementalNewlineDecoder = _pyio.IncrementalNewlineDecoder
TextIOWrapper = _pyio.TextIOWrapper


def open_code(path):
    """Opens `path` for reading code (binary, no hooks)."""
    return open(path, "rb")

