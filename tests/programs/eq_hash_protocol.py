class P:
    def __init__(self, x):
        self.x = x
    def __eq__(self, o):
        if not isinstance(o, P):
            return NotImplemented
        return self.x == o.x
    def __hash__(self):
        return hash(self.x)
print(P(1) == P(1), P(1) != P(2), P(1) == 1, {P(1), P(1), P(2)}.__len__(), P(1) in [P(1)])
class Q:
    pass
q = Q()
print(q == q, q != Q(), hash(q) == hash(q))
class R:
    def __eq__(self, o):
        return "truthy"
print(R() == 1, R() != 1, [R()] == [R()])
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __le__(self, o): return self.v <= o.v
print(Cmp(1) < Cmp(2), Cmp(2) > Cmp(1), Cmp(1) <= Cmp(1), Cmp(3) >= Cmp(4))
print(NotImplemented, repr(NotImplemented), bool(Ellipsis), ... is Ellipsis)
