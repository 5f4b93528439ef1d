//! `range`: an arithmetic progression of ints. Ranges of machine ints
//! keep their bounds and length as `i64`/`u64` (the fast paths of
//! iteration, `len` and `in`); any range is also seen through its `BigInt`
//! parts, which the general methods use, so ranges past 64 bits behave the
//! same (CPython's `longrange_iterator` included).

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::ops::CmpOp;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::int::{IntVal, big_value, int_val};
use crate::types::slice::SliceData;
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The payload of a range.
pub struct RangeData {
    /// `start`.
    pub start: i64,
    /// `stop`.
    pub stop: i64,
    /// `step` (never zero).
    pub step: i64,
    /// The number of values.
    pub len: u64,
    /// For a range past machine ints: its parts (the fields above are
    /// then unused).
    big: Option<Box<BigParts>>,
}

/// A range's parts as big ints.
#[derive(Clone)]
struct BigParts {
    start: BigInt,
    stop: BigInt,
    step: BigInt,
    len: BigInt,
}

impl BigParts {
    fn new(start: BigInt, stop: BigInt, step: BigInt) -> BigParts {
        let len = if step.is_positive() && start < stop {
            (&stop - &start - 1u8) / &step + 1u8
        } else if step.is_negative() && start > stop {
            (&start - &stop - 1u8) / (-&step) + 1u8
        } else {
            BigInt::zero()
        };
        BigParts {
            start,
            stop,
            step,
            len,
        }
    }

    /// The `i`-th value.
    fn at(&self, i: &BigInt) -> BigInt {
        &self.start + i * &self.step
    }

    /// The index of `x` among the values, if it is one.
    fn index_of(&self, x: &BigInt) -> Option<BigInt> {
        let in_bounds = if self.step.is_positive() {
            *x >= self.start && *x < self.stop
        } else {
            *x <= self.start && *x > self.stop
        };
        let off = x - &self.start;
        (in_bounds && (&off % &self.step).is_zero()).then(|| off / &self.step)
    }
}

impl RangeData {
    /// A range with its length computed.
    pub fn new(start: i64, stop: i64, step: i64) -> RangeData {
        let (lo, hi, s) = (i128::from(start), i128::from(stop), i128::from(step));
        let len = if s > 0 && lo < hi {
            ((hi - lo - 1) / s + 1) as u64
        } else if s < 0 && lo > hi {
            ((lo - hi - 1) / (-s) + 1) as u64
        } else {
            0
        };
        RangeData {
            start,
            stop,
            step,
            len,
            big: None,
        }
    }

    /// A range of any ints: machine ints when they fit.
    fn from_parts(p: BigParts) -> RangeData {
        if let (Some(a), Some(b), Some(c), Some(_)) = (
            p.start.to_i64(),
            p.stop.to_i64(),
            p.step.to_i64(),
            p.len.to_i64(),
        ) {
            return RangeData::new(a, b, c);
        }
        RangeData {
            start: 0,
            stop: 0,
            step: 1,
            len: 0,
            big: Some(Box::new(p)),
        }
    }

    /// The parts as big ints.
    fn parts(&self) -> BigParts {
        match &self.big {
            Some(b) => (**b).clone(),
            None => BigParts {
                start: self.start.into(),
                stop: self.stop.into(),
                step: self.step.into(),
                len: self.len.into(),
            },
        }
    }

    /// The `i`-th value (`i < len`) of a range of machine ints.
    pub fn at(&self, i: u64) -> i64 {
        (i128::from(self.start) + i128::from(i) * i128::from(self.step)) as i64
    }

    /// Whether `x` is one of the values of a range of machine ints.
    pub fn contains_int(&self, x: i64) -> bool {
        if self.big.is_some() {
            return self.parts().index_of(&x.into()).is_some();
        }
        let (x, start, step) = (i128::from(x), i128::from(self.start), i128::from(self.step));
        let in_bounds = if step > 0 {
            x >= start && x < i128::from(self.stop)
        } else {
            x <= start && x > i128::from(self.stop)
        };
        in_bounds && (x - start) % step == 0
    }

    /// Whether the range is empty.
    fn is_empty(&self) -> bool {
        match &self.big {
            Some(b) => b.len.is_zero(),
            None => self.len == 0,
        }
    }
}

/// An int argument as a big int (through `__index__`).
fn big_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index(v)?;
    Ok(match int_val(&i).expect("index gives an int") {
        IntVal::Small(s) => s.into(),
        IntVal::Big(b) => b,
    })
}

