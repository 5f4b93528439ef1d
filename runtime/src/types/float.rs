//! `float`: IEEE doubles, immediates in `Value`; heap `FloatData` only for
//! instances of subclasses. Arithmetic follows CPython's rules for signs,
//! zero division, overflow and mixed int/float operands.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::{BinOp, CmpOp};
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::int::{IntVal, big_value, cmp_int_float, int_val};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{One, Zero};

/// The payload of an instance of a `float` subclass.
pub struct FloatData(pub f64);

/// The float value of `v`, if it is a float (or subclass instance).
#[inline]
pub fn float_val(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Obj(o) => o.downcast::<FloatData>().map(|f| f.0),
        _ => None,
    }
}

/// A float operand of arithmetic: a float, or an int converted exactly
/// enough (`OverflowError` when too large); `None` for other types.
pub fn arith_operand(vm: &Vm, v: &Value) -> PyResult<Option<f64>> {
    if let Some(f) = float_val(v) {
        return Ok(Some(f));
    }
    match int_val(v) {
        Some(i) => i
            .to_f64()
            .map(Some)
            .ok_or_else(|| vm.overflow_error("int too large to convert to float")),
        None => Ok(None),
    }
}

/// `float(v)` for conversions (`__float__`, then `__index__`).
pub fn to_f64(vm: &Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = arith_operand(vm, v)? {
        return Ok(f);
    }
    if let Some(r) = vm.call_special(v, "__float__", &[])? {
        return match float_val(&r) {
            Some(f) => Ok(f),
            None => Err(vm.type_error(format!(
                "{}.__float__ returned non-float (type {})",
                vm.type_name(v),
                vm.type_name(&r)
            ))),
        };
    }
    if vm.call_special_lookup(v, "__index__").is_some() {
        let i = vm.index(v)?;
        return arith_operand(vm, &i)?.ok_or_else(|| vm.type_error("an integer is required"));
    }
    Err(vm.type_error(format!("must be real number, not {}", vm.type_name(v))))
}

/// Floor division and modulo with Python's signs.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// `x ** y` for floats, with CPython's special cases; may produce a
/// complex number (negative base, fractional exponent).
pub fn float_pow(vm: &Vm, x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::Float(if y == 0.0 { 1.0 } else { x }));
    }
    if y.is_nan() {
        return Ok(Value::Float(if x == 1.0 { 1.0 } else { y }));
    }
    if x == 0.0 {
        if y < 0.0 && y.is_finite() {
            return Err(vm.zero_division_error("zero to a negative power"));
        }
        if y < 0.0 {
            return Ok(Value::Float(f64::INFINITY));
        }
        let odd = y.is_finite() && y.fract() == 0.0 && (y % 2.0).abs() == 1.0;
        return Ok(Value::Float(if odd { x } else { 0.0 }));
    }
    if x < 0.0 && y.is_finite() && y.fract() != 0.0 && x.is_finite() {
        return crate::types::complex::complex_pow_value(vm, (x, 0.0), (y, 0.0));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.new_exception_args(
            &vm.types.exc.overflow_error,
            vec![Value::Int(34), vm.new_str("Numerical result out of range")],
        ));
    }
    Ok(Value::Float(r))
}

/// `x <op> y` for two floats.
pub fn float_binary(vm: &Vm, x: f64, y: f64, op: BinOp) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(vm.zero_division_error("division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(vm.zero_division_error("division by zero"));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(vm.zero_division_error("division by zero"));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return float_pow(vm, x, y),
        _ => return Ok(vm.not_implemented()),
    }))
}

/// Whether `op` is one `float` implements.
pub fn is_float_op(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::TrueDiv
            | BinOp::FloorDiv
            | BinOp::Mod
            | BinOp::Pow
    )
}

/// Compares a float with another number (`None` when not a number).
pub fn float_compare(x: f64, other: &Value, op: CmpOp) -> Option<bool> {
    if let Some(y) = float_val(other) {
        return Some(match op {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
        });
    }
    let i = int_val(other)?;
    Some(match cmp_int_float(&i, x) {
        Some(ord) => op.test(ord.reverse()),
        None => op == CmpOp::Ne,
    })
}

