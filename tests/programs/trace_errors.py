# Exceptions and frame state inside traced loops: the error and the line a
# traceback shows must be the ones tier 1 gives, whichever tier ran the
# instruction (lasti is kept per instruction in traces and machine code).
import sys


def f(n):
    t = 0
    for i in range(n):
        t += i
        if i == 150:
            t += undefined_name  # noqa: F821
    return t


try:
    f(300)
except NameError as e:
    tb = e.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    print(type(e).__name__, e, tb.tb_lineno)


def g(xs):
    total = 0
    for x in xs:
        total += 10 // x
    return total


def innermost(e):
    tb = e.__traceback__
    lines = []
    while tb:
        lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return lines


try:
    g([5] * 200 + [0])
except ZeroDivisionError as e:
    print(type(e).__name__, e, innermost(e))


def h(n):
    for i in range(n):
        if i == 100:
            del i
            print(i)


try:
    h(200)
except UnboundLocalError as e:
    print("UnboundLocalError", e)


def k(n):
    it = iter(range(n))
    s = 0
    for v in it:
        s += v
        if v == 50:
            next(it)
    return s


print(k(200))


def lines(n):
    out = []
    for i in range(n):
        if i % 100 == 0:
            out.append(sys._getframe().f_lineno)
    return out


print(lines(300))


def overflow(n):
    x = 2
    for i in range(n):
        x = x * x if i < 7 else x + 1
    return x.bit_length()


print(overflow(400))


class Box:
    def __init__(self, v):
        self.v = v


def boxes(n):
    b = Box(0)
    for i in range(n):
        b.v = b.v + i
        if i == 250:
            b.v = "s"
            try:
                b.v + 1
            except TypeError as e:
                print("TypeError", e)
            b.v = 0
    return b.v


print(boxes(500))
