import mypkg.circ_a as a
print(a.use(), a.b.use(), a.A)
