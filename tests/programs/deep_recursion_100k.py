import sys
sys.setrecursionlimit(110000)
def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1
print(down(100000))
sys.setrecursionlimit(1000)
try:
    down(5000)
except RecursionError as e:
    print("RecursionError:", e)
def gen_rec(n):
    if n:
        yield from gen_rec(n - 1)
    yield n
print(sum(gen_rec(200)))
