# Recursion inside hot calls: the call sites specialized for exact Python
# calls push frames without Rust recursion, and deep recursion still ends
# in RecursionError.
# expect-stats: CALL successes
import sys
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print([fib(i) for i in range(20)])
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError as e:
    print("RecursionError", e)
class Node:
    def __init__(self, v, nxt):
        self.v = v
        self.nxt = nxt
    def total(self):
        return self.v + (self.nxt.total() if self.nxt else 0)
head = None
for i in range(500):
    head = Node(i, head)
print(head.total())
