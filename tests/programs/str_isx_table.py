samples = ["", "abc", "ABC", "Abc", "abc123", "123", "١٢٣", "½", "²", " ", "\t\n", "a b", "_", "Ǆ", "ǅ", "ⅷ", "é", "中文", "a1_"]
for s in samples:
    print(repr(s), s.isalpha(), s.isalnum(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isspace(), s.islower(), s.isupper(), s.istitle(), s.isidentifier(), s.isprintable(), s.isascii())
