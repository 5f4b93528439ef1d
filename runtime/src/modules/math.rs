//! `math`: CPython's math module (C99 functions on floats, exact integer
//! functions on ints), with its argument conversions, error classes and
//! messages. One-argument float functions are rows of one table.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::float::to_f64;
use crate::types::int::float_to_int;
use crate::types::int::{IntVal, big_value, int_val, int_value};
use crate::types::{module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// What a non-finite result of a one-argument function means.
#[derive(Clone, Copy)]
enum Domain {
    /// `ValueError: <message>, got <x>` for a NaN from a non-NaN input
    /// (and an infinity from a finite input).
    Msg(&'static str),
    /// The function can overflow: an infinity from a finite input is
    /// `OverflowError: math range error`; NaN is "math domain error".
    Overflows,
    /// Plain "math domain error".
    Plain,
}

/// A C99 function of one float.
type FloatFn = fn(f64) -> f64;

/// The one-argument float functions: name, function, what errors mean.
const UNARY: &[(&str, FloatFn, Domain)] = &[
    (
        "acos",
        f64::acos,
        Domain::Msg("expected a number in range from -1 up to 1"),
    ),
    (
        "acosh",
        f64::acosh,
        Domain::Msg("expected argument value not less than 1"),
    ),
    (
        "asin",
        f64::asin,
        Domain::Msg("expected a number in range from -1 up to 1"),
    ),
    ("asinh", f64::asinh, Domain::Plain),
    ("atan", f64::atan, Domain::Plain),
    (
        "atanh",
        atanh,
        Domain::Msg("expected a number between -1 and 1"),
    ),
    ("cbrt", f64::cbrt, Domain::Plain),
    ("cos", f64::cos, Domain::Msg("expected a finite input")),
    ("cosh", f64::cosh, Domain::Overflows),
    ("erf", libm::erf, Domain::Plain),
    ("erfc", libm::erfc, Domain::Plain),
    ("exp", f64::exp, Domain::Overflows),
    ("exp2", f64::exp2, Domain::Overflows),
    ("expm1", f64::exp_m1, Domain::Overflows),
    ("fabs", f64::abs, Domain::Plain),
    (
        "gamma",
        gamma,
        Domain::Msg("expected a noninteger or positive integer"),
    ),
    (
        "lgamma",
        lgamma,
        Domain::Msg("expected a noninteger or positive integer"),
    ),
    (
        "log1p",
        f64::ln_1p,
        Domain::Msg("expected argument value > -1"),
    ),
    ("sin", f64::sin, Domain::Msg("expected a finite input")),
    ("sinh", f64::sinh, Domain::Overflows),
    (
        "sqrt",
        f64::sqrt,
        Domain::Msg("expected a nonnegative input"),
    ),
    ("tan", f64::tan, Domain::Msg("expected a finite input")),
    ("tanh", f64::tanh, Domain::Plain),
    ("degrees", f64::to_degrees, Domain::Overflows),
    ("radians", f64::to_radians, Domain::Plain),
];

fn atanh(x: f64) -> f64 {
    // atanh(±1) is an infinity from a finite input: a domain error.
    if x.abs() >= 1.0 { f64::NAN } else { x.atanh() }
}

fn gamma(x: f64) -> f64 {
    if x.is_finite() && x <= 0.0 && x == x.floor() {
        return f64::NAN;
    }
    if x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    libm::tgamma(x)
}

fn lgamma(x: f64) -> f64 {
    if x.is_finite() && x <= 0.0 && x == x.floor() {
        return f64::NAN;
    }
    libm::lgamma(x)
}

/// A float's repr, for messages.
fn show(x: f64) -> String {
    crate::format::float_repr(x)
}

fn domain_error(vm: &Vm, d: Domain, x: f64) -> crate::error::PyErr {
    match d {
        Domain::Msg(m) => vm.value_error(format!("{m}, got {}", show(x))),
        _ => vm.value_error("math domain error"),
    }
}

/// Checks a float function's result the way CPython's `math_1` does.
fn checked(vm: &Vm, d: Domain, x: f64, r: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm, d, x));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(match d {
            Domain::Overflows => vm.overflow_error("math range error"),
            _ => domain_error(vm, d, x),
        });
    }
    Ok(Value::Float(r))
}

