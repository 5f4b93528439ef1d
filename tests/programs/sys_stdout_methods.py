import sys
n = sys.stdout.write("abc\n")
print(n, sys.stdout.writable(), sys.stdin.readable(), sys.stdout.encoding, sys.stdout.name, sys.stderr.name)
sys.stdout.writelines(["x", "y\n"])
sys.stdout.flush()
print(sys.stdout.isatty() in (True, False))
