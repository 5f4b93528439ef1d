//! `int` and `bool`: immediate `i64` values that widen to heap `BigInt`s on
//! overflow (and narrow back whenever a result fits), floor division and
//! modulo with Python's signs, `pow` with negative and modular exponents,
//! exact int/float comparison, and parsing in any base.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::{BinOp, CmpOp};
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// The payload of a big int (or of an instance of an `int` subclass).
pub struct BigIntData(pub BigInt);

/// An int operand, small or big.
#[derive(Clone, Debug)]
pub enum IntVal {
    /// Fits in `i64`.
    Small(i64),
    /// Does not (or came from a heap int).
    Big(BigInt),
}

impl IntVal {
    /// As a `BigInt`.
    pub fn big(&self) -> BigInt {
        match self {
            IntVal::Small(i) => BigInt::from(*i),
            IntVal::Big(b) => b.clone(),
        }
    }

    /// As a float (`None` when too large).
    pub fn to_f64(&self) -> Option<f64> {
        match self {
            IntVal::Small(i) => Some(*i as f64),
            IntVal::Big(b) => big_to_f64(b),
        }
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        match self {
            IntVal::Small(i) => *i == 0,
            IntVal::Big(b) => b.is_zero(),
        }
    }
}

/// An int value as an operand, if `v` is an int (or bool, or subclass).
pub fn int_val(v: &Value) -> Option<IntVal> {
    match v {
        Value::Int(i) => Some(IntVal::Small(*i)),
        Value::Bool(b) => Some(IntVal::Small(i64::from(*b))),
        Value::Obj(o) => o.downcast::<BigIntData>().map(|b| match b.0.to_i64() {
            Some(i) => IntVal::Small(i),
            None => IntVal::Big(b.0.clone()),
        }),
        _ => None,
    }
}

/// A big int as the smallest value that holds it.
pub fn big_value(vm: &Vm, n: BigInt) -> Value {
    match n.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::Obj(ObjRef::new(&vm.types.int, BigIntData(n))),
    }
}

/// An int operand as a value.
pub fn int_value(vm: &Vm, n: IntVal) -> Value {
    match n {
        IntVal::Small(i) => Value::Int(i),
        IntVal::Big(b) => big_value(vm, b),
    }
}

/// A big int as a float, correctly rounded (`None` when out of range).
pub fn big_to_f64(n: &BigInt) -> Option<f64> {
    let bits = n.bits();
    if bits <= 53 {
        return n.to_f64();
    }
    if bits > 1024 {
        return None;
    }
    // Keep 54 bits plus a sticky bit, then let the conversion round once.
    let shift = bits - 55;
    let mag = n.magnitude();
    let top = mag >> shift;
    let sticky = (&top << shift) != *mag;
    let mut m = top.to_u64().expect("55 bits");
    if sticky {
        m |= 1;
    }
    let f = (m as f64) * 2f64.powi(shift as i32);
    if f.is_infinite() {
        return None;
    }
    Some(if n.sign() == Sign::Minus { -f } else { f })
}

/// An int as `i64` (`OverflowError` if it does not fit).
pub fn to_i64(vm: &Vm, v: &Value) -> PyResult<i64> {
    match int_val(v) {
        Some(IntVal::Small(i)) => Ok(i),
        Some(IntVal::Big(_)) => {
            Err(vm.overflow_error("Python int too large to convert to C ssize_t"))
        }
        None => Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ))),
    }
}

fn div_zero(vm: &Vm) -> crate::error::PyErr {
    vm.zero_division_error("division by zero")
}

/// Floor division and modulo on `i64` with Python's signs.
fn floor_divmod(a: i64, b: i64) -> Option<(i64, i64)> {
    let q = a.checked_div(b)?;
    let r = a - q * b;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some((q - 1, r + b))
    } else {
        Some((q, r))
    }
}