/// Runs row `name` of the unary table (the row is looked up once, at
/// call time, by the builtin's own name).
fn unary(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, &format!("math.{name}"), 1, 1)? else {
        unreachable!()
    };
    let (_, f, d) = UNARY
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("a row of the table");
    let x = to_f64(vm, x)?;
    checked(vm, *d, x, f(x))
}

macro_rules! unary_fns {
    ($($name:ident),*) => {
        /// Entry points of the table's rows (builtins know their function
        /// by pointer, not by row).
        const UNARY_FNS: &[(&str, NativeFn)] = &[
            $((stringify!($name), |vm, a| unary(vm, stringify!($name), a)),)*
        ];
    };
}

unary_fns!(
    acos, acosh, asin, asinh, atan, atanh, cbrt, cos, cosh, erf, erfc, exp, exp2, expm1, fabs,
    gamma, lgamma, log1p, sin, sinh, sqrt, tan, tanh, degrees, radians
);

/// Exactly `n` (2 or more) positional arguments, with the message of
/// CPython's positional-only argument check.
fn exactly<'a>(vm: &Vm, name: &str, args: &Args<'a>, n: usize) -> PyResult<&'a [Value]> {
    args.no_kwargs(vm, name)?;
    if args.pos.len() != n {
        return Err(vm.type_error(format!(
            "{name} expected {n} arguments, got {}",
            args.pos.len()
        )));
    }
    Ok(args.pos)
}

/// Two float arguments, for the functions that take a pair.
fn two_floats(vm: &Vm, name: &str, args: &Args<'_>) -> PyResult<(f64, f64)> {
    let p = exactly(vm, name, args, 2)?;
    Ok((to_f64(vm, &p[0])?, to_f64(vm, &p[1])?))
}

/// An integer argument (through `__index__`).
fn int_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index(v)?;
    Ok(match int_val(&i).expect("index gives an int") {
        IntVal::Small(s) => BigInt::from(s),
        IntVal::Big(b) => b,
    })
}

/// `floor`, `ceil` and `trunc`: floats round to ints; other objects use
/// their `__floor__`/`__ceil__`/`__trunc__`.
fn rounding(
    vm: &Vm,
    args: Args<'_>,
    name: &str,
    dunder: &str,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    let [x] = args.check(vm, &format!("math.{name}"), 1, 1)? else {
        unreachable!()
    };
    if let Some(i) = int_val(x) {
        return Ok(int_value(vm, i));
    }
    if let Value::Float(v) = x {
        return float_to_int(vm, f(*v));
    }
    if let Some(r) = vm.call_special(x, dunder, &[])? {
        return Ok(r);
    }
    if name == "trunc" {
        return Err(vm.type_error(format!(
            "type {} doesn't define __trunc__ method",
            vm.type_name(x)
        )));
    }
    float_to_int(vm, f(to_f64(vm, x)?))
}

/// `log(x)` of an int or float, exact for ints too large for a float.
fn log_of(vm: &Vm, x: &Value, log: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(i) = int_val(x) {
        let b = match i {
            IntVal::Small(s) => BigInt::from(s),
            IntVal::Big(b) => b,
        };
        if !b.is_positive() {
            return Err(vm.value_error("expected a positive input"));
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(log(f));
        }
        // x = m * 2**e with m a float in [0.5, 1).
        let e = b.bits() as i64 - 54;
        let m = (b >> e as usize).to_f64().unwrap_or(f64::MAX);
        return Ok(log(m) + (e as f64) * log(2.0));
    }
    let f = to_f64(vm, x)?;
    if f.is_nan() {
        return Ok(f);
    }
    if f <= 0.0 {
        return Err(vm.value_error(format!("expected a positive input, got {}", show(f))));
    }
    Ok(log(f))
}

