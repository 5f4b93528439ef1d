d = {}
print("lookup")
d["missing"]