/// `a <op> b` for two ints.
pub fn int_binary(vm: &Vm, a: &IntVal, b: &IntVal, op: BinOp) -> PyResult<Value> {
    if let (IntVal::Small(x), IntVal::Small(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let small = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            BinOp::FloorDiv => {
                if y == 0 {
                    return Err(div_zero(vm));
                }
                floor_divmod(x, y).map(|(q, _)| q)
            }
            BinOp::Mod => {
                if y == 0 {
                    return Err(div_zero(vm));
                }
                floor_divmod(x, y).map(|(_, r)| r)
            }
            BinOp::TrueDiv => {
                if y == 0 {
                    return Err(div_zero(vm));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    return Ok(Value::Float(x as f64 / y as f64));
                }
                None
            }
            BinOp::LShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                if y < 63 && x.unsigned_abs() < (1u64 << (62 - y)) {
                    Some(x << y)
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                Some(if y >= 64 {
                    if x < 0 { -1 } else { 0 }
                } else {
                    x >> y
                })
            }
            BinOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return Err(vm.zero_division_error("zero to a negative power"));
                    }
                    return Ok(Value::Float((x as f64).powf(y as f64)));
                }
                u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
            }
            BinOp::MatMul => return Ok(vm.not_implemented()),
        };
        if let Some(r) = small {
            return Ok(Value::Int(r));
        }
    }
    let (x, y) = (a.big(), b.big());
    Ok(match op {
        BinOp::Add => big_value(vm, x + y),
        BinOp::Sub => big_value(vm, x - y),
        BinOp::Mul => big_value(vm, x * y),
        BinOp::And => big_value(vm, x & y),
        BinOp::Or => big_value(vm, x | y),
        BinOp::Xor => big_value(vm, x ^ y),
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(div_zero(vm));
            }
            big_value(vm, x.div_floor(&y))
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(div_zero(vm));
            }
            big_value(vm, x.mod_floor(&y))
        }
        BinOp::TrueDiv => {
            if y.is_zero() {
                return Err(div_zero(vm));
            }
            Value::Float(big_true_div(vm, &x, &y)?)
        }
        BinOp::LShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            let Some(s) = y.to_u64().filter(|s| *s < (1 << 32)) else {
                if x.is_zero() {
                    return Ok(Value::Int(0));
                }
                return Err(vm.overflow_error("too many digits in integer"));
            };
            big_value(vm, x << s)
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            match y.to_u64() {
                Some(s) => big_value(vm, x >> s),
                None => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        BinOp::Pow => {
            if y.is_negative() {
                if x.is_zero() {
                    return Err(vm.zero_division_error("zero to a negative power"));
                }
                let xf = big_to_f64(&x)
                    .ok_or_else(|| vm.overflow_error("int too large to convert to float"))?;
                let yf = big_to_f64(&y).unwrap_or(f64::NEG_INFINITY);
                return Ok(Value::Float(xf.powf(yf)));
            }
            let Some(e) = y.to_u32() else {
                if x.is_zero() || x.is_one() {
                    return Ok(big_value(vm, x));
                }
                if x == BigInt::from(-1) {
                    return Ok(Value::Int(if y.is_even() { 1 } else { -1 }));
                }
                return Err(vm.overflow_error("exponent too large"));
            };
            big_value(vm, num_traits::pow::Pow::pow(&x, e))
        }
        BinOp::MatMul => vm.not_implemented(),
    })
}

