# needs: cpython-lib
# Broken-down time: struct_time, gmtime/localtime/mktime, strftime,
# asctime/ctime, the zone constants after tzset, get_clock_info.
import os, time

for tz in ["UTC", "EST+05EDT,M3.2.0,M11.1.0", "AEST-10AEDT,M10.1.0,M4.1.0/3"]:
    os.environ["TZ"] = tz
    time.tzset()
    print(tz, time.timezone, time.altzone, time.daylight, time.tzname)
    for secs in (0, 1e9, 1_700_000_000.75, -1.5, 15_552_000):
        t = time.localtime(secs)
        print(" ", t, t.tm_zone, t.tm_gmtoff, time.mktime(t))
        print(" ", time.strftime("%Y-%m-%d %H:%M:%S %Z %z %a %A %b %B %j %U %w %y %p %%", t))
        print(" ", time.asctime(t), time.ctime(secs))

os.environ["TZ"] = "UTC"
time.tzset()
t = time.gmtime(0)
print(t, t.tm_zone, t.tm_gmtoff, type(t).__module__, type(t).__mro__, t.n_fields, t.n_sequence_fields)
print(t[0], t[-1], t[:3], list(t), t == time.struct_time(list(t)), time._STRUCT_TM_ITEMS)
print(time.mktime((2000, 1, 1, 0, 0, 0, 0, 1, -1)), time.mktime((2000, 14, 40, 30, 0, 0, 0, 1, 0)))
print(time.strftime("%Y", (2000, 0, 0, 0, 0, 0, 0, 0, 0)), repr(time.strftime("", t)), repr(time.strftime("a\0b%Y", t)))
print(time.strptime("2001-02-03 04:05", "%Y-%m-%d %H:%M"))
bad = [
    lambda: time.gmtime(float("nan")),
    lambda: time.gmtime(1e30),
    lambda: time.gmtime("x"),
    lambda: time.mktime((1, 2)),
    lambda: time.mktime([2000, 1, 1, 0, 0, 0, 0, 1, 0]),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0, 0, 1)),
    lambda: time.strftime("%Y", (2000, 13, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 32, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 24, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 60, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 62, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0, -9, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0, 0, 367, 0)),
    lambda: time.strftime(1),
    lambda: time.asctime((2000, 1, 1, 0, 0, 0, 9, 1, 0)),
    lambda: time.asctime((2000, 1, 0, 0, 0, 0, 0, 1, 0)),
    lambda: time.struct_time((1, 2, 3)),
    lambda: time.struct_time((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
    lambda: time.struct_time((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
    lambda: time.get_clock_info("nope"),
    lambda: time.strptime("x", "%Y"),
]
for f in bad:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
for name in ["time", "monotonic", "perf_counter", "process_time", "thread_time"]:
    info = time.get_clock_info(name)
    print(name, info.implementation, info.monotonic, info.adjustable, info.resolution <= 1e-6)
print(type(time.clock_gettime(time.CLOCK_MONOTONIC)), type(time.clock_gettime_ns(time.CLOCK_REALTIME)))
print(time.CLOCK_REALTIME, time.CLOCK_MONOTONIC, time.CLOCK_PROCESS_CPUTIME_ID, time.CLOCK_THREAD_CPUTIME_ID)
