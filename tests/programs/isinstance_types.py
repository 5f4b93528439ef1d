print(type(None).__name__, type(...).__name__, type(NotImplemented).__name__, type(type).__name__, type(object).__name__)
print(isinstance(None, object), isinstance(int, type), isinstance(type, object), issubclass(type, object), object.__bases__, type.__bases__)
print(int.__mro__, bool.__mro__, type(len).__name__, type([].append).__name__, type(list.append).__name__)
print(type(lambda: 0).__name__, type((x for x in [])).__name__, type(range(1)).__name__, type(iter([])).__name__)
try:
    isinstance(1, 1)
except TypeError as e:
    print(e)
try:
    issubclass(1, int)
except TypeError as e:
    print(e)
print(repr(int), repr(str), repr(type(None)), repr(ValueError))
