def handle(cmd):
    match cmd:
        case {"action": "move", "dir": ("north" | "south") as d}:
            return f"vertical {d}"
        case {"action": "move", "dir": d}:
            return f"move {d}"
        case {"action": "say", **rest} if rest:
            return f"say {sorted(rest.items())}"
        case {"action": act}:
            return f"unknown {act}"
        case _:
            return "invalid"
for c in [{"action": "move", "dir": "north"}, {"action": "move", "dir": "east"}, {"action": "say", "text": "hi"}, {"action": "say"}, {"x": 1}, []]:
    print(handle(c))
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
def where(p):
    match p:
        case Point(0, 0):
            return "origin"
        case Point(x, 0):
            return f"x-axis {x}"
        case Point(x=0, y=y):
            return f"y-axis {y}"
        case Point():
            return "elsewhere"
        case int(n) | float(n):
            return f"number {n}"
for p in [Point(0, 0), Point(3, 0), Point(0, 4), Point(1, 1), 7, 2.5, "s"]:
    print(where(p))
