def f(a: int, b: str = "x", *args, c=3, **kw) -> bool:
    """Docstring here."""
    return True
print(f.__name__, f.__qualname__, f.__doc__, f.__defaults__, f.__kwdefaults__, f.__module__)
print(f.__code__.co_argcount, f.__code__.co_kwonlyargcount, f.__code__.co_varnames, f.__code__.co_flags & 0x0C)
print(f.__annotations__)
f.custom = 42
print(f.custom, f.__dict__, callable(f), type(f).__name__)
def g(): pass
print(g.__doc__, g.__defaults__, g.__kwdefaults__, g(), repr(g)[:12])
g.__name__ = "renamed"
print(g.__name__, g.__qualname__)
