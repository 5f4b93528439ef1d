//! Constant folding: Python's operators on compile-time constants, within the
//! limits CPython's optimizer keeps to (results that would be large are left
//! to run time, and operations that raise are never folded).

use crate::code::ConstValue;
use crate::text::PyStr;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `CALL_INTRINSIC_1` operand for unary `+`.
pub(crate) const INTRINSIC_UNARY_POSITIVE: u32 = 5;
/// `CALL_INTRINSIC_1` operand turning a list into a tuple.
pub(crate) const INTRINSIC_LIST_TO_TUPLE: u32 = 6;

/// Largest int (in bits) a fold may produce.
const MAX_INT_SIZE: u64 = 128;
/// Longest sequence a fold may produce.
const MAX_COLLECTION_SIZE: usize = 256;
/// Longest string or bytes a fold may produce.
const MAX_STR_SIZE: usize = 4096;

/// `BINARY_OP` operands (CPython's `NB_*`).
mod nb {
    pub const ADD: u32 = 0;
    pub const AND: u32 = 1;
    pub const FLOOR_DIVIDE: u32 = 2;
    pub const LSHIFT: u32 = 3;
    pub const MULTIPLY: u32 = 5;
    pub const REMAINDER: u32 = 6;
    pub const OR: u32 = 7;
    pub const POWER: u32 = 8;
    pub const RSHIFT: u32 = 9;
    pub const SUBTRACT: u32 = 10;
    pub const TRUE_DIVIDE: u32 = 11;
    pub const XOR: u32 = 12;
    pub const SUBSCR: u32 = 26;
}

/// A number as folding sees it.
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

fn as_num(value: &ConstValue) -> Option<Num> {
    Some(match value {
        ConstValue::Bool(b) => Num::Int(BigInt::from(u8::from(*b))),
        ConstValue::Int(i) => Num::Int(BigInt::from(*i)),
        ConstValue::BigInt(b) => Num::Int((**b).clone()),
        ConstValue::Float(f) => Num::Float(*f),
        ConstValue::Complex { real, imag } => Num::Complex(*real, *imag),
        _ => return None,
    })
}

/// An int constant, normalized to the i64 form when it fits.
pub(crate) fn int_const(value: BigInt) -> ConstValue {
    match value.to_i64() {
        Some(i) => ConstValue::Int(i),
        None => ConstValue::BigInt(Rc::new(value)),
    }
}

fn from_num(num: Num) -> Option<ConstValue> {
    Some(match num {
        Num::Int(i) => {
            if i.bits() > MAX_INT_SIZE {
                return None;
            }
            int_const(i)
        }
        Num::Float(f) => ConstValue::Float(f),
        Num::Complex(real, imag) => ConstValue::Complex { real, imag },
    })
}

/// The truth value of a constant.
pub(crate) fn truth(value: &ConstValue) -> Option<bool> {
    Some(match value {
        ConstValue::None => false,
        ConstValue::Ellipsis | ConstValue::Code(_) | ConstValue::Slice(_) => true,
        ConstValue::Bool(b) => *b,
        ConstValue::Int(i) => *i != 0,
        ConstValue::BigInt(b) => !b.is_zero(),
        ConstValue::Float(f) => *f != 0.0,
        ConstValue::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        ConstValue::Str(s) => !s.is_empty(),
        ConstValue::Bytes(b) => !b.is_empty(),
        ConstValue::Tuple(t) | ConstValue::FrozenSet(t) => !t.is_empty(),
    })
}

/// Whether a constant can go into a frozenset.
pub(crate) fn is_hashable(value: &ConstValue) -> bool {
    match value {
        ConstValue::Tuple(items) => items.iter().all(is_hashable),
        _ => true,
    }
}

