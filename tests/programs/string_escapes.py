print("tab:\t|newline escaped:\\n|quote:\"|apos:\'|bell len:", len("\a"), len("\x41"), "\101", "\u0041", "\U00000041", "\N{BULLET}")
print(r"raw \n stays", len(r"\n"), "multi" "ple", 'mixed "quotes"', "it's")
print("""triple
"quoted" string""", '''single triple''')
print(b"\x00\x01", rb"\x00", "\0", len("\0"), "a\
b")
