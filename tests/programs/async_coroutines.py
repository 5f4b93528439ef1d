import sys
class Sleep:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        result = yield f"sleep {self.n}"
        return result
async def worker(name, n):
    total = 0
    for i in range(n):
        total += await Sleep(i)
    return f"{name}:{total}"
def run(coro):
    value = None
    steps = 0
    while True:
        try:
            req = coro.send(value)
            steps += 1
            value = steps
        except StopIteration as e:
            return e.value, steps
print(run(worker("w", 3)))
async def nested():
    a = await worker("a", 2)
    b = await worker("b", 1)
    return a, b
print(run(nested()))
c = worker("x", 0)
print(type(c).__name__, c.cr_code.co_name, run(c))
try:
    run(c)
except RuntimeError as e:
    print(e)
async def raiser():
    raise ValueError("in coroutine")
try:
    run(raiser())
except ValueError as e:
    print("caught", e)
async def noawait():
    return 5
co = noawait()
co.close()
print("closed")
