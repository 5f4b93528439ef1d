print(abs(-3.5), all([]), any([]), bin(5), chr(65), ord("a"), divmod(17, 5), hex(31), oct(9), pow(2, 5), round(3.14159, 2))
print(sorted([5, 2, 8]), sum([1, 2, 3], 10), min([4, 2, 6]), max("abc"), len({"a": 1}), list(enumerate("ab", 1)), list(zip("ab", [1, 2], strict=True)))
print(list(map(lambda x: x * 2, [1, 2])), list(filter(None, [0, 1, "", "a"])), list(reversed("abc")), callable(len), callable(1))
print(isinstance(1, (str, int)), issubclass(bool, (int,)), isinstance(1, int | str), type(1), type("a").__name__, id(1) == id(1))
print(repr("a'b"), ascii("é"), format(3.14159, ".1f"), hash("a") == hash("a"), hash(1), iter([1]).__class__.__name__)
print(getattr(1, "real"), hasattr([], "append"), dir([])[:3], vars(type("X", (), {"a": 1}))["a"])
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
print(max([], default=0), min(3, 1, 2, key=lambda x: -x), sum([0.1] * 10), sum([[1], [2]], []))
for bad in [lambda: max([]), lambda: min(), lambda: sum(["a"]), lambda: next(iter([])), lambda: chr(-1), lambda: ord("ab"), lambda: len(5), lambda: abs("x"), lambda: iter(5), lambda: list(zip([1], [1, 2], strict=True))]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(eval("1 + 2"), eval("x * 2", {"x": 5}), exec("y = 3", g := {}) or g["y"])
code = compile("z = 4", "<s>", "exec")
ns = {}
exec(code, ns)
print(ns["z"], type(code).__name__)
print(globals()["__name__"], "print" in dir(__builtins__), locals() is globals())
