# Special methods of builtin types called with the wrong number of
# arguments raise TypeError (CPython's wording), never crash; frame.clear();
# an iterator whose container dies during exhaustion.
import sys
calls = [
    lambda: {}.__contains__(), lambda: ().__contains__(), lambda: (1).__add__(),
    lambda: (1).__neg__(2), lambda: int.__add__(1), lambda: [].__setitem__(0),
    lambda: {}.__getitem__(), lambda: set().__contains__(1, 2), lambda: "a".__len__(1),
    lambda: [].__iter__(1), lambda: (1.5).__eq__(), lambda: frozenset().__or__(),
    lambda: [1].__getitem__(0), lambda: int.__neg__(5), lambda: (2).__add__(3),
]
for f in calls:
    try:
        print(f())
    except TypeError as e:
        print("TypeError:", e)

def running():
    try:
        sys._getframe().clear()
    except RuntimeError as e:
        print("RuntimeError:", e)
running()
try:
    1 / 0
except ZeroDivisionError as e:
    tb = e.__traceback__
    print(tb.tb_frame.f_code.co_name)

class Seq(list):
    def __del__(self):
        print("Seq freed")
it = iter(Seq([1, 2]))
print(list(it), list(it))
del it
