a = 3 ** 200
b = 7 ** 150
print(a + b, a - b, (a * b) % 10**20, a // b, a % b, divmod(a, b)[1] == a % b, -a // b, -a % b)
print(a.bit_length(), (a >> 100).bit_length(), (a << 10) >> 10 == a, a & b, (a | b) > a, a ^ a, ~a == -a - 1)
print(pow(a, 3, b), pow(b, -1, 2**127 - 1) > 0, abs(-a) == a, hash(a) == hash(a), str(a)[:10], len(str(a)))
print(int(str(b)) == b, float(a) > 1e95, a > 1e95, a == float(a), round(a, -90) % 10**90 == 0)
