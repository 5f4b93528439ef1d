# Asynchronous comprehensions (list, set, dict, generator expressions, mixed
# with sync clauses, conditions, await in the element), driven by a small
# hand-written event loop; errors inside propagate; names do not leak.
class Tick:
    def __await__(self):
        yield "tick"

def tick():
    return Tick()

class ARange:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        self.i = 0
        return self
    async def __anext__(self):
        await tick()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1

async def double(x):
    await tick()
    return 2 * x

def run(coro):
    ticks = 0
    while True:
        try:
            coro.send(None)
            ticks += 1
        except StopIteration as e:
            return e.value, ticks

async def main():
    x = "outer"
    a = [x async for x in ARange(4)]
    b = {x % 2 async for x in ARange(5)}
    c = {x: x * x async for x in ARange(3) if x}
    d = [(i, j) for i in range(2) async for j in ARange(2)]
    e = [await double(x) async for x in ARange(3)]
    g = (x + 1 async for x in ARange(3))
    gl = [v async for v in g]
    nested = [[y async for y in ARange(x)] async for x in ARange(3)]
    print(a, sorted(b), c, d, e, gl, nested, x)
    try:
        [1 / (x - 2) async for x in ARange(4)]
    except ZeroDivisionError as err:
        print("raised", err)
    return "done"

print(run(main()))
for src in ["[x async for x in y]", "def f():\n    return [x async for x in y]"]:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as err:
        print("SyntaxError:", err.msg)
