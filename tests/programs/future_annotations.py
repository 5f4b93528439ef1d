# PEP 563: `from __future__ import annotations` keeps every annotation as
# the source text CPython's unparser gives back, never evaluated.
from __future__ import annotations
import __future__

print(__future__.annotations, __future__.annotations.compiler_flag)
print(__future__.all_feature_names)
print(__future__.annotations.getOptionalRelease(), __future__.annotations.getMandatoryRelease())

x: int = 3
y: list[int]
z: undefined_name.attr[1:2, ::3]
print(__annotations__)

def show(f):
    for k, v in f.__annotations__.items():
        print(f"{k}: {v!r}")

def f1(a: lambda x, *y, z=1, **k: x, b: (x if 0 else 1), c: -1 + 2 * 3 ** -4) -> "x": pass
show(f1)

def f2(a: a and b or not c, b: (a < b <= c is not d not in e), c: a | b ^ c & d << e >> f,
       d: a + b - c * d / e // f % g @ h, e: (a + b) * c, f: a ** b ** c, g: (a ** b) ** c,
       h: -(-a), i: ~a, j: +a, k: not not a, l: await_ if x else y): pass
show(f2)

def f3(a: [1, 2, *r], b: (1,), c: (), d: (1, 2), e: {1: 2, **m}, f: {1, 2}, g: {*()},
       h: [x for x in y if x if z], i: {k: v for k, v in d.items()}, j: {s for s in t},
       k: (g for g in h), l: call(g for g in h), m: call(a, *b, c=d, **e),
       n: a[1], o: a[1:2], p: a[::2], q: a[1, 2], r: a[(1,)], s: a[()], t: a.b.c,
       u: 1 .real, v: 1.5.real, w: a[b][c](d)(e)) -> None: pass
show(f3)

def f4(a: 'str', b: b'bytes', c: 1.0, d: 1e300 * 1e300, e: 2j, f: ..., g: None, h: True,
       i: 10**100, j: 0x10, k: "quote's", l: 'dq"', m: u"uni", n: """tri
ple""", o: f"fmt{x!r:>{w}} and {{lit}} {y=}", p: f'{a["k"]}', q: 1e309, r: 1e309j): pass
show(f4)

def f5(a: (lambda: 1), b: lambda *, k: k, c: lambda a, /, b: a,
       e: a if b else c if d else e, f: (a if b else c) if d else e, g: (lambda: 1)()) -> a.b[c]: pass
show(f5)

def f6(*args: int, **kwargs: str): pass
show(f6)

class C:
    a: dict[str, 'C'] = {}
    b: C
    if a:
        c: int
    def m(self, q: C | None = None, *args: int, k: str = "", **kw: float) -> C: ...
    def __private(self, __x: __y) -> __z: ...
print(C.__annotations__)
show(C.m)
show(C._C__private)

def outer():
    local: int = 5
    def inner(a: outer_only) -> inner_only: pass
    return inner
show(outer())
print(f1.__annotate__(1))
print(f1.__code__.co_flags & 0x1000000 != 0)

# Annotations are never evaluated: these names need not exist.
def g(a: no_such_name) -> also_missing: return a
print(g(5))

# More unparser forms: lambdas' parameter lists, f-string and t-string
# bodies, starred subscripts, precedence against explicit parentheses.
def f(a: lambda *a: a, b: lambda **k: k, c: lambda a=1, /, b=2, *c, d, e=3, **f: 0,
      d: f"{x:{y}.{z}}", e: f"{'a' if x else 'b'}", f: f"{(lambda: 1)()}", g: f"{ {1: 2}[1] }",
      h: f"{x!s}{y!a}", i: f"a{{}}b", j: t"{x} and {y!r:>3}", k: a[*b], l: a[1:2, *c],
      m: [*a, *b], n: (a, *b), o: x.y(z).w[0], p: (yield_ for yield_ in x), q: await_,
      r: a if (b if c else d) else e, s: not (a and b), t: (not a) + 1, u: -a ** 2, v: (-a) ** 2,
      w: a < (b < c), x: (a < b) < c, y: a @ (b @ c), z: 'a\nb\t\x00\u1234', aa: "\U0001F600",
      cc: {**a, 'b': 1, **c}, dd: 1_000_000, ee: 0.1 + 0.2, ff: 1e-10,
      gg: (1, (2, 3)), hh: a[b:c:d, e], ii: a[:], jj: a[::], kk: f(*a, **b), ll: x.__private):
    pass
show(f)
class K:
    __slots__ = ()
    def m(self, a: __mangled, b: K.__attr) -> list[__x]: pass
show(K.m)
