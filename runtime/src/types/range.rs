//! `range`: an arithmetic progression of machine ints (start, stop, step
//! and the precomputed length).

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::ops::CmpOp;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::slice::SliceData;
use crate::value::Value;
use crate::vm::Vm;

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
        }
    }

    /// The `i`-th value (`i < len`).
    pub fn at(&self, i: u64) -> i64 {
        (i128::from(self.start) + i128::from(i) * i128::from(self.step)) as i64
    }

    /// Whether `x` is one of the values.
    pub fn contains_int(&self, x: i64) -> bool {
        let (x, start, step) = (i128::from(x), i128::from(self.start), i128::from(self.step));
        let in_bounds = if step > 0 {
            x >= start && x < i128::from(self.stop)
        } else {
            x <= start && x > i128::from(self.stop)
        };
        in_bounds && (x - start) % step == 0
    }
}

fn range_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RangeData> {
    v.downcast::<RangeData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'range' object"))
}

fn new_range(vm: &Vm, start: i64, stop: i64, step: i64) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.range,
        RangeData::new(start, stop, step),
    ))
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
                Ok(Value::Bool(range_of(vm, &a.pos[0])?.len > 0))
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
                |vm, v| Ok(Value::Int(range_of(vm, v)?.start)),
                None,
            ),
            ("stop", |vm, v| Ok(Value::Int(range_of(vm, v)?.stop)), None),
            ("step", |vm, v| Ok(Value::Int(range_of(vm, v)?.step)), None),
        ],
    );
}

fn range_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.shift().no_kwargs(vm, "range")?;
    let a = &args.pos[1..];
    let int = |v: &Value| vm.index_i64(v);
    let (start, stop, step) = match a {
        [stop] => (0, int(stop)?, 1),
        [start, stop] => (int(start)?, int(stop)?, 1),
        [start, stop, step] => (int(start)?, int(stop)?, int(step)?),
        [] => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        _ => {
            return Err(vm.type_error(format!(
                "range expected at most 3 arguments, got {}",
                a.len()
            )));
        }
    };
    if step == 0 {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    Ok(new_range(vm, start, stop, step))
}

fn range_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    if r.len > i64::MAX as u64 {
        return Err(vm.overflow_error("Python int too large to convert to C ssize_t"));
    }
    Ok(Value::Int(r.len as i64))
}

fn range_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_range_iter(
        vm, r.start, r.step, r.len,
    ))
}

fn range_reversed(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
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
    if let Some(s) = key.downcast::<SliceData>() {
        let ix = s.indices(vm, r.len as usize)?;
        let start = r.at(ix.start as u64);
        let step = r.step * ix.step;
        let stop = (i128::from(start) + i128::from(step) * ix.len as i128) as i64;
        return Ok(new_range(vm, start, stop, step));
    }
    let i = match vm.index(key) {
        Ok(i) => vm.index_isize(&i)?,
        Err(_) => {
            return Err(vm.type_error(format!(
                "range indices must be integers or slices, not {}",
                vm.type_name(key)
            )));
        }
    };
    let n = r.len as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        return Err(vm.index_error("range object index out of range"));
    }
    Ok(Value::Int(r.at(idx as u64)))
}

fn range_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "__contains__", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    match x {
        Value::Int(i) => Ok(Value::Bool(r.contains_int(*i))),
        Value::Bool(b) => Ok(Value::Bool(r.contains_int(i64::from(*b)))),
        _ => {
            for i in 0..r.len {
                if vm.eq(&Value::Int(r.at(i)), x)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    }
}

fn range_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    Ok(vm.new_str(&if r.step == 1 {
        format!("range({}, {})", r.start, r.stop)
    } else {
        format!("range({}, {}, {})", r.start, r.stop, r.step)
    }))
}

fn range_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    let parts = if r.len == 0 {
        vec![Value::Int(0), Value::None, Value::None]
    } else if r.len == 1 {
        vec![Value::Int(1), Value::Int(r.start), Value::None]
    } else {
        vec![
            Value::Int(r.len as i64),
            Value::Int(r.start),
            Value::Int(r.step),
        ]
    };
    Ok(Value::Int(
        vm.hash(&crate::types::tuple::new_tuple(vm, parts))?,
    ))
}

fn range_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let a = range_of(vm, &args.pos[0])?;
    let Some(b) = args.pos[1].downcast::<RangeData>() else {
        return Ok(vm.not_implemented());
    };
    let same =
        a.len == b.len && (a.len == 0 || (a.start == b.start && (a.len == 1 || a.step == b.step)));
    Ok(Value::Bool(if op == CmpOp::Eq { same } else { !same }))
}

fn range_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = range_of(vm, &args.pos[0])?;
    let parts = crate::types::tuple::new_tuple(
        vm,
        vec![Value::Int(r.start), Value::Int(r.stop), Value::Int(r.step)],
    );
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![Value::Obj(vm.types.range.clone()), parts],
    ))
}

fn range_index(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "index", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    if let Value::Int(i) = x
        && r.contains_int(*i)
    {
        return Ok(Value::Int((i - r.start) / r.step));
    }
    if !matches!(x, Value::Int(_)) {
        for i in 0..r.len {
            if vm.eq(&Value::Int(r.at(i)), x)? {
                return Ok(Value::Int(i as i64));
            }
        }
    }
    let _ = x;
    Err(vm.value_error("range.index(x): x not in range"))
}

fn range_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, x] = args.check(vm, "count", 2, 2)? else {
        unreachable!()
    };
    let r = range_of(vm, me)?;
    if let Value::Int(i) = x {
        return Ok(Value::Int(i64::from(r.contains_int(*i))));
    }
    let mut n = 0;
    for i in 0..r.len {
        if vm.eq(&Value::Int(r.at(i)), x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}
