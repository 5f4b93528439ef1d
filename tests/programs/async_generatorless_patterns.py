import sys
class Future:
    def __init__(self):
        self.result = None
        self.done = False
    def __await__(self):
        if not self.done:
            yield self
        return self.result
async def compute(fut):
    value = await fut
    return value * 2
fut = Future()
coro = compute(fut)
pending = coro.send(None)
print(pending is fut)
fut.result, fut.done = 21, True
try:
    coro.send(None)
except StopIteration as e:
    print("result", e.value)
async def seq():
    out = []
    for i in range(3):
        f = Future()
        f.result, f.done = i, True
        out.append(await f)
    return out
try:
    seq().send(None)
except StopIteration as e:
    print(e.value)
