# needs: cpython-lib
# io on Pyrite's _io (CPython's _pyio underneath for now): StringIO, BytesIO, files through FileIO/buffers/TextIOWrapper, pathlib, tempfile.
import io
s = io.StringIO(); s.write('hello\nworld\n'); print(repr(s.getvalue()), s.tell())
s.seek(0); print(s.readline(), s.readlines(), list(io.StringIO('a\nb')))
b = io.BytesIO(b'abc'); print(b.read(2), b.read(), b.getvalue(), b.seek(0, 2), b.write(b'xy'), b.getvalue())
print(isinstance(s, io.TextIOBase), isinstance(b, io.BufferedIOBase), issubclass(io.FileIO, io.RawIOBase), io.UnsupportedOperation.__mro__[1:3])
p = '/tmp/pyrite_io_test_%d.txt' % __import__('os').getpid()
with io.open(p, 'w', encoding='utf-8') as f:
    print(f.write('line one\nline two\n\u20ac\n'), type(f).__name__, f.name == p, f.mode, f.encoding)
with io.open(p, 'rb') as f:
    print(f.read(), type(f).__name__, f.raw.__class__.__name__)
with io.open(p, encoding='utf-8') as f:
    print([l for l in f], f.closed)
print(f.closed)
with io.open(p, 'a+', encoding='utf-8') as f:
    f.write('more\n'); f.seek(0); print(f.read().count('\n'))
w = io.TextIOWrapper(io.BytesIO(), encoding='utf-16', newline='\r\n'); w.write('a\nb'); w.flush(); print(w.buffer.getvalue())
import os; os.remove(p)
try:
    io.StringIO().fileno()
except io.UnsupportedOperation as e:
    print('unsupported:', type(e).__name__, isinstance(e, OSError), isinstance(e, ValueError))
import pathlib, tempfile
print(pathlib.PurePosixPath('/a/b/c.txt').suffix, pathlib.Path('/tmp').is_dir())
with tempfile.TemporaryDirectory() as d:
    (pathlib.Path(d) / 'f.txt').write_text('data')
    print(sorted(x.name for x in pathlib.Path(d).iterdir()), (pathlib.Path(d) / 'f.txt').read_text())