fn range_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RangeData> {
    v.downcast::<RangeData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'range' object"))
}

/// Adds the methods of `range`.
pub fn init(vm: &Vm) {
    let t = &vm.types.range;
    add_static(vm, t, "__new__", range_new);
    add_methods(
        vm,
        t,
        &[
            ("__len__", range_len),
            ("__bool__", |vm, a| {
                Ok(Value::Bool(!range_of(vm, &a.pos[0])?.is_empty()))
            }),
            ("__iter__", range_iter),
            ("__reversed__", range_reversed),
            ("__getitem__", range_getitem),
            ("__contains__", range_contains),
            ("__repr__", range_repr),
            ("__hash__", range_hash),
            ("__eq__", |vm, a| range_cmp(vm, a, CmpOp::Eq)),
            ("__ne__", |vm, a| range_cmp(vm, a, CmpOp::Ne)),
            ("__reduce__", range_reduce),
            ("index", range_index),
            ("count", range_count),
        ],
    );
    add_getsets(
        vm,
        t,
        &[
            (
                "start",
                |vm, v| Ok(big_value(vm, range_of(vm, v)?.parts().start)),
                None,
            ),
            (
                "stop",
                |vm, v| Ok(big_value(vm, range_of(vm, v)?.parts().stop)),
                None,
            ),
            (
                "step",
                |vm, v| Ok(big_value(vm, range_of(vm, v)?.parts().step)),
                None,
            ),
        ],
    );
}

fn range_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.shift().no_kwargs(vm, "range")?;
    let a = &args.pos[1..];
    let int = |v: &Value| big_arg(vm, v);
    let (start, stop, step) = match a {
        [stop] => (BigInt::zero(), int(stop)?, BigInt::one()),
        [start, stop] => (int(start)?, int(stop)?, BigInt::one()),
        [start, stop, step] => (int(start)?, int(stop)?, int(step)?),
        [] => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        _ => {
            return Err(vm.type_error(format!(
                "range expected at most 3 arguments, got {}",
                a.len()
            )));
        }
    };
    if step.is_zero() {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    Ok(range_value(vm, BigParts::new(start, stop, step)))
}

fn range_value(vm: &Vm, p: BigParts) -> Value {
    Value::Obj(ObjRef::new(&vm.types.range, RangeData::from_parts(p)))
}

fn range_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    let n = match &r.big {
        None => i64::try_from(r.len).ok(),
        Some(b) => b.len.to_i64(),
    };
    n.map(Value::Int)
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C ssize_t"))
}

fn range_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    if let Some(b) = &r.big {
        return Ok(crate::types::iterators::new_long_range_iter(
            vm,
            b.start.clone(),
            b.step.clone(),
            b.len.clone(),
        ));
    }
    Ok(crate::types::iterators::new_range_iter(
        vm, r.start, r.step, r.len,
    ))
}

fn range_reversed(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    if let Some(b) = &r.big {
        let last = if b.len.is_zero() {
            b.start.clone()
        } else {
            b.at(&(&b.len - 1u8))
        };
        return Ok(crate::types::iterators::new_long_range_iter(
            vm,
            last,
            -&b.step,
            b.len.clone(),
        ));
    }
    let last = if r.len == 0 { r.start } else { r.at(r.len - 1) };
    Ok(crate::types::iterators::new_range_iter(
        vm,
        last,
        r.step.wrapping_neg(),
        r.len,
    ))
}

fn range_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    let p = r.parts();
    if let Some(s) = key.downcast::<SliceData>() {
        let (start, stop, step) = slice_bounds(vm, s, &p.len)?;
        let sliced = BigParts::new(p.at(&start), p.at(&stop), &p.step * step);
        return Ok(range_value(vm, sliced));
    }
    let i = match vm.index(key) {
        Ok(i) => big_arg(vm, &i)?,
        Err(_) => {
            return Err(vm.type_error(format!(
                "range indices must be integers or slices, not {}",
                vm.type_name(key)
            )));
        }
    };
    let idx = if i.is_negative() { i + &p.len } else { i };
    if idx.is_negative() || idx >= p.len {
        return Err(vm.index_error("range object index out of range"));
    }
    Ok(big_value(vm, p.at(&idx)))
}

