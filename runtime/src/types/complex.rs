//! `complex`: pairs of doubles, with CPython's arithmetic (including its
//! division algorithm and integer-power special case) and parsing.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::BinOp;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::float::{arith_operand, float_val};
use crate::value::Value;
use crate::vm::Vm;

/// The payload of a complex number.
pub struct ComplexData {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

/// A new complex value.
pub fn new_complex(vm: &Vm, re: f64, im: f64) -> Value {
    Value::Obj(ObjRef::new(&vm.types.complex, ComplexData { re, im }))
}

/// A complex operand: a complex, a float or an int.
pub fn complex_operand(vm: &Vm, v: &Value) -> PyResult<Option<(f64, f64)>> {
    if let Some(c) = v.downcast::<ComplexData>() {
        return Ok(Some((c.re, c.im)));
    }
    Ok(arith_operand(vm, v)?.map(|f| (f, 0.0)))
}

fn div(vm: &Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    let (ar, ai) = a;
    let (br, bi) = b;
    let abs_br = br.abs();
    let abs_bi = bi.abs();
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(vm.zero_division_error("division by zero"));
        }
        let ratio = bi / br;
        let denom = br + bi * ratio;
        Ok(((ar + ai * ratio) / denom, (ai - ar * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = br / bi;
        let denom = br * ratio + bi;
        Ok(((ar * ratio + ai) / denom, (ai * ratio - ar) / denom))
    } else {
        Ok((f64::NAN, f64::NAN))
    }
}

fn mul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

fn int_pow(mut x: (f64, f64), mut n: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    while n > 0 {
        if n & 1 == 1 {
            r = mul(r, x);
        }
        x = mul(x, x);
        n >>= 1;
    }
    r
}

/// `a ** b` for complex operands.
pub fn complex_pow(vm: &Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(vm.zero_division_error("zero to a negative or complex power"));
        }
        return Ok((0.0, 0.0));
    }
    let r = if b.1 == 0.0 && b.0.fract() == 0.0 && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let p = int_pow(a, n.unsigned_abs());
        if n < 0 { div(vm, (1.0, 0.0), p)? } else { p }
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    if !(r.0.is_finite() && r.1.is_finite())
        && a.0.is_finite()
        && a.1.is_finite()
        && b.0.is_finite()
        && b.1.is_finite()
    {
        return Err(vm.overflow_error("complex exponentiation"));
    }
    Ok(r)
}

