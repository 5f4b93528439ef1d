s = "héllo wörld ✓ 日本"
print(len(s), s[1], s[-1], s[6:11], s.upper(), s.encode("utf-8"), s.encode("utf-8").decode("utf-8") == s)
print(repr("\x00\t\n\\'\""), repr("\u200b"), repr("é"), "\N{GREEK SMALL LETTER ALPHA}", "\u00e9" == "é", ascii("日"))
print("ab".encode("ascii"), "é".encode("latin-1"), b"caf\xe9".decode("latin-1"))
for bad in [lambda: "é".encode("ascii"), lambda: b"\xff".decode("utf-8"), lambda: "x".encode("nope")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(b"\xff".decode("utf-8", "replace"), b"\xffa".decode("utf-8", "ignore"), "é".encode("ascii", "replace"), "é".encode("ascii", "backslashreplace"))
print(sorted("cba"), "".join(reversed("abc")), str(b"ab"), str(1.0), str(None), str([1, "a"]))
