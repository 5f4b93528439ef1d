//! `_signal`: Python-level signal handlers. The operating system's handler
//! only records that a signal arrived (and writes its number to the wakeup
//! descriptor, if one is set); the interpreter runs the Python handler
//! later, at a safe point (`check`): a backward jump, a function entry or
//! the return of a blocking call, as CPython's eval breaker does.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::{add_functions, state};
use crate::types::{dict, module, set, tuple};
use crate::value::Value;
use crate::vm::Vm;
use nix::libc;
use pyrite_os::signals::{self as os, Action};
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// One more than the largest signal number (`signal.NSIG`).
const NSIG: usize = 65;

/// Set by the operating system's handler; cleared when `check` runs the
/// Python handlers. Read at every safe point, so one relaxed load.
static PENDING: AtomicBool = AtomicBool::new(false);

/// Which signals arrived since their Python handler last ran.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];

/// The descriptor `set_wakeup_fd` chose, or -1.
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// The signal names and numbers `_signal` exports, with `strsignal`'s
/// text for each (glibc's wording, which CPython reports on Linux).
const SIGNALS: &[(&str, i32, &str)] = &[
    ("SIGHUP", libc::SIGHUP, "Hangup"),
    ("SIGINT", libc::SIGINT, "Interrupt"),
    ("SIGQUIT", libc::SIGQUIT, "Quit"),
    ("SIGILL", libc::SIGILL, "Illegal instruction"),
    ("SIGTRAP", libc::SIGTRAP, "Trace/breakpoint trap"),
    ("SIGABRT", libc::SIGABRT, "Aborted"),
    ("SIGIOT", libc::SIGIOT, "Aborted"),
    ("SIGBUS", libc::SIGBUS, "Bus error"),
    ("SIGFPE", libc::SIGFPE, "Floating point exception"),
    ("SIGKILL", libc::SIGKILL, "Killed"),
    ("SIGUSR1", libc::SIGUSR1, "User defined signal 1"),
    ("SIGSEGV", libc::SIGSEGV, "Segmentation fault"),
    ("SIGUSR2", libc::SIGUSR2, "User defined signal 2"),
    ("SIGPIPE", libc::SIGPIPE, "Broken pipe"),
    ("SIGALRM", libc::SIGALRM, "Alarm clock"),
    ("SIGTERM", libc::SIGTERM, "Terminated"),
    #[cfg(target_os = "linux")]
    ("SIGSTKFLT", libc::SIGSTKFLT, "Stack fault"),
    ("SIGCHLD", libc::SIGCHLD, "Child exited"),
    #[cfg(target_os = "linux")]
    ("SIGCLD", libc::SIGCHLD, "Child exited"),
    ("SIGCONT", libc::SIGCONT, "Continued"),
    ("SIGSTOP", libc::SIGSTOP, "Stopped (signal)"),
    ("SIGTSTP", libc::SIGTSTP, "Stopped"),
    ("SIGTTIN", libc::SIGTTIN, "Stopped (tty input)"),
    ("SIGTTOU", libc::SIGTTOU, "Stopped (tty output)"),
    ("SIGURG", libc::SIGURG, "Urgent I/O condition"),
    ("SIGXCPU", libc::SIGXCPU, "CPU time limit exceeded"),
    ("SIGXFSZ", libc::SIGXFSZ, "File size limit exceeded"),
    ("SIGVTALRM", libc::SIGVTALRM, "Virtual timer expired"),
    ("SIGPROF", libc::SIGPROF, "Profiling timer expired"),
    ("SIGWINCH", libc::SIGWINCH, "Window changed"),
    ("SIGIO", libc::SIGIO, "I/O possible"),
    #[cfg(target_os = "linux")]
    ("SIGPOLL", libc::SIGPOLL, "I/O possible"),
    #[cfg(target_os = "linux")]
    ("SIGPWR", libc::SIGPWR, "Power failure"),
    ("SIGSYS", libc::SIGSYS, "Bad system call"),
];

/// The first and last real-time signals (glibc keeps 32 and 33 for itself).
const SIGRTMIN: i32 = 34;
const SIGRTMAX: i32 = 64;

/// Whether a signal arrived whose Python handler has not run yet.
#[inline(always)]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// The address of the pending flag (a byte, nonzero when set), for
/// machine code that checks it at loop back-edges.
pub fn pending_flag() -> *const u8 {
    PENDING.as_ptr().cast_const().cast()
}

/// The operating system's handler: async-signal-safe work only.
extern "C" fn trip(sig: libc::c_int) {
    if let Some(flag) = TRIPPED.get(sig as usize) {
        flag.store(true, Ordering::SeqCst);
    }
    PENDING.store(true, Ordering::SeqCst);
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        os::notify_fd(fd, sig as u8);
    }
}