/// Correctly rounded `x / y` for big ints.
fn big_true_div(vm: &Vm, x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64())
        && a.unsigned_abs() < (1 << 53)
        && b.unsigned_abs() < (1 << 53)
    {
        return Ok(a as f64 / b as f64);
    }
    let negative = x.is_negative() != y.is_negative();
    let (a, b) = (x.magnitude().clone(), y.magnitude().clone());
    if a.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the quotient has 55 bits, keep a sticky bit, round once.
    let shift = 55i64 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift >= 0 {
        (a << shift as u64, b)
    } else {
        (a, b << (-shift) as u64)
    };
    let (q, r) = num.div_rem(&den);
    let mut m = q.to_u64().unwrap_or(u64::MAX);
    if !r.is_zero() {
        m |= 1;
    }
    let exp = -shift;
    if exp > 1024 {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    let f = ldexp(m as f64, exp as i32);
    if f.is_infinite() {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    Ok(if negative { -f } else { f })
}

/// `m * 2**e` without intermediate overflow.
pub fn ldexp(m: f64, e: i32) -> f64 {
    if e > 1000 {
        return ldexp(m * 2f64.powi(1000), e - 1000);
    }
    if e < -1000 {
        return ldexp(m * 2f64.powi(-1000), e + 1000);
    }
    m * 2f64.powi(e)
}

/// `a <op> b` when both are ints or floats (immediates or builtin heap
/// ints); `None` otherwise.
pub fn fast_binary(vm: &Vm, a: &Value, b: &Value, op: BinOp) -> PyResult<Option<Value>> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) => {
            Ok(Some(Value::Bool(match op {
                BinOp::And => x & y,
                BinOp::Or => x | y,
                _ => x ^ y,
            })))
        }
        (Value::Int(x), Value::Int(y)) => Ok(Some(int_binary(
            vm,
            &IntVal::Small(*x),
            &IntVal::Small(*y),
            op,
        )?)),
        (Value::Float(x), Value::Float(y)) => {
            Ok(Some(crate::types::float::float_binary(vm, *x, *y, op)?))
        }
        (Value::Float(x), Value::Int(y)) => Ok(Some(crate::types::float::float_binary(
            vm, *x, *y as f64, op,
        )?)),
        (Value::Int(x), Value::Float(y)) => Ok(Some(crate::types::float::float_binary(
            vm, *x as f64, *y, op,
        )?)),
        (Value::Bool(x), Value::Bool(y)) if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) => {
            Ok(Some(Value::Bool(match op {
                BinOp::And => *x & *y,
                BinOp::Or => *x | *y,
                _ => *x ^ *y,
            })))
        }
        _ => Ok(None),
    }
}

/// Exact comparison of an int with a float.
pub fn cmp_int_float(i: &IntVal, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    match i {
        IntVal::Small(x) if x.unsigned_abs() < (1 << 53) => (*x as f64).partial_cmp(&f),
        _ => {
            let fl = f.floor();
            let fb = BigInt::from_f64_exact(fl);
            let ib = i.big();
            match ib.cmp(&fb) {
                Ordering::Equal if f > fl => Some(Ordering::Less),
                o => Some(o),
            }
        }
    }
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

/// Comparison of immediates without Python code (`None` for anything else).
#[inline]
pub fn fast_compare(a: &Value, b: &Value, op: CmpOp) -> Option<bool> {
    let ord = match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => match x.partial_cmp(y) {
            Some(o) => o,
            None => return Some(op == CmpOp::Ne),
        },
        (Value::Int(x), Value::Float(y)) => match cmp_int_float(&IntVal::Small(*x), *y) {
            Some(o) => o,
            None => return Some(op == CmpOp::Ne),
        },
        (Value::Float(x), Value::Int(y)) => match cmp_int_float(&IntVal::Small(*y), *x) {
            Some(o) => o.reverse(),
            None => return Some(op == CmpOp::Ne),
        },
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Bool(y)) => x.cmp(&i64::from(*y)),
        (Value::Bool(x), Value::Int(y)) => i64::from(*x).cmp(y),
        (Value::None, Value::None) if matches!(op, CmpOp::Eq | CmpOp::Ne) => Ordering::Equal,
        _ => return None,
    };
    Some(op.test(ord))
}

/// `int(s, base)` parsing (with CPython's rules for prefixes, underscores
/// and whitespace); `None` for an invalid literal.
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = {
        let pref = |p: &str| lower.starts_with(p);
        if (base == 16 || base == 0) && pref("0x") {
            (16, &body[2..], true)
        } else if (base == 8 || base == 0) && pref("0o") {
            (8, &body[2..], true)
        } else if (base == 2 || base == 0) && pref("0b") {
            (2, &body[2..], true)
        } else if base == 0 {
            (10, body, false)
        } else {
            (base, body, false)
        }
    };
    let digits = if prefixed {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base) || c.is_numeric()) {
        return None;
    }
    // Unicode decimal digits count too.
    let ascii: String = clean
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else {
                unicode_digit(c).unwrap_or('x')
            }
        })
        .collect();
    if base == 10
        && !prefixed
        && s.trim().len() > 1
        && ascii.len() > 1
        && ascii.starts_with('0')
        && ascii.chars().any(|c| c != '0')
    {
        // "010" is invalid with base 0 only; callers pass base 0 for literals.
    }
    let n = BigInt::parse_bytes(ascii.as_bytes(), base)?;
    Some(if negative { -n } else { n })
}

