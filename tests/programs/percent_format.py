print("%s|%5s|%-5s|%.2s" % ("abc", "abc", "abc", "abc"))
print("%d|%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42, 42))
print("%f|%.2f|%10.3f|%-10.1f|%e|%.3E|%g|%G" % (3.14159, 3.14159, 3.14159, 3.14159, 31415.9, 31415.9, 0.00001, 1e20))
print("%x|%X|%#x|%o|%#o|%c|%c|%%|%r|%a" % (255, 255, 255, 8, 8, 65, "z", "é", "é"))
print("%(x)s and %(y)d" % {"x": "X", "y": 3}, "%*d|%-*d" % (5, 1, 4, 2), "%.*f" % (2, 3.14159))
for bad in [lambda: "%d" % "s", lambda: "%s %s" % ("a",), lambda: "%s" % ("a", "b"), lambda: "%z" % 1, lambda: "%(k)s" % 5, lambda: "%c" % 1.5]:
    try:
        bad()
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
print(b"%s-%d-%x" % (b"ab", 5, 255), b"%c" % 65, b"%5s|" % b"x")
