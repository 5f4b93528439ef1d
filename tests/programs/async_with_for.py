class ACM:
    async def __aenter__(self):
        print("aenter")
        return "resource"
    async def __aexit__(self, et, ev, tb):
        print("aexit", et)
        return False
class AIter:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i
async def main():
    async with ACM() as r:
        print("inside", r)
    out = []
    async for v in AIter(3):
        out.append(v)
    print(out)
    return "done"
c = main()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
