import sys
sys.setrecursionlimit(5000)
class Node:
    def __init__(self, nxt):
        self.nxt = nxt
    def depth(self):
        return 1 + (self.nxt.depth() if self.nxt else 0)
n = None
for _ in range(3000):
    n = Node(n)
print(n.depth())
class Rec:
    def __repr__(self):
        return repr(self)
try:
    repr(Rec())
except RecursionError:
    print("repr recursion caught")
class Add:
    def __add__(self, o):
        return self + o
try:
    Add() + 1
except RecursionError:
    print("add recursion caught")
