cases = ["", " ", "a", " a ", "a  b", "\ta\nb\r\nc\x0bd\x0ce\x1cf", "a,b,,c,", ",", ",,"]
for s in cases:
    print(repr(s), s.split(), s.split(","), s.rsplit(None, 1), s.split(",", 1), s.rsplit(",", 1))
print("a b c d".split(None, 2), "a b c d".rsplit(None, 2), "abcabc".split("bc"), "aaa".split("a"), "1<>2<>3".split("<>"))
print("x\n\ny\n".splitlines(), "\n".splitlines(), "".splitlines(), "a\r\rb".splitlines(), "a\u2028b".splitlines())