fn math_log(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "log", 1, 2)?;
    let num = log_of(vm, &p[0], f64::ln)?;
    match p.get(1) {
        None => Ok(Value::Float(num)),
        Some(base) => {
            let den = log_of(vm, base, f64::ln)?;
            if den == 0.0 {
                return Err(vm.new_exception(&vm.types.exc.zero_division_error, "division by zero"));
            }
            Ok(Value::Float(num / den))
        }
    }
}

fn log_n(vm: &Vm, args: Args<'_>, name: &str, log: fn(f64) -> f64) -> PyResult<Value> {
    let [x] = args.check(vm, &format!("math.{name}"), 1, 1)? else {
        unreachable!()
    };
    Ok(Value::Float(log_of(vm, x, log)?))
}

fn math_pow(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "pow", &args)?;
    let r = x.powf(y);
    if x.is_finite() && y.is_finite() {
        if r.is_nan() || (x == 0.0 && y < 0.0) {
            return Err(vm.value_error("math domain error"));
        }
        if r.is_infinite() {
            return Err(vm.overflow_error("math range error"));
        }
    }
    Ok(Value::Float(r))
}

fn math_fmod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "fmod", &args)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(r))
}

fn math_remainder(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "remainder", &args)?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::Float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(libm::remainder(x, y)))
}

fn math_atan2(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (y, x) = two_floats(vm, "atan2", &args)?;
    Ok(Value::Float(y.atan2(x)))
}

fn math_copysign(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "copysign", &args)?;
    Ok(Value::Float(x.copysign(y)))
}

fn math_fma(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = exactly(vm, "fma", &args, 3)?;
    let (x, y, z) = (to_f64(vm, &p[0])?, to_f64(vm, &p[1])?, to_f64(vm, &p[2])?);
    let r = x.mul_add(y, z);
    if !r.is_finite() && x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(if r.is_nan() {
            vm.value_error("invalid operation in fma")
        } else {
            vm.overflow_error("overflow in fma")
        });
    }
    Ok(Value::Float(r))
}

fn math_frexp(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "math.frexp", 1, 1)? else {
        unreachable!()
    };
    let x = to_f64(vm, x)?;
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        libm::frexp(x)
    };
    Ok(tuple::new_tuple(
        vm,
        vec![Value::Float(m), Value::Int(i64::from(e))],
    ))
}

fn math_ldexp(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = exactly(vm, "ldexp", &args, 2)?;
    let x = to_f64(vm, &p[0])?;
    if matches!(p[1], Value::Float(_)) {
        return Err(vm.type_error("Expected an int as second argument to ldexp."));
    }
    let e = int_arg(vm, &p[1])?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX });
    let r = crate::types::int::ldexp(x, e.clamp(-100_000, 100_000) as i32);
    if r.is_infinite() {
        return Err(vm.overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}

fn math_modf(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "math.modf", 1, 1)? else {
        unreachable!()
    };
    let x = to_f64(vm, x)?;
    let (f, i) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract(), x.trunc())
    };
    Ok(tuple::new_tuple(vm, vec![Value::Float(f), Value::Float(i)]))
}

fn math_isclose(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "isclose", &["a", "b", "rel_tol", "abs_tol"], 2, 0, 2)?;
    let a = to_f64(vm, p[0].as_ref().expect("required"))?;
    let b = to_f64(vm, p[1].as_ref().expect("required"))?;
    let rel = p[2]
        .as_ref()
        .map(|v| to_f64(vm, v))
        .transpose()?
        .unwrap_or(1e-9);
    let abs = p[3]
        .as_ref()
        .map(|v| to_f64(vm, v))
        .transpose()?
        .unwrap_or(0.0);
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Value::Bool(
        diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs,
    ))
}

/// `isfinite`, `isinf`, `isnan`.
fn predicate(vm: &Vm, args: Args<'_>, name: &str, f: fn(f64) -> bool) -> PyResult<Value> {
    let [x] = args.check(vm, &format!("math.{name}"), 1, 1)? else {
        unreachable!()
    };
    Ok(Value::Bool(f(to_f64(vm, x)?)))
}

