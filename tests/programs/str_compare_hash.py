words = ["apple", "Apple", "APPLE", "äpple", "apple ", "app", ""]
print(sorted(words), sorted(words, reverse=True), min(words), max(words))
print("a" < "b" < "c", "abc" == "abc", "abc" is not None, hash("abc") == hash("ab" + "c"), "a" * 0 == "", "ab" in "cab")
print(len({"a", "a", "b"}), {"x": 1}["x"], "é" > "z", "Z" < "a", "10" < "9", str(10) < str(9))
