s = ",".join(str(i) for i in range(1000))
print(len(s), s[:20], s[-10:], s.count(","), len(s.split(",")), sum(map(int, s.split(","))))
big = "ab" * 50000
print(len(big), big.count("ab"), big.find("ba", 99990), big[-4:], big.replace("a", "")[:5], len(big.upper()))