/// Python's `==` between constants (numbers compare by value across types).
pub(crate) fn py_eq(a: &ConstValue, b: &ConstValue) -> bool {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return match (x, y) {
            (Num::Int(x), Num::Int(y)) => x == y,
            (x, y) => {
                let (xr, xi) = to_complex(&x);
                let (yr, yi) = to_complex(&y);
                if let (Num::Int(i), _) | (_, Num::Int(i)) = (&x, &y) {
                    // An int equals a float only if the float is integral and equal.
                    let other = if matches!(x, Num::Int(_)) {
                        (yr, yi)
                    } else {
                        (xr, xi)
                    };
                    return other.1 == 0.0
                        && other.0.fract() == 0.0
                        && float_to_bigint(other.0).as_ref() == Some(i);
                }
                xr == yr && xi == yi
            }
        };
    }
    match (a, b) {
        (ConstValue::Tuple(x), ConstValue::Tuple(y))
        | (ConstValue::FrozenSet(x), ConstValue::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| py_eq(p, q))
        }
        _ => a == b,
    }
}

fn float_to_bigint(f: f64) -> Option<BigInt> {
    if !f.is_finite() {
        return None;
    }
    num_traits::FromPrimitive::from_f64(f)
}

/// Drops later duplicates (by Python equality), as building a set does.
pub(crate) fn dedup(values: Vec<ConstValue>) -> Vec<ConstValue> {
    let mut out: Vec<ConstValue> = Vec::with_capacity(values.len());
    for v in values {
        if !out.iter().any(|o| py_eq(o, &v)) {
            out.push(v);
        }
    }
    out
}

fn to_complex(n: &Num) -> (f64, f64) {
    match n {
        Num::Int(i) => (i.to_f64().unwrap_or(f64::INFINITY), 0.0),
        Num::Float(f) => (*f, 0.0),
        Num::Complex(r, i) => (*r, *i),
    }
}

fn to_float(n: &Num) -> Option<f64> {
    match n {
        Num::Int(i) => {
            let f = i.to_f64()?;
            f.is_finite().then_some(f)
        }
        Num::Float(f) => Some(*f),
        Num::Complex(..) => None,
    }
}

/// A unary operation on a constant.
pub(crate) fn unary(op: Opcode, arg: u32, value: &ConstValue) -> Option<ConstValue> {
    match op {
        Opcode::UNARY_NOT => Some(ConstValue::Bool(!truth(value)?)),
        Opcode::UNARY_NEGATIVE => from_num(match as_num(value)? {
            Num::Int(i) => Num::Int(-i),
            Num::Float(f) => Num::Float(-f),
            Num::Complex(r, i) => Num::Complex(-r, -i),
        }),
        Opcode::UNARY_INVERT => match value {
            ConstValue::Int(_) | ConstValue::BigInt(_) => match as_num(value)? {
                Num::Int(i) => from_num(Num::Int(!i)),
                _ => None,
            },
            _ => None,
        },
        Opcode::CALL_INTRINSIC_1 if arg == INTRINSIC_UNARY_POSITIVE => from_num(as_num(value)?),
        _ => None,
    }
}

