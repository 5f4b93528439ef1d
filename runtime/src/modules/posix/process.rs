//! `posix`'s process functions: identity (`getpid`, `getuid`, ...),
//! `uname`, `times`, `cpu_count`, `urandom`, `strerror`, `kill`, `_exit`,
//! `system`, wait-status decoding and `register_at_fork`.

use super::nix_error;
use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, state};
use crate::types::bytes::new_bytes;
use crate::types::int::to_i64;
use crate::types::structseq::{Fields, struct_sequence_with, struct_value};
use crate::types::{dict, list, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;
use std::io::Read;

/// This part's types and the callables given to `register_at_fork` (kept;
/// Pyrite does not fork, so they never run).
struct ProcessState {
    uname_result: ObjRef,
    times_result: ObjRef,
    terminal_size: ObjRef,
    at_fork: RefCell<Vec<Value>>,
}

fn process_state(vm: &Vm) -> std::rc::Rc<ProcessState> {
    state(vm, |vm| {
        let make = |name, visible| {
            struct_sequence_with(
                vm,
                name,
                &Fields {
                    visible,
                    hidden: &[],
                    constructible: true,
                },
            )
            .expect("struct sequence")
        };
        ProcessState {
            uname_result: make(
                "posix.uname_result",
                &["sysname", "nodename", "release", "version", "machine"],
            ),
            times_result: make(
                "posix.times_result",
                &[
                    "user",
                    "system",
                    "children_user",
                    "children_system",
                    "elapsed",
                ],
            ),
            terminal_size: make("os.terminal_size", &["columns", "lines"]),
            at_fork: RefCell::new(Vec::new()),
        }
    })
}

fn uname(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "uname", 0, 0)?;
    let u = nix::sys::utsname::uname().map_err(|e| nix_error(vm, e, &[]))?;
    let fields = [
        u.sysname(),
        u.nodename(),
        u.release(),
        u.version(),
        u.machine(),
    ];
    let items = fields
        .iter()
        .map(|f| vm.new_str(&f.to_string_lossy()))
        .collect();
    Ok(struct_value(vm, &process_state(vm).uname_result, items))
}

fn times(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use nix::sys::resource::{UsageWho, getrusage};
    args.check(vm, "times", 0, 0)?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 * 1e-6;
    let mut items = Vec::new();
    for who in [UsageWho::RUSAGE_SELF, UsageWho::RUSAGE_CHILDREN] {
        let u = getrusage(who).map_err(|e| nix_error(vm, e, &[]))?;
        items.push(Value::Float(secs(u.user_time())));
        items.push(Value::Float(secs(u.system_time())));
    }
    let elapsed = nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .map_or(0.0, |t| t.tv_sec() as f64 + t.tv_nsec() as f64 * 1e-9);
    items.push(Value::Float(elapsed));
    Ok(struct_value(vm, &process_state(vm).times_result, items))
}

fn cpu_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use nix::unistd::{SysconfVar, sysconf};
    args.check(vm, "cpu_count", 0, 0)?;
    Ok(match sysconf(SysconfVar::_NPROCESSORS_ONLN) {
        Ok(Some(n)) if n > 0 => Value::Int(n),
        _ => Value::None,
    })
}

fn urandom(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [n] = args.check(vm, "urandom", 1, 1)? else {
        unreachable!()
    };
    let n = to_i64(vm, n)?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| super::io_error(vm, &e, &[]))?;
    Ok(new_bytes(vm, buf))
}

fn strerror(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [code] = args.check(vm, "strerror", 1, 1)? else {
        unreachable!()
    };
    let code = to_i64(vm, code)?;
    let code = i32::try_from(code)
        .map_err(|_| vm.overflow_error("signed integer is greater than maximum"))?;
    let err = std::io::Error::from_raw_os_error(code);
    Ok(vm.new_str(&crate::types::exception::strerror(&err)))
}

fn kill(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [pid, sig] = args.check(vm, "kill", 2, 2)? else {
        unreachable!()
    };
    let pid = nix::unistd::Pid::from_raw(to_i64(vm, pid)? as i32);
    let sig = to_i64(vm, sig)? as i32;
    let sig = if sig == 0 {
        None
    } else {
        Some(nix::sys::signal::Signal::try_from(sig).map_err(|e| nix_error(vm, e, &[]))?)
    };
    nix::sys::signal::kill(pid, sig).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::None)
}

fn exit_now(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "_exit", &["status"], 1, 0, 1)?;
    let status = to_i64(vm, a[0].as_ref().expect("required"))?;
    std::process::exit(status as i32)
}

/// `system(command)`: runs `/bin/sh -c command`; returns the wait status.
fn system(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use std::os::unix::process::ExitStatusExt;
    let a = args.bind(vm, "system", &["command"], 1, 0, 1)?;
    let cmd = super::path_only(vm, "system", "command", a[0].as_ref().expect("required"))?;
    crate::io::flush_std(vm);
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(cmd.path.as_os_str())
        .status()
        .map_err(|e| super::io_error(vm, &e, &[]))?;
    Ok(Value::Int(i64::from(status.into_raw())))
}

/// The wait-status decoders: name and what each computes from a status.
type Decoder = fn(i64) -> Value;