/// The ASCII digit of a Unicode decimal digit.
fn unicode_digit(c: char) -> Option<char> {
    let v = c.to_digit(10).or_else(|| {
        // Decimal digits are assigned in runs of ten starting at ...0.
        let cp = c as u32;
        if c.is_numeric() {
            Some(cp % 16 % 10)
        } else {
            None
        }
    })?;
    char::from_digit(v, 10)
}

/// Formats an int in base 2..=36 (lowercase).
pub fn int_to_base(n: &IntVal, base: u32) -> String {
    match n {
        IntVal::Small(i) if base == 10 => i.to_string(),
        _ => n.big().to_str_radix(base),
    }
}

/// Adds the methods of `int` and `bool`.
pub fn init(vm: &Vm) {
    let t = &vm.types.int;
    let mut methods: Vec<(&'static str, crate::call::NativeFn)> = vec![
        ("__repr__", int_repr),
        ("__hash__", int_hash),
        ("__bool__", int_bool),
        ("__index__", int_int),
        ("__int__", int_int),
        ("__float__", int_float),
        ("__neg__", int_neg),
        ("__pos__", int_int),
        ("__abs__", int_abs),
        ("__invert__", int_invert),
        ("__round__", int_round),
        ("__trunc__", int_int),
        ("__floor__", int_int),
        ("__ceil__", int_int),
        ("__format__", int_format),
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__getnewargs__", int_getnewargs),
        ("bit_length", int_bit_length),
        ("bit_count", int_bit_count),
        ("to_bytes", int_to_bytes),
        ("as_integer_ratio", int_as_integer_ratio),
        ("conjugate", int_int),
        ("is_integer", int_is_integer),
        ("__sizeof__", int_sizeof),
        ("__pow__", int_pow),
        ("__rpow__", int_rpow),
    ];
    macro_rules! binops {
        ($($name:literal, $rname:literal, $op:expr);*) => {
            $(
                methods.push(($name, |vm, args| int_binop(vm, args, $op, false)));
                methods.push(($rname, |vm, args| int_binop(vm, args, $op, true)));
            )*
        };
    }
    binops!(
        "__add__", "__radd__", BinOp::Add;
        "__sub__", "__rsub__", BinOp::Sub;
        "__mul__", "__rmul__", BinOp::Mul;
        "__floordiv__", "__rfloordiv__", BinOp::FloorDiv;
        "__truediv__", "__rtruediv__", BinOp::TrueDiv;
        "__mod__", "__rmod__", BinOp::Mod;
        "__and__", "__rand__", BinOp::And;
        "__or__", "__ror__", BinOp::Or;
        "__xor__", "__rxor__", BinOp::Xor;
        "__lshift__", "__rlshift__", BinOp::LShift;
        "__rshift__", "__rrshift__", BinOp::RShift
    );
    macro_rules! cmps {
        ($($name:literal, $op:expr);*) => {
            $(methods.push(($name, |vm, args| int_cmp(vm, args, $op)));)*
        };
    }
    cmps!("__lt__", CmpOp::Lt; "__le__", CmpOp::Le; "__eq__", CmpOp::Eq; "__ne__", CmpOp::Ne; "__gt__", CmpOp::Gt; "__ge__", CmpOp::Ge);
    add_methods(vm, t, &methods);
    add_static(vm, t, "__new__", int_new);
    add_classmethod(vm, t, "from_bytes", int_from_bytes);
    add_getsets(
        vm,
        t,
        &[
            ("real", int_get_real, None),
            ("imag", int_get_imag, None),
            ("numerator", int_get_real, None),
            ("denominator", int_get_denominator, None),
        ],
    );
    let b = &vm.types.bool_;
    add_methods(
        vm,
        b,
        &[
            ("__repr__", bool_repr),
            ("__and__", bool_and),
            ("__rand__", bool_and),
            ("__or__", bool_or),
            ("__ror__", bool_or),
            ("__xor__", bool_xor),
            ("__rxor__", bool_xor),
            ("__invert__", bool_invert),
        ],
    );
    add_static(vm, b, "__new__", bool_new);
}

