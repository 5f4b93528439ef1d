# The time module's clocks and sleep: types, monotonicity, the _ns forms
# agreeing with the float ones, and CPython's argument errors.
import time
for name in ["time", "monotonic", "perf_counter", "process_time", "thread_time"]:
    f = getattr(time, name)
    ns = getattr(time, name + "_ns")
    a, b = f(), ns()
    print(name, type(a).__name__, type(b).__name__, abs(a - b / 1e9) < 1.0, f.__name__, f.__module__)
t0 = time.perf_counter()
m0 = time.monotonic_ns()
time.sleep(0.02)
print(time.perf_counter() - t0 >= 0.015, time.monotonic_ns() - m0 >= 15_000_000)
print(time.time() > 1.7e9)
for expr in ['time.sleep(-1)', 'time.sleep("x")', 'time.sleep(float("nan"))', 'time.sleep()',
             'time.sleep(0)', 'time.sleep(10**30)', 'time.perf_counter(1)', 'time.sleep(True)']:
    try:
        print(expr, '->', repr(eval(expr)))
    except Exception as e:
        print(expr, '->', type(e).__name__, e)