const WAIT_STATUS: &[(&str, Decoder)] = &[
    ("WIFEXITED", |s| Value::Bool(s & 0x7f == 0)),
    ("WEXITSTATUS", |s| Value::Int((s >> 8) & 0xff)),
    ("WIFSIGNALED", |s| {
        Value::Bool(s & 0x7f != 0 && s & 0x7f != 0x7f)
    }),
    ("WTERMSIG", |s| Value::Int(s & 0x7f)),
    ("WIFSTOPPED", |s| Value::Bool(s & 0xff == 0x7f)),
    ("WSTOPSIG", |s| Value::Int((s >> 8) & 0xff)),
    ("WCOREDUMP", |s| Value::Bool(s & 0x80 != 0)),
    ("WIFCONTINUED", |s| Value::Bool(s == 0xffff)),
];

fn wait_status(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, name, &["status"], 1, 0, 1)?;
    let s = to_i64(vm, a[0].as_ref().expect("required"))?;
    let f = WAIT_STATUS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("a decoder of the table");
    Ok(f(s))
}

named_fns!(
    WAIT_FNS,
    wait_status,
    WIFEXITED,
    WEXITSTATUS,
    WIFSIGNALED,
    WTERMSIG,
    WIFSTOPPED,
    WSTOPSIG,
    WCOREDUMP,
    WIFCONTINUED,
);

fn waitstatus_to_exitcode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "waitstatus_to_exitcode", &["status"], 1, 0, 1)?;
    let s = to_i64(vm, a[0].as_ref().expect("required"))?;
    if s & 0x7f == 0 {
        Ok(Value::Int((s >> 8) & 0xff))
    } else if s & 0x7f != 0x7f {
        Ok(Value::Int(-(s & 0x7f)))
    } else {
        Err(vm.value_error(format!(
            "process stopped by delivery of signal {}",
            (s >> 8) & 0xff
        )))
    }
}

fn register_at_fork(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let names = ["before", "after_in_child", "after_in_parent"];
    let a = args.bind(vm, "register_at_fork", &names, 0, 0, 0)?;
    if a.iter().all(Option::is_none) {
        return Err(vm.type_error("At least one argument is required."));
    }
    for (name, f) in names.iter().zip(&a) {
        if let Some(f) = f
            && !vm.is_callable(f)
        {
            return Err(vm.type_error(format!(
                "'{name}' must be callable, not {}",
                vm.type_name(f)
            )));
        }
    }
    process_state(vm)
        .at_fork
        .borrow_mut()
        .extend(a.into_iter().flatten());
    Ok(Value::None)
}

fn getloadavg(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "getloadavg", 0, 0)?;
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let loads: Vec<Value> = text
        .split_whitespace()
        .take(3)
        .filter_map(|x| x.parse::<f64>().ok())
        .map(Value::Float)
        .collect();
    if loads.len() != 3 {
        return Err(vm.new_exception(&vm.types.exc.os_error, "Load averages are unobtainable"));
    }
    Ok(tuple::new_tuple(vm, loads))
}

/// Process and user identities: function name and what it reads.
type Reader = fn() -> i64;

const IDENTITIES: &[(&str, Reader)] = &[
    ("getpid", || i64::from(nix::unistd::getpid().as_raw())),
    ("getppid", || i64::from(nix::unistd::getppid().as_raw())),
    ("getuid", || i64::from(nix::unistd::getuid().as_raw())),
    ("geteuid", || i64::from(nix::unistd::geteuid().as_raw())),
    ("getgid", || i64::from(nix::unistd::getgid().as_raw())),
    ("getegid", || i64::from(nix::unistd::getegid().as_raw())),
];

fn identity(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, name, 0, 0)?;
    let read = IDENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("an identity of the table");
    Ok(Value::Int(read()))
}

named_fns!(
    ID_FNS, identity, getpid, getppid, getuid, geteuid, getgid, getegid
);

/// Adds this part's functions and types to the module.
pub fn init(vm: &Vm, m: &ObjRef) {
    let st = process_state(vm);
    let d = module::module_dict(m);
    for (name, ty) in [
        ("uname_result", &st.uname_result),
        ("times_result", &st.times_result),
        ("terminal_size", &st.terminal_size),
    ] {
        dict::set_item(vm, &d, vm.name(name), Value::Obj(ty.clone())).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[
        ("getgroups", |vm, a| {
            a.check(vm, "getgroups", 0, 0)?;
            let g = nix::unistd::getgroups().map_err(|e| nix_error(vm, e, &[]))?;
            Ok(list::new_list(
                vm,
                g.iter()
                    .map(|g| Value::Int(i64::from(g.as_raw())))
                    .collect(),
            ))
        }),
        ("uname", uname),
        ("times", times),
        ("get_terminal_size", |vm, a| {
            let a = a.check(vm, "get_terminal_size", 0, 1)?;
            let fd = match a.first() {
                Some(v) => vm.index_i64(v)? as i32,
                None => 1,
            };
            let (cols, lines) =
                pyrite_os::terminal_size(fd).map_err(|e| super::errno_error(vm, e, &[]))?;
            Ok(struct_value(
                vm,
                &process_state(vm).terminal_size,
                vec![Value::Int(i64::from(cols)), Value::Int(i64::from(lines))],
            ))
        }),
        ("cpu_count", cpu_count),
        ("urandom", urandom),
        ("strerror", strerror),
        ("kill", kill),
        ("_exit", exit_now),
        ("abort", |_, _| std::process::abort()),
        ("system", system),
        ("waitstatus_to_exitcode", waitstatus_to_exitcode),
        ("register_at_fork", register_at_fork),
        ("getloadavg", getloadavg),
        ("fspath", |vm, a| {
            let b = a.bind(vm, "fspath", &["path"], 1, 0, 1)?;
            super::fspath(vm, b[0].as_ref().expect("required"))
        }),
    ];
    add_functions(vm, m, "posix", fns.iter().chain(WAIT_FNS).chain(ID_FNS));
}
