# needs: cpython-lib
# posix through CPython's os module: stat, directories, descriptors, errors.
import errno
import os
import stat

base = "/tmp/pyrite-os-%d" % os.getpid()
os.mkdir(base)
try:
    os.mkdir(base)
except FileExistsError as e:
    print("mkdir twice:", type(e).__name__, e.errno == errno.EEXIST, e.filename == base)

f = os.path.join(base, "a.txt")
fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print("write:", os.write(fd, b"hello world\n"), os.write(fd, bytearray(b"xyz")))
os.close(fd)
try:
    os.close(fd)
except OSError as e:
    print("close twice:", e.errno == errno.EBADF, e.strerror)

st = os.stat(f)
print("size:", st.st_size, st[6], len(st), stat.S_ISREG(st.st_mode), stat.S_IMODE(st.st_mode) & 0o600)
print("types:", type(st.st_mtime).__name__, type(st[8]).__name__, type(st.st_mtime_ns).__name__)
print("times agree:", int(st.st_mtime) == st[stat.ST_MTIME], st.st_mtime_ns // 10**9 == st[8])
print("repr:", repr(st).startswith("os.stat_result(st_mode="))
print("stat_result:", os.stat_result.n_sequence_fields, os.stat_result.n_fields)
r = os.stat_result(tuple(range(10)))
print(r.st_mode, r.st_size, r.st_atime, r.st_blocks)
try:
    os.stat_result((1, 2))
except TypeError as e:
    print("TypeError:", e)
print(os.stat(base).st_mode & 0o170000 == stat.S_IFDIR, os.path.isdir(base), os.path.isfile(f))
print("exists:", os.path.exists(f), os.path.exists(f + ".no"), os.path.getsize(f))

fd = os.open(f, os.O_RDONLY)
print("read:", os.read(fd, 5), os.read(fd, 100), os.read(fd, 10))
print("lseek:", os.lseek(fd, 6, os.SEEK_SET), os.read(fd, 5))
print("fstat:", os.fstat(fd).st_size, os.get_inheritable(fd), os.get_blocking(fd))
fd2 = os.dup(fd)
print("dup:", fd2 != fd, os.lseek(fd2, 0, os.SEEK_CUR), os.get_inheritable(fd2))
os.close(fd2)
os.close(fd)

r, w = os.pipe()
os.write(w, b"through the pipe")
os.close(w)
print("pipe:", os.read(r, 100), os.read(r, 100))
os.close(r)

os.mkdir(os.path.join(base, "sub"))
os.symlink("a.txt", os.path.join(base, "link"))
print("listdir:", sorted(os.listdir(base)), sorted(os.listdir(base.encode())))
print("readlink:", os.readlink(os.path.join(base, "link")), os.path.islink(os.path.join(base, "link")))
with os.scandir(base) as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(" ", repr(e), e.name, e.path == os.path.join(base, e.name), e.is_dir(), e.is_file(),
          e.is_symlink(), e.is_file(follow_symlinks=False), e.stat().st_size == os.stat(e.path).st_size,
          os.fspath(e) == e.path, e.inode() == os.lstat(e.path).st_ino)
dfd = os.open(base, os.O_RDONLY)
print("listdir(fd):", sorted(os.listdir(dfd)), sorted(e.path for e in os.scandir(dfd)))
os.close(dfd)
print("bytes entry:", [e.name for e in os.scandir(base.encode()) if e.name == b"sub"])

os.rename(f, os.path.join(base, "b.txt"))
try:
    os.rename(f, os.path.join(base, "c.txt"))
except FileNotFoundError as e:
    print("rename:", e.errno, e.strerror, e.filename == f, e.filename2 == os.path.join(base, "c.txt"))
os.replace(os.path.join(base, "b.txt"), os.path.join(base, "c.txt"))
os.chmod(os.path.join(base, "c.txt"), 0o600)
print("chmod:", oct(stat.S_IMODE(os.stat(os.path.join(base, "c.txt")).st_mode)))
print("access:", os.access(os.path.join(base, "c.txt"), os.R_OK), os.access(base + "/none", os.F_OK))
os.truncate(os.path.join(base, "c.txt"), 4)
print("truncate:", os.path.getsize(os.path.join(base, "c.txt")))
os.utime(os.path.join(base, "c.txt"), (1000000000, 1234567890.5))
st = os.stat(os.path.join(base, "c.txt"))
print("utime:", st.st_atime, st.st_mtime, st.st_mtime_ns)
os.utime(os.path.join(base, "c.txt"), ns=(5, 7 * 10**9 + 11))
print("utime ns:", os.stat(os.path.join(base, "c.txt")).st_mtime_ns)

for name in ("c.txt", "link"):
    os.remove(os.path.join(base, name))
os.rmdir(os.path.join(base, "sub"))
try:
    os.rmdir(base + "/sub")
except FileNotFoundError as e:
    print("rmdir:", e.errno, e.strerror, e.filename == base + "/sub")
try:
    os.remove(base)
except IsADirectoryError as e:
    print("remove dir:", type(e).__name__, e.errno == errno.EISDIR)
old = os.getcwd()
os.chdir(base)
print("cwd:", os.getcwd() == base, os.getcwdb() == base.encode(), os.listdir())
os.chdir(old)
os.rmdir(base)
print("gone:", os.path.exists(base))

# Argument errors, as CPython words them.
for call in (lambda: os.stat(None), lambda: os.stat(1.5), lambda: os.listdir(3.0),
             lambda: os.stat("a\0b"), lambda: os.fspath(3), lambda: os.mkdir(),
             lambda: os.open("x"), lambda: os.read(0, -1), lambda: os.lseek(0, 0, 9),
             lambda: os.stat_result(), lambda: os.rename("pyrite-no-such", b"pyrite-none")):
    try:
        call()
    except Exception as e:
        print(type(e).__name__ + ":", e)

class P:
    def __init__(self, p):
        self.p = p
    def __fspath__(self):
        return self.p
print("fspath:", os.fspath(P("x/y")), os.fspath(P(b"z")), os.fspath("s"), os.fspath(b"b"))
try:
    os.fspath(P(3))
except TypeError as e:
    print("TypeError:", e)
try:
    os.stat(P(None))
except TypeError as e:
    print("TypeError:", e)

print("errno:", errno.ENOENT, errno.errorcode[2], errno.EWOULDBLOCK == errno.EAGAIN, errno.errorcode[errno.EAGAIN])
print("strerror:", os.strerror(2), os.strerror(13))
print("status:", os.waitstatus_to_exitcode(256 * 3), os.waitstatus_to_exitcode(9), os.WIFEXITED(0), os.WEXITSTATUS(512))
try:
    os.waitstatus_to_exitcode(0x7f)
except ValueError as e:
    print("ValueError:", e)
print("env:", os.environ.get("PATH") is not None, "PYRITE_NO_SUCH" in os.environ, type(os.environb) is not None)
print("ids:", os.getpid() > 0, os.getppid() > 0, os.getuid() >= 0, os.cpu_count() >= 1)
print("uname:", os.uname().sysname, len(os.uname()), type(os.times().elapsed).__name__)
print("urandom:", len(os.urandom(16)), type(os.urandom(0)).__name__)
print("sep:", os.sep, os.pathsep, os.linesep == "\n", os.name, os.curdir, os.devnull)
print("path:", os.path.join("a", "b", "c"), os.path.split("/x/y.txt"), os.path.splitext("f.tar.gz"),
      os.path.normpath("/a/./b/../c"), os.path.basename("/q/r"), os.path.dirname("/q/r"),
      os.path.isabs("/x"), os.path.relpath("/a/b/c", "/a"))
print("system:", os.system("exit 3") >> 8, os.system("true"))
