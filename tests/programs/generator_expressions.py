g = (x * x for x in range(5) if x % 2 == 0)
print(next(g), list(g))
print(sum(x for x in range(10)), max(len(w) for w in ["a", "abc"]), sorted((y for y in "bca"), reverse=True))
nested = ((i, j) for i in range(2) for j in range(2))
print(list(nested))
def lazy():
    print("evaluated")
    return [1, 2]
ge = (x for x in lazy())
print("created")
print(list(ge))
print(type(g).__name__, g.__name__ if hasattr(g, "__name__") else "")
