d = dict.fromkeys(range(3), [])
d[0].append(1)
print(d, dict.fromkeys("ab"), {}.fromkeys([1]))
d2 = {"x": 1}
print(d2.copy(), d2.get("x"), d2.pop("x"), d2, d2.pop("y", "dflt"))
try:
    d2.pop("y")
except KeyError as e:
    print("KeyError", e)
e = {1: "a", 2: "b"}
e |= {3: "c"}
print(e, e == {3: "c", 1: "a", 2: "b"}, list(e) == [1, 2, 3], {1: 1} != {1: 2})
print(dict([("a", 1), ["b", 2]]), dict({"a": 1}, b=2), dict(zip("abc", range(3))))
for bad in [lambda: dict([("a",)]), lambda: dict([1]), lambda: {}.update(1), lambda: {} | []]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(repr({}), repr({"a": [1, {"b": None}]}), str({1: "x"}))
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), big[999], sum(big.values()), list(big)[:3])
