s = "the quick brown fox jumps over the lazy dog"
print(s.find("the"), s.find("the", 1), s.rfind("the"), s.find("the", 5, 10), s.find(""), s.find("", 100), s.rfind("", 5))
print(s.count("o"), s.count("o", 20), s.count("o", 0, 10), s.count("the"), s.index("fox"), s.rindex("o"), "abc".count("", 1, 2))
print(s.startswith("the"), s.startswith("quick", 4), s.endswith("dog"), s.endswith("lazy", 0, -4), s.startswith(("a", "t")), "".startswith(""))
try:
    s.index("cat")
except ValueError as e:
    print(e)
try:
    s.startswith(["a"])
except TypeError as e:
    print(e)
print("日本語テキスト".find("テ"), "日本語テキスト".index("キ"), "ａｂｃ".upper(), "é".isalpha(), "Ⅻ".isnumeric(), "٣".isdecimal())
