# needs: cpython-lib
# _random (Mersenne Twister, CPython's seeding) under random and statistics; _sha2 hashes.
import _random
r = _random.Random(5); print(r.random(), r.getrandbits(40), len(r.getstate()), r.getstate()[-1])
r.seed(2**70+3); print(r.random()); r.seed(-7); print(r.random()); r.seed(0); print(r.random(), r.getrandbits(0), r.getrandbits(100))
st = r.getstate(); a = r.random(); r.setstate(st); print(a == r.random())
for bad in [lambda: r.setstate(()), lambda: r.setstate([0] * 625), lambda: r.getrandbits(-1), lambda: r.setstate((0,) * 624 + (999,))]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
import random
random.seed(12345); print(random.random(), random.randint(1, 100), random.choice('abcdef'), random.gauss(0, 1))
random.seed('hello'); print(random.random()); random.seed(b'x'); print(random.random())
random.seed(42)
print(random.sample(range(100), 5), random.uniform(1, 2), random.randrange(0, 1000, 7), random.shuffle(l := list(range(10))) or l)
print(random.choices('abc', weights=[1, 2, 3], k=5), random.betavariate(2, 3), random.expovariate(1.5), random.triangular())
print(random.getrandbits(64), random.randbytes(5), random.Random(7).random(), random.Random('x').random())
class R(random.Random):
    pass
print(R(3).random(), type(R(3)).__mro__[-3].__module__)
import statistics
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.stdev([1.0, 2.0, 4.0]))
import _sha2
h = _sha2.sha256(b'abc'); h2 = h.copy(); h2.update(b'def')
print(h.hexdigest(), h2.hexdigest(), h.name, h.digest_size, h.block_size, _sha2.sha512().hexdigest()[:32], _sha2.sha224(b'x').digest()[:4], _sha2.sha384(string=b'y').hexdigest()[:16])
try:
    _sha2.sha256('text')
except TypeError as e:
    print(e)
