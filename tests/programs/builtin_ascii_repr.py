for v in ["abc", "é", "日本", "\n\t", "\x7f", "\u200b", "'", '"', "'\"", "\\", "\U0001F600"]:
    print(repr(v), ascii(v), len(repr(v)))
print(ascii([1, "é"]), ascii({"k": "ü"}), repr(b"\x00\x7f\x80"), repr(bytearray(b"'")))