/// The interpreter's signal state.
struct Handlers {
    /// What runs for each signal: `SIG_DFL` (0), `SIG_IGN` (1), a Python
    /// callable, or None for a handler Python did not install.
    table: RefCell<Vec<Value>>,
    /// `default_int_handler`, one object so that `getsignal(SIGINT) is
    /// default_int_handler`.
    default_int: Value,
}

fn handlers(vm: &Vm) -> std::rc::Rc<Handlers> {
    state(vm, |vm| {
        let now = (0..NSIG as i32)
            .map(|sig| match os::action(sig) {
                Ok(Action::Default) => Value::Int(0),
                Ok(Action::Ignore) => Value::Int(1),
                _ => Value::None,
            })
            .collect();
        Handlers {
            table: RefCell::new(now),
            default_int: crate::types::builtin::free_builtin(
                vm,
                "default_int_handler",
                default_int_handler,
                Some("_signal"),
            ),
        }
    })
}

/// Runs the Python handlers of the signals that arrived. A handler's
/// exception propagates from the instruction that checked; the signals
/// not handled yet stay pending.
pub fn check(vm: &Vm) -> PyResult<()> {
    if !PENDING.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let table = handlers(vm);
    for (sig, flag) in TRIPPED.iter().enumerate().skip(1) {
        if !flag.swap(false, Ordering::SeqCst) {
            continue;
        }
        let h = table.table.borrow()[sig].clone();
        if matches!(h, Value::Int(_) | Value::None) {
            continue;
        }
        let frame = crate::frame::get_frame(vm, 0).map_or(Value::None, Value::Obj);
        if let Err(e) = vm.call(&h, &[Value::Int(sig as i64), frame]) {
            PENDING.store(true, Ordering::SeqCst);
            return Err(e);
        }
    }
    Ok(())
}

/// Acts as if signal `sig` arrived (`_thread.interrupt_main`): its Python
/// handler runs at the next safe point; nothing happens for a signal
/// that is ignored or has its default action.
pub fn simulate(vm: &Vm, sig: i64) -> PyResult<()> {
    if !(1..NSIG as i64).contains(&sig) {
        return Err(out_of_range(vm));
    }
    TRIPPED[sig as usize].store(true, Ordering::SeqCst);
    PENDING.store(true, Ordering::SeqCst);
    Ok(())
}

/// Makes Ctrl-C raise `KeyboardInterrupt`, as CPython's startup does
/// unless SIGINT is ignored.
pub fn install_default_int_handler(vm: &Vm) {
    let st = handlers(vm);
    if matches!(os::action(libc::SIGINT), Ok(Action::Default))
        && os::set_action(libc::SIGINT, Action::Handler(trip)).is_ok()
    {
        st.table.borrow_mut()[libc::SIGINT as usize] = st.default_int.clone();
    }
}

/// Blocks the asynchronous signals in the calling thread (the CLI's
/// waiting main thread), so the kernel delivers them to the interpreter's.
pub fn block_in_this_thread() {
    let mut set = nix::sys::signal::SigSet::all();
    for sync in [
        nix::sys::signal::SIGSEGV,
        nix::sys::signal::SIGBUS,
        nix::sys::signal::SIGFPE,
        nix::sys::signal::SIGILL,
    ] {
        set.remove(sync);
    }
    let _ = set.thread_block();
}

/// Ends the process by SIGINT with its default action, as CPython does
/// after an uncaught `KeyboardInterrupt` (so a shell sees status 130).
pub fn die_of_sigint() {
    if os::set_action(libc::SIGINT, Action::Default).is_ok() {
        let _ = os::raise(libc::SIGINT);
    }
}

fn out_of_range(vm: &Vm) -> PyErr {
    vm.value_error("signal number out of range")
}

/// A signal number argument in 1..NSIG.
fn signum(vm: &Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_i64(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(out_of_range(vm));
    }
    Ok(n as i32)
}

fn errno_err(vm: &Vm, errno: i32) -> PyErr {
    crate::modules::posix::errno_error(vm, errno, &[])
}

fn signal(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [num, handler] = args.check(vm, "signal", 2, 2)? else {
        unreachable!()
    };
    let sig = signum(vm, num)?;
    if !crate::modules::thread::is_main_thread() {
        return Err(vm.value_error("signal only works in main thread of the main interpreter"));
    }
    let action = match handler {
        Value::Int(0) | Value::Bool(false) => Action::Default,
        Value::Int(1) | Value::Bool(true) => Action::Ignore,
        h if vm.is_callable(h) => Action::Handler(trip),
        _ => {
            return Err(vm.type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
            ));
        }
    };
    // Run what already arrived under the old handler first.
    check(vm)?;
    os::set_action(sig, action).map_err(|e| errno_err(vm, e))?;
    let stored = match action {
        Action::Default => Value::Int(0),
        Action::Ignore => Value::Int(1),
        _ => handler.clone(),
    };
    let table = handlers(vm);
    let old = std::mem::replace(&mut table.table.borrow_mut()[sig as usize], stored);
    Ok(old)
}

