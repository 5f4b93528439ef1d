print("hello".partition("l"), "hello".rpartition("l"), "hello".partition("hello"), "a-b".rpartition("-"))
print("Hello World".isprintable(), "\x00".isprintable(), "abc".isascii(), "é".isascii(), "ID".isidentifier(), "class".isidentifier())
print("x".__len__(), "abc".__getitem__(1), "a".__add__("b"), "a".__mul__(3), "abc".__contains__("b"), str.__name__)
t = str.maketrans({"a": "1", "b": None, "c": "xyz"})
print(t, "abcabc".translate(t), "hello".translate({104: 72}))
print(str(), str(5), str("x"), str(b"x", "ascii"), str(b"\xff", "latin-1"), repr(str(3.0)))
for bad in [lambda: str(b"x", "nope"), lambda: str("x", "utf-8"), lambda: "abc".removeprefix(1)]:
    try:
        bad()
    except (LookupError, TypeError) as e:
        print(type(e).__name__, e)
