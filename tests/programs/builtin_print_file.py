import sys
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
    def flush(self):
        self.parts.append("<flush>")
c = Collector()
print("a", 1, sep="|", end="!\n", file=c)
print("b", file=c, flush=True)
print(c.parts)
try:
    print("x", sep=5)
except TypeError as e:
    print(e)
try:
    print("x", bad=1)
except TypeError as e:
    print(e)
print("none file", file=None)