/// Rounds `x` to `ndigits` decimal digits, half to even on the exact
/// binary value (CPython's correctly rounded `round`).
pub fn round_float(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if ndigits > 330 {
        return x;
    }
    if ndigits >= 0 {
        let s = format!("{:.*}", ndigits as usize, x);
        return s.parse().unwrap_or(x);
    }
    if ndigits < -330 {
        return 0.0f64.copysign(x);
    }
    // Exact: x = m * 2**e; round(x / 10**k) half-even, times 10**k.
    let k = (-ndigits) as u32;
    let (m, e) = exact_parts(x);
    let pow10 = BigInt::from(10u32).pow(k);
    let (num, den) = if e >= 0 {
        (m << e as usize, pow10.clone())
    } else {
        (m, pow10.clone() << (-e) as usize)
    };
    let q = round_half_even_div(&num, &den);
    let r = q * pow10;
    crate::types::int::big_to_f64(&r)
        .unwrap_or(f64::INFINITY.copysign(x))
        .copysign(x)
}

/// `x` as `m * 2**e` with integer `m`.
pub fn exact_parts(x: f64) -> (BigInt, i32) {
    let bits = x.to_bits();
    let sign = if bits >> 63 != 0 { -1 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    (BigInt::from(m) * sign, e)
}

/// `num / den` rounded half to even (`den > 0`).
fn round_half_even_div(num: &BigInt, den: &BigInt) -> BigInt {
    use num_integer::Integer;
    let (q, r) = num.div_mod_floor(den);
    let twice: BigInt = &r << 1u32;
    match twice.cmp(den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => {
            if q.is_odd() {
                q + 1
            } else {
                q
            }
        }
    }
}

/// Parses a float literal as `float(str)` accepts it.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let lower = t.to_ascii_lowercase();
    let (neg, body) = match lower.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    let special = match body {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    // Underscores only between digits.
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_'
            && (i == 0
                || i + 1 == bytes.len()
                || !bytes[i - 1].is_ascii_digit()
                || !bytes[i + 1].is_ascii_digit())
        {
            return None;
        }
        if !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-' | b'_')) {
            return None;
        }
    }
    let cleaned: String = body.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() || !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: f64 = cleaned.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Adds the methods of `float`.
pub fn init(vm: &Vm) {
    let t = &vm.types.float;
    let mut methods: Vec<(&'static str, crate::call::NativeFn)> = vec![
        ("__repr__", float_repr),
        ("__hash__", float_hash),
        ("__bool__", float_bool),
        ("__int__", float_int),
        ("__trunc__", float_int),
        ("__floor__", float_floor),
        ("__ceil__", float_ceil),
        ("__round__", float_round),
        ("__float__", float_float),
        ("__neg__", float_neg),
        ("__pos__", float_float),
        ("__abs__", float_abs),
        ("__pow__", float_pow_method),
        ("__rpow__", float_rpow),
        ("__divmod__", float_divmod_method),
        ("__rdivmod__", float_rdivmod),
        ("__format__", float_format),
        ("__getnewargs__", float_getnewargs),
        ("is_integer", float_is_integer),
        ("as_integer_ratio", float_as_integer_ratio),
        ("hex", float_hex),
        ("conjugate", float_float),
    ];
    macro_rules! binops {
        ($($name:literal, $rname:literal, $op:expr);*) => {
            $(
                methods.push(($name, |vm, args| float_binop(vm, args, $op, false)));
                methods.push(($rname, |vm, args| float_binop(vm, args, $op, true)));
            )*
        };
    }
    binops!(
        "__add__", "__radd__", BinOp::Add;
        "__sub__", "__rsub__", BinOp::Sub;
        "__mul__", "__rmul__", BinOp::Mul;
        "__truediv__", "__rtruediv__", BinOp::TrueDiv;
        "__floordiv__", "__rfloordiv__", BinOp::FloorDiv;
        "__mod__", "__rmod__", BinOp::Mod
    );
    macro_rules! cmps {
        ($($name:literal, $op:expr);*) => {
            $(methods.push(($name, |vm, args| float_cmp(vm, args, $op)));)*
        };
    }
    cmps!("__lt__", CmpOp::Lt; "__le__", CmpOp::Le; "__eq__", CmpOp::Eq; "__ne__", CmpOp::Ne; "__gt__", CmpOp::Gt; "__ge__", CmpOp::Ge);
    add_methods(vm, t, &methods);
    add_static(vm, t, "__new__", float_new);
    add_classmethod(vm, t, "fromhex", float_fromhex);
    add_classmethod(vm, t, "from_number", float_from_number);
    add_classmethod(vm, t, "__getformat__", float_getformat);
    add_getsets(
        vm,
        t,
        &[
            ("real", float_get_real, None),
            ("imag", float_get_imag, None),
        ],
    );
}

