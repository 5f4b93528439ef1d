//! `sys.monitoring` (PEP 669): tool identifiers, their names, callbacks
//! and event sets. Pyrite does not deliver events yet, so asking for any
//! event raises `NotImplementedError` instead of silently never calling
//! back; tools may still be registered and queried (bdb, coverage and
//! profilers import and set up against it).

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, state};
use crate::types::{dict, module};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// The tool slots (0-5).
const TOOLS: usize = 6;

/// The events and their bits, as `sys.monitoring.events` names them.
const EVENTS: &[(&str, i64)] = &[
    ("PY_START", 1),
    ("PY_RESUME", 2),
    ("PY_RETURN", 4),
    ("PY_YIELD", 8),
    ("CALL", 16),
    ("LINE", 32),
    ("INSTRUCTION", 64),
    ("JUMP", 128),
    ("BRANCH_LEFT", 256),
    ("BRANCH_RIGHT", 512),
    ("STOP_ITERATION", 1024),
    ("RAISE", 2048),
    ("EXCEPTION_HANDLED", 4096),
    ("PY_UNWIND", 8192),
    ("PY_THROW", 16384),
    ("RERAISE", 32768),
    ("C_RETURN", 65536),
    ("C_RAISE", 131072),
    ("BRANCH", 262144),
    ("NO_EVENTS", 0),
];

/// The registered tools: name and callbacks (by event bit) per slot.
#[derive(Default)]
struct Tools {
    names: RefCell<[Option<Value>; TOOLS]>,
    callbacks: RefCell<Vec<(usize, i64, Value)>>,
}

fn tools(vm: &Vm) -> std::rc::Rc<Tools> {
    state(vm, |_| Tools::default())
}

/// A tool id argument in range.
fn tool_id(vm: &Vm, v: &Value) -> PyResult<usize> {
    let id = vm.index_i64(v)?;
    if !(0..TOOLS as i64).contains(&id) {
        return Err(vm.value_error(format!("invalid tool {id} (must be between 0 and 5)")));
    }
    Ok(id as usize)
}

/// A tool id that is in use.
fn used_tool(vm: &Vm, v: &Value) -> PyResult<usize> {
    let id = tool_id(vm, v)?;
    if tools(vm).names.borrow()[id].is_none() {
        return Err(vm.value_error(format!("tool {id} is not in use")));
    }
    Ok(id)
}

fn use_tool_id(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [id, name] = args.check(vm, "use_tool_id", 2, 2)? else {
        unreachable!()
    };
    let id = tool_id(vm, id)?;
    if !vm.is_instance(name, &vm.types.str) {
        return Err(vm.value_error("tool name must be a str"));
    }
    let t = tools(vm);
    let mut names = t.names.borrow_mut();
    if names[id].is_some() {
        return Err(vm.value_error(format!("tool {id} is already in use")));
    }
    names[id] = Some(name.clone());
    Ok(Value::None)
}

fn clear_tool_id(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [id] = args.check(vm, "clear_tool_id", 1, 1)? else {
        unreachable!()
    };
    let id = tool_id(vm, id)?;
    tools(vm)
        .callbacks
        .borrow_mut()
        .retain(|(t, _, _)| *t != id);
    Ok(Value::None)
}

fn free_tool_id(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [id] = args.check(vm, "free_tool_id", 1, 1)? else {
        unreachable!()
    };
    let id = tool_id(vm, id)?;
    let t = tools(vm);
    t.callbacks.borrow_mut().retain(|(tool, _, _)| *tool != id);
    t.names.borrow_mut()[id] = None;
    Ok(Value::None)
}

fn get_tool(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [id] = args.check(vm, "get_tool", 1, 1)? else {
        unreachable!()
    };
    let id = tool_id(vm, id)?;
    Ok(tools(vm).names.borrow()[id].clone().unwrap_or(Value::None))
}

fn register_callback(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [id, event, func] = args.check(vm, "register_callback", 3, 3)? else {
        unreachable!()
    };
    let id = tool_id(vm, id)?;
    let event = vm.index_i64(event)?;
    if event.count_ones() != 1 {
        return Err(vm.value_error("The callback can only be set for one event at a time"));
    }
    let t = tools(vm);
    let mut cbs = t.callbacks.borrow_mut();
    let old = cbs
        .iter()
        .position(|(tool, e, _)| *tool == id && *e == event)
        .map(|i| cbs.remove(i).2);
    if !func.is_none() {
        cbs.push((id, event, func.clone()));
    }
    Ok(old.unwrap_or(Value::None))
}

fn get_events(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "get_events", 1, 2)?;
    tool_id(vm, &a[0])?;
    Ok(Value::Int(0))
}

/// `set_events` and `set_local_events`: only the empty set is accepted.
fn set_events(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let n = if name == "set_events" { 2 } else { 3 };
    let a = args.check(vm, name, n, n)?;
    used_tool(vm, &a[0])?;
    let events = vm.index_i64(&a[n - 1])?;
    if events != 0 {
        return Err(vm.not_implemented_error(
            "sys.monitoring: Pyrite does not deliver monitoring events yet",
        ));
    }
    Ok(Value::None)
}

named_fns!(SET_FNS, set_events, set_events, set_local_events);

/// Builds `sys.monitoring`.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "sys.monitoring");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    let events: Vec<(&str, Value)> = EVENTS.iter().map(|(n, v)| (*n, Value::Int(*v))).collect();
    set(
        "events",
        crate::types::namespace::new_namespace(vm, &events).expect("a namespace"),
    );
    for (name, id) in [
        ("DEBUGGER_ID", 0),
        ("COVERAGE_ID", 1),
        ("PROFILER_ID", 2),
        ("OPTIMIZER_ID", 5),
    ] {
        set(name, Value::Int(id));
    }
    let object = Value::Obj(vm.types.object.clone());
    let marker = || vm.call(&object, &[]).expect("object()");
    set("DISABLE", marker());
    set("MISSING", marker());
    let fns: &[(&'static str, NativeFn)] = &[
        ("use_tool_id", use_tool_id),
        ("clear_tool_id", clear_tool_id),
        ("free_tool_id", free_tool_id),
        ("get_tool", get_tool),
        ("register_callback", register_callback),
        ("get_events", get_events),
        ("get_local_events", get_events),
        ("restart_events", |_, _| Ok(Value::None)),
    ];
    add_functions(vm, &m, "sys.monitoring", fns.iter().chain(SET_FNS));
    m
}
