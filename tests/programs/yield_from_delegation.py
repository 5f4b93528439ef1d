def sub():
    x = yield "s1"
    print("sub got", x)
    y = yield "s2"
    return f"sub done {y}"
def main():
    r = yield from sub()
    print("main got", r)
    yield "m"
g = main()
print(next(g), g.send("a"), g.send("b"))
def flatten(l):
    for x in l:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x
print(list(flatten([1, [2, [3, [4]], 5]])))
def thrower():
    try:
        yield from sub()
    except ValueError as e:
        yield f"caught {e}"
t = thrower()
next(t)
print(t.throw(ValueError("v")))
def gen_ret():
    return (yield from range(3))
print(list(gen_ret()))
