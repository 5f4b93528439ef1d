print(sorted(["é", "e", "f", "E", "ê"]), "ä" < "z", "Z" < "a", "ß".upper() == "SS", "ﬁ".upper(), len("ﬁ".upper()))
print("straße".casefold() == "STRASSE".casefold(), "ǈ".islower(), "ǈ".isupper(), "ǈ".istitle(), "Ⅻ".isupper(), "ⅻ".lower())
print("Hello".swapcase(), "ΣΑΣ".lower(), "σας".upper(), "İ".casefold(), len("İ".lower()))