fn this(vm: &Vm, args: &Args<'_>) -> PyResult<f64> {
    args.pos
        .first()
        .and_then(float_val)
        .ok_or_else(|| vm.type_error("descriptor requires a 'float' object"))
}

fn other(vm: &Vm, args: &Args<'_>) -> PyResult<Option<f64>> {
    match args.pos.get(1) {
        Some(v) => arith_operand(vm, v),
        None => Err(vm.type_error("expected 1 argument, got 0")),
    }
}

fn float_binop(vm: &Vm, args: Args<'_>, op: BinOp, reflected: bool) -> PyResult<Value> {
    let x = this(vm, &args)?;
    let Some(y) = other(vm, &args)? else {
        return Ok(vm.not_implemented());
    };
    if reflected {
        float_binary(vm, y, x, op)
    } else {
        float_binary(vm, x, y, op)
    }
}

fn float_pow_method(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.pos.get(2).is_some_and(|m| !m.is_none()) {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    let x = this(vm, &args)?;
    match other(vm, &args)? {
        Some(y) => float_pow(vm, x, y),
        None => Ok(vm.not_implemented()),
    }
}

fn float_rpow(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.pos.get(2).is_some_and(|m| !m.is_none()) {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    let x = this(vm, &args)?;
    match other(vm, &args)? {
        Some(y) => float_pow(vm, y, x),
        None => Ok(vm.not_implemented()),
    }
}

fn divmod_pair(vm: &Vm, x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Err(vm.zero_division_error("division by zero"));
    }
    let (q, r) = float_divmod(x, y);
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![Value::Float(q), Value::Float(r)],
    ))
}

fn float_divmod_method(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    match other(vm, &args)? {
        Some(y) => divmod_pair(vm, x, y),
        None => Ok(vm.not_implemented()),
    }
}

fn float_rdivmod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    match other(vm, &args)? {
        Some(y) => divmod_pair(vm, y, x),
        None => Ok(vm.not_implemented()),
    }
}

fn float_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let x = this(vm, &args)?;
    match float_compare(x, &args.pos[1], op) {
        Some(b) => Ok(Value::Bool(b)),
        None => Ok(vm.not_implemented()),
    }
}

fn float_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(vm.new_str(&crate::format::float_repr(this(vm, &args)?)))
}

fn float_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    let id = args.pos[0].as_obj().map_or(0, ObjRef::addr);
    Ok(Value::Int(crate::hash::hash_f64(x, id)))
}

fn float_bool(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(this(vm, &args)? != 0.0))
}

fn float_int(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::types::int::float_to_int(vm, this(vm, &args)?)
}

fn float_floor(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::types::int::float_to_int(vm, this(vm, &args)?.floor())
}

fn float_ceil(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::types::int::float_to_int(vm, this(vm, &args)?.ceil())
}

fn float_round(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    match args.pos.get(1) {
        None | Some(Value::None) => {
            let r = x.round_ties_even();
            crate::types::int::float_to_int(vm, r)
        }
        Some(nd) => {
            let nd = match vm.index(nd)? {
                Value::Int(i) => i,
                v => {
                    if int_val(&v).is_some_and(|i| i.big().sign() == num_bigint::Sign::Minus) {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
            };
            Ok(Value::Float(round_float(x, nd)))
        }
    }
}

fn float_float(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(this(vm, &args)?))
}

fn float_neg(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(-this(vm, &args)?))
}

