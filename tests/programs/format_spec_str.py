for spec in ["", "s", "10", "<10", ">10", "^10", "*^9", ".2", "10.3", "=10", "+", "d", "#", ","]:
    try:
        print(repr(spec), repr(format("hello", spec)))
    except ValueError as e:
        print(repr(spec), "ValueError", e)
class F:
    def __format__(self, spec):
        return f"F<{spec}>"
print(format(F(), "abc"), f"{F():xyz}", "{:q}".format(F()))
try:
    format(object(), "x")
except TypeError as e:
    print(e)
print(format(None), format([1, 2]), format(True, "d"), format(True, ">5"), format(True))
