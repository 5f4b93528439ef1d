class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def move(self, dx):
        self.x += dx
        return self.x + self.y
def main():
    p = Point(0, 1)
    total = 0
    for i in range(500_000):
        total += p.move(1)
        q = Point(i, i)
        total += q.y
    return total
print(main())
