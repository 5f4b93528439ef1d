//! `slice` objects and the index arithmetic every sequence shares.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::int::{IntVal, int_val};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// The payload of a slice.
pub struct SliceData {
    /// `start`.
    pub start: Value,
    /// `stop`.
    pub stop: Value,
    /// `step`.
    pub step: Value,
}

/// A new slice value.
pub fn new_slice(vm: &Vm, start: Value, stop: Value, step: Value) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.slice,
        SliceData { start, stop, step },
    ))
}

/// A resolved slice over a sequence of some length.
#[derive(Clone, Copy, Debug)]
pub struct SliceIndices {
    /// First index.
    pub start: i64,
    /// Stop index.
    pub stop: i64,
    /// Step (never zero).
    pub step: i64,
    /// How many items it selects.
    pub len: usize,
}

impl SliceIndices {
    /// The selected indices.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |k| (self.start + k as i64 * self.step) as usize)
    }
}

/// A slice bound as `i64`, clamped (big values saturate, as CPython's
/// `_PyEval_SliceIndex` does).
fn bound(vm: &Vm, v: &Value) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    let i = match int_val(v) {
        Some(i) => i,
        None => {
            if vm.call_special_lookup(v, "__index__").is_none() {
                return Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                ));
            }
            int_val(&vm.index(v)?).expect("index returns an int")
        }
    };
    Ok(Some(match i {
        IntVal::Small(x) => x,
        IntVal::Big(b) => {
            if b.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }
        }
    }))
}

impl SliceData {
    /// Resolves the slice for a sequence of length `len`.
    pub fn indices(&self, vm: &Vm, len: usize) -> PyResult<SliceIndices> {
        let step = bound(vm, &self.step)?.unwrap_or(1);
        if step == 0 {
            return Err(vm.value_error("slice step cannot be zero"));
        }
        let step = step.max(-i64::MAX);
        let len = len as i64;
        let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(v) if v < 0 => (v.saturating_add(len)).max(lower),
                Some(v) => v.min(upper),
            }
        };
        let start = clamp(
            bound(vm, &self.start)?,
            if step < 0 { upper } else { lower },
        );
        let stop = clamp(bound(vm, &self.stop)?, if step < 0 { lower } else { upper });
        let count = if step < 0 {
            if stop < start {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        Ok(SliceIndices {
            start,
            stop,
            step,
            len: count as usize,
        })
    }
}

/// Adds the methods of `slice`.
pub fn init(vm: &Vm) {
    let t = &vm.types.slice;
    add_methods(
        vm,
        t,
        &[
            ("indices", slice_indices),
            ("__repr__", slice_repr),
            ("__eq__", slice_eq),
            ("__ne__", slice_ne),
            ("__lt__", |vm, a| slice_cmp(vm, a, crate::ops::CmpOp::Lt)),
            ("__le__", |vm, a| slice_cmp(vm, a, crate::ops::CmpOp::Le)),
            ("__gt__", |vm, a| slice_cmp(vm, a, crate::ops::CmpOp::Gt)),
            ("__ge__", |vm, a| slice_cmp(vm, a, crate::ops::CmpOp::Ge)),
            ("__hash__", slice_hash),
            ("__reduce__", slice_reduce),
        ],
    );
    add_static(vm, t, "__new__", slice_new);
    add_getsets(
        vm,
        t,
        &[
            ("start", |vm, v| Ok(this(vm, v)?.start.clone()), None),
            ("stop", |vm, v| Ok(this(vm, v)?.stop.clone()), None),
            ("step", |vm, v| Ok(this(vm, v)?.step.clone()), None),
        ],
    );
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a SliceData> {
    v.downcast::<SliceData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'slice' object"))
}

fn parts(s: &SliceData) -> Vec<Value> {
    vec![s.start.clone(), s.stop.clone(), s.step.clone()]
}

fn slice_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let rest = args.shift().check(vm, "slice", 1, 3)?;
    let (start, stop, step) = match rest {
        [stop] => (Value::None, stop.clone(), Value::None),
        [a, b] => (a.clone(), b.clone(), Value::None),
        [a, b, c] => (a.clone(), b.clone(), c.clone()),
        _ => unreachable!(),
    };
    Ok(new_slice(vm, start, stop, step))
}