/// The int value of `self` (first argument).
fn this(vm: &Vm, args: &Args<'_>) -> PyResult<IntVal> {
    args.pos
        .first()
        .and_then(int_val)
        .ok_or_else(|| vm.type_error("descriptor requires an 'int' object"))
}

fn int_binop(vm: &Vm, args: Args<'_>, op: BinOp, reflected: bool) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let other = args
        .pos
        .get(1)
        .ok_or_else(|| vm.type_error("expected 1 argument"))?;
    let Some(b) = int_val(other) else {
        return Ok(vm.not_implemented());
    };
    if reflected {
        int_binary(vm, &b, &a, op)
    } else {
        int_binary(vm, &a, &b, op)
    }
}

fn int_pow(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let Some(b) = args.pos.get(1).and_then(int_val) else {
        return Ok(vm.not_implemented());
    };
    match args.pos.get(2) {
        None | Some(Value::None) => int_binary(vm, &a, &b, BinOp::Pow),
        Some(m) => {
            let Some(m) = int_val(m) else {
                return Ok(vm.not_implemented());
            };
            modular_pow(vm, &a, &b, &m)
        }
    }
}

fn int_rpow(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let Some(b) = args.pos.get(1).and_then(int_val) else {
        return Ok(vm.not_implemented());
    };
    int_binary(vm, &b, &a, BinOp::Pow)
}

/// `pow(a, b, m)` for ints (negative exponents need an inverse).
fn modular_pow(vm: &Vm, a: &IntVal, b: &IntVal, m: &IntVal) -> PyResult<Value> {
    let m = m.big();
    if m.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let mut base = a.big();
    let mut e = b.big();
    if e.is_negative() {
        base = mod_inverse(&base, &m)
            .ok_or_else(|| vm.value_error("base is not invertible for the given modulus"))?;
        e = -e;
    }
    let modulus = m.abs();
    let r = base.mod_floor(&modulus).modpow(&e, &modulus);
    // The result takes the modulus's sign.
    let r = if m.is_negative() && !r.is_zero() {
        r + &m
    } else {
        r
    };
    Ok(big_value(vm, r))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let e = a.mod_floor(&m).extended_gcd(&m);
    if !e.gcd.is_one() {
        return None;
    }
    Some(e.x.mod_floor(&m))
}

fn int_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let other = &args.pos[1];
    if let Some(b) = int_val(other) {
        let ord = match (&a, &b) {
            (IntVal::Small(x), IntVal::Small(y)) => x.cmp(y),
            _ => a.big().cmp(&b.big()),
        };
        return Ok(Value::Bool(op.test(ord)));
    }
    if let Some(f) = crate::types::float::float_val(other) {
        return Ok(Value::Bool(match cmp_int_float(&a, f) {
            Some(o) => op.test(o),
            None => op == CmpOp::Ne,
        }));
    }
    Ok(vm.not_implemented())
}

fn int_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    if let IntVal::Big(b) = &a
        && b.bits() > 14_000
    {
        return Err(vm.value_error(
            "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        ));
    }
    Ok(vm.new_str(&int_to_base(&a, 10)))
}

fn int_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(match this(vm, &args)? {
        IntVal::Small(i) => crate::hash::hash_i64(i),
        IntVal::Big(b) => crate::hash::hash_bigint(&b),
    }))
}

fn int_bool(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(!this(vm, &args)?.is_zero()))
}

fn int_int(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(int_value(vm, this(vm, &args)?))
}

