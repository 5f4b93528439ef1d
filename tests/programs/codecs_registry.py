# needs: cpython-lib
# _codecs under codecs, encodings and json: registry, UTF-8/16/32, escapes, charmaps, error handlers, incremental decoders.
import codecs, _codecs
print(_codecs.utf_8_decode(b'ab\xc3', 'strict', False), _codecs.utf_16_encode('ab'), _codecs.utf_16_decode(b'\xff\xfea\x00b'), _codecs.charmap_build('abc'))
print(_codecs.unicode_escape_encode('a\u00e9\n\\\''), _codecs.escape_encode(b'a\n\x00\''), _codecs.raw_unicode_escape_encode('a\u1234\xe9'))
print(codecs.lookup('UTF-8').name, codecs.lookup('latin_1').name, codecs.lookup_error('strict').__name__)
for enc in ['utf-8', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-be', 'latin-1', 'ascii', 'cp1252', 'unicode_escape', 'raw_unicode_escape', 'iso8859_15', 'cp437', 'mac_roman']:
    s = 'héllo wörld \u20ac' if enc not in ('ascii', 'latin-1', 'cp437', 'mac_roman') else 'hello'
    b = codecs.encode(s, enc)
    print(enc, b, codecs.decode(b, enc) == s)
print('ab\u20ac'.encode('utf-16'), b'\xff\xfea\x00'.decode('utf-16'), 'x'.encode('cp1252'), b'\x80'.decode('cp1252'))
print(codecs.decode(b'\\x41\\n\\u00e9', 'unicode_escape'), codecs.decode(b'a\\tb', 'escape_codec') if False else codecs.escape_decode(b'a\\tb\\x41\\101'))
for h in ['ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace']:
    print(h, 'a\u20acb\xe9'.encode('ascii', h))
print(b'a\xffb'.decode('utf-8', 'surrogateescape').encode('utf-8', 'surrogateescape'), b'a\xffb'.decode('ascii', 'backslashreplace'))
print(codecs.lookup_error('replace')(UnicodeDecodeError('utf-8', b'ab', 0, 1, 'x')))
print(codecs.lookup_error('backslashreplace')(UnicodeEncodeError('ascii', '\u20ac', 0, 1, 'x')))
dec = codecs.getincrementaldecoder('utf-8')()
print(dec.decode(b'\xe2\x82'), dec.decode(b'\xac!'), codecs.getincrementaldecoder('utf-16')().decode(b'\xff\xfea'))
try:
    codecs.lookup('no-such-codec')
except LookupError as e:
    print(e)
try:
    b'\xff'.decode('utf-16-le')
except UnicodeDecodeError as e:
    print(e)
try:
    '\ud800'.encode('utf-16')
except UnicodeEncodeError as e:
    print(e)
import json
print(json.dumps({'a': [1, 2.5, None, True, "x\u00e9"]}), json.loads('{"b": [1, 2, {"c": null}], "s": "\\u00e9\\n"}'))
print(json.dumps({'k': 'v', 'n': [1, {'z': 2}]}, indent=2, sort_keys=True))
