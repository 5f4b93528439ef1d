# _thread's identity and locks (one thread): acquire/release, non-blocking
# and timed acquires of a held lock, re-entrant locks, context managers,
# and CPython's errors.
import _thread
l = _thread.allocate_lock()
print(type(l), l.acquire(), l.locked(), l.acquire(False), l.acquire(timeout=0.01))
print(repr(l).startswith("<locked _thread.lock object at 0x"))
l.release()
print(repr(l).startswith("<unlocked _thread.lock object at 0x"))
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError", e)
r = _thread.RLock()
print(r.acquire(), r.acquire(), r._is_owned())
r.release(); r.release()
print(r._is_owned())
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError", e)
print(type(_thread.get_ident()).__name__, _thread.get_ident() == _thread.get_ident(), _thread.TIMEOUT_MAX, _thread.error, _thread.LockType)
with l:
    print(l.locked())
print(l.locked())
try:
    l.acquire(False, 1)
except ValueError as e:
    print("ValueError", e)
try:
    l.acquire(timeout=-2)
except ValueError as e:
    print("ValueError", e)
