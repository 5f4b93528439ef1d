def g():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
    finally:
        print("finally")
x = g()
next(x)
x.close()
x.close()
print("closed twice ok")
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print(e)
def counted():
    try:
        yield 1
    finally:
        print("released")
c = counted()
next(c)
del c
print("after del")
def ret():
    yield 1
    return 5
r = ret()
next(r)
print(r.close())
