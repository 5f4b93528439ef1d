# needs: cpython-lib
# _signal, and the _thread surface threading/logging/queue need.
import signal, _signal, os, time, _thread, threading, sys
s = _signal
print(sorted((n, getattr(s, n)) for n in dir(s) if n.isupper()))
print([s.strsignal(i) for i in range(1, 65)])
print(s.getsignal(13), s.getsignal(15), s.getsignal(s.SIGUSR1))
print(sorted(s.valid_signals())[-5:], len(s.valid_signals()), sorted(s.valid_signals())[28:34])
for f in (lambda: s.strsignal(0), lambda: s.signal(9, s.SIG_IGN), lambda: s.signal(2, 3),
          lambda: s.signal(99, s.SIG_IGN), lambda: s.getsignal(0), lambda: s.signal('x', 1),
          lambda: s.pthread_sigmask(5, []), lambda: s.setitimer(7, 1.0),
          lambda: s.default_int_handler(2, None)):
    try: print(f())
    except BaseException as e: print(type(e).__name__, e)
print(s.ItimerError.__mro__, s.set_wakeup_fd(-1))
print(s.getitimer(0), s.alarm(0), s.pthread_sigmask(0, []))
got = []
def h(sig, frame):
    got.append((sig, type(frame).__name__))
old = signal.signal(signal.SIGUSR1, h)
print(old, signal.getsignal(signal.SIGUSR1) is h)
os.kill(os.getpid(), signal.SIGUSR1)
for i in range(1000): pass
print(got)
signal.raise_signal(signal.SIGUSR1)
print(got[-1])
def boom(sig, frame):
    raise RuntimeError("from handler %d" % sig)
signal.signal(signal.SIGUSR2, boom)
try:
    signal.raise_signal(signal.SIGUSR2)
except RuntimeError as e:
    print("caught", e)
try:
    os.kill(os.getpid(), signal.SIGUSR2)
    n = 0
    while True:
        n += 1
except RuntimeError as e:
    print("loop interrupted:", e)
# alarm during sleep: handler runs, sleep completes
signal.signal(signal.SIGALRM, h)
signal.setitimer(signal.ITIMER_REAL, 0.05)
t0 = time.monotonic(); time.sleep(0.2); print("slept", time.monotonic() - t0 >= 0.19, got[-1][0])
signal.signal(signal.SIGALRM, boom)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    time.sleep(2)
except RuntimeError as e:
    print("sleep interrupted:", e)
try:
    _thread.interrupt_main()
    for i in range(10): pass
except KeyboardInterrupt:
    print("KeyboardInterrupt from interrupt_main")
print(signal.Signals.SIGINT, signal.SIGTERM.name, signal.getsignal(signal.SIGUSR1) is h)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
print(threading.current_thread().name, threading.main_thread() is threading.current_thread(), threading.get_ident() == _thread.get_ident())
l = threading.local(); l.x = 1; print(l.x)
try: _thread._local(1)
except TypeError as e: print(e)
h = _thread._ThreadHandle(); print(h.ident, h.is_done())
try: h.join()
except RuntimeError as e: print(e)
import logging, queue
logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s", stream=sys.stdout)
logging.getLogger("x").warning("hello %s", 42)
q = queue.Queue(); q.put(1); print(q.get())
