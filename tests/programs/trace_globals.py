# Globals and builtins that traces promote to constants, changed while the
# loop runs: a callee rebinding a global, a global shadowing a builtin added
# and deleted mid-loop, the builtins module patched mid-loop. Each change
# must be seen at once (the executor is invalidated).
# expect-stats: LOAD_GLOBAL misses
import builtins

SCALE = 2


def set_scale(v):
    global SCALE
    SCALE = v


def scaled(n):
    t = 0
    for i in range(n):
        t += i * SCALE
        if i == 300:
            set_scale(5)
    return t


print(scaled(1000))


def lens(n):
    out = 0
    for i in range(n):
        out += len("abc")
        if i == 200:
            globals()["len"] = lambda s: 100
        if i == 400:
            del globals()["len"]
    return out


print(lens(600))

orig_abs = abs


def abs_sum(n):
    t = 0
    for i in range(-n, n):
        t += abs(i)
        if i == 0:
            builtins.abs = lambda x: 1
    builtins.abs = orig_abs
    return t


print(abs_sum(500))
print(abs(-3))