fn int_float(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args)?
        .to_f64()
        .map(Value::Float)
        .ok_or_else(|| vm.overflow_error("int too large to convert to float"))
}

fn int_neg(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(match this(vm, &args)? {
        IntVal::Small(i) => i
            .checked_neg()
            .map_or_else(|| big_value(vm, -BigInt::from(i)), Value::Int),
        IntVal::Big(b) => big_value(vm, -b),
    })
}

fn int_abs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(match this(vm, &args)? {
        IntVal::Small(i) => i
            .checked_abs()
            .map_or_else(|| big_value(vm, BigInt::from(i).abs()), Value::Int),
        IntVal::Big(b) => big_value(vm, b.abs()),
    })
}

fn int_invert(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(match this(vm, &args)? {
        IntVal::Small(i) => Value::Int(!i),
        IntVal::Big(b) => big_value(vm, !b),
    })
}

fn int_round(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let Some(nd) = args.pos.get(1).filter(|v| !v.is_none()) else {
        return Ok(int_value(vm, a));
    };
    let nd = vm.index_i64(nd)?;
    if nd >= 0 {
        return Ok(int_value(vm, a));
    }
    // Round half to even at 10**-nd.
    let p = num_traits::pow::Pow::pow(BigInt::from(10), (-nd) as u64);
    let x = a.big();
    let (q, r) = x.div_mod_floor(&p);
    let twice: BigInt = &r << 1u32;
    let q = match twice.cmp(&p) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    Ok(big_value(vm, q * p))
}

fn int_format(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let spec = args
        .pos
        .get(1)
        .and_then(crate::types::str::as_str)
        .unwrap_or("");
    if spec.is_empty() {
        return vm.str(&args.pos[0]);
    }
    Ok(vm.new_str(&crate::format::spec::format_int(vm, &a, spec)?))
}

fn int_divmod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let Some(b) = args.pos.get(1).and_then(int_val) else {
        return Ok(vm.not_implemented());
    };
    divmod_ints(vm, &a, &b)
}

fn int_rdivmod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let Some(b) = args.pos.get(1).and_then(int_val) else {
        return Ok(vm.not_implemented());
    };
    divmod_ints(vm, &b, &a)
}

fn divmod_ints(vm: &Vm, a: &IntVal, b: &IntVal) -> PyResult<Value> {
    let q = int_binary(vm, a, b, BinOp::FloorDiv)?;
    let r = int_binary(vm, a, b, BinOp::Mod)?;
    Ok(crate::types::tuple::new_tuple(vm, vec![q, r]))
}

fn int_getnewargs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    Ok(crate::types::tuple::new_tuple(vm, vec![int_value(vm, a)]))
}

fn int_bit_length(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(match this(vm, &args)? {
        IntVal::Small(i) => i64::from(64 - i.unsigned_abs().leading_zeros()),
        IntVal::Big(b) => b.bits() as i64,
    }))
}

fn int_bit_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(match this(vm, &args)? {
        IntVal::Small(i) => i64::from(i.unsigned_abs().count_ones()),
        IntVal::Big(b) => b.magnitude().count_ones() as i64,
    }))
}

fn int_is_integer(_vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

fn int_sizeof(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let digits = match a {
        IntVal::Small(0) => 0,
        IntVal::Small(i) => (64 - i64::from(i.unsigned_abs().leading_zeros()) + 29) / 30,
        IntVal::Big(b) => (b.bits() as i64 + 29) / 30,
    };
    Ok(Value::Int(24 + 4 * digits.max(1)))
}

fn int_as_integer_ratio(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![int_value(vm, a), Value::Int(1)],
    ))
}

