s = "  Hello, World!  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), s.strip().lower(), s.strip().upper(), s.strip().swapcase())
print("hello world".title(), "hello world".capitalize(), "ß".upper(), "İ".lower(), "ǆ".title())
print("a,b,,c".split(","), "a b  c".split(), "a,b,c".split(",", 1), "a,b,c".rsplit(",", 1), " a b ".split(" "), "".split(), "".split(","))
print("line1\nline2\r\nline3".splitlines(), "x\ny\n".splitlines(True), "-".join(["a", "b", "c"]), "".join([]))
print("hello".find("l"), "hello".rfind("l"), "hello".find("z"), "hello".index("e"), "hello".count("l"), "aaa".count("aa"), "hello".count(""))
print("hello".replace("l", "L"), "hello".replace("l", "L", 1), "abc".replace("", "-"), "hello".startswith("he"), "hello".endswith(("lo", "x")))
print("42".zfill(5), "-42".zfill(5), "abc".center(9, "*"), "abc".ljust(6, "."), "abc".rjust(6), "abc".center(4))
print("abc".isalpha(), "abc1".isalnum(), "123".isdigit(), "١٢٣".isdecimal(), "½".isnumeric(), "   ".isspace(), "Abc".istitle(), "ABC".isupper(), "abc".islower(), "_x1".isidentifier(), "1x".isidentifier())
print("a\tb".expandtabs(4), "key=value=x".partition("="), "key=value=x".rpartition("="), "abc".partition("z"))
print("prefix_name".removeprefix("prefix_"), "file.txt".removesuffix(".txt"), "abc"[::-1], "abcdef"[1:5:2], "abc"[-1], "abc" * 3, "x" in "xyz")
print(str.maketrans("ab", "xy"), "abcab".translate(str.maketrans("ab", "xy", "c")), ord("A"), chr(955), "é".encode(), b"\xc3\xa9".decode())
for bad in [lambda: "abc".index("z"), lambda: "a".center(5, "xy"), lambda: "abc"[10], lambda: "a" + 1, lambda: "".join([1]), lambda: "x".split("")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(sorted(["b", "A", "a", "B"]), "a" < "b", "abc" < "abd", "Z" < "a", max("hello"), min("hello"), len("日本語"), "日本語"[1])