fn slice_indices(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, n] = args.check(vm, "indices", 2, 2)? else {
        unreachable!()
    };
    let s = this(vm, s)?;
    let n = vm.index(n)?;
    let len = int_val(&n).expect("int").big();
    if len.is_negative() {
        return Err(vm.value_error("length should not be negative"));
    }
    // Big lengths: compute in BigInt.
    let step: BigInt = if s.step.is_none() {
        BigInt::from(1)
    } else {
        int_val(&vm.index(&s.step)?).expect("int").big()
    };
    if step.is_zero() {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let neg = step.is_negative();
    let (lower, upper) = if neg {
        (BigInt::from(-1), &len - 1)
    } else {
        (BigInt::zero(), len.clone())
    };
    let clamp = |v: &Value, default: &BigInt| -> PyResult<BigInt> {
        if v.is_none() {
            return Ok(default.clone());
        }
        let x = int_val(&vm.index(v)?).expect("int").big();
        Ok(if x.is_negative() {
            let y = x + &len;
            if y < lower { lower.clone() } else { y }
        } else if x > upper {
            upper.clone()
        } else {
            x
        })
    };
    let start = clamp(&s.start, if neg { &upper } else { &lower })?;
    let stop = clamp(&s.stop, if neg { &lower } else { &upper })?;
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![
            crate::types::int::big_value(vm, start),
            crate::types::int::big_value(vm, stop),
            crate::types::int::big_value(vm, step),
        ],
    ))
}

fn slice_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!(
        "slice({}, {}, {})",
        vm.repr_string(&s.start)?,
        vm.repr_string(&s.stop)?,
        vm.repr_string(&s.step)?
    )))
}

fn slice_cmp(vm: &Vm, args: Args<'_>, op: crate::ops::CmpOp) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let Some(b) = args.pos[1].downcast::<SliceData>() else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(crate::types::tuple::seq_compare(
        vm,
        &parts(a),
        &parts(b),
        op,
    )?))
}

fn slice_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    slice_cmp(vm, args, crate::ops::CmpOp::Eq)
}

fn slice_ne(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    slice_cmp(vm, args, crate::ops::CmpOp::Ne)
}

fn slice_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(vm, &args.pos[0])?;
    let hashes = parts(s)
        .iter()
        .map(|v| vm.hash(v))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Value::Int(crate::hash::hash_tuple(hashes.into_iter())))
}

fn slice_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(vm, &args.pos[0])?;
    let t = crate::types::tuple::new_tuple(vm, parts(s));
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![Value::Obj(vm.types.slice.clone()), t],
    ))
}

/// A sequence index as `usize` with Python's negative indexing, or `None`
/// when out of range.
pub fn normalize_index(i: i64, len: usize) -> Option<usize> {
    let len_i = len as i64;
    let j = if i < 0 { i.checked_add(len_i)? } else { i };
    if j < 0 || j >= len_i {
        None
    } else {
        Some(j as usize)
    }
}

/// Converts an index value for a sequence (`__index__`), then normalizes.
pub fn seq_index(vm: &Vm, key: &Value, len: usize, what: &str) -> PyResult<usize> {
    let i = vm.index_isize(key).map_err(|e| {
        if e.matches(vm, &vm.types.exc.type_error)
            && vm.call_special_lookup(key, "__index__").is_none()
        {
            vm.type_error(format!(
                "{what} indices must be integers or slices, not {}",
                vm.type_name(key)
            ))
        } else {
            e
        }
    })?;
    normalize_index(i, len).ok_or_else(|| vm.index_error(format!("{what} index out of range")))
}

/// `i64` of a big int that must fit (helper for ranges).
pub fn big_to_i64(b: &BigInt) -> Option<i64> {
    b.to_i64()
}