/// `a ** b` as a complex value.
pub fn complex_pow_value(vm: &Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<Value> {
    let (re, im) = complex_pow(vm, a, b)?;
    Ok(new_complex(vm, re, im))
}

fn binary(vm: &Vm, a: (f64, f64), b: (f64, f64), op: BinOp) -> PyResult<Value> {
    let (re, im) = match op {
        BinOp::Add => (a.0 + b.0, a.1 + b.1),
        BinOp::Sub => (a.0 - b.0, a.1 - b.1),
        BinOp::Mul => mul(a, b),
        BinOp::TrueDiv => div(vm, a, b)?,
        BinOp::Pow => complex_pow(vm, a, b)?,
        _ => return Ok(vm.not_implemented()),
    };
    Ok(new_complex(vm, re, im))
}

/// Adds the methods of `complex`.
pub fn init(vm: &Vm) {
    let t = &vm.types.complex;
    let mut methods: Vec<(&'static str, crate::call::NativeFn)> = vec![
        ("__repr__", complex_repr),
        ("__hash__", complex_hash),
        ("__bool__", complex_bool),
        ("__neg__", complex_neg),
        ("__pos__", complex_pos),
        ("__abs__", complex_abs),
        ("__eq__", complex_eq),
        ("__ne__", complex_ne),
        ("__format__", complex_format),
        ("__complex__", complex_pos),
        ("__getnewargs__", complex_getnewargs),
        ("conjugate", complex_conjugate),
    ];
    macro_rules! binops {
        ($($name:literal, $rname:literal, $op:expr);*) => {
            $(
                methods.push(($name, |vm, args| complex_binop(vm, args, $op, false)));
                methods.push(($rname, |vm, args| complex_binop(vm, args, $op, true)));
            )*
        };
    }
    binops!(
        "__add__", "__radd__", BinOp::Add;
        "__sub__", "__rsub__", BinOp::Sub;
        "__mul__", "__rmul__", BinOp::Mul;
        "__truediv__", "__rtruediv__", BinOp::TrueDiv;
        "__pow__", "__rpow__", BinOp::Pow
    );
    add_methods(vm, t, &methods);
    add_static(vm, t, "__new__", complex_new);
    add_getsets(
        vm,
        t,
        &[
            ("real", complex_get_real, None),
            ("imag", complex_get_imag, None),
        ],
    );
}

fn this(vm: &Vm, v: &Value) -> PyResult<(f64, f64)> {
    v.downcast::<ComplexData>()
        .map(|c| (c.re, c.im))
        .ok_or_else(|| vm.type_error("descriptor requires a 'complex' object"))
}

fn complex_binop(vm: &Vm, args: Args<'_>, op: BinOp, reflected: bool) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    if op == BinOp::Pow && args.pos.get(2).is_some_and(|m| !m.is_none()) {
        return Err(vm.value_error("complex modulo"));
    }
    let Some(b) = complex_operand(vm, &args.pos[1])? else {
        return Ok(vm.not_implemented());
    };
    if reflected {
        binary(vm, b, a, op)
    } else {
        binary(vm, a, b, op)
    }
}

fn complex_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(vm.new_str(&crate::format::complex_repr(re, im)))
}

fn complex_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    let id = args.pos[0].as_obj().map_or(0, ObjRef::addr);
    Ok(Value::Int(crate::hash::hash_complex(re, im, id)))
}

fn complex_bool(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(Value::Bool(re != 0.0 || im != 0.0))
}

fn complex_neg(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(new_complex(vm, -re, -im))
}

fn complex_pos(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(new_complex(vm, re, im))
}

fn complex_conjugate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(new_complex(vm, re, -im))
}

fn complex_abs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    let r = re.hypot(im);
    if r.is_infinite() && re.is_finite() && im.is_finite() {
        return Err(vm.overflow_error("absolute value too large"));
    }
    Ok(Value::Float(r))
}

fn equal(vm: &Vm, args: &Args<'_>) -> PyResult<Option<bool>> {
    let (re, im) = this(vm, &args.pos[0])?;
    let other = &args.pos[1];
    if let Some(c) = other.downcast::<ComplexData>() {
        return Ok(Some(re == c.re && im == c.im));
    }
    if let Some(f) = float_val(other) {
        return Ok(Some(im == 0.0 && re == f));
    }
    if let Some(i) = crate::types::int::int_val(other) {
        return Ok(Some(im == 0.0 && crate::types::float::int_float_eq(&i, re)));
    }
    Ok(None)
}

fn complex_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(equal(vm, &args)?.map_or_else(|| vm.not_implemented(), Value::Bool))
}

fn complex_ne(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(equal(vm, &args)?.map_or_else(|| vm.not_implemented(), |b| Value::Bool(!b)))
}

fn complex_format(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    let spec = args
        .pos
        .get(1)
        .and_then(crate::types::str::as_str)
        .unwrap_or("");
    if spec.is_empty() {
        return vm.str(&args.pos[0]);
    }
    Ok(vm.new_str(&crate::format::spec::format_complex(vm, re, im, spec)?))
}

fn complex_getnewargs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = this(vm, &args.pos[0])?;
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![Value::Float(re), Value::Float(im)],
    ))
}

fn complex_get_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Float(this(vm, v)?.0))
}

fn complex_get_imag(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Float(this(vm, v)?.1))
}

