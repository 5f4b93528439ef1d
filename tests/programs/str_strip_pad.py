print(repr("  x  ".strip()), repr("xxhixx".strip("x")), repr("abcba".strip("ab")), repr(" \t\n x\n".lstrip()), repr("x..".rstrip(".")))
print(repr("".strip()), repr("abc".strip("")), "abc".center(10, "é"), "abc".ljust(2), "ab".center(5), "ab".center(6), "abc".center(6), "x".zfill(3), "+".zfill(3))
try:
    " x ".strip(5)
except TypeError as e:
    print(e)
print("{:^7}|{:^8}".format("ab", "ab"), "abc".rjust(10, "0"), "1,234".zfill(8), "-".join("abc"), "a\tbc\td".expandtabs(), "a\tb".expandtabs(0))
