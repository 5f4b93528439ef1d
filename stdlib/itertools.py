"""Functional tools for creating and using iterators.

Pyrite's own itertools, written in Python until the Rust module lands
(DESIGN §7): every tool is a class named and behaving as CPython's
(lazy, single-pass, the same argument checks), so that the library code
built on it runs unchanged.
"""

__all__ = [
    "accumulate", "batched", "chain", "combinations", "combinations_with_replacement",
    "compress", "count", "cycle", "dropwhile", "filterfalse", "groupby", "islice",
    "pairwise", "permutations", "product", "repeat", "starmap", "takewhile", "tee",
    "zip_longest",
]

_marker = object()


class _Tool:
    """Iterator protocol shared by the tools."""

    __slots__ = ()

    def __iter__(self):
        return self


class count(_Tool):
    def __init__(self, start=0, step=1):
        for v in (start, step):
            if isinstance(v, (str, bytes, bytearray)) or not hasattr(type(v), "__add__"):
                raise TypeError("a number is required")
        self._n = start
        self._step = step

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if type(self._step) is int and self._step == 1:
            return f"{type(self).__name__}({self._n!r})"
        return f"{type(self).__name__}({self._n!r}, {self._step!r})"


class repeat(_Tool):
    def __init__(self, object, times=_marker):
        self._obj = object
        if times is _marker:
            self._left = None
        else:
            self._left = max(0, times.__index__())

    def __next__(self):
        if self._left is None:
            return self._obj
        if self._left <= 0:
            raise StopIteration
        self._left -= 1
        return self._obj

    def __length_hint__(self):
        if self._left is None:
            raise TypeError("len() of unsized object")
        return self._left

    def __repr__(self):
        if self._left is None:
            return f"repeat({self._obj!r})"
        return f"repeat({self._obj!r}, {self._left})"


class cycle(_Tool):
    def __init__(self, iterable, /):
        self._it = iter(iterable)
        self._saved = []
        self._index = -1

    def __next__(self):
        if self._index < 0:
            for v in self._it:
                self._saved.append(v)
                return v
            if not self._saved:
                raise StopIteration
            self._index = 0
        v = self._saved[self._index]
        self._index = (self._index + 1) % len(self._saved)
        return v


class chain(_Tool):
    def __init__(self, *iterables):
        self._sources = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, iterable, /):
        self = cls.__new__(cls)
        self._sources = iter(iterable)
        self._active = None
        return self

    def __next__(self):
        while True:
            if self._active is None:
                self._active = iter(next(self._sources))
            for v in self._active:
                return v
            self._active = None

    def __class_getitem__(cls, item):
        return type(list[int])(cls, item)


def _index_arg(v, what):
    if v is None:
        return None
    try:
        n = v.__index__()
    except AttributeError:
        raise ValueError(what) from None
    if n < 0:
        raise ValueError(what)
    return n


class islice(_Tool):
    def __init__(self, iterable, *args):
        if not 1 <= len(args) <= 3:
            raise TypeError(f"islice expected at most 4 arguments, got {len(args) + 1}" if args
                            else "islice expected at least 2 arguments, got 1")
        msg_ss = ("Indices for islice() must be None or an integer: "
                  "0 <= x <= sys.maxsize.")
        if len(args) == 1:
            start, stop, step = None, args[0], None
        else:
            start, stop, step = (args + (None,))[:3]
        self._stop = _index_arg(stop, "Stop argument for islice() must be None or an integer: "
                                      "0 <= x <= sys.maxsize.")
        self._next = _index_arg(start, msg_ss) or 0
        step = _index_arg(step, "Step for islice() must be a positive integer or None.")
        if step == 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
        self._step = step or 1
        self._it = iter(iterable)
        self._pos = 0

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        if self._stop is not None and self._next >= self._stop:
            # Consume up to stop, as CPython does, then end.
            while self._pos < self._stop:
                try:
                    next(it)
                except StopIteration:
                    break
                self._pos += 1
            self._it = None
            raise StopIteration
        while self._pos < self._next:
            try:
                next(it)
            except StopIteration:
                self._it = None
                raise
            self._pos += 1
        try:
            v = next(it)
        except StopIteration:
            self._it = None
            raise
        self._pos += 1
        self._next += self._step
        return v


