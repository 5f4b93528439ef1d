class Stack:
    def __class_getitem__(cls, item):
        return f"Stack of {item.__name__}"
print(Stack[int], list[str], tuple[int, ...], dict[str, list[int]], type(list[int]).__name__)
alias = list[int]
print(alias.__origin__, alias.__args__, alias([1, 2]), alias == list[int], list[int] == list[str])
print(int | str, (int | None), type(int | str).__name__, isinstance(1, int | str), isinstance("a", int | None), issubclass(bool, int | str))
print((int | str) == (str | int), int | int)
try:
    isinstance(1, list[int])
except TypeError as e:
    print(e)
