async def add(a, b):
    return a + b
async def main():
    x = await add(1, 2)
    y = await add(x, 10)
    return y
co = main()
print(type(co).__name__)
try:
    co.send(None)
except StopIteration as e:
    print("result", e.value)
class Awaitable:
    def __await__(self):
        v = yield "suspended"
        return v * 2
async def uses():
    r = await Awaitable()
    return r
c = uses()
print(c.send(None))
try:
    c.send(21)
except StopIteration as e:
    print("got", e.value)
