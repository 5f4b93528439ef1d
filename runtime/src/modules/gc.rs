//! `gc`: the collector's switches and thresholds as CPython exposes them.
//! Pyrite frees objects by reference counting alone (no cycle collector
//! yet, see docs/compatibility.md), so `collect()` finds nothing to free
//! and reports 0; the switches and thresholds are kept so that code which
//! saves and restores them (timeit, test.support) behaves.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::{dict, list, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::Cell;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static THRESHOLDS: Cell<[i64; 3]> = const { Cell::new([2000, 10, 10]) };
}

fn enable(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "enable", 0, 0)?;
    ENABLED.with(|e| e.set(true));
    Ok(Value::None)
}

fn disable(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "disable", 0, 0)?;
    ENABLED.with(|e| e.set(false));
    Ok(Value::None)
}

fn isenabled(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "isenabled", 0, 0)?;
    Ok(Value::Bool(ENABLED.with(Cell::get)))
}

fn collect(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    let p = a.bind(vm, "collect", &["generation"], 0, 0, 1)?;
    if let Some(g) = &p[0] {
        let g = crate::types::int::to_i64(vm, g)?;
        if !(0..=2).contains(&g) {
            return Err(vm.value_error("invalid generation"));
        }
    }
    Ok(Value::Int(0))
}

fn get_threshold(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "get_threshold", 0, 0)?;
    let t = THRESHOLDS.with(Cell::get);
    Ok(tuple::new_tuple(
        vm,
        t.iter().map(|&n| Value::Int(n)).collect(),
    ))
}

fn set_threshold(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.no_kwargs(vm, "set_threshold")?;
    if a.pos.is_empty() || a.pos.len() > 3 {
        return Err(vm.type_error("gc.set_threshold requires 1 to 3 arguments"));
    }
    let mut t = THRESHOLDS.with(Cell::get);
    for (slot, v) in t.iter_mut().zip(a.pos) {
        *slot = crate::types::int::to_i64(vm, v)?;
    }
    THRESHOLDS.with(|c| c.set(t));
    Ok(Value::None)
}

fn get_count(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "get_count", 0, 0)?;
    Ok(tuple::new_tuple(vm, vec![Value::Int(0); 3]))
}

/// Whether CPython's collector would track `v`: containers and instances
/// are tracked; atoms are not; a tuple only when something in it is.
fn tracked(vm: &Vm, v: &Value) -> bool {
    let t = &vm.types;
    match v {
        Value::Obj(o) => {
            if let Some(items) = tuple::tuple_items(v)
                && o.ty_is(&t.tuple)
            {
                return items.iter().any(|x| tracked(vm, x));
            }
            let atom = [
                &t.int, &t.float, &t.complex, &t.str, &t.bytes, &t.range, &t.slice,
            ]
            .iter()
            .any(|ty| o.ty_is(ty));
            // Builtin (static) types are not tracked; classes are.
            let static_type = o.kind() == crate::object::Kind::Type && o.is_immortal();
            !(atom || static_type)
        }
        _ => false,
    }
}

fn is_tracked(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    let [x] = a.check(vm, "is_tracked", 1, 1)? else {
        unreachable!()
    };
    Ok(Value::Bool(tracked(vm, x)))
}

fn get_freeze_count(vm: &Vm, a: Args<'_>) -> PyResult<Value> {
    a.check(vm, "get_freeze_count", 0, 0)?;
    Ok(Value::Int(0))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "gc");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    let fns: &[(&'static str, NativeFn)] = &[
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("collect", collect),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_count", get_count),
        ("is_tracked", is_tracked),
        ("get_freeze_count", get_freeze_count),
    ];
    crate::modules::add_functions(vm, &m, "gc", fns);
    set("garbage", list::new_list(vm, Vec::new()));
    set("callbacks", list::new_list(vm, Vec::new()));
    for (name, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        set(name, Value::Int(v));
    }
    m
}
