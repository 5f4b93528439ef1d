from mypkg import *
print(VALUE, double(3), helpers.public)
from mypkg.helpers import *
print(public, "_private" in globals())
