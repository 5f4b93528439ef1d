# needs: cpython-lib
# CPython's tokenize over _tokenize.TokenizerIter: comments, NL, operators as
# OP, f-string and t-string pieces, line ends as given, end-of-file tokens,
# and the errors tokenize turns into TokenError.
import io
import tokenize
import token

SOURCES = [
    "# leading comment\n\nimport os  # trailing\ndef f(a,\n      b):  # c\n    return a\n",
    'x = f"a{{b}}{a!r:>{b}} c" + t"hi {n}" + rf"\\{a}\\n{{"\n',
    "s = '''multi\nline''' + \"s\"\nif x:\n\n    y = 1\n  # odd\n    z = \\\n        2\n",
    "a = 1\r\nb = 2\r\n",
    "x",
    "# only a comment",
    "",
    "a = $b ? 1\n",
    "z = [1,\n     # inside\n     2]\nw = {a: {b: c} for a in d}\n",
    "j = f\"\\N{BULLET} {a:%Y-%m}\" f'{a:{b}}}}' f\"{a=}\"\n",
    "async def g():\n    await x\n    return [i async for i in y]\n",
    "v = 0x_ff + 1_000.5e-3j + 0o17 + 0b1 + .5\n",
    "a = (1,\n",
    "s = 'abc\n",
    "s = '''abc\n",
    "if x:\n    a\n  b\n",
    "x = 1 \\ y\n",
    "def f():\n\tif x:\n        y\n",
]

for src in SOURCES:
    print("==", repr(src))
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            print(" ", token.tok_name[tok.exact_type], repr(tok.string), tok.start, tok.end, repr(tok.line))
    except (tokenize.TokenError, SyntaxError) as e:
        print("  error", type(e).__name__, e.args[0], e.args[1][:2] if isinstance(e.args[1], tuple) else e.args[1])

# The bytes interface: an ENCODING token first, the cookie honoured.
data = b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n"
for tok in tokenize.tokenize(io.BytesIO(data).readline):
    print(tok.type, repr(tok.string), tok.start, tok.end)

# untokenize round-trips the token stream.
src = "def f(x):\n    return [y*2 for y in x if y]  # double\n"
toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
print(tokenize.untokenize(toks) == src)

# A readline that fails part way: tokens of the lines read, then its error.
def lines():
    yield "a = 1\n"
    yield "b = (2\n"
    raise ValueError("boom")
it = lines()
try:
    for tok in tokenize.generate_tokens(lambda: next(it)):
        print(tok.type, repr(tok.string))
except ValueError as e:
    print("ValueError", e)

import _tokenize
try:
    list(_tokenize.TokenizerIter(iter([b"x"]).__next__, extra_tokens=True))
except TypeError as e:
    print("TypeError", e)
print(_tokenize.TokenizerIter.__module__, _tokenize.TokenizerIter.__name__)

# The parser's view (extra_tokens=False): exact types, no comments.
for t in _tokenize.TokenizerIter(io.StringIO("x = (1 +\n 2)\n").readline, extra_tokens=False):
    print(t[0], repr(t[1]), t[2], t[3])
