def make():
    x = 1
    def get():
        return x
    def set_(v):
        nonlocal x
        x = v
    return get, set_
g, s = make()
print(g())
s(42)
print(g(), g.__closure__[0].cell_contents)
def empty_cell():
    def inner():
        return y
    c = inner.__closure__[0]
    try:
        c.cell_contents
    except ValueError as e:
        print(e)
    y = 5
    return inner()
print(empty_cell())
