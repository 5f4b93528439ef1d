def a():
    v = 1
    def b():
        def c():
            nonlocal v
            v += 10
            return v
        return c()
    b()
    return v
print(a())
counter = 0
def bump():
    global counter
    counter += 1
for _ in range(3):
    bump()
print(counter)
def cls_scope():
    y = "func"
    class K:
        y = "class"
        z = y
        def m(self):
            return y
    return K.z, K().m()
print(cls_scope())