fn getsignal(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [num] = args.check(vm, "getsignal", 1, 1)? else {
        unreachable!()
    };
    let sig = signum(vm, num)?;
    Ok(handlers(vm).table.borrow()[sig as usize].clone())
}

fn default_int_handler(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Err(vm.new_exception_args(&vm.types.exc.keyboard_interrupt, vec![]))
}

fn raise_signal(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [num] = args.check(vm, "raise_signal", 1, 1)? else {
        unreachable!()
    };
    let n = vm.index_i64(num)?;
    if !(0..NSIG as i64).contains(&n) {
        return Err(out_of_range(vm));
    }
    os::raise(n as i32).map_err(|e| errno_err(vm, e))?;
    check(vm)?;
    Ok(Value::None)
}

fn strsignal(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [num] = args.check(vm, "strsignal", 1, 1)? else {
        unreachable!()
    };
    let sig = signum(vm, num)?;
    if (SIGRTMIN..=SIGRTMAX).contains(&sig) {
        return Ok(vm.new_str(&format!("Real-time signal {}", sig - SIGRTMIN)));
    }
    Ok(SIGNALS
        .iter()
        .find(|(_, n, _)| *n == sig)
        .map_or(Value::None, |(_, _, text)| vm.new_str(text)))
}

/// The signals a handler can be given for: all but glibc's private two.
fn valid(sig: i32) -> bool {
    (1..NSIG as i32).contains(&sig) && !(32..SIGRTMIN).contains(&sig)
}

fn signal_set(vm: &Vm, sigs: Vec<i32>) -> PyResult<Value> {
    let items = sigs
        .into_iter()
        .filter(|&s| valid(s))
        .map(|s| Value::Int(i64::from(s)))
        .collect();
    set::new_set(vm, items)
}

/// Signal numbers from an iterable of them.
fn signal_numbers(vm: &Vm, v: &Value) -> PyResult<Vec<i32>> {
    vm.iterate(v)?.iter().map(|item| signum(vm, item)).collect()
}

fn valid_signals(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "valid_signals", 0, 0)?;
    let items = (1..NSIG as i32)
        .filter(|&s| valid(s))
        .map(|s| Value::Int(i64::from(s)))
        .collect();
    set::new_set(vm, items)
}

fn pthread_sigmask(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [how, mask] = args.check(vm, "pthread_sigmask", 2, 2)? else {
        unreachable!()
    };
    let how = vm.index_i64(how)? as i32;
    let sigs = signal_numbers(vm, mask)?;
    let old = os::thread_mask(how, &sigs, NSIG as i32).map_err(|e| errno_err(vm, e))?;
    check(vm)?;
    signal_set(vm, old)
}

fn sigpending(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "sigpending", 0, 0)?;
    let sigs = os::pending(NSIG as i32).map_err(|e| errno_err(vm, e))?;
    signal_set(vm, sigs)
}

fn sigwait(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [sigset] = args.check(vm, "sigwait", 1, 1)? else {
        unreachable!()
    };
    let sigs = signal_numbers(vm, sigset)?;
    let sig = os::wait(&sigs).map_err(|e| errno_err(vm, e))?;
    Ok(Value::Int(i64::from(sig)))
}

fn pthread_kill(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [ident, num] = args.check(vm, "pthread_kill", 2, 2)? else {
        unreachable!()
    };
    let ident = vm.index_i64(ident)?;
    let n = vm.index_i64(num)?;
    if !(0..NSIG as i64).contains(&n) {
        return Err(out_of_range(vm));
    }
    // Thread identifiers are pthread handles, as in CPython.
    os::pthread_kill(ident as u64, n as i32).map_err(|e| errno_err(vm, e))?;
    check(vm)?;
    Ok(Value::None)
}

fn alarm(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [secs] = args.check(vm, "alarm", 1, 1)? else {
        unreachable!()
    };
    let secs = vm.index_i64(secs)?;
    let left = os::alarm(secs.clamp(0, i64::from(u32::MAX)) as u32);
    Ok(Value::Int(i64::from(left)))
}

fn pause(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "pause", 0, 0)?;
    os::pause();
    check(vm)?;
    Ok(Value::None)
}

