groups = {}
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, max(counts, key=counts.get), sorted(counts, key=counts.get, reverse=True))
nested = {"a": {"b": {"c": 1}}}
print(nested["a"]["b"]["c"], nested.get("x", {}).get("y"))
