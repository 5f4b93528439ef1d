# The gc module's switches, thresholds and tracking answers.
import gc
print(gc.get_threshold(), gc.isenabled(), type(gc.collect()).__name__, gc.garbage, gc.callbacks, gc.get_freeze_count())
print(gc.is_tracked(1), gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked({'a': 1}), gc.is_tracked(()),
      gc.is_tracked(([],)), gc.is_tracked("s"), gc.is_tracked(3.5), gc.is_tracked(list), gc.is_tracked(gc))
class C:
    pass
print(gc.is_tracked(C()), gc.is_tracked(C), gc.is_tracked(lambda: 0))
gc.disable(); print(gc.isenabled()); gc.enable(); print(gc.isenabled())
for call in [lambda: gc.collect(3), lambda: gc.set_threshold(), lambda: gc.collect(-1), lambda: gc.set_threshold(1, 2, 3, 4)]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
gc.set_threshold(100); print(gc.get_threshold())
gc.set_threshold(700, 5, 3); print(gc.get_threshold())
print(gc.DEBUG_LEAK, gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL)
print(gc.collect(), gc.collect(generation=0))
