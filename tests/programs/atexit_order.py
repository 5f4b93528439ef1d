# atexit: callbacks run at exit, last registered first, with their arguments; unregister.
import atexit
def f(x, y=0): print('exit', x, y)
atexit.register(f, 1, y=2)
atexit.register(f, 3)
@atexit.register
def g(): raise ValueError('in exit')
atexit.register(print, 'last registered, first run')
print(atexit._ncallbacks())
atexit.unregister(g)
print('main done')