fn int_to_bytes(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args)?;
    let bound = args
        .shift()
        .bind(vm, "to_bytes", &["length", "byteorder", "signed"], 0, 0, 2)?;
    let length = match &bound[0] {
        Some(v) => vm.index_i64(v)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let order = match &bound[1] {
        Some(v) => crate::types::str::as_str(v).unwrap_or("").to_string(),
        None => "big".into(),
    };
    let signed = match &bound[2] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let n = a.big();
    if n.is_negative() && !signed {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        n.to_signed_bytes_be()
    } else {
        n.to_bytes_be().1
    };
    if n.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length as usize {
        // A sign byte may be redundant (e.g. 128 signed in 1 byte is too big).
        return Err(vm.overflow_error("int too big to convert"));
    }
    let fill = if n.is_negative() { 0xFF } else { 0 };
    let mut out = vec![fill; length as usize - bytes.len()];
    out.extend(bytes);
    match order.as_str() {
        "big" => {}
        "little" => out.reverse(),
        _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
    Ok(crate::types::bytes::new_bytes(vm, out))
}

fn int_from_bytes(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0].clone();
    let bound = args
        .shift()
        .bind(vm, "from_bytes", &["bytes", "byteorder", "signed"], 1, 0, 2)?;
    let data = crate::types::bytes::bytes_like(vm, bound[0].as_ref().expect("required"))?;
    let order = match &bound[1] {
        Some(v) => crate::types::str::as_str(v).unwrap_or("").to_string(),
        None => "big".into(),
    };
    let signed = match &bound[2] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut be = data;
    match order.as_str() {
        "big" => {}
        "little" => be.reverse(),
        _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
    let n = if signed {
        BigInt::from_signed_bytes_be(&be)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &be)
    };
    let v = big_value(vm, n);
    if matches!(&cls, Value::Obj(c) if c.is(&vm.types.int)) {
        return Ok(v);
    }
    vm.call(&cls, &[v])
}

fn int_get_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    int_val(v)
        .map(|i| int_value(vm, i))
        .ok_or_else(|| vm.type_error("expected int"))
}

fn int_get_imag(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn int_get_denominator(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Int(1))
}

/// `int(x=0, base=10)`.
fn int_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("int.__new__(X): X is not a type object"))?;
    let bound = args.shift().bind(vm, "int", &["x", "base"], 0, 1, 2)?;
    let value = match (&bound[0], &bound[1]) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(vm.type_error("int() missing string argument")),
        (Some(x), None) => to_int(vm, x)?,
        (Some(x), Some(base)) => {
            let base = vm.index_i64(base)?;
            if !(base == 0 || (2..=36).contains(&base)) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let text = match x {
                Value::Obj(o) if o.kind() == Kind::Str => o
                    .payload::<crate::types::str::StrData>()
                    .to_lossy()
                    .into_owned(),
                _ => match crate::types::bytes::bytes_like(vm, x) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(_) => {
                        return Err(
                            vm.type_error("int() can't convert non-string with explicit base")
                        );
                    }
                },
            };
            parse_int_checked(vm, &text, base as u32, x)?
        }
    };
    if cls.is(&vm.types.int) {
        return Ok(value);
    }
    let n = int_val(&value).expect("an int").big();
    let obj = ObjRef::new(&cls, BigIntData(n));
    if crate::types::typeobj::data(&cls).has_flag(crate::types::typeobj::flags::HAS_DICT) {
        obj.set_dict(Some(crate::types::dict::new_dict(&vm.types)));
    }
    Ok(Value::Obj(obj))
}

