def first[T](xs: list[T]) -> T:
    return xs[0]
print(first([3, 4]), first.__type_params__)
class Box[T]:
    def __init__(self, v: T):
        self.v = v
print(Box(1).v, Box.__type_params__)
type Alias = list[int]
print(Alias, Alias.__value__, type(Alias).__name__)
def f(x: int) -> str:
    return str(x)
print(f.__annotations__)
class Ann:
    a: int
    b: str = "x"
print(Ann.__annotations__, Ann.b)
