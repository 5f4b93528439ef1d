a = "x" * 3
print(None is None, ... is Ellipsis, NotImplemented is NotImplemented, type(None)() is None, (lambda: None)() is None)
print(bool() is False, int() == 0, float() == 0.0, str() == "", tuple() == (), list() == [], dict() == {}, set() == set(), complex() == 0)
print(type(...)() is ..., type(NotImplemented)() is NotImplemented)
