"""High performance data structures (the parts `collections` imports).

Pyrite's own _collections, written in Python until the Rust module lands
(DESIGN §7): `deque` and `defaultdict` behave as CPython's (names, reprs,
maxlen, errors), so that `collections`, `typing` and their users run.
"""

__all__ = ["deque", "defaultdict"]

_GenericAlias = type(list[int])

# The deques whose repr is being built (a deque inside itself shows [...]).
_repr_running = set()


class deque:
    """A list-like sequence optimized for data accesses near its endpoints."""

    __slots__ = ("_items", "_maxlen", "_state", "__weakref__")

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            maxlen = maxlen.__index__()
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._items = []
        self._state = 0
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _changed(self):
        self._state += 1

    def _trim_left(self):
        m = self._maxlen
        if m is not None and len(self._items) > m:
            del self._items[: len(self._items) - m]

    def _trim_right(self):
        m = self._maxlen
        if m is not None and len(self._items) > m:
            del self._items[m:]

    def append(self, x, /):
        self._items.append(x)
        self._trim_left()
        self._changed()

    def appendleft(self, x, /):
        self._items.insert(0, x)
        self._trim_right()
        self._changed()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        self._changed()
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        self._changed()
        return self._items.pop(0)

    def extend(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items.clear()
        self._changed()

    def copy(self):
        return self.__copy__()

    def __copy__(self):
        return type(self)(self._items, self._maxlen)

    def count(self, value, /):
        return self._items.count(value)

    def index(self, value, start=0, stop=None, /):
        items = self._items
        stop = len(items) if stop is None else stop
        try:
            return items.index(value, start, stop)
        except ValueError:
            raise ValueError("deque.index(x): x not in deque") from None

    def insert(self, index, value, /):
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._items.insert(index, value)
        self._changed()

    def remove(self, value, /):
        try:
            self._items.remove(value)
        except ValueError:
            raise ValueError("deque.remove(x): x not in deque") from None
        self._changed()

    def reverse(self):
        self._items.reverse()
        self._changed()

    def rotate(self, n=1, /):
        items = self._items
        if items:
            n %= len(items)
            if n:
                items[:] = items[-n:] + items[:-n]
        self._changed()

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __contains__(self, value):
        return value in self._items

    def _index(self, i):
        n = len(self._items)
        i = i.__index__()
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("deque index out of range")
        return i

    def __getitem__(self, i):
        return self._items[self._index(i)]

    def __setitem__(self, i, value):
        self._items[self._index(i)] = value

    def __delitem__(self, i):
        del self._items[self._index(i)]
        self._changed()

    def __iter__(self):
        state = self._state
        items = self._items
        for k in range(len(items)):
            if self._state != state:
                raise RuntimeError("deque mutated during iteration")
            yield items[k]
        if self._state != state:
            raise RuntimeError("deque mutated during iteration")

    def __reversed__(self):
        state = self._state
        items = self._items
        for k in range(len(items) - 1, -1, -1):
            if self._state != state:
                raise RuntimeError("deque mutated during iteration")
            yield items[k]

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return "[...]"
        _repr_running.add(key)
        try:
            name = type(self).__name__
            if self._maxlen is None:
                return f"{name}({self._items!r})"
            return f"{name}({self._items!r}, maxlen={self._maxlen})"
        finally:
            _repr_running.discard(key)

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        return op(self._items, other._items)

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(
                f'can only concatenate deque (not "{type(other).__name__}") to deque')
        new = self.__copy__()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        new = self.__copy__()
        new.__imul__(n)
        return new

    __rmul__ = __mul__

    def __imul__(self, n):
        items = self._items * n
        self._items = []
        self.extend(items)
        return self

    def __reduce__(self):
        return type(self), ((), self._maxlen), None, iter(self._items)

    def __class_getitem__(cls, item):
        return _GenericAlias(cls, item)


class defaultdict(dict):
    """A dict that calls `default_factory` for missing keys."""

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        return f"{type(self).__name__}({self.default_factory!r}, {dict.__repr__(self)})"

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        args = (self.default_factory,) if self.default_factory is not None else ()
        return type(self), args, None, None, iter(self.items())

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new


deque.__module__ = "collections"
defaultdict.__module__ = "collections"
