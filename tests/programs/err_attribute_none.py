x = None
try:
    x.foo
except AttributeError as e:
    print(e)
try:
    (1).foo = 2
except AttributeError as e:
    print(e)
try:
    "abc".nope()
except AttributeError as e:
    print(e)
try:
    del [].append
except AttributeError as e:
    print(e)
class C: pass
try:
    C.missing
except AttributeError as e:
    print(e)
try:
    object().x = 1
except AttributeError as e:
    print(e)
