# _string's parsers (behind string.Formatter) and str.format share one
# reading of format strings: pieces, escapes, conversions, nested specs,
# field names, and the errors for malformed ones.
import _string
cases = ['a{0!r:>10}b', 'x{{y}}z', '{}', '{a.b[c]}', '{:{w}}', 'abc', '', '{0!}', '{', '}',
         'a}}', '{!r}', '{0:}', '{0', 'a{', '{0:', '{0!r:', '{0:{1', '{0!x}', '{0!rr}', '{[}',
         '{0!:}', '{{0', '{0[1]x}', 'é{0}ü']
for s in cases:
    try:
        print(repr(s), list(_string.formatter_parser(s)))
    except Exception as e:
        print(repr(s), type(e).__name__, e)
    try:
        print('   format', repr(s.format(1, 8, a={'b': 3})))
    except Exception as e:
        print('   format', type(e).__name__, e)
for s in ['a.b[c]', '0.x', '', '[1]', 'a[', 'x..y', '12[x][3].y', 'a[0]b', 'k[-1]']:
    try:
        first, rest = _string.formatter_field_name_split(s)
        print(repr(s), repr(first), list(rest))
    except Exception as e:
        print(repr(s), type(e).__name__, e)
for bad in [5, b'x']:
    try:
        _string.formatter_parser(bad)
    except TypeError as e:
        print("TypeError", e)
