import mypkg.circ_a
B = "b"
def use():
    return mypkg.circ_a.A
