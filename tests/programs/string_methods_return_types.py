class S(str): pass
s = S("Hello")
for name in ["upper", "lower", "strip", "title", "capitalize", "swapcase", "casefold"]:
    r = getattr(s, name)()
    print(name, r, type(r).__name__)
print(type(s + "x").__name__, type(s * 2).__name__, type(s[1:]).__name__, type(s.replace("l", "L")).__name__, type(str(s)).__name__, type(s.split()[0]).__name__)
