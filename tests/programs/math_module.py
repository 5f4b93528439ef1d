# The math module: float functions with CPython's domain and range errors
# and messages, exact integer functions, fsum's exact rounding, int inputs
# too large for a float. (lgamma's values are left out: CPython's own
# Lanczos approximation differs from the C library's in the last digits.)
import math
cases = [
    'math.sqrt(-1)', 'math.log(0)', 'math.log(-1)', 'math.acos(2)', 'math.exp(1000)',
    'math.factorial(-1)', 'math.factorial(1.5)', 'math.floor("a")', 'math.sqrt("x")',
    'math.pow(0,-1)', 'math.fmod(1,0)', 'math.gcd(1.5)', 'math.isqrt(-1)', 'math.log(8,2)',
    'math.log(10**400)', 'math.ceil(float("inf"))', 'math.floor(float("nan"))', 'math.comb(5,-1)',
    'math.atan2(1)', 'math.ldexp(1.0, 10**20)', 'math.gamma(0)', 'math.cosh(1000)',
    'math.sin(float("inf"))', 'math.trunc("x")', 'math.dist((1,2),(1,))', 'math.fsum([1e308, 1e308])',
    'math.log1p(-1)', 'math.lgamma(-2)', 'math.log2(-1)', 'math.log10(0)', 'math.acosh(0)',
    'math.atanh(1)', 'math.tan(float("inf"))', 'math.sqrt()', 'math.sqrt(1,2)', 'math.gcd()',
    'math.gcd(12,18,27)', 'math.lcm()', 'math.lcm(4, 6, 10)', 'math.log(1,1)', 'math.log(2,0)',
    'math.log(-2, 10)', 'math.isclose(1,1.0000000001)', 'math.isclose(1,2,rel_tol=-1)',
    'math.isclose(1, 1.1, abs_tol=0.2)', 'math.perm(5)', 'math.perm(5,2)', 'math.comb(10**2, 50)',
    'math.prod([])', 'math.prod([1,2],start=3)', 'math.prod([0.5, 4, 3])', 'math.fsum([0.1]*10)',
    'sum([0.1]*10)', 'math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])',
    'math.fsum([float("inf"), 1.0])', 'math.fsum([float("inf"), float("-inf")])',
    'math.hypot()', 'math.hypot(3,4)', 'math.hypot(float("inf"), float("nan"))', 'math.hypot(-7)',
    'math.remainder(5,3)', 'math.remainder(-5, 2)', 'math.nextafter(1,2,steps=2)',
    'math.nextafter(0.0, -1.0)', 'math.ulp(1.0)', 'math.ulp(0.0)', 'math.frexp(0.0)', 'math.frexp(8.0)',
    'math.frexp(-0.3)', 'math.modf(-2.5)', 'math.modf(float("inf"))', 'math.copysign(1,-0.0)',
    'math.trunc(-2.7)', 'math.ceil(2.1)', 'math.floor(-2.1)', 'math.pow(2,0.5)', 'math.pow(-8, 1/3)',
    'math.pow(float("inf"), -1)', 'math.erf(0.5)', 'math.erfc(0.5)', 'math.gamma(4.5)',
    'math.gamma(5)', 'math.exp2(10)', 'math.expm1(1e-10)',
    'math.sumprod([1,2],[3,4])', 'math.sumprod([1.5, 2], [2, 0.25])', 'math.fma(2,3,4)',
    'math.degrees(math.pi)', 'math.radians(180)', 'math.log(10**400, 10)', 'math.log2(2**1000)',
    'math.log10(10**300)', 'math.factorial(20)', 'math.factorial(30)', 'math.isqrt(10**40)',
    'math.isqrt(99)', 'math.floor(2**70+0.5)', 'math.ceil(True)', 'math.log(0.0)', 'math.sqrt(2)',
    'math.pi', 'math.tau', 'math.e', 'math.inf', 'math.nan', 'math.atan2(-0.0,-1)', 'math.fmod(-7, 3)',
    'math.fmod(5, float("inf"))', 'math.ldexp(1, -1080)', 'math.ldexp(0.75, 4)', 'math.comb(3, 5)',
    'math.perm(3, 5)', 'math.comb(52, 5)', 'math.isfinite(1e308)', 'math.isinf(-math.inf)',
    'math.isnan(math.nan)', 'math.asinh(1)', 'math.sinh(1)', 'math.tanh(-3)', 'math.cos(0)',
    'math.floor(-0.5)', 'math.ceil(-0.5)', 'math.trunc(1e20)', 'type(math.floor(3.0)).__name__',
    'math.copysign(3, -math.nan)', 'math.dist([0, 0], [3, 4])', 'math.sqrt(10**400)',
]
for expr in cases:
    try:
        print(expr, '->', repr(eval(expr)))
    except Exception as e:
        print(expr, '->', type(e).__name__, e)
class Ceil:
    def __ceil__(self):
        return "ceil!"
    def __floor__(self):
        return "floor!"
print(math.ceil(Ceil()), math.floor(Ceil()))
print(math.__name__, math.sqrt.__name__, math.sqrt.__module__, 'math' in __import__('sys').builtin_module_names)
print(sorted(n for n in dir(math) if not n.startswith('_'))[:12])
