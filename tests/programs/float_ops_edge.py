inf, nan = float("inf"), float("nan")
print(inf + 1, inf - inf, inf * 0, -inf, nan == nan, nan != nan, nan < 1, inf > 1e308, 1 / inf, min(inf, 1), max(-inf, 0))
print(inf == float("inf"), [nan] == [nan], nan in [nan])
import sys
print(sys.float_info.max * 2, -sys.float_info.max * 2, sys.float_info.min / 2 > 0)
print(0.1 + 0.7, 3 * 0.1, 0.1 * 3 == 0.3, abs(0.1 * 3 - 0.3) < 1e-15, 2.5 % 1, -2.5 % 1, 5.0 // 0.3)
print(float(True), float(-5), float("1e500"), float("-1e500"), 1e-400)
print(int(1e15), int(1.9999999999999999), 1.0.__class__.__name__, (3.7).__trunc__(), (3.2).__ceil__(), (-3.2).__floor__())
