import sys
path = "/tmp/pyrite_test_file_io.txt"
with open(path, "w") as f:
    print(f.write("first\n"), f.writable(), f.readable(), f.closed)
    f.write("second line\nthird")
print(f.closed)
with open(path) as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open(path, "r") as f:
    print(f.read().splitlines())
with open(path) as f:
    print([line.rstrip() for line in f])
with open(path, "a") as f:
    f.write("\nappended")
print(open(path).read().count("\n"), open(path).readlines()[-1])
with open(path, "w", encoding="utf-8") as f:
    f.write("ünïcödé\r\nwin\rmac\n")
with open(path) as f:
    print(repr(f.read()))
try:
    open("/nonexistent/dir/file.txt")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
try:
    open(path, "q")
except ValueError as e:
    print(e)
f = open(path)
f.close()
try:
    f.read()
except ValueError as e:
    print(e)
