# needs: cpython-lib
# types.SimpleNamespace (and sys.implementation, which is one).
import copy, pickle, sys, types

N = types.SimpleNamespace
print(N, N.__module__, N.__name__, N.__qualname__, type(sys.implementation) is N)
a = N({"x": 1}, y=2)
print(a, repr(N()), a == N(x=1, y=2), a != N(x=1), a == 5, a.__reduce__())
class S(N):
    pass
print(S(a=1), S(a=1) == N(a=1))
a.me = a
print(a)
del a.me
print(copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a)), a.__replace__(z=3))
print(N([("k", "v")]), vars(N(q=1)))
for f in (lambda: N(1), lambda: N({1: 2}), lambda: N([("a", 1)], a=2), lambda: N(1, 2),
          lambda: N([(1, 2)]), lambda: N(**{"b": 1}).c, lambda: a.__replace__(1)):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
print(sys.implementation.name == "cpython" or sys.implementation.name == "pyrite", sys.implementation.cache_tag is None or True)
