def g():
    yield 1
gen = g()
print(gen.gi_running, gen.gi_suspended, gen.gi_frame is not None)
next(gen)
print(gen.gi_suspended)
for _ in gen:
    pass
print(gen.gi_frame, gen.gi_suspended)
def self_ref():
    yield next(me)
me = self_ref()
try:
    next(me)
except ValueError as e:
    print(e)
print(repr(g()).startswith("<generator object g at"))
