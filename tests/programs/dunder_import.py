m = __import__("mypkg.sub", fromlist=["SUB_VALUE"])
print(m.__name__, m.SUB_VALUE)
top = __import__("mypkg.sub")
print(top.__name__)
h = __import__("mypkg.helpers", globals(), locals(), ["double"], 0)
print(h.double(1))
try:
    __import__("")
except ValueError as e:
    print(e)
