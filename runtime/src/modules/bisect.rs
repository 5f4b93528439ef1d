//! `_bisect`: binary search in a sorted sequence, and insertion keeping it
//! sorted, with CPython's argument rules (`lo`, `hi`, keyword-only `key`).

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::module;
use crate::value::Value;
use crate::vm::Vm;

/// The bound arguments: sequence, item, search window, key.
struct Search {
    seq: Value,
    item: Value,
    lo: i64,
    hi: i64,
    key: Option<Value>,
}

fn search_args(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Search> {
    let p = args.bind(vm, name, &["a", "x", "lo", "hi", "key"], 2, 0, 4)?;
    let seq = p[0].clone().expect("required");
    let lo = match &p[2] {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let hi = match &p[3] {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => vm.len(&seq)? as i64,
    };
    Ok(Search {
        seq,
        item: p[1].clone().expect("required"),
        lo,
        hi,
        key: p[4].clone().filter(|k| !k.is_none()),
    })
}

/// Where `x` goes in `s.seq[lo:hi]`: after equal items (`right`) or
/// before them. `x` is already a key when `s.key` is given.
fn position(vm: &Vm, s: &Search, x: &Value, right: bool) -> PyResult<i64> {
    let (mut lo, mut hi) = (s.lo, s.hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut item = vm.getitem(&s.seq, &Value::Int(mid))?;
        if let Some(k) = &s.key {
            item = vm.call(k, &[item])?;
        }
        let goes_left = if right {
            vm.lt(x, &item)?
        } else {
            !vm.lt(&item, x)?
        };
        if goes_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let s = search_args(vm, name, args)?;
    let right = !name.ends_with("_left");
    Ok(Value::Int(position(vm, &s, &s.item, right)?))
}

fn insort(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let s = search_args(vm, name, args)?;
    let right = !name.ends_with("_left");
    let x = match &s.key {
        Some(k) => vm.call(k, std::slice::from_ref(&s.item))?,
        None => s.item.clone(),
    };
    let at = Value::Int(position(vm, &s, &x, right)?);
    vm.call_method(&s.seq, "insert", &[at, s.item.clone()])?;
    Ok(Value::None)
}

named_fns!(BISECT_FNS, bisect, bisect_right, bisect_left);
named_fns!(INSORT_FNS, insort, insort_right, insort_left);

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_bisect");
    let all: [&[(&'static str, NativeFn)]; 2] = [BISECT_FNS, INSORT_FNS];
    crate::modules::add_functions(vm, &m, "_bisect", all.into_iter().flatten());
    m
}
