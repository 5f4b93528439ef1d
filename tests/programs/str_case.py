for s in ["hello WORLD", "ǅungla", "ß straße", "ΣΑΣ ΟΔΟΣ", "i̇stanbul", "they're bill's friends", "123abc", "a1b2", ""]:
    print(repr(s), s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), s.casefold(), s.istitle(), s.isupper(), s.islower())
