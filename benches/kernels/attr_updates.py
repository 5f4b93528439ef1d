class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v
        self.hits = 0
def simulate(n, steps):
    ps = [Particle(float(i), 1.0 - i * 0.01) for i in range(n)]
    for _ in range(steps):
        for p in ps:
            p.x += p.v
            if p.x > 50.0 or p.x < 0.0:
                p.v = -p.v
                p.hits += 1
    return sum(p.hits for p in ps), round(sum(p.x for p in ps), 3)
print(simulate(100, 10000))
