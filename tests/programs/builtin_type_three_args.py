A = type("A", (), {})
B = type("B", (A,), {"x": 1})
print(B.x, B.__name__, B.__qualname__, B.__module__, issubclass(B, A), type(B("") if False else B()).__name__)
print(type.__name__, type(type.__dict__).__name__, "mro" in dir(type), int.__class__, type.__class__)
class Meta(type):
    pass
M = Meta("M", (), {"y": 2})
print(type(M).__name__, M.y, isinstance(M, type))
