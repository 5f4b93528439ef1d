class Squares:
    def __init__(self, n):
        self.n = n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return i * i
print(list(Squares(5)), 9 in Squares(4), 10 in Squares(4), [x for x in Squares(3)], sum(Squares(4)), sorted(Squares(3), reverse=True))
a, b, c = Squares(3)
print(a, b, c, list(enumerate(Squares(2))), max(Squares(6)))
