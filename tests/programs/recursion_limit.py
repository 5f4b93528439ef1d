import sys
print(sys.getrecursionlimit())
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(500))
try:
    deep(100000)
except RecursionError as e:
    print("RecursionError", e)
sys.setrecursionlimit(200000)
print(deep(100000))
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError:
    print("caught deep")
