text = """The quick brown fox jumps over the lazy dog.
The dog barks. The fox runs!"""
words = [w.strip(".,!").lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
print(len(text.splitlines()), text.count("The"), text.upper().count("THE"), [l.split()[0] for l in text.splitlines()])
print(" ".join(w.capitalize() for w in "hello big world".split()), "-".join(reversed("a b c".split())))
print(text.replace("The", "A", 2).splitlines()[0], text.find("dog"), text.rfind("dog"), text[4:9].title())
