# needs: cpython-lib
# _ast: ast.parse builds CPython's node objects (positions included),
# compile() takes them back, the node classes construct, repr, copy and
# report errors as CPython 3.14 does.
import ast
import copy
import pickle
import warnings

src = '''
import os.path as p
from . import x
@dec
async def f(a, /, b: int = 1, *c, d, e=2, **g) -> "r":
    """doc"""
    global q
    async with m as (n, o):
        await z
    return [i async for i in y if i]
class C(B, metaclass=M):
    x: int = 3
    def m[T](self): ...
match v:
    case [1, *rest]: pass
    case {"k": _, **kw}: pass
    case Point(x=0, y=yy) if yy > 2: pass
    case str() as s: pass
try:
    pass
except* E as e:
    raise X from e
finally:
    del a[1:2, ::3], b.c
t = f"{a!r:>{w}} {b=}" + t"{c}" + b'\\x00' + "é"
lam = lambda x, *, y=1: (x, y)
w = {**d, 'k': 1} | {1, 2} - {*s}
type Alias[K: int = str] = list[K]
'''
tree = ast.parse(src)
print(ast.dump(tree, include_attributes=True))
print(ast.unparse(tree))
ns = {}
code = compile(tree, "<ast>", "exec")
print(code.co_filename, [c for c in code.co_consts if isinstance(c, str)])

# Evaluating a built tree.
e = ast.Expression(ast.BinOp(ast.Constant(6), ast.Mult(), ast.UnaryOp(ast.USub(), ast.Constant(7))))
ast.fix_missing_locations(e)
print(eval(compile(e, "<e>", "eval")))
body = ast.parse("total = 0\nfor i in range(5):\n    total += i\n")
exec(compile(body, "<loop>", "exec"), ns)
print(ns["total"])

# Node classes.
print(ast.Name._fields, ast.Name._attributes, ast.Name.__match_args__)
print(ast.FunctionDef._field_types)
print(ast.Dict.__doc__, "|", ast.expr_context.__doc__, "|", ast.Load.__doc__)
print(ast.stmt.__doc__.splitlines()[:3])
print(ast.Constant.kind, ast.expr.end_lineno, ast.AST._fields)
n = ast.Name("x")
print(ast.dump(n), repr(n), n.ctx)
print(repr(tree.body[3]))
print(repr(ast.parse("f(a, *b, k=[1, 2, 3, 4], **c)").body[0].value))
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    ast.Name()
    ast.Name("x", foo=1)
    for item in w:
        print(item.category.__name__, item.message)
try:
    ast.Name("a", ast.Load(), 3)
except TypeError as ex:
    print("TypeError", ex)
try:
    ast.Name("a", id="b")
except TypeError as ex:
    print("TypeError", ex)
print(ast.Load() is ast.Load(), tree.body[0].names[0].asname)
l1 = ast.parse("a; b")
print(l1.body[0].value.ctx is l1.body[1].value.ctx)

# Copy, pickle, replace, match.
d = copy.deepcopy(tree)
print(ast.dump(d) == ast.dump(tree), ast.compare(d, tree))
print(ast.dump(pickle.loads(pickle.dumps(tree.body[0]))))
print(ast.dump(copy.replace(ast.Name("q"), id="r")))
match ast.parse("x + 1").body[0].value:
    case ast.BinOp(ast.Name(id), ast.Add(), ast.Constant(k)):
        print("matched", id, k)

# Malformed trees.
bad = [
    ast.Module([ast.Expr(ast.Name("x", ast.Load()))], []),
    ast.Module([ast.Expr(42, lineno=1, col_offset=0)], []),
    ast.Module(body=3, type_ignores=[]),
    ast.Expression(ast.Name(5, ast.Load(), lineno=1, col_offset=0)),
    ast.Expression(ast.Constant([1], lineno=1, col_offset=0)),
]
for b in bad:
    try:
        compile(b, "<bad>", "exec" if isinstance(b, ast.Module) else "eval")
    except (TypeError, ValueError) as ex:
        print(type(ex).__name__, ex)
try:
    compile(ast.Module([], []), "<m>", "eval")
except TypeError as ex:
    print("TypeError", ex)

# Helpers built on the classes.
print(ast.literal_eval("{'a': [1, 2.5, -3j, (None, True)], 'b': {1, 2}}"))
print([type(n).__name__ for n in ast.walk(ast.parse("a = b(c)"))])
print(ast.get_source_segment("x = [1,\n  2]", ast.parse("x = [1,\n  2]").body[0].value))
print(ast.increment_lineno(ast.parse("a"), 4).body[0].lineno)