/// A binary operation (`BINARY_OP` operand `arg`) on two constants.
pub(crate) fn binary(arg: u32, left: &ConstValue, right: &ConstValue) -> Option<ConstValue> {
    if arg == nb::SUBSCR {
        return subscript(left, right);
    }
    // bool's &, | and ^ stay bools.
    if let (ConstValue::Bool(a), ConstValue::Bool(b)) = (left, right) {
        match arg {
            nb::AND => return Some(ConstValue::Bool(a & b)),
            nb::OR => return Some(ConstValue::Bool(a | b)),
            nb::XOR => return Some(ConstValue::Bool(a ^ b)),
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (as_num(left), as_num(right)) {
        return numeric(arg, x, y);
    }
    sequence(arg, left, right)
}

fn numeric(arg: u32, x: Num, y: Num) -> Option<ConstValue> {
    if let (Num::Int(a), Num::Int(b)) = (&x, &y) {
        return int_binary(arg, a, b);
    }
    if matches!(x, Num::Complex(..)) || matches!(y, Num::Complex(..)) {
        let (a, b) = to_complex(&x);
        let (c, d) = to_complex(&y);
        let result = match arg {
            nb::ADD => (a + c, b + d),
            nb::SUBTRACT => (a - c, b - d),
            nb::MULTIPLY => (a * c - b * d, a * d + b * c),
            _ => return None,
        };
        return from_num(Num::Complex(result.0, result.1));
    }
    let a = to_float(&x)?;
    let b = to_float(&y)?;
    let result = match arg {
        nb::ADD => a + b,
        nb::SUBTRACT => a - b,
        nb::MULTIPLY => a * b,
        nb::TRUE_DIVIDE if b != 0.0 => a / b,
        nb::FLOOR_DIVIDE if b != 0.0 => float_floordiv(a, b),
        nb::REMAINDER if b != 0.0 => float_mod(a, b),
        nb::POWER => {
            if a == 0.0 && b < 0.0 || a < 0.0 && b.fract() != 0.0 {
                return None;
            }
            let r = a.powf(b);
            if !r.is_finite() && a.is_finite() && b.is_finite() {
                return None;
            }
            r
        }
        _ => return None,
    };
    from_num(Num::Float(result))
}

/// Python's float `%`: the result has the sign of the divisor.
fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m == 0.0 {
        0.0f64.copysign(b)
    } else if (m < 0.0) != (b < 0.0) {
        m + b
    } else {
        m
    }
}

/// Python's float `//`.
fn float_floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        0.0f64.copysign(a / b)
    } else {
        let floor = div.floor();
        if div - floor > 0.5 {
            floor + 1.0
        } else {
            floor
        }
    }
}

fn int_binary(arg: u32, a: &BigInt, b: &BigInt) -> Option<ConstValue> {
    use num_integer::Integer;
    let result = match arg {
        nb::ADD => a + b,
        nb::SUBTRACT => a - b,
        nb::MULTIPLY => {
            if a.bits() + b.bits() > MAX_INT_SIZE {
                return None;
            }
            a * b
        }
        nb::FLOOR_DIVIDE if !b.is_zero() => a.div_floor(b),
        nb::REMAINDER if !b.is_zero() => a.mod_floor(b),
        nb::TRUE_DIVIDE if !b.is_zero() => {
            let (x, y) = (a.to_f64()?, b.to_f64()?);
            if a.bits() > 53 || b.bits() > 53 {
                return None;
            }
            return Some(ConstValue::Float(x / y));
        }
        nb::POWER => {
            if b.is_negative() {
                return None;
            }
            let exp = b.to_u64()?;
            if a.bits().saturating_mul(exp) > MAX_INT_SIZE {
                return None;
            }
            num_traits::pow::Pow::pow(a, exp)
        }
        nb::LSHIFT => {
            if b.is_negative() {
                return None;
            }
            let shift = b.to_u64()?;
            if a.bits().saturating_add(shift) > MAX_INT_SIZE {
                return None;
            }
            a << shift
        }
        nb::RSHIFT => {
            if b.is_negative() {
                return None;
            }
            let shift = b.to_u64().unwrap_or(u64::MAX).min(MAX_INT_SIZE * 2);
            // Floor semantics for negative numbers.
            if a.is_negative() {
                -((-a - 1u8) >> shift) - 1u8
            } else {
                a >> shift
            }
        }
        nb::AND => a & b,
        nb::OR => a | b,
        nb::XOR => a ^ b,
        _ => return None,
    };
    from_num(Num::Int(result))
}

