for x in [-5, 0, 5]:
    print("neg" if x < 0 else "zero" if x == 0 else "pos", x if x > 0 else -x)
y = [1, 2, 3] if False else (4, 5)
print(y, (lambda v: "even" if v % 2 == 0 else "odd")(7))
print([("fizz" if i % 3 == 0 else "") + ("buzz" if i % 5 == 0 else "") or i for i in range(1, 16)])
