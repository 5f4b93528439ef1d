def f1():
    try:
        return "try"
    finally:
        return "finally"
print(f1())
def f2():
    for i in range(3):
        try:
            break
        finally:
            print("cleanup", i)
    return i
print(f2())
def f3():
    x = 0
    while True:
        try:
            x += 1
            if x < 3:
                continue
            return x
        finally:
            print("loop finally", x)
print(f3())
def f4():
    try:
        raise ValueError("a")
    except ValueError:
        try:
            raise TypeError("b")
        except TypeError as e:
            return repr(e), repr(e.__context__)
print(f4())
def f5():
    try:
        try:
            1 / 0
        finally:
            print("inner finally")
    except ZeroDivisionError:
        print("outer caught")
    else:
        print("no")
    finally:
        print("outer finally")
f5()
def f6():
    try:
        pass
    except Exception:
        print("no")
    else:
        print("else branch")
f6()