/// `+` and `*` on strings, bytes and tuples.
fn sequence(arg: u32, left: &ConstValue, right: &ConstValue) -> Option<ConstValue> {
    match (arg, left, right) {
        (nb::ADD, ConstValue::Str(a), ConstValue::Str(b)) => {
            if a.as_bytes().len() + b.as_bytes().len() > MAX_STR_SIZE {
                return None;
            }
            let mut s = (**a).clone();
            s.push_pystr(b);
            Some(ConstValue::Str(Rc::new(s)))
        }
        (nb::ADD, ConstValue::Bytes(a), ConstValue::Bytes(b)) => {
            if a.len() + b.len() > MAX_STR_SIZE {
                return None;
            }
            Some(ConstValue::Bytes([&a[..], &b[..]].concat().into()))
        }
        (nb::ADD, ConstValue::Tuple(a), ConstValue::Tuple(b)) => {
            if a.len() + b.len() > MAX_COLLECTION_SIZE {
                return None;
            }
            Some(ConstValue::Tuple([&a[..], &b[..]].concat().into()))
        }
        (nb::MULTIPLY, _, _) => {
            let count = |v: &ConstValue| match v {
                ConstValue::Int(n) => Some(*n),
                ConstValue::Bool(b) => Some(i64::from(*b)),
                _ => None,
            };
            let (seq, n) = match (count(left), count(right)) {
                (None, Some(n)) => (left, n),
                (Some(n), None) => (right, n),
                _ => return None,
            };
            let n = n.max(0) as usize;
            match seq {
                ConstValue::Str(s) => {
                    let len = s.code_points().count();
                    if len.checked_mul(n)? > MAX_STR_SIZE {
                        return None;
                    }
                    let mut out = PyStr::default();
                    for _ in 0..n {
                        out.push_pystr(s);
                    }
                    Some(ConstValue::Str(Rc::new(out)))
                }
                ConstValue::Bytes(b) => {
                    if b.len().checked_mul(n)? > MAX_STR_SIZE {
                        return None;
                    }
                    Some(ConstValue::Bytes(b.repeat(n).into()))
                }
                ConstValue::Tuple(t) => {
                    if t.len().checked_mul(n)? > MAX_COLLECTION_SIZE {
                        return None;
                    }
                    Some(ConstValue::Tuple(
                        t.iter().cycle().take(t.len() * n).cloned().collect(),
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Indexing a constant string, bytes or tuple with a constant int.
fn subscript(container: &ConstValue, index: &ConstValue) -> Option<ConstValue> {
    let i = match index {
        ConstValue::Int(i) => *i,
        ConstValue::Bool(b) => i64::from(*b),
        _ => return None,
    };
    let resolve = |len: usize| -> Option<usize> {
        let len = len as i64;
        let i = if i < 0 { i + len } else { i };
        (0..len).contains(&i).then_some(i as usize)
    };
    match container {
        ConstValue::Str(s) => {
            let cps: Vec<u32> = s.code_points().collect();
            let cp = cps[resolve(cps.len())?];
            let mut out = PyStr::default();
            out.push(cp);
            Some(ConstValue::Str(Rc::new(out)))
        }
        ConstValue::Bytes(b) => Some(ConstValue::Int(i64::from(b[resolve(b.len())?]))),
        ConstValue::Tuple(t) => Some(t[resolve(t.len())?].clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_floor_division_and_modulo_follow_python() {
        assert_eq!(float_mod(-7.0, 2.0), 1.0);
        assert_eq!(float_mod(7.0, -2.0), -1.0);
        assert_eq!(float_floordiv(-7.0, 2.0), -4.0);
        assert_eq!(float_floordiv(7.5, 2.0), 3.0);
    }

    #[test]
    fn ints_fold_with_python_signs_and_limits() {
        let i = |v: i64| ConstValue::Int(v);
        assert_eq!(binary(nb::FLOOR_DIVIDE, &i(-7), &i(2)), Some(i(-4)));
        assert_eq!(binary(nb::REMAINDER, &i(-7), &i(2)), Some(i(1)));
        assert_eq!(binary(nb::RSHIFT, &i(-7), &i(1)), Some(i(-4)));
        assert_eq!(binary(nb::FLOOR_DIVIDE, &i(1), &i(0)), None);
        assert_eq!(binary(nb::POWER, &i(2), &i(200)), None);
        assert!(py_eq(&i(1), &ConstValue::Float(1.0)));
        assert!(py_eq(&ConstValue::Bool(true), &i(1)));
    }
}
