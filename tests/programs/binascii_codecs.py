# needs: cpython-lib
# binascii (hex, base64 incl. strict mode, CRCs) and base64 on top of it.
import binascii, base64
print(binascii.hexlify(b'\x01\xabz'), binascii.hexlify(b'abcdef', '-'), binascii.hexlify(b'abcdef', b':', 2), binascii.hexlify(b'abcdef', ' ', -4), binascii.b2a_hex(b''))
print(binascii.unhexlify('01ab7a'), binascii.a2b_hex(b'FFfe'))
for bad in ['abc', 'zz', 'é']:
    try:
        binascii.unhexlify(bad)
    except Exception as e:
        print(type(e).__name__, e)
for d in [b'', b'a', b'ab', b'abc', b'abcd', bytes(range(256))]:
    e = binascii.b2a_base64(d)
    print(e[:40], binascii.a2b_base64(e) == d, binascii.b2a_base64(d, newline=False)[-2:])
for s in [b'YQ==', b'YQ', b'YWJj\n', b'Y W J j', b'YQ==YQ==', b'Y', b'YWJjZ', b'=YQ==', b'YQ=x=', b'YQ===']:
    for strict in (False, True):
        try:
            print(s, strict, binascii.a2b_base64(s, strict_mode=strict))
        except binascii.Error as e:
            print(s, strict, 'Error:', e)
print(binascii.crc32(b'hello world'), binascii.crc32(b'world', binascii.crc32(b'hello ')), binascii.crc32(b''), binascii.crc_hqx(b'123456789', 0xffff), binascii.crc_hqx(b'', 0))
print(base64.b64encode(b'hello world'), base64.b64decode(b'aGVsbG8gd29ybGQ='), base64.urlsafe_b64encode(b'\xfb\xff'), base64.b32encode(b'ab'), base64.b32decode(b'MFRA===='), base64.b16encode(b'hi'), base64.b85encode(b'hello'), base64.a85encode(b'hello'))
try:
    base64.b64decode(b'abc', validate=True)
except binascii.Error as e:
    print('Error:', e)
print(issubclass(binascii.Error, ValueError), binascii.Error.__module__)
