class Matrix:
    def __init__(self, rows):
        self.rows = rows
    def __getitem__(self, key):
        r, c = key
        return self.rows[r][c]
    def __setitem__(self, key, v):
        r, c = key
        self.rows[r][c] = v
    def __iter__(self):
        for row in self.rows:
            yield from row
    def __len__(self):
        return sum(len(r) for r in self.rows)
    def __eq__(self, o):
        return self.rows == o.rows
    def __repr__(self):
        return f"Matrix({self.rows})"
m = Matrix([[1, 2], [3, 4]])
m[0, 1] = 9
print(m[0, 1], m[1, 0], list(m), len(m), m == Matrix([[1, 9], [3, 4]]), 4 in m, sorted(m), max(m))
class Slicer:
    def __getitem__(self, k):
        return k
s = Slicer()
print(s[1], s[1:2], s[::3], s[1, 2:3], s[...], s[:, None])
