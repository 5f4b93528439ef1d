class T:
    def __bool__(self):
        return False
class LenZero:
    def __len__(self):
        return 0
class BadBool:
    def __bool__(self):
        return 1
print(bool(T()), bool(LenZero()), not T(), "yes" if LenZero() else "no")
try:
    bool(BadBool())
except TypeError as e:
    print(e)
if T() or LenZero():
    print("no")
else:
    print("both falsy")