/// Shewchuk's exact summation: the partial sums never lose a bit.
fn math_fsum(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [it] = args.check(vm, "math.fsum", 1, 1)? else {
        unreachable!()
    };
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    for v in vm.iterate(it)? {
        let mut x = to_f64(vm, &v)?;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if !x.is_finite() {
            return Err(vm.overflow_error("intermediate overflow in fsum"));
        }
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special));
    }
    // Add the partials from the top, then correct the last rounding
    // (half-way cases round with the sign of the next partial).
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn math_hypot(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "hypot")?;
    let xs = args
        .pos
        .iter()
        .map(|v| to_f64(vm, v))
        .collect::<PyResult<Vec<f64>>>()?;
    Ok(Value::Float(vector_norm(&xs)))
}

/// The Euclidean norm, with CPython's rules for infinities and NaNs.
fn vector_norm(xs: &[f64]) -> f64 {
    if xs.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if xs.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let max = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if max == 0.0 || xs.len() <= 1 {
        return max;
    }
    let sum: f64 = xs.iter().map(|x| (x / max) * (x / max)).sum();
    max * sum.sqrt()
}

fn math_dist(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [p, q] = exactly(vm, "dist", &args, 2)? else {
        unreachable!()
    };
    let (p, q) = (vm.iterate(p)?, vm.iterate(q)?);
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let diffs = p
        .iter()
        .zip(&q)
        .map(|(a, b)| Ok(to_f64(vm, a)? - to_f64(vm, b)?))
        .collect::<PyResult<Vec<f64>>>()?;
    Ok(Value::Float(vector_norm(&diffs)))
}

fn math_factorial(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "math.factorial", 1, 1)? else {
        unreachable!()
    };
    let n = int_arg(vm, x)?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let n = n.to_u64().ok_or_else(|| {
        vm.overflow_error("factorial() argument should not exceed 9223372036854775807")
    })?;
    Ok(big_value(vm, product_range(1, n)))
}

/// The product of `lo..=hi`, split in halves so the big multiplications
/// stay balanced.
fn product_range(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        return (lo..=hi).fold(BigInt::one(), |acc, k| acc * k);
    }
    let mid = lo + (hi - lo) / 2;
    product_range(lo, mid) * product_range(mid + 1, hi)
}

fn math_gcd(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "gcd")?;
    let mut g = BigInt::zero();
    for v in args.pos {
        g = g.gcd(&int_arg(vm, v)?);
    }
    Ok(big_value(vm, g))
}

fn math_lcm(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "lcm")?;
    let mut l = BigInt::one();
    for v in args.pos {
        let n = int_arg(vm, v)?;
        l = if l.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(&n)
        };
    }
    Ok(big_value(vm, l))
}

fn math_isqrt(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "math.isqrt", 1, 1)? else {
        unreachable!()
    };
    let n = int_arg(vm, x)?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(big_value(vm, n.sqrt()))
}

/// `n` and `k` of `comb`/`perm`, checked.
fn n_k(vm: &Vm, n: &Value, k: &Value) -> PyResult<(BigInt, BigInt)> {
    let (n, k) = (int_arg(vm, n)?, int_arg(vm, k)?);
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn math_comb(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [n, k] = exactly(vm, "comb", &args, 2)? else {
        unreachable!()
    };
    let (n, k) = n_k(vm, n, k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.clone().min(&n - &k);
    let k = k
        .to_u64()
        .ok_or_else(|| vm.overflow_error(format!("min(n - k, k) must not exceed {}", i64::MAX)))?;
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(big_value(vm, r))
}

fn math_perm(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "perm", 1, 2)?;
    let n = &p[0];
    let k = match p.get(1) {
        None | Some(Value::None) => {
            let n = int_arg(vm, n)?;
            if n.is_negative() {
                return Err(vm.value_error("n must be a non-negative integer"));
            }
            n
        }
        Some(k) => int_arg(vm, k)?,
    };
    let (n, k) = n_k(vm, n, &big_value(vm, k))?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k
        .to_u64()
        .ok_or_else(|| vm.overflow_error(format!("k must not exceed {}", i64::MAX)))?;
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(big_value(vm, r))
}

fn math_prod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "prod", &["iterable", "start"], 1, 1, 1)?;
    let mut acc = p[1].clone().unwrap_or(Value::Int(1));
    for v in vm.iterate(p[0].as_ref().expect("required"))? {
        acc = vm.binary_op(&acc, &v, crate::ops::BinOp::Mul)?;
    }
    Ok(acc)
}

