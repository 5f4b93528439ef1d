//! `atexit`: functions to call when the interpreter exits, last
//! registered first; the embedding or the CLI calls `run_exitfuncs` after
//! the main program, before flushing the standard streams. An exception in
//! one is reported ("Exception ignored in atexit callback") and the rest
//! still run.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, state};
use crate::types::module;
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// A registered call: the function, its positional arguments, and its
/// keyword arguments (names, values).
struct ExitCall {
    func: Value,
    args: Vec<Value>,
    kwnames: Vec<Value>,
    kwvalues: Vec<Value>,
}

/// The calls registered in this interpreter, oldest first.
#[derive(Default)]
struct ExitCalls(RefCell<Vec<ExitCall>>);

fn calls(vm: &Vm) -> std::rc::Rc<ExitCalls> {
    state(vm, |_| ExitCalls::default())
}

fn register(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some(func) = args.pos.first() else {
        return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
    };
    if !vm.is_callable(func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    calls(vm).0.borrow_mut().push(ExitCall {
        func: func.clone(),
        args: args.pos[1..].to_vec(),
        kwnames: args.kwnames.to_vec(),
        kwvalues: args.kwvalues.to_vec(),
    });
    Ok(func.clone())
}

fn unregister(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [func] = args.check(vm, "unregister", 1, 1)? else {
        unreachable!()
    };
    let mut kept = Vec::new();
    let all = std::mem::take(&mut *calls(vm).0.borrow_mut());
    for c in all {
        if !vm.eq(&c.func, func)? {
            kept.push(c);
        }
    }
    let st = calls(vm);
    let mut now = st.0.borrow_mut();
    kept.append(&mut now);
    *now = kept;
    Ok(Value::None)
}

/// Calls the registered functions, last first, and forgets them.
pub fn run_exitfuncs(vm: &Vm) {
    loop {
        let Some(c) = calls(vm).0.borrow_mut().pop() else {
            break;
        };
        let args = Args {
            pos: &c.args,
            kwnames: &c.kwnames,
            kwvalues: &c.kwvalues,
        };
        if let Err(e) = vm.call_args(&c.func, args) {
            let what = vm.repr_string(&c.func).unwrap_or_default();
            crate::sys::unraisable(
                vm,
                &e,
                &format!("Exception ignored in atexit callback {what}"),
            );
        }
    }
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "atexit");
    let fns: &[(&'static str, NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", |vm, _| {
            run_exitfuncs(vm);
            Ok(Value::None)
        }),
        ("_clear", |vm, _| {
            calls(vm).0.borrow_mut().clear();
            Ok(Value::None)
        }),
        ("_ncallbacks", |vm, _| {
            Ok(Value::Int(calls(vm).0.borrow().len() as i64))
        }),
    ];
    add_functions(vm, &m, "atexit", fns);
    m
}
