# needs: cpython-lib
# CPython's re package on the _sre engine: matching, groups, sub/split/findall, scanners, flags, errors.
import re
print(re.match(r'a+b', 'aaab'), re.search(r'\d+', 'abc 123 def'))
print(re.findall(r'(\w)(\d)', 'a1 b2 c3'), re.findall(r'\w+', 'hello big world'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'joe@home and ann@work'))
print(re.split(r'[,;]\s*', 'a, b;c ,d'), re.split(r'(,)', 'a,b,c'), re.split(r'x*', 'axbc'))
print(re.subn('a', 'b', 'banana'), re.sub('', '-', 'abc'))
m = re.match(r'(?P<first>\w+) (?P<last>\w+)(x)?', 'Jane Doe')
print(m.group(0), m.group(1, 2), m.groupdict(), m.groups(), m.groups('-'), m.span(2), m.start('last'), m.lastindex, m.lastgroup, m.regs)
print(m['first'], m.expand(r'\g<last>, \1'), repr(m))
print(re.fullmatch(r'a|ab', 'ab'), re.match(r'a|ab', 'ab'))
print(re.findall(r'(?i)hello', 'Hello HELLO hello'), re.findall(r'^\w+$', 'one\ntwo\nthree', re.M))
print(re.sub(r'\s+', ' ', '  lots   of   space  ').strip())
print([m.span() for m in re.finditer(r'\b\w', 'the quick brown')])
print(re.match(r'(a*)*b', 'aaab').groups(), re.match(r'(a|b)*?c', 'abac').group(0))
print(re.match(r'(?=abc)a', 'abc'), re.match(r'(?!abc)a', 'abc'), re.search(r'(?<=a)b', 'ab'), re.search(r'(?<!a)b', 'ab'))
print(re.match(r'(a)(?(1)b|c)', 'ab'), re.match(r'(a)?(?(1)b|c)', 'c'))
print(re.match(r'(\w+) \1', 'hey hey'), re.match(r'(?i)(\w+) \1', 'hey HEY'))
print(re.match(r'[a-z]+', 'héllo'), re.match(r'\w+', 'héllo wörld'), re.match(r'(?a)\w+', 'héllo'))
print(re.match(r'a{2,3}', 'aaaa'), re.match(r'a{2,3}?', 'aaaa'), re.match(r'(?:ab){2}', 'ababab'))
print(re.match(r'(?>a+)b', 'aaab'), re.match(r'a++b', 'aaab'), re.match(r'(?:ab)++c', 'ababc'))
print(re.compile(r'(a)b', re.I | re.M), re.compile(b'x+'), re.compile('x', re.A))
print(re.sub(b'a', b'b', b'aaa'), re.findall(rb'\d', b'a1b2'))
print(re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b2c3'))
print(re.escape('a.b*c'), re.match(r'[^\W\d_]+', 'abc123'))
print(re.match(r'[\u0100-\u0200]+', '\u0150\u0160x'), re.match(r'(?i)[à-ÿ]+', 'ÀÉ'), re.match(r'(?i)straße', 'STRASSE'))
try:
    re.compile('(')
except re.error as e:
    print('error:', e)
print(re.match('x', 'yx', 1), re.compile('x').match('yx', 1), re.compile('^x').match('yx', 1), re.compile('^x').search('yx', 1))
print(re.compile(r'\d').fullmatch('12', 0, 1), re.compile('a$').search('ab', 0, 1))
print(re.sub('(?m)^', '> ', 'a\nb'), re.findall('', 'ab'))
p = re.compile(r'(?P<word>\w+)(?:-(?P<num>\d+))?')
for m in p.finditer('alpha-1 beta gamma-22', 2, 18):
    print(m.span(), m.group('word', 'num'), m.groupdict('?'), m.pos, m.endpos, m.lastgroup, m.re is p)
sc = p.scanner('x-1 y')
print(sc.match().group(), sc.search().group(), sc.search(), sc.pattern is p)
print(p.groups, p.groupindex, p.pattern, p.flags == re.UNICODE)
print(re.split(r'\s+', 'a b  c   d', maxsplit=2), re.split(r'(\s)(x)?', 'a b'), re.split('x', 'axbxc', -1))
print(re.sub(r'(?P<a>\w)(\w)', r'\g<2>\g<a>', 'abcdef', count=2), re.sub('a', r'\n', 'cat'), re.sub('(b)?c', r'[\1]', 'ac'))
print(re.subn(r'x*', '-', 'abxd'), re.sub('', '|', ''), re.findall(r'(a)|(b)', 'ab'))
for bad in [lambda: p.match(None), lambda: p.match(b'x'), lambda: re.compile(b'x').search('x'),
            lambda: p.match('a').group(3), lambda: p.match('a').group('nope'), lambda: p.match('a').start(9),
            lambda: re.sub('(a)', r'\2', 'a'), lambda: re.sub('a', lambda m: 3, 'a'), lambda: re.compile('a{2,1}'),
            lambda: re.compile('(?P<1>x)'), lambda: re.compile('[z-a]'), lambda: re.compile(r'\p')]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(re.match(r'(?s).+', 'a\nb').group(), re.match(r'.+', 'a\nb').group(), re.match(r'(?x) a  b # c', 'ab'))
print(re.search(r'\Aab\Z', 'ab'), re.search(r'b$', 'ab\n'), re.search(r'b\Z', 'ab\n'), re.findall(r'\B\w', 'ab cd'))
print(re.findall(r'[\d\s]+', '12 34x5'), re.findall(r'[^a-c]', 'abcdef'), re.findall(r'(?i)[A-C]', 'abcABC'))
print(re.match(r'(a)|b', 'b').groups(), re.match(r'(a)|b', 'b').lastindex, re.match(r'((a)b)', 'ab').lastindex)
print(re.match(r'(?:(a)|(b))+', 'ab').groups(), re.match(r'(a)*', 'aaa').span(1), re.match(r'(a|)*b', 'aab'))
print(re.fullmatch(r'(ab)*', 'abab'), re.fullmatch(r'(ab)*?', 'abab'), re.fullmatch(r'a*?', 'aaa'))
print(re.match(r'(?<=\d{2})x', '12x'), re.search(r'(?<=\d{2})x', '12x'), re.search(r'(?<!\d)x', '1x x').start())
print(re.match(rb'(?i)ABC', b'abc'), re.findall(rb'[\x80-\xff]+', b'a\x80\x90b\xff'), re.match(rb'\w+', b'h\xe9llo'))
print(re.sub(r'(?<=a)', '-', 'aaa'), re.findall(r'\b', 'ab cd'), re.split(r'\b', 'ab cd'))
print(re.compile(r'a', re.I) == re.compile(r'a', re.I), re.compile(r'a') == re.compile(r'b'), len({re.compile('q'), re.compile('q')}))
print(repr(re.compile('a' * 300))[-20:], repr(re.match('a', 'a' * 1)), repr(re.match('a*', 'a' * 100))[-30:])
print(re.template if hasattr(re, 'template') else 'no template', re.purge() is None)
p = re.compile('[' + ''.join(chr(i) for i in range(256, 1000, 3)) + ']+')
print(p.match(chr(256) + chr(259) + 'x'), p.match(chr(257)))
print(re.match(r'(?i)[ǅ-ǆ]', 'Ǆ'), re.findall(r'(?i)k', 'K\u212a'), re.findall(r'(?i)ß', 'ẞß'), re.match(r'(?i)σ+', 'Σσς'))
m = memoryview(bytes(range(8))).cast('I')
print(m.tolist(), len(m), m.itemsize, m.format, m.nbytes, m[1], memoryview(b'ab').cast('c').tolist())
try:
    memoryview(b'abc').cast('I')
except TypeError as e:
    print(e)
print(re.match(r'(a+)+$', 'a' * 18 + 'b'), len(re.match(r'(?:ab)*', 'ab' * 50000).group()), re.match(r'.*', 'x' * 100000).end())
