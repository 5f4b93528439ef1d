vals = [0.1, 1.0, 100.0, 1e16, 1.5e-10, -2.5, 3.14159265358979, 1e22, 123456789.0]
for v in vals:
    print(f"{v} {v:.3g} {v:.10g} {v:e} {v:.1f} {v:12.4f}| {v:<12.2e}| {v:+.2%}")
print(format(2.5, ".0f"), format(3.5, ".0f"), format(0.125, ".2f"), format(0.375, ".2f"), format(1e-5, "f"), format(1e20, "f"))
print(format(float("inf"), "10.2f"), format(float("nan"), "+"), format(-0.0, ".1f"), format(-0.0, "z.1f"), format(1.0, "#.0f"))