fn parse_int_checked(vm: &Vm, text: &str, base: u32, original: &Value) -> PyResult<Value> {
    let t = text.trim();
    if base == 0 {
        let digits = t.trim_start_matches(['+', '-']);
        if digits.len() > 1
            && digits.starts_with('0')
            && !digits[1..2].chars().all(|c| c.is_ascii_alphabetic())
            && digits.chars().any(|c| c != '0' && c != '_')
        {
            return Err(invalid_literal(vm, base, original));
        }
    }
    // The 4300-digit limit applies to bases that are not powers of two,
    // counting the digits as written (underscores aside).
    let body = t.trim_start_matches(['+', '-']);
    let lower = body.get(..2).map(str::to_ascii_lowercase);
    let prefixed = matches!(lower.as_deref(), Some("0x" | "0o" | "0b"));
    let effective = if base == 0 && prefixed {
        2
    } else if base == 0 {
        10
    } else {
        base
    };
    if !effective.is_power_of_two() {
        let digits = body.chars().filter(|c| *c != '_').count();
        if digits > 4300 && parse_int(text, base).is_some() {
            return Err(vm.value_error(format!(
                "Exceeds the limit (4300 digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
    }
    match parse_int(text, base) {
        Some(n) => Ok(big_value(vm, n)),
        None => Err(invalid_literal(vm, base, original)),
    }
}

fn invalid_literal(vm: &Vm, base: u32, original: &Value) -> crate::error::PyErr {
    let shown = vm.repr_string(original).unwrap_or_default();
    vm.value_error(format!(
        "invalid literal for int() with base {base}: {shown}"
    ))
}

/// `int(x)` for one argument.
pub fn to_int(vm: &Vm, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(i64::from(*b))),
        Value::Float(f) => return float_to_int(vm, *f),
        Value::Obj(o) if o.kind() == Kind::Str => {
            let text = o
                .payload::<crate::types::str::StrData>()
                .to_lossy()
                .into_owned();
            return parse_int_checked(vm, &text, 10, x);
        }
        Value::Obj(o) if o.kind() == Kind::Bytes || o.kind() == Kind::ByteArray => {
            let b = crate::types::bytes::bytes_like(vm, x)?;
            let text = String::from_utf8_lossy(&b).into_owned();
            return parse_int_checked(vm, &text, 10, x);
        }
        _ => {}
    }
    if let Some(r) = vm.call_special(x, "__int__", &[])? {
        return match int_val(&r) {
            Some(i) => Ok(int_value(vm, i)),
            None => Err(vm.type_error(format!(
                "__int__ returned non-int (type {})",
                vm.type_name(&r)
            ))),
        };
    }
    if let Some(r) = vm.call_special(x, "__index__", &[])? {
        return match int_val(&r) {
            Some(i) => Ok(int_value(vm, i)),
            None => Err(vm.type_error(format!(
                "__index__ returned non-int (type {})",
                vm.type_name(&r)
            ))),
        };
    }
    if let Some(f) = crate::types::float::float_val(x) {
        return float_to_int(vm, f);
    }
    Err(vm.type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name(x)
    )))
}

/// `int(f)` for a float.
pub fn float_to_int(vm: &Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(big_value(
        vm,
        num_traits::FromPrimitive::from_f64(t).expect("finite"),
    ))
}

fn bool_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(vm.name(if matches!(args.pos[0], Value::Bool(true)) {
        "True"
    } else {
        "False"
    }))
}

fn bool_logic(vm: &Vm, args: Args<'_>, op: BinOp) -> PyResult<Value> {
    match (&args.pos[0], &args.pos[1]) {
        (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(match op {
            BinOp::And => *a & *b,
            BinOp::Or => *a | *b,
            _ => *a ^ *b,
        })),
        (a, b) => match (int_val(a), int_val(b)) {
            (Some(x), Some(y)) => int_binary(vm, &x, &y, op),
            _ => Ok(vm.not_implemented()),
        },
    }
}

fn bool_and(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    bool_logic(vm, args, BinOp::And)
}

fn bool_or(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    bool_logic(vm, args, BinOp::Or)
}

fn bool_xor(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    bool_logic(vm, args, BinOp::Xor)
}

fn bool_invert(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::warnings::warn(
        vm,
        &vm.types.exc.deprecation_warning,
        "Bitwise inversion '~' on bool is deprecated and will be removed in Python 3.16. This returns the bitwise inversion of the underlying int object and is usually not what you expect from negating a bool. Use the 'not' operator for boolean negation or ~int(x) if you really want the bitwise inversion of the underlying int.",
        1,
    )?;
    Ok(Value::Int(!i64::from(matches!(
        args.pos[0],
        Value::Bool(true)
    ))))
}

fn bool_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.shift().no_kwargs(vm, "bool")?;
    let rest = args.shift().check(vm, "bool", 0, 1)?;
    Ok(Value::Bool(match rest.first() {
        Some(v) => vm.truthy(v)?,
        None => false,
    }))
}
