try:
    {}["missing"]
except KeyError as e:
    print(repr(e), e.args, str(e))
try:
    [].pop()
except IndexError as e:
    print(repr(e))
try:
    None.attr
except AttributeError as e:
    print(e, e.name, e.obj)
try:
    undefined_var
except NameError as e:
    print(e, e.name)
try:
    import does_not_exist_xyz
except ModuleNotFoundError as e:
    print(e, e.name, isinstance(e, ImportError))
try:
    raise StopIteration(5)
except StopIteration as e:
    print(e.value, e.args)
e = SystemExit(3)
print(e.code, SystemExit().code, SystemExit(1, 2).code)
oe = OSError(2, "No such file", "f.txt")
print(oe, oe.errno, oe.strerror, oe.filename, type(oe).__name__, oe.args)
print(OSError("plain"), OSError(1, "x").args)
u = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
print(u, u.start, u.reason)
print(repr(ValueError()), repr(ValueError(1, 2)), str(ValueError()), BaseException.__subclasses__()[:0])
ex = Exception("x")
ex.add_note("note 1")
print(ex.__notes__)
