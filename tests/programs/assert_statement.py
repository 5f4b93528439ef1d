assert True
assert 1 == 1, "fine"
try:
    assert False
except AssertionError as e:
    print("AssertionError", repr(e), e.args)
try:
    assert 1 > 2, f"computed {1 + 1}"
except AssertionError as e:
    print(e)
def check(x):
    assert isinstance(x, int), ("bad type", type(x).__name__)
    return x
try:
    check("s")
except AssertionError as e:
    print(e.args[0])
