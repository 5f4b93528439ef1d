def a():
    b()
def b():
    raise ValueError("boom")
print("before")
a()
