print("aaaa".replace("aa", "b"), "abc".replace("", ""), "abc".replace("x", "y"), "abab".replace("ab", "ba", 1), "a.b.c".replace(".", ""), "".replace("", "x"))
print(", ".join(["x"]), ", ".join(("a", "b")), "".join(map(str, range(5))), "->".join(x for x in "ab"), "|".join({"k": 1}))
try:
    "-".join(["a", 2])
except TypeError as e:
    print(e)
print("%s" % [1, 2], "%s" % ((1, 2),), "%r" % "x", "%5.1f%%" % 99.44, "%d items" % 3.7, "%i" % True, "%x" % 3.0 if False else "")