/// Parses `complex('1+2j')`.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let mut t = text.trim();
    if t.starts_with('(') && t.ends_with(')') {
        t = t[1..t.len() - 1].trim();
    }
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if let Some(body) = lower.strip_suffix('j') {
        // Find the split between real and imaginary parts: the last sign
        // not following an 'e'.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && bytes[i - 1] != b'e' {
                split = Some(i);
                break;
            }
        }
        let (re, im) = match split {
            Some(i) => (crate::types::float::parse_float(&body[..i])?, &body[i..]),
            None => (0.0, body),
        };
        let im = match im {
            "" | "+" => 1.0,
            "-" => -1.0,
            s => crate::types::float::parse_float(s)?,
        };
        if im.is_nan() && !lower.contains("nan") {
            return None;
        }
        return Some((re, im));
    }
    Some((crate::types::float::parse_float(t)?, 0.0))
}

fn complex_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("complex.__new__(X): X is not a type object"))?;
    let bound = args
        .shift()
        .bind(vm, "complex", &["real", "imag"], 0, 0, 2)?;
    let (re, im) = match (&bound[0], &bound[1]) {
        (None, None) => (0.0, 0.0),
        (Some(s), imag) if s.downcast::<crate::types::str::StrData>().is_some() => {
            if let Some(i) = imag {
                return Err(vm.type_error(format!(
                    "complex() argument 'real' must be a real number, not {}",
                    if i.downcast::<crate::types::str::StrData>().is_some() {
                        "str".to_string()
                    } else {
                        vm.type_name(s)
                    }
                )));
            }
            let text = crate::types::str::as_str(s).unwrap_or("");
            parse_complex(text)
                .ok_or_else(|| vm.value_error("complex() arg is a malformed string"))?
        }
        (r, i) => {
            if let Some(i) = i
                && i.downcast::<crate::types::str::StrData>().is_some()
            {
                return Err(vm.type_error("complex() second arg can't be a string"));
            }
            let real = match r {
                None => (0.0, 0.0),
                Some(r) => to_complex(vm, r, "real")?,
            };
            let imag = match i {
                None => (0.0, 0.0),
                Some(i) => to_complex(vm, i, "imag")?,
            };
            // As CPython: a real (non-complex) part passes through untouched,
            // keeping the sign of zeros.
            let is_complex = |v: &Option<Value>| {
                v.as_ref().is_some_and(|v| {
                    v.downcast::<ComplexData>().is_some()
                        || vm.call_special_lookup(v, "__complex__").is_some()
                })
            };
            let (r_complex, i_complex) = (is_complex(r), is_complex(i));
            let re = if i_complex { real.0 - imag.1 } else { real.0 };
            let im = if r_complex { real.1 + imag.0 } else { imag.0 };
            (re, im)
        }
    };
    if cls.is(&vm.types.complex) {
        return Ok(new_complex(vm, re, im));
    }
    Ok(Value::Obj(ObjRef::new(&cls, ComplexData { re, im })))
}

fn to_complex(vm: &Vm, v: &Value, which: &str) -> PyResult<(f64, f64)> {
    if let Some(c) = v.downcast::<ComplexData>() {
        return Ok((c.re, c.im));
    }
    if let Some(r) = vm.call_special(v, "__complex__", &[])? {
        return match r.downcast::<ComplexData>() {
            Some(c) => Ok((c.re, c.im)),
            None => Err(vm.type_error(format!(
                "__complex__ returned non-complex (type {})",
                vm.type_name(&r)
            ))),
        };
    }
    match crate::types::float::to_f64(vm, v) {
        Ok(f) => Ok((f, 0.0)),
        Err(e) if e.matches(vm, &vm.types.exc.type_error) => Err(vm.type_error(format!(
            "complex() argument '{which}' must be a real number, not {}",
            vm.type_name(v)
        ))),
        Err(e) => Err(e),
    }
}

/// Whether `v` is a complex number (for `Kind` checks elsewhere).
pub fn is_complex(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.kind() == Kind::Complex)
}
