import sys
for bad in [0, -5]:
    try:
        sys.setrecursionlimit(bad)
    except ValueError as e:
        print(e)
try:
    sys.setrecursionlimit(1.5)
except TypeError as e:
    print(e)
old = sys.getrecursionlimit()
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
sys.setrecursionlimit(old)