class starmap(_Tool):
    def __init__(self, function, iterable, /):
        self._f = function
        self._it = iter(iterable)

    def __next__(self):
        return self._f(*next(self._it))


class accumulate(_Tool):
    def __init__(self, iterable, func=None, *, initial=None):
        self._it = iter(iterable)
        self._f = func
        self._total = initial
        self._started = initial is not None
        self._pending = initial is not None

    def __next__(self):
        if self._pending:
            self._pending = False
            return self._total
        v = next(self._it)
        if not self._started:
            self._started = True
            self._total = v
        elif self._f is None:
            self._total = self._total + v
        else:
            self._total = self._f(self._total, v)
        return self._total


class compress(_Tool):
    def __init__(self, data, selectors):
        self._data = iter(data)
        self._sel = iter(selectors)

    def __next__(self):
        while True:
            v = next(self._data)
            if next(self._sel):
                return v


class dropwhile(_Tool):
    def __init__(self, predicate, iterable, /):
        self._pred = predicate
        self._it = iter(iterable)
        self._dropping = True

    def __next__(self):
        for v in self._it:
            if self._dropping and self._pred(v):
                continue
            self._dropping = False
            return v
        raise StopIteration


class takewhile(_Tool):
    def __init__(self, predicate, iterable, /):
        self._pred = predicate
        self._it = iter(iterable)
        self._done = False

    def __next__(self):
        if self._done:
            raise StopIteration
        v = next(self._it)
        if self._pred(v):
            return v
        self._done = True
        raise StopIteration


class filterfalse(_Tool):
    def __init__(self, function, iterable, /):
        self._f = bool if function is None else function
        self._it = iter(iterable)

    def __next__(self):
        for v in self._it:
            if not self._f(v):
                return v
        raise StopIteration


class pairwise(_Tool):
    def __init__(self, iterable, /):
        self._it = iter(iterable)
        self._last = _marker

    def __next__(self):
        if self._last is _marker:
            self._last = next(self._it)
        v = next(self._it)
        pair = (self._last, v)
        self._last = v
        return pair


class zip_longest(_Tool):
    def __init__(self, *iterables, fillvalue=None):
        self._its = [iter(i) for i in iterables]
        self._fill = fillvalue
        self._active = len(self._its)

    def __next__(self):
        if not self._its or self._active == 0:
            raise StopIteration
        out = []
        for k, it in enumerate(self._its):
            if it is None:
                out.append(self._fill)
                continue
            try:
                out.append(next(it))
            except StopIteration:
                self._its[k] = None
                self._active -= 1
                if self._active == 0:
                    raise
                out.append(self._fill)
        return tuple(out)


class batched(_Tool):
    def __init__(self, iterable, n, *, strict=False):
        n = n.__index__()
        if n < 1:
            raise ValueError("n must be at least one")
        self._it = iter(iterable)
        self._n = n
        self._strict = strict

    def __next__(self):
        batch = tuple(islice(self._it, self._n))
        if not batch:
            raise StopIteration
        if self._strict and len(batch) != self._n:
            raise ValueError("batched(): incomplete batch")
        return batch


class product(_Tool):
    def __init__(self, *iterables, repeat=1):
        repeat = repeat.__index__()
        if repeat < 0:
            raise ValueError("repeat argument cannot be negative")
        self._pools = [tuple(p) for p in iterables] * repeat
        self._indices = None

    def __next__(self):
        pools = self._pools
        if self._indices is None:
            if any(not p for p in pools):
                self._indices = False
                raise StopIteration
            self._indices = [0] * len(pools)
            return tuple(p[0] for p in pools)
        if self._indices is False:
            raise StopIteration
        for k in reversed(range(len(pools))):
            self._indices[k] += 1
            if self._indices[k] < len(pools[k]):
                return tuple(p[i] for p, i in zip(pools, self._indices))
            self._indices[k] = 0
        self._indices = False
        raise StopIteration


