def make_counter(start=0, step=1):
    count = start
    def counter():
        nonlocal count
        current = count
        count += step
        return current
    def reset():
        nonlocal count
        count = start
    counter.reset = reset
    return counter
c = make_counter(10, 5)
print(c(), c(), c())
c.reset()
print(c(), c.__closure__ is not None, len(c.__code__.co_freevars))
def outer():
    vals = []
    def add(x):
        vals.append(x)
    def get():
        return list(vals)
    return add, get
add, get = outer()
add(1); add(2)
print(get())
