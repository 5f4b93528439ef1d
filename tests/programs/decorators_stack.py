import sys
def deco(tag):
    def wrap(f):
        def inner(*a, **k):
            return f"<{tag}>{f(*a, **k)}</{tag}>"
        inner.__name__ = f.__name__
        return inner
    return wrap
@deco("b")
@deco("i")
def text(s):
    return s
print(text("hi"), text.__name__)
def counted(f):
    def w(*a):
        w.calls += 1
        return f(*a)
    w.calls = 0
    return w
@counted
def sq(x):
    return x * x
print(sq(3), sq(4), sq.calls)
class Memo:
    def __init__(self, f):
        self.f = f
        self.cache = {}
    def __call__(self, n):
        if n not in self.cache:
            self.cache[n] = self.f(n)
        return self.cache[n]
@Memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
