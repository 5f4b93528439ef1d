def f():
    return undefined_in_f
try:
    f()
except NameError as e:
    print(e, e.name)
class K:
    try:
        print(undefined_in_class)
    except NameError as e:
        print(e)
try:
    del never_defined
except NameError as e:
    print(e)
def g():
    global nowhere
    try:
        return nowhere
    except NameError as e:
        return str(e)
print(g())
