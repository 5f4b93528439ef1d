ns = {}
exec("def f(x):\n    return x * 2\ny = f(21)", ns)
print(ns["y"], "f" in ns, "__builtins__" in ns)
print(eval("[i*i for i in range(4)]"), eval("a + b", {"a": 1}, {"b": 2}), eval(" 1 + 1 "))
g = {"x": 10}
exec("x += 1", g)
print(g["x"])
for bad in ["1 +", "def", "x = (", "return 5", "break"]:
    try:
        exec(bad)
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno)
try:
    eval("x = 1")
except SyntaxError as e:
    print("SyntaxError", e.msg)
c = compile("1 + 2", "<expr>", "eval")
print(eval(c), c.co_filename, c.co_name)
try:
    eval("undefined_thing")
except NameError as e:
    print(e)
def scope():
    z = 5
    return eval("z * 2")
print(scope())