/// A slice's start, stop and step over `len` items, clamped as CPython
/// does for sequences of any length.
fn slice_bounds(vm: &Vm, s: &SliceData, len: &BigInt) -> PyResult<(BigInt, BigInt, BigInt)> {
    let step = if s.step.is_none() {
        BigInt::one()
    } else {
        big_arg(vm, &s.step)?
    };
    if step.is_zero() {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let (lower, upper) = if step.is_negative() {
        (BigInt::from(-1), len - 1u8)
    } else {
        (BigInt::zero(), len.clone())
    };
    let clamp = |v: &Value, default: &BigInt| -> PyResult<BigInt> {
        if v.is_none() {
            return Ok(default.clone());
        }
        let mut i = big_arg(vm, v)?;
        if i.is_negative() {
            i += len;
        }
        Ok(if i < lower {
            lower.clone()
        } else if i > upper {
            upper.clone()
        } else {
            i
        })
    };
    let (first, last) = if step.is_negative() {
        (&upper, &lower)
    } else {
        (&lower, &upper)
    };
    Ok((clamp(&s.start, first)?, clamp(&s.stop, last)?, step))
}

fn range_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "__contains__", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    match x {
        Value::Int(i) => Ok(Value::Bool(r.contains_int(*i))),
        Value::Bool(b) => Ok(Value::Bool(r.contains_int(i64::from(*b)))),
        _ => Ok(Value::Bool(position(vm, r, x)?.is_some())),
    }
}

fn range_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = range_of(vm, &args.pos[0])?.parts();
    Ok(vm.new_str(&if p.step.is_one() {
        format!("range({}, {})", p.start, p.stop)
    } else {
        format!("range({}, {}, {})", p.start, p.stop, p.step)
    }))
}

fn range_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = range_of(vm, &args.pos[0])?.parts();
    let parts = if p.len.is_zero() {
        vec![Value::Int(0), Value::None, Value::None]
    } else if p.len.is_one() {
        vec![Value::Int(1), big_value(vm, p.start), Value::None]
    } else {
        vec![
            big_value(vm, p.len),
            big_value(vm, p.start),
            big_value(vm, p.step),
        ]
    };
    Ok(Value::Int(
        vm.hash(&crate::types::tuple::new_tuple(vm, parts))?,
    ))
}

fn range_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let a = range_of(vm, &args.pos[0])?.parts();
    let Some(b) = args.pos[1].downcast::<RangeData>() else {
        return Ok(vm.not_implemented());
    };
    let b = b.parts();
    let same = a.len == b.len
        && (a.len.is_zero() || (a.start == b.start && (a.len.is_one() || a.step == b.step)));
    Ok(Value::Bool(if op == CmpOp::Eq { same } else { !same }))
}

fn range_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = range_of(vm, &args.pos[0])?.parts();
    let parts = crate::types::tuple::new_tuple(
        vm,
        vec![
            big_value(vm, p.start),
            big_value(vm, p.stop),
            big_value(vm, p.step),
        ],
    );
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![Value::Obj(vm.types.range.clone()), parts],
    ))
}

/// Where `x` is among the values: by arithmetic for ints, else by
/// comparing each value (`None` when absent).
fn position(vm: &Vm, r: &RangeData, x: &Value) -> PyResult<Option<BigInt>> {
    let p = r.parts();
    let exact_int = match x {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => o.ty_is(&vm.types.int),
        _ => false,
    };
    if exact_int {
        return Ok(p.index_of(&big_arg(vm, x)?));
    }
    let mut i = BigInt::zero();
    while i < p.len {
        if vm.eq(&big_value(vm, p.at(&i)), x)? {
            return Ok(Some(i));
        }
        i += 1u8;
    }
    Ok(None)
}

fn range_index(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "index", 2, 2)? else {
        unreachable!()
    };
    match position(vm, range_of(vm, me)?, x)? {
        Some(i) => Ok(big_value(vm, i)),
        None => Err(vm.value_error("range.index(x): x not in range")),
    }
}

fn range_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "count", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    let exact_int = matches!(x, Value::Int(_) | Value::Bool(_))
        || x.as_obj().is_some_and(|o| o.ty_is(&vm.types.int));
    if exact_int {
        return Ok(Value::Int(i64::from(position(vm, r, x)?.is_some())));
    }
    let p = r.parts();
    let (mut n, mut i) = (0i64, BigInt::zero());
    while i < p.len {
        if vm.eq(&big_value(vm, p.at(&i)), x)? {
            n += 1;
        }
        i += 1u8;
    }
    Ok(Value::Int(n))
}
