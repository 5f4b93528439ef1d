# needs: cpython-lib
# _heapq (max-heaps too), _bisect (key=), resource limits, sys.monitoring's tool registry.
import heapq, bisect, _heapq, _bisect, random, resource, sys
random.seed(5)
data = [random.randrange(100) for _ in range(50)]
h = []
for x in data: heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(10)], h[:5])
d2 = data[:]; heapq.heapify(d2); print(d2)
print(heapq.heapreplace(d2, 55), heapq.heappushpop(d2, 1), heapq.heappushpop(d2, 99), d2[:8])
m = data[:]; heapq.heapify_max(m); print(m[:10], heapq.heappop_max(m), heapq.heappushpop_max(m, 1000), heapq.heapreplace_max(m, -1))
heapq.heappush_max(m, 500); print(m[:6])
print(heapq.nsmallest(5, data), heapq.nlargest(5, data), list(heapq.merge([1,4,7],[2,5,8])))
for f in (lambda: heapq.heappop([]), lambda: heapq.heapreplace([], 1), lambda: heapq.heappush((), 1), lambda: heapq.heapify(None), lambda: heapq.heappush([], 1, 2), lambda: heapq.heappushpop([], 3), lambda: heapq.heappush([1], 'a')):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
s = sorted(data)
print([bisect.bisect(s, x) for x in (0, 50, 99, 100)], [bisect.bisect_left(s, x) for x in (0, 50, 99, 100)])
print(bisect.bisect_right(s, 50, 10, 20), bisect.bisect_left(s, 50, lo=3), bisect.bisect(s, 5, hi=3))
l = []; [bisect.insort(l, x) for x in data[:10]]; print(l)
bisect.insort_left(l, 50); bisect.insort_right(l, 50, key=None); print(l)
recs = [("a", 1), ("b", 5), ("c", 9)]
print(bisect.bisect(recs, 5, key=lambda r: r[1]), bisect.bisect_left(recs, 5, key=lambda r: r[1]))
bisect.insort(recs, ("d", 6), key=lambda r: r[1]); print(recs)
for f in (lambda: bisect.bisect(s, 1, -1), lambda: bisect.bisect(s), lambda: bisect.bisect(s, 1, 0, 2, None), lambda: bisect.insort(5, 1), lambda: bisect.bisect(None, 1)):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
print(heapq.heappush.__module__, bisect.bisect is bisect.bisect_right, bisect.insort is bisect.insort_right)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); print(soft > 0, hard >= soft or hard == -1)
print(resource.RLIM_INFINITY, resource.getpagesize() > 0, type(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
for f in (lambda: resource.getrlimit(999), lambda: resource.getrusage(7), lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1,)) ):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
m = sys.monitoring
print(m.DEBUGGER_ID, m.events.LINE, m.events.BRANCH, m.get_tool(0))
for f in (lambda: m.use_tool_id(7,'x'), lambda: m.use_tool_id(0,'x'), lambda: m.use_tool_id(0,'y'), lambda: m.get_tool(0), lambda: m.register_callback(0, 1, print), lambda: m.register_callback(0, 3, print), lambda: m.get_events(0), lambda: m.clear_tool_id(0), lambda: m.free_tool_id(0), lambda: m.get_tool(0), lambda: m.set_events(0, 0), lambda: m.use_tool_id('a','x'), lambda: m.use_tool_id(1, 3), lambda: m.get_events(9)):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
