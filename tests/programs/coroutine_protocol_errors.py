async def f():
    return 1
c = f()
try:
    c.send(1)
except TypeError as e:
    print(e)
try:
    c.send(None)
except StopIteration as e:
    print("value", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print(e)
async def g():
    await 5
try:
    g().send(None)
except TypeError as e:
    print(e)
class NotIter:
    def __await__(self):
        return 5
async def h():
    await NotIter()
try:
    h().send(None)
except TypeError as e:
    print(e)
