s = "abc"
for ch in s:
    print(ch, end=",")
print()
print(list(enumerate("xy")), dict(zip("ab", "cd")), [c.upper() for c in "hi"], "".join(sorted("dcba")))
print("a" "b" 'c', """multi
line""", r"raw\n", "tab\there")
