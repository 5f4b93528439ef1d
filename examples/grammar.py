"""A small program that exercises much of the grammar; `pyrite-ast` prints its tree."""

from dataclasses import dataclass


@dataclass
class Point[T: (int, float)]:
    x: T
    y: T

    def __add__(self, other: "Point[T]") -> "Point[T]":
        return Point(self.x + other.x, self.y + other.y)


def describe(shape):
    match shape:
        case Point(x=0, y=0):
            return "origin"
        case Point(x=x, y=0) if x > 0:
            return f"on the positive x axis at {x!r:>6}"
        case [Point() as first, *rest]:
            return f"{len(rest) + 1} points, first {first}"
        case _:
            return "something else"


async def ticker(n):
    for i in range(n):
        yield i


total = sum(p.x * p.y for p in [Point(1, 2), Point(3, 4)] if (area := p.x * p.y) > 1)
try:
    print(describe(Point(0, 0)), total)
except* (ValueError, TypeError) as group:
    print(group)
