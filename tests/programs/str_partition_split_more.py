for s in ["a=b=c", "=", "abc", "", "==x=="]:
    print(repr(s), s.partition("="), s.rpartition("="), s.split("=", 1), s.rsplit("=", 1), s.split("=="))
