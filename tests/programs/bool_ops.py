print(True and False, True or False, not True, True & False, True | False, True ^ True, ~False if False else 0)
print(True == 1, False == 0, True is True, bool("") , bool("0"), bool([]), bool(None), bool(0.0), bool(0j), bool(range(0)))
print(sum([True, True, False]), True + 0.5, str(True), repr(False), int(True) * 3, type(True + True).__name__)
print(isinstance(True, bool), bool.__name__, bool(1) is True, hash(True), True < 2, max(True, 0))
try:
    class B(bool): pass
except TypeError as e:
    print(e)
print(1 if [] else 2, "yes" if "x" else "no", [] or 0, {} and 1, 0 or None)