fn float_abs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(this(vm, &args)?.abs()))
}

fn float_format(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    let spec = args
        .pos
        .get(1)
        .and_then(crate::types::str::as_str)
        .ok_or_else(|| vm.type_error("format spec must be str"))?;
    if spec.is_empty() {
        return vm.str(&args.pos[0]);
    }
    Ok(vm.new_str(&crate::format::spec::format_float(vm, x, spec)?))
}

fn float_getnewargs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    Ok(crate::types::tuple::new_tuple(vm, vec![Value::Float(x)]))
}

fn float_is_integer(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
}

fn float_as_integer_ratio(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let x = this(vm, &args)?;
    if x.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (mut m, mut e) = exact_parts(x);
    if m.is_zero() {
        return Ok(crate::types::tuple::new_tuple(
            vm,
            vec![Value::Int(0), Value::Int(1)],
        ));
    }
    while e < 0 && (&m % 2u32).is_zero() {
        m /= 2u32;
        e += 1;
    }
    let (num, den) = if e >= 0 {
        (m << e as usize, BigInt::one())
    } else {
        (m, BigInt::one() << (-e) as usize)
    };
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![big_value(vm, num), big_value(vm, den)],
    ))
}

/// `float.hex()`.
pub fn float_to_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let digits = format!("{frac:013x}");
    format!(
        "{sign}0x{lead}.{digits}p{}{}",
        if e < 0 { '-' } else { '+' },
        e.abs()
    )
}

fn float_hex(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(vm.new_str(&float_to_hex(this(vm, &args)?)))
}

/// Parses `float.fromhex` input.
fn parse_hex_float(text: &str) -> Option<f64> {
    let t = text.trim().to_ascii_lowercase();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    if let Some(v) = match body.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    } {
        return Some(if neg { -v } else { v });
    }
    let body = body.strip_prefix("0x").unwrap_or(&body);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int_part, frac_part) = match mant.split_once('.') {
        Some((a, b)) => (a, b),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut m = BigInt::zero();
    for c in int_part.chars().chain(frac_part.chars()) {
        m = m * 16u32 + c.to_digit(16)?;
    }
    let e = exp.checked_sub(4 * frac_part.len() as i64)?;
    let v = if m.is_zero() {
        0.0
    } else if e >= 0 {
        if e > 2000 {
            f64::INFINITY
        } else {
            crate::types::int::big_to_f64(&(m << e as usize)).unwrap_or(f64::INFINITY)
        }
    } else {
        let shift = (-e) as u64;
        // Exact rational m / 2**shift, rounded once.
        big_ratio_to_f64(&m, shift)
    };
    Some(if neg { -v } else { v })
}

/// `m / 2**shift` correctly rounded.
fn big_ratio_to_f64(m: &BigInt, shift: u64) -> f64 {
    let bits = m.bits();
    // Scale so the integer part has 55 bits, keeping a sticky bit.
    let target: i64 = 55;
    let adjust = bits as i64 - target;
    let (scaled, sticky) = if adjust > 0 {
        let s = m >> adjust as usize;
        let back = &s << adjust as usize;
        (s, back != *m)
    } else {
        (m << (-adjust) as usize, false)
    };
    let mut mant: u64 = num_traits::ToPrimitive::to_u64(&scaled).unwrap_or(0);
    if sticky {
        mant |= 1;
    }
    let exp = adjust - shift as i64;
    crate::types::int::ldexp(mant as f64, exp.clamp(-2000, 2000) as i32)
}

fn float_fromhex(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [cls, s] = args.check(vm, "fromhex", 2, 2)? else {
        unreachable!()
    };
    let text = crate::types::str::as_str(s)
        .ok_or_else(|| vm.type_error("fromhex() argument must be str"))?;
    let v = parse_hex_float(text)
        .ok_or_else(|| vm.value_error("invalid hexadecimal floating-point string"))?;
    if v.is_infinite() && !text.to_ascii_lowercase().contains("inf") {
        return Err(vm.overflow_error("hexadecimal value too large to represent as a float"));
    }
    construct(vm, cls, v)
}

