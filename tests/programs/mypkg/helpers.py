print("helpers loaded", __name__)
def double(x):
    return 2 * x
_private = 1
public = "p"
