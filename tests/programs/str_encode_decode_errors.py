s = "héllo wörld ✓"
for enc in ["utf-8", "latin-1", "ascii"]:
    for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
        try:
            print(enc, errors, s.encode(enc, errors))
        except UnicodeEncodeError as e:
            print(enc, errors, "UnicodeEncodeError", e.start, e.end, e.reason)
data = "héllo".encode("utf-8") + b"\xff\xfe"
for errors in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape"]:
    try:
        r = data.decode("utf-8", errors)
        print(errors, repr(r))
    except UnicodeDecodeError as e:
        print(errors, "UnicodeDecodeError", e)
print(b"\xe2\x82".decode("utf-8", "replace"), repr(b"\xc3".decode("utf-8", "ignore")))
try:
    b"\xe2\x82".decode()
except UnicodeDecodeError as e:
    print(e)
