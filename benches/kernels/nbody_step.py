# One body pair's velocity and position update, the inner step of n-body.
def advance(steps, dt):
    x1, y1, z1, vx1, vy1, vz1, m1 = 0.0, 0.0, 0.0, 0.01, 0.02, 0.0, 1.0
    x2, y2, z2, vx2, vy2, vz2, m2 = 1.0, 0.5, 0.25, -0.01, 0.0, 0.03, 0.001
    for _ in range(steps):
        dx = x1 - x2
        dy = y1 - y2
        dz = z1 - z2
        d2 = dx * dx + dy * dy + dz * dz + 0.01
        mag = dt / (d2 * d2 ** 0.5)
        b1 = m1 * mag
        b2 = m2 * mag
        vx1 -= dx * b2
        vy1 -= dy * b2
        vz1 -= dz * b2
        vx2 += dx * b1
        vy2 += dy * b1
        vz2 += dz * b1
        x1 += dt * vx1
        y1 += dt * vy1
        z1 += dt * vz1
        x2 += dt * vx2
        y2 += dt * vy2
        z2 += dt * vz2
    return round(x1, 6), round(y2, 6), round(vz2, 6)
print(advance(300_000, 0.001))
