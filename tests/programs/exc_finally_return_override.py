def f():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(f())
def g():
    for i in range(3):
        try:
            raise KeyError(i)
        except KeyError as e:
            if i < 2:
                continue
            return f"last {e}"
print(g())
def h():
    try:
        return "try"
    finally:
        print("side effect")
print(h())
