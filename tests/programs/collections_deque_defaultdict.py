# _collections (ours, in Python for now): deque with maxlen, rotation,
# mutation checks and CPython's errors; defaultdict's factory and reprs.
from _collections import deque, defaultdict
d = deque([1, 2, 3], maxlen=4)
d.append(4); d.append(5); d.appendleft(0)
print(d, len(d), d[0], d[-1], d.maxlen, 3 in d, d.popleft(), d.pop(), d)
d.extend([7, 8]); d.extendleft([9]); d.rotate(1); print(d, d.count(7), d.index(7))
e = deque('abc'); e.rotate(-1); e.reverse(); print(e, e == deque('bac'[::-1]), e + deque('z'), e * 2, list(reversed(e)))
for bad in [lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1])[5], lambda: deque(maxlen=-1), lambda: deque('ab').index('z'), lambda: deque([1], maxlen=1).insert(0, 2)]:
    try:
        bad()
    except (IndexError, ValueError, TypeError) as x:
        print(type(x).__name__, x)
m = deque([1, 2])
try:
    for x in m:
        m.append(3)
except RuntimeError as x:
    print("RuntimeError", x)
r = deque(); r.append(r); print(r)
dd = defaultdict(list); dd['a'].append(1); dd['b']; print(dd, dd['a'], 'c' in dd, dd.default_factory)
print(defaultdict(None, {'x': 1}), dict(dd) == {'a': [1], 'b': []}, type(dd.copy()).__name__, dd.copy() == dd)
try:
    defaultdict(None)['missing']
except KeyError as x:
    print("KeyError", x)
try:
    defaultdict(5)
except TypeError as x:
    print("TypeError", x)
print(type(deque()).__module__, type(dd).__module__, deque[int], isinstance(dd, dict))
print(defaultdict(int, a=1) | {'b': 2}, {'z': 0} | defaultdict(int, a=1))
