print("{} {}".format(1, 2), "{1} {0}".format("a", "b"), "{name}!".format(name="x"), "{0[1]} {0[0]}".format(["a", "b"]), "{x.real}".format(x=3j))
print("{:10}|{:<10}|{:^10}|{:>10}|".format("l", "l", "c", "r"), "{:*^9}".format("mid"), "{:05d}".format(42), "{:+d} {:+d}".format(5, -5))
print("{:,}".format(1234567), "{:_}".format(1234567), "{:.3f}".format(3.14159), "{:e}".format(12345.678), "{:.2%}".format(0.256), "{:g}".format(1e-10), "{:g}".format(123456789))
print("{:x} {:X} {:o} {:b} {:#x} {:#o} {:#b}".format(255, 255, 8, 5, 255, 8, 5), "{:c}".format(65), "{!r}".format("s"), "{!s:>5}".format(1))
print(f"{1+1}", f"{'nested'!r}", f"{3.14159:.2f}", f"{'x':>{5}}", f"{10:#x}", f"{[1,2]}", f"{{literal}}", f"{1=}", f"{'a' 'b'}")
x = 42
print(f"{x = }", f"{x!r:>6}", f"{x:{'>'}10}", f"{x:08.3f}", f"{-0.0:z.1f}", f"{1e6:,.2f}", f"{12345:,d}")
print("%s %r %d %5.2f %-5s| %x %o %e %c %%" % ("s", "r", 42, 3.14159, "ab", 255, 8, 1234.5, 65))
print("%(a)s-%(b)d" % {"a": "x", "b": 5}, "%5s|%-5s|" % ("ab", "cd"), "%.3s" % "abcdef", "%+.1e" % 12345.0, "%#x %#o" % (255, 8))
for bad in [lambda: "{}".format(), lambda: "{:d}".format("x"), lambda: "%d" % "x", lambda: "%s %s" % (1,), lambda: "{0} {}".format(1, 2), lambda: format(1, "q")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
