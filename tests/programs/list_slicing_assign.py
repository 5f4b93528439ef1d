a = list(range(10))
a[2:5] = "xyz"; print(a)
a[::3] = [0, 0, 0, 0]; print(a)
a[5:] = []; print(a)
a[:0] = [-1]; print(a)
del a[::2]; print(a)
a[1:1] = [7, 8]; print(a)
b = [1, 2, 3]
b[1:] = b; print(b)
try:
    a[::2] = [1]
except ValueError as e:
    print(e)
try:
    a[0:2] = 5
except TypeError as e:
    print(e)
c = [1, 2, 3, 4, 5]
c[-2:] = [9]; print(c, c[-100:100], c[::-1][1:3])
