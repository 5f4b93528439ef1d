# A global function rebound mid-loop: the call site specialized for a
# Python function with exact arguments meets a builtin, then a function
# with a default; each must still be called the right way.
# expect-stats: CALL misses
def f(x):
    return x + 1
def run(n):
    global f
    out = []
    for i in range(n):
        if i == 20:
            f = abs
        if i == 30:
            def f(x, y=100):
                return x + y
        out.append(f(-i))
    return out
print(run(40))
