path = "/tmp/pyrite_test_file_io.bin"
with open(path, "wb") as f:
    print(f.write(b"\x00\x01\x02abc\n\xff"))
with open(path, "rb") as f:
    data = f.read()
print(data, len(data), type(data).__name__)
with open(path, "rb") as f:
    print(f.read(2), f.read(3), f.readline(), f.read())
try:
    with open(path, "wb") as f:
        f.write("text")
except TypeError as e:
    print(e)
try:
    open(path, "rb", encoding="utf-8")
except ValueError as e:
    print(e)