fn set_wakeup_fd(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "set_wakeup_fd", &["fd", "warn_on_full_buffer"], 1, 1, 1)?;
    let fd = vm.index_i64(p[0].as_ref().expect("required"))?;
    if !crate::modules::thread::is_main_thread() {
        return Err(
            vm.value_error("set_wakeup_fd only works in main thread of the main interpreter")
        );
    }
    let fd = i32::try_from(fd).map_err(|_| vm.value_error(format!("invalid fd: {fd}")))?;
    if fd != -1 {
        let flags = nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETFL)
            .map_err(|_| vm.value_error(format!("invalid fd: {fd}")))?;
        if flags & libc::O_NONBLOCK == 0 {
            return Err(vm.value_error(format!("the fd {fd} must be in non-blocking mode")));
        }
    }
    Ok(Value::Int(i64::from(WAKEUP_FD.swap(fd, Ordering::SeqCst))))
}

fn siginterrupt(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [num, flag] = args.check(vm, "siginterrupt", 2, 2)? else {
        unreachable!()
    };
    let sig = signum(vm, num)?;
    let interrupt = vm.truthy(flag)?;
    os::set_interrupts(sig, interrupt).map_err(|e| errno_err(vm, e))?;
    Ok(Value::None)
}

/// `signal.ItimerError`, an `OSError`.
struct ItimerError(ObjRef);

fn itimer_error(vm: &Vm) -> ObjRef {
    state(vm, |vm| {
        let ns = dict::new_dict(&vm.types);
        dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("signal")).expect("str keys");
        ItimerError(
            crate::types::typeobj::new_class(
                vm,
                &vm.types.type_,
                "ItimerError",
                vec![vm.types.exc.os_error.clone()],
                &ns,
                Args::positional(&[]),
            )
            .expect("an exception class"),
        )
    })
    .0
    .clone()
}

fn timer_tuple(vm: &Vm, r: Result<(f64, f64), i32>) -> PyResult<Value> {
    match r {
        Ok((value, interval)) => Ok(tuple::new_tuple(
            vm,
            vec![Value::Float(value), Value::Float(interval)],
        )),
        Err(errno) => {
            let text = crate::types::exception::strerror(&std::io::Error::from_raw_os_error(errno));
            Err(vm.new_exception_args(
                &itimer_error(vm),
                vec![Value::Int(i64::from(errno)), vm.new_str(&text)],
            ))
        }
    }
}

fn setitimer(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.bind(vm, "setitimer", &["which", "seconds", "interval"], 2, 3, 3)?;
    let which = vm.index_i64(p[0].as_ref().expect("required"))? as i32;
    let secs = crate::types::float::to_f64(vm, p[1].as_ref().expect("required"))?;
    let interval = match &p[2] {
        Some(v) => crate::types::float::to_f64(vm, v)?,
        None => 0.0,
    };
    timer_tuple(vm, os::set_timer(which, secs, interval))
}

fn getitimer(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [which] = args.check(vm, "getitimer", 1, 1)? else {
        unreachable!()
    };
    let which = vm.index_i64(which)? as i32;
    timer_tuple(vm, os::timer(which))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_signal");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    for (name, num, _) in SIGNALS {
        set(name, Value::Int(i64::from(*num)));
    }
    let ints: &[(&str, i32)] = &[
        ("SIGRTMIN", SIGRTMIN),
        ("SIGRTMAX", SIGRTMAX),
        ("NSIG", NSIG as i32),
        ("SIG_DFL", 0),
        ("SIG_IGN", 1),
        ("SIG_BLOCK", libc::SIG_BLOCK),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK),
        ("SIG_SETMASK", libc::SIG_SETMASK),
        ("ITIMER_REAL", libc::ITIMER_REAL),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL),
        ("ITIMER_PROF", libc::ITIMER_PROF),
    ];
    for (name, v) in ints {
        set(name, Value::Int(i64::from(*v)));
    }
    set("ItimerError", Value::Obj(itimer_error(vm)));
    set("default_int_handler", handlers(vm).default_int.clone());
    let fns: &[(&'static str, NativeFn)] = &[
        ("signal", signal),
        ("getsignal", getsignal),
        ("raise_signal", raise_signal),
        ("strsignal", strsignal),
        ("valid_signals", valid_signals),
        ("pthread_sigmask", pthread_sigmask),
        ("pthread_kill", pthread_kill),
        ("sigpending", sigpending),
        ("sigwait", sigwait),
        ("alarm", alarm),
        ("pause", pause),
        ("set_wakeup_fd", set_wakeup_fd),
        ("siginterrupt", siginterrupt),
        ("setitimer", setitimer),
        ("getitimer", getitimer),
    ];
    add_functions(vm, &m, "_signal", fns);
    m
}
