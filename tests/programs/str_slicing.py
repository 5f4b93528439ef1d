s = "0123456789"
print(s[2:5], s[:3], s[7:], s[-3:], s[:-3], s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-5:-1], s[5:5], s[100:], s[-100:2])
print(s[slice(1, 4)], s[slice(None, None, -3)], "héllo"[1:4], "日本語"[::-1])
try:
    s[::0]
except ValueError as e:
    print(e)
try:
    s[1.5]
except TypeError as e:
    print(e)
