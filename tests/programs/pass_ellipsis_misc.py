def stub():
    ...
class Empty:
    pass
print(stub(), type(Empty()).__name__, ...)
if True:
    pass
for _ in range(0):
    pass
print(type(Empty()).__name__, Ellipsis, ... == Ellipsis)
x = 1; y = 2; print(x + y)
if x: print("one-liner")
