//! `_thread`: thread identity and locks. Pyrite runs one thread per
//! interpreter so far (issue 6 brings real threads), so locks are never
//! contended by another thread: a blocking acquire of a lock this thread
//! already holds could never succeed, and raises instead of hanging;
//! `start_new_thread` refuses with `RuntimeError`.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::builtin::{add_methods, add_static};
use crate::types::native::{native, new_native};
use crate::types::{dict, module};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::Cell;

/// A lock: held or not (`_thread.lock`), or a count of acquisitions by
/// its owner (`_thread.RLock`).
pub struct LockData {
    count: Cell<u64>,
    reentrant: bool,
}

thread_local! {
    /// A per-thread location whose address identifies the thread.
    static IDENT: u8 = const { 0 };
}

fn get_ident(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "get_ident", 0, 0)?;
    Ok(Value::Int(
        IDENT.with(|x| std::ptr::from_ref(x) as usize as i64),
    ))
}

fn lock_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a LockData> {
    native::<LockData>(v)
        .ok_or_else(|| vm.type_error("descriptor requires a '_thread.lock' object"))
}

fn new_lock(vm: &Vm, reentrant: bool) -> Value {
    let ty = if reentrant {
        &vm.types.thread_rlock
    } else {
        &vm.types.thread_lock
    };
    new_native(
        ty,
        LockData {
            count: Cell::new(0),
            reentrant,
        },
    )
}

fn acquire(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, &args.pos[0])?;
    let p = args
        .shift()
        .bind(vm, "acquire", &["blocking", "timeout"], 0, 0, 2)?;
    let blocking = match &p[0] {
        Some(b) => vm.truthy(b)?,
        None => true,
    };
    let timeout = match &p[1] {
        Some(t) => crate::types::float::to_f64(vm, t)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    if l.count.get() == 0 || l.reentrant {
        l.count.set(l.count.get() + 1);
        return Ok(Value::Bool(true));
    }
    if !blocking {
        return Ok(Value::Bool(false));
    }
    if timeout >= 0.0 {
        // No other thread can release it meanwhile.
        std::thread::sleep(std::time::Duration::from_secs_f64(timeout.min(1e6)));
        return Ok(Value::Bool(false));
    }
    Err(vm.runtime_error("deadlock: blocking acquire of a lock held by the only running thread"))
}

fn release(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, &args.pos[0])?;
    if l.count.get() == 0 {
        return Err(vm.runtime_error(if l.reentrant {
            "cannot release un-acquired lock"
        } else {
            "release unlocked lock"
        }));
    }
    l.count.set(l.count.get() - 1);
    Ok(Value::None)
}

fn locked(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(lock_of(vm, &args.pos[0])?.count.get() > 0))
}

fn lock_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, &args.pos[0])?;
    let state = if l.count.get() > 0 {
        "locked"
    } else {
        "unlocked"
    };
    let name = if l.reentrant { "RLock" } else { "lock" };
    let extra = if l.reentrant {
        format!(
            " owner={} count={}",
            if l.count.get() > 0 {
                IDENT.with(|x| std::ptr::from_ref(x) as usize)
            } else {
                0
            },
            l.count.get()
        )
    } else {
        String::new()
    };
    Ok(vm.new_str(&format!(
        "<{state} _thread.{name} object{extra} at {:#x}>",
        vm.id_of(&args.pos[0])
    )))
}

fn lock_exit(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    release(vm, Args::positional(&args.pos[..1]))
}

/// Adds the lock types' methods.
pub fn init_types(vm: &Vm) {
    let t = &vm.types;
    add_static(vm, &t.thread_rlock, "__new__", |vm, _| {
        Ok(new_lock(vm, true))
    });
    add_static(vm, &t.thread_lock, "__new__", |vm, _| {
        Ok(new_lock(vm, false))
    });
    let methods: &[(&'static str, NativeFn)] = &[
        ("acquire", acquire),
        ("acquire_lock", acquire),
        ("release", release),
        ("release_lock", release),
        ("locked", locked),
        ("locked_lock", locked),
        ("__enter__", acquire),
        ("__exit__", lock_exit),
        ("__repr__", lock_repr),
    ];
    for ty in [&t.thread_lock, &t.thread_rlock] {
        add_methods(vm, ty, methods);
    }
    add_methods(
        vm,
        &t.thread_rlock,
        &[("_is_owned", |vm, a| {
            Ok(Value::Bool(lock_of(vm, &a.pos[0])?.count.get() > 0))
        })],
    );
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_thread");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    let t = &vm.types;
    set("LockType", Value::Obj(t.thread_lock.clone()));
    set("lock", Value::Obj(t.thread_lock.clone()));
    set("RLock", Value::Obj(t.thread_rlock.clone()));
    set("error", Value::Obj(t.exc.runtime_error.clone()));
    set("TIMEOUT_MAX", Value::Float(9_223_372_036.0));
    let fns: &[(&'static str, NativeFn)] = &[
        ("get_ident", get_ident),
        ("allocate_lock", |vm, a| {
            a.check(vm, "allocate_lock", 0, 0)?;
            Ok(new_lock(vm, false))
        }),
        ("allocate", |vm, a| {
            a.check(vm, "allocate", 0, 0)?;
            Ok(new_lock(vm, false))
        }),
        ("start_new_thread", |vm, _| {
            Err(vm.runtime_error("can't start new thread: Pyrite runs one thread so far"))
        }),
        ("_count", |_, _| Ok(Value::Int(0))),
        ("stack_size", |vm, a| {
            a.check(vm, "stack_size", 0, 1)?;
            Ok(Value::Int(0))
        }),
        ("daemon_threads_allowed", |_, _| Ok(Value::Bool(true))),
    ];
    crate::modules::add_functions(vm, &m, "_thread", fns);
    m
}