fn float_from_number(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [cls, n] = args.check(vm, "from_number", 2, 2)? else {
        unreachable!()
    };
    if matches!(n, Value::Obj(o) if o.kind() == Kind::Str) {
        return Err(vm.type_error(format!("must be real number, not {}", vm.type_name(n))));
    }
    let v = to_f64(vm, n)?;
    construct(vm, cls, v)
}

fn float_getformat(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    match args.pos.get(1).and_then(crate::types::str::as_str) {
        Some("double" | "float") => Ok(vm.new_str("IEEE, little-endian")),
        _ => Err(vm.value_error("__getformat__() argument 1 must be 'double' or 'float'")),
    }
}

/// A float of class `cls` (an immediate for `float` itself).
fn construct(vm: &Vm, cls: &Value, v: f64) -> PyResult<Value> {
    match cls {
        Value::Obj(c) if c.is(&vm.types.float) => Ok(Value::Float(v)),
        _ => vm.call(cls, &[Value::Float(v)]),
    }
}

fn float_get_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    float_val(v)
        .map(Value::Float)
        .ok_or_else(|| vm.type_error("expected float"))
}

fn float_get_imag(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Float(0.0))
}

/// `float(x)`.
pub fn float_from_value(vm: &Vm, x: &Value) -> PyResult<f64> {
    match x {
        Value::Obj(o) if o.kind() == Kind::Str => {
            let sd = o.payload::<crate::types::str::StrData>();
            let text: String = sd
                .code_points()
                .map(|cp| {
                    crate::types::strmethods::unicode_decimal(cp)
                        .map_or(char::from_u32(cp).unwrap_or('\u{FFFD}'), |d| {
                            (b'0' + d as u8) as char
                        })
                })
                .collect();
            parse_float(&text).ok_or_else(|| {
                vm.value_error(format!(
                    "could not convert string to float: {}",
                    vm.repr_string(x).unwrap_or_default()
                ))
            })
        }
        Value::Obj(o) if o.kind() == Kind::Bytes || o.kind() == Kind::ByteArray => {
            let b = crate::types::bytes::bytes_like(vm, x)?;
            let text = String::from_utf8_lossy(&b).into_owned();
            parse_float(&text).ok_or_else(|| {
                vm.value_error(format!(
                    "could not convert string to float: {}",
                    vm.repr_string(x).unwrap_or_default()
                ))
            })
        }
        _ => match to_f64(vm, x) {
            Ok(f) => Ok(f),
            Err(e)
                if e.matches(vm, &vm.types.exc.type_error)
                    && vm.call_special_lookup(x, "__float__").is_none() =>
            {
                Err(vm.type_error(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    vm.type_name(x)
                )))
            }
            Err(e) => Err(e),
        },
    }
}

fn float_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("float.__new__(X): X is not a type object"))?;
    let rest = args.shift();
    if rest.has_kwargs() {
        return Err(vm.type_error("float() takes no keyword arguments"));
    }
    let v = match rest.check(vm, "float", 0, 1)? {
        [] => 0.0,
        [x] => float_from_value(vm, x)?,
        _ => unreachable!(),
    };
    if cls.is(&vm.types.float) {
        return Ok(Value::Float(v));
    }
    let obj = ObjRef::new(&cls, FloatData(v));
    if crate::types::typeobj::data(&cls).has_flag(crate::types::typeobj::flags::HAS_DICT) {
        obj.set_dict(Some(crate::types::dict::new_dict(&vm.types)));
    }
    Ok(Value::Obj(obj))
}

/// An int operand's exact comparison with a float, reused by `int`.
pub fn int_float_eq(i: &IntVal, f: f64) -> bool {
    cmp_int_float(i, f) == Some(std::cmp::Ordering::Equal)
}
