class Tick:
    def __await__(self):
        yield "tick"
        return "ticked"
async def agen(n):
    for i in range(n):
        r = await Tick()
        yield (i, r)
    yield "last"
def run(coro):
    value = None
    steps = 0
    while True:
        try:
            coro.send(value)
            steps += 1
        except StopIteration as e:
            return e.value, steps
async def main():
    out = []
    async for item in agen(3):
        out.append(item)
    g = agen(1)
    first = await g.__anext__()
    second = await g.asend(None)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        out.append("stopped")
    return out, first, second
print(run(main()))
g = agen(2)
print(type(g).__name__, g.__aiter__() is g, type(g.__anext__()).__name__)
async def closing():
    try:
        yield 1
        yield 2
    finally:
        print("agen finally")
async def use_close():
    c = closing()
    v = await c.__anext__()
    await c.aclose()
    return v
print(run(use_close()))
async def thrower():
    try:
        yield 1
    except ValueError as e:
        yield f"caught {e}"
async def use_throw():
    t = thrower()
    await t.__anext__()
    return await t.athrow(ValueError("boom"))
print(run(use_throw()))
