# anext() with and without a default, and its argument errors.
class Tick:
    def __await__(self):
        yield "tick"
class ARange:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        await Tick()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1
def run(coro):
    while True:
        try:
            coro.send(None)
        except StopIteration as e:
            return e.value
async def main():
    it = ARange(2)
    out = [await anext(it), await anext(it, "d"), await anext(it, "default"), await anext(it, None)]
    try:
        await anext(it)
    except StopAsyncIteration:
        out.append("stop")
    return out
print(run(main()))
for bad in ["anext(1)", "anext(1, 2)", "anext()", "anext(ARange(1), 1, 2)"]:
    try:
        eval(bad)
    except TypeError as e:
        print(bad, "->", e)
