//! `_thread`: thread identity, locks and thread handles, as `threading`
//! uses them. Pyrite runs one thread per interpreter so far, so locks are
//! never contended by another thread: a blocking acquire of a lock this
//! thread already holds could never succeed, and raises instead of
//! hanging; starting a thread fails with CPython's "can't start new
//! thread" `RuntimeError` (as on a platform without threads).

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
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

/// This thread's identifier: its pthread handle, as in CPython (so that
/// `signal.pthread_kill` takes it).
pub fn current_ident() -> i64 {
    nix::sys::pthread::pthread_self() as i64
}

/// The interpreter's main thread: the first to ask (the one that made the
/// interpreter, which asks at start).
pub fn main_ident() -> i64 {
    static MAIN: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *MAIN.get_or_init(current_ident)
}

/// Whether this is the interpreter's main thread (signal handlers are
/// set and run only there).
pub fn is_main_thread() -> bool {
    current_ident() == main_ident()
}

fn get_ident(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "get_ident", 0, 0)?;
    Ok(Value::Int(current_ident()))
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
                current_ident()
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

/// A thread's handle (`_thread._ThreadHandle`): its identifier (0 until
/// started), whether it started, and whether it has finished.
struct HandleData {
    ident: i64,
    started: bool,
    done: Cell<bool>,
}

/// The `_ThreadHandle` type.
struct HandleType(ObjRef);

fn handle_type(vm: &Vm) -> ObjRef {
    crate::modules::state(vm, |vm| {
        let ty = crate::modules::new_type(vm, "_thread", "_ThreadHandle", 0);
        add_getsets(
            vm,
            &ty,
            &[(
                "ident",
                |vm, v| Ok(Value::Int(handle_of(vm, v)?.ident)),
                None,
            )],
        );
        add_methods(vm, &ty, HANDLE_METHODS);
        add_static(vm, &ty, "__new__", |vm, a| {
            a.shift().check(vm, "_ThreadHandle", 0, 0)?;
            Ok(new_native(
                &handle_type(vm),
                HandleData {
                    ident: 0,
                    started: false,
                    done: Cell::new(false),
                },
            ))
        });
        HandleType(ty)
    })
    .0
    .clone()
}

fn handle_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a HandleData> {
    native::<HandleData>(v)
        .ok_or_else(|| vm.type_error("descriptor requires a '_thread._ThreadHandle' object"))
}

const HANDLE_METHODS: &[(&str, NativeFn)] = &[
    ("is_done", |vm, a| {
        Ok(Value::Bool(handle_of(vm, &a.pos[0])?.done.get()))
    }),
    ("_set_done", |vm, a| {
        let h = handle_of(vm, &a.pos[0])?;
        if !h.started {
            return Err(vm.runtime_error("thread not started"));
        }
        h.done.set(true);
        Ok(Value::None)
    }),
    ("join", |vm, a| {
        let h = handle_of(vm, &a.pos[0])?;
        a.shift().bind(vm, "join", &["timeout"], 0, 0, 1)?;
        if !h.started {
            return Err(vm.runtime_error("thread not started"));
        }
        if h.done.get() {
            return Ok(Value::None);
        }
        if h.ident == current_ident() {
            return Err(vm.runtime_error("Cannot join current thread"));
        }
        Err(vm.runtime_error("deadlock: joining a thread that never started"))
    }),
    ("__repr__", |vm, a| {
        let h = handle_of(vm, &a.pos[0])?;
        Ok(vm.new_str(&format!(
            "<_thread._ThreadHandle object: ident={}>",
            h.ident
        )))
    }),
];

fn make_thread_handle(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [ident] = args.check(vm, "_make_thread_handle", 1, 1)? else {
        unreachable!()
    };
    let ident = vm.index_i64(ident)?;
    Ok(new_native(
        &handle_type(vm),
        HandleData {
            ident,
            started: true,
            done: Cell::new(false),
        },
    ))
}

fn start_thread(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(
        vm,
        "start_joinable_thread",
        &["function", "handle", "daemon"],
        1,
        0,
        3,
    )?;
    if !vm.is_callable(p[0].as_ref().expect("required")) {
        return Err(vm.type_error("thread function must be callable"));
    }
    Err(vm.runtime_error("can't start new thread"))
}

/// `_thread._local`: attributes per thread. With one thread per
/// interpreter, an instance's own `__dict__` is the main thread's.
fn local_type(vm: &Vm) -> Value {
    let ns = dict::new_dict(&vm.types);
    dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("_thread")).expect("str keys");
    let ty = crate::types::typeobj::new_class(
        vm,
        &vm.types.type_,
        "_local",
        vec![vm.types.object.clone()],
        &ns,
        Args::positional(&[]),
    )
    .expect("a plain class");
    add_static(vm, &ty, "__new__", |vm, a| {
        let Some(Value::Obj(cls)) = a.pos.first() else {
            return Err(vm.type_error("_local.__new__(X): X is not a type object"));
        };
        let custom_init =
            crate::types::typeobj::specials(vm, cls) & crate::types::typeobj::special::INIT != 0;
        if (a.pos.len() > 1 || a.has_kwargs()) && !custom_init {
            return Err(vm.type_error("Initialization arguments are not supported"));
        }
        Ok(Value::Obj(crate::types::instance::new_instance(cls)))
    });
    Value::Obj(ty)
}

fn interrupt_main(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "interrupt_main", &["signum"], 0, 0, 1)?;
    let sig = match &p[0] {
        Some(v) => vm.index_i64(v)?,
        None => 2,
    };
    crate::modules::signal::simulate(vm, sig)?;
    Ok(Value::None)
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
    set("_ThreadHandle", Value::Obj(handle_type(vm)));
    set("_local", local_type(vm));
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
        ("start_new_thread", |vm, a| {
            if !a.pos.first().is_some_and(|f| vm.is_callable(f)) {
                return Err(vm.type_error("first arg must be callable"));
            }
            Err(vm.runtime_error("can't start new thread"))
        }),
        ("start_joinable_thread", start_thread),
        ("_make_thread_handle", make_thread_handle),
        ("_shutdown", |_, _| Ok(Value::None)),
        ("_get_main_thread_ident", |_, _| {
            Ok(Value::Int(main_ident()))
        }),
        ("_is_main_interpreter", |_, _| Ok(Value::Bool(true))),
        ("get_native_id", |vm, a| {
            a.check(vm, "get_native_id", 0, 0)?;
            Ok(Value::Int(i64::from(nix::unistd::gettid().as_raw())))
        }),
        ("interrupt_main", interrupt_main),
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