fn math_sumprod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [p, q] = exactly(vm, "sumprod", &args, 2)? else {
        unreachable!()
    };
    let (p, q) = (vm.iterate(p)?, vm.iterate(q)?);
    if p.len() != q.len() {
        return Err(vm.value_error("Inputs are not the same length"));
    }
    let mut acc = Value::Int(0);
    for (a, b) in p.iter().zip(&q) {
        let m = vm.binary_op(a, b, crate::ops::BinOp::Mul)?;
        acc = vm.binary_op(&acc, &m, crate::ops::BinOp::Add)?;
    }
    Ok(acc)
}

fn math_nextafter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "nextafter", &["x", "y", "steps"], 2, 2, 2)?;
    let mut x = to_f64(vm, p[0].as_ref().expect("required"))?;
    let y = to_f64(vm, p[1].as_ref().expect("required"))?;
    let steps = match &p[2] {
        None | Some(Value::None) => 1,
        Some(s) => {
            let s = int_arg(vm, s)?;
            if s.is_negative() {
                return Err(vm.value_error("steps must be a non-negative integer"));
            }
            s.to_u64().unwrap_or(u64::MAX)
        }
    };
    for _ in 0..steps.min(1 << 12) {
        if x == y || x.is_nan() {
            break;
        }
        x = libm::nextafter(x, y);
    }
    if steps > 1 << 12 && x != y {
        // Far walks step through the bit patterns at once.
        x = y;
    }
    Ok(Value::Float(x))
}

fn math_ulp(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "math.ulp", 1, 1)? else {
        unreachable!()
    };
    let x = to_f64(vm, x)?.abs();
    if !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let next = libm::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        return Ok(Value::Float(x - libm::nextafter(x, 0.0)));
    }
    Ok(Value::Float(next - x))
}

/// Adds the module's functions and constants; registered as a builtin
/// module (CPython builds it into the interpreter or ships it beside).
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "math");
    let fns: &[(&'static str, NativeFn)] = &[
        ("ceil", |vm, a| {
            rounding(vm, a, "ceil", "__ceil__", f64::ceil)
        }),
        ("floor", |vm, a| {
            rounding(vm, a, "floor", "__floor__", f64::floor)
        }),
        ("trunc", |vm, a| {
            rounding(vm, a, "trunc", "__trunc__", f64::trunc)
        }),
        ("log", math_log),
        ("log2", |vm, a| log_n(vm, a, "log2", f64::log2)),
        ("log10", |vm, a| log_n(vm, a, "log10", f64::log10)),
        ("pow", math_pow),
        ("fmod", math_fmod),
        ("remainder", math_remainder),
        ("atan2", math_atan2),
        ("copysign", math_copysign),
        ("fma", math_fma),
        ("frexp", math_frexp),
        ("ldexp", math_ldexp),
        ("modf", math_modf),
        ("isclose", math_isclose),
        ("isfinite", |vm, a| {
            predicate(vm, a, "isfinite", f64::is_finite)
        }),
        ("isinf", |vm, a| predicate(vm, a, "isinf", f64::is_infinite)),
        ("isnan", |vm, a| predicate(vm, a, "isnan", f64::is_nan)),
        ("fsum", math_fsum),
        ("hypot", math_hypot),
        ("dist", math_dist),
        ("factorial", math_factorial),
        ("gcd", math_gcd),
        ("lcm", math_lcm),
        ("isqrt", math_isqrt),
        ("comb", math_comb),
        ("perm", math_perm),
        ("prod", math_prod),
        ("sumprod", math_sumprod),
        ("nextafter", math_nextafter),
        ("ulp", math_ulp),
    ];
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| {
        crate::types::dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    };
    crate::modules::add_functions(vm, &m, "math", fns.iter().chain(UNARY_FNS));
    for (name, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        set(name, Value::Float(v));
    }
    m
}
