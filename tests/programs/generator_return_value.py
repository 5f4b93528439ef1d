def g():
    yield 1
    return "ret"
gen = g()
print(next(gen))
try:
    next(gen)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
def wrapper():
    result = yield from g()
    print("delegated result", result)
print(list(wrapper()))
def empty():
    return 5
    yield
print(list(empty()))
