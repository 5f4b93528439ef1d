# needs: cpython-lib
# _contextvars through contextvars: variables, tokens, contexts, run; warnings on top of them.
import contextvars as c
v = c.ContextVar('v', default=1); w = c.ContextVar('w')
print(repr(v)[:30], v.name, v.get(), c.ContextVar.__module__, type(c.copy_context()).__module__)
t = v.set(5); print(repr(t)[:40], t.var is v, t.old_value, repr(c.Token.MISSING), v.get())
ctx = c.copy_context(); print(ctx[v], v in ctx, len(ctx), list(ctx.keys()) == [v], ctx.get(w, 'd'))
v.reset(t); print(v.get())
try: v.reset(t)
except RuntimeError as e: print(str(e)[:20])
try: w.get()
except LookupError as e: print(type(e).__name__, e.args[0] is w)
def f(x): v.set(x); return v.get()
print(ctx.run(f, 9), ctx[v], v.get())
try: ctx.run(ctx.run, f, 1)
except RuntimeError as e: print(str(e)[:40])
with v.set(7) as tok: print(v.get())
print(v.get(), w.get('dflt'))
try: c.Context()[v]
except KeyError as e: print(type(e).__name__, e.args[0] is v)
print(sorted(x for x in c.copy_context().values() if isinstance(x, int)), c.ContextVar[int])
import warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    warnings.warn('careful', UserWarning)
print(len(ws), ws[0].category.__name__, str(ws[0].message))