class _Combinatoric(_Tool):
    """combinations, combinations_with_replacement and permutations: a pool,
    a length r, and index state that `_start` sets up and `_step` advances
    (each gives False when there is nothing more)."""

    def __init__(self, iterable, r):
        self._pool = tuple(iterable)
        r = r.__index__()
        if r < 0:
            raise ValueError("r must be non-negative")
        self._r = r
        self._indices = None

    def __next__(self):
        n = len(self._pool)
        if self._indices is None:
            self._indices = self._start(n, self._r)
        elif self._indices is not False and not self._step(self._indices, n, self._r):
            self._indices = False
        if self._indices is False:
            raise StopIteration
        return tuple(self._pool[i] for i in self._indices[:self._r])


class combinations(_Combinatoric):
    def _start(self, n, r):
        return False if r > n else list(range(r))

    def _step(self, idx, n, r):
        for i in reversed(range(r)):
            if idx[i] != i + n - r:
                break
        else:
            return False
        idx[i] += 1
        for j in range(i + 1, r):
            idx[j] = idx[j - 1] + 1
        return True


class combinations_with_replacement(_Combinatoric):
    def _start(self, n, r):
        return False if not n and r else [0] * r

    def _step(self, idx, n, r):
        for i in reversed(range(r)):
            if idx[i] != n - 1:
                break
        else:
            return False
        idx[i:] = [idx[i] + 1] * (r - i)
        return True


class permutations(_Combinatoric):
    def __init__(self, iterable, r=None):
        pool = tuple(iterable)
        super().__init__(pool, len(pool) if r is None else r)
        self._cycles = None

    def _start(self, n, r):
        if r > n:
            return False
        self._cycles = list(range(n, n - r, -1))
        return list(range(n))

    def _step(self, idx, n, r):
        cycles = self._cycles
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                idx[i:] = idx[i + 1:] + idx[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                idx[i], idx[-j] = idx[-j], idx[i]
                return True
        return False


class groupby(_Tool):
    def __init__(self, iterable, key=None):
        self._keyfunc = (lambda v: v) if key is None else key
        self._it = iter(iterable)
        self._tgtkey = self._currkey = self._currvalue = _marker
        self._id = None

    def __next__(self):
        self._id = object()
        while self._currkey is self._tgtkey or self._currkey == self._tgtkey:
            self._currvalue = next(self._it)
            self._currkey = self._keyfunc(self._currvalue)
        self._tgtkey = self._currkey
        return (self._currkey, self._grouper(self._tgtkey, self._id))

    def _grouper(self, tgtkey, ident):
        # A group ends when its parent moves on or the key changes.
        while self._id is ident and self._currkey == tgtkey:
            yield self._currvalue
            try:
                self._currvalue = next(self._it)
            except StopIteration:
                return
            self._currkey = self._keyfunc(self._currvalue)


class _TeeLink:
    __slots__ = ("value", "next")

    def __init__(self):
        self.value = _marker
        self.next = None


class _tee(_Tool):
    def __init__(self, it, link):
        self._it = it
        self._link = link

    def __next__(self):
        link = self._link
        if link.next is None:
            link.value = next(self._it)
            link.next = _TeeLink()
        self._link = link.next
        return link.value

    def __copy__(self):
        return _tee(self._it, self._link)


def tee(iterable, n=2, /):
    n = n.__index__()
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return ()
    it = iter(iterable)
    if isinstance(it, _tee):
        first = it
    else:
        first = _tee(it, _TeeLink())
    return tuple([first] + [first.__copy__() for _ in range(n - 1)])


for _cls in (count, repeat, cycle, chain, islice, starmap, accumulate, compress, dropwhile,
             takewhile, filterfalse, pairwise, zip_longest, batched, product, combinations,
             combinations_with_replacement, permutations, groupby, _tee):
    _cls.__module__ = "itertools"
del _cls
