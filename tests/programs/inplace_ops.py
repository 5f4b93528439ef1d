x = 5; x += 2; x -= 1; x *= 3; x //= 4; x **= 2; x %= 7; x <<= 3; x >>= 1; x |= 1; x &= 13; x ^= 6
print(x)
s = "a"; s += "b"; s *= 3; print(s)
l = [1]; l2 = l; l += [2]; print(l, l2, l is l2)
t = (1,); t2 = t; t += (2,); print(t, t2, t is t2)
f = 1.5; f /= 2; f **= 3; print(f)
d = {"a": 1}; d |= {"b": 2}; print(d)
st = {1}; st |= {2}; st &= {2, 3}; st ^= {5}; st -= {5}; print(st)
class I:
    def __init__(self): self.log = []
    def __iadd__(self, o):
        self.log.append(o)
        return self
    def __add__(self, o):
        return "plain add"
i = I(); i += 1; i += 2; print(i.log)
class J:
    def __add__(self, o): return "add used"
j = J(); j += 1; print(j)
