//! `resource`: resource limits and usage (`getrlimit`, `setrlimit`,
//! `getrusage`, `getpagesize`), with CPython's messages; unlimited is -1
//! (`RLIM_INFINITY`).

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, posix::errno_error, state};
use crate::types::structseq::{Fields, struct_sequence_with, struct_value};
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use nix::libc;

/// The limits, by `RLIMIT_*` name.
const LIMITS: &[(&str, i32)] = &[
    ("RLIMIT_CPU", libc::RLIMIT_CPU as i32),
    ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i32),
    ("RLIMIT_DATA", libc::RLIMIT_DATA as i32),
    ("RLIMIT_STACK", libc::RLIMIT_STACK as i32),
    ("RLIMIT_CORE", libc::RLIMIT_CORE as i32),
    ("RLIMIT_RSS", libc::RLIMIT_RSS as i32),
    ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i32),
    ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i32),
    ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i32),
    ("RLIMIT_AS", libc::RLIMIT_AS as i32),
    ("RLIMIT_LOCKS", libc::RLIMIT_LOCKS as i32),
    ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i32),
    ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i32),
    ("RLIMIT_NICE", libc::RLIMIT_NICE as i32),
    ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i32),
    ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i32),
];

const RUSAGE_FIELDS: &[&str] = &[
    "ru_utime",
    "ru_stime",
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

/// `resource.struct_rusage`.
struct RusageType(ObjRef);

fn rusage_type(vm: &Vm) -> ObjRef {
    state(vm, |vm| {
        let fields = Fields {
            visible: RUSAGE_FIELDS,
            hidden: &[],
            constructible: true,
        };
        RusageType(struct_sequence_with(vm, "resource.struct_rusage", &fields).expect("a type"))
    })
    .0
    .clone()
}

fn limit_value(v: u64) -> Value {
    if v == libc::RLIM_INFINITY {
        Value::Int(-1)
    } else {
        Value::Int(v as i64)
    }
}

fn resource_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let r = vm.index_i64(v)?;
    let known = LIMITS.iter().map(|(_, n)| i64::from(*n)).max().unwrap_or(0);
    if !(0..=known).contains(&r) {
        return Err(vm.value_error("invalid resource specified"));
    }
    Ok(r as i32)
}

fn getrlimit(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [res] = args.check(vm, "getrlimit", 1, 1)? else {
        unreachable!()
    };
    let (soft, hard) =
        pyrite_os::getrlimit(resource_arg(vm, res)?).map_err(|e| errno_error(vm, e, &[]))?;
    Ok(tuple::new_tuple(
        vm,
        vec![limit_value(soft), limit_value(hard)],
    ))
}

fn setrlimit(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [res, limits] = args.check(vm, "setrlimit", 2, 2)? else {
        unreachable!()
    };
    let res = resource_arg(vm, res)?;
    let items = vm
        .iterate(limits)
        .map_err(|_| vm.type_error("expected a tuple of 2 integers"))?;
    if items.len() != 2 {
        return Err(vm.value_error("expected a tuple of 2 integers"));
    }
    let raw = |v: &Value| -> PyResult<u64> {
        let n = vm.index_i64(v)?;
        Ok(if n < 0 { libc::RLIM_INFINITY } else { n as u64 })
    };
    let (soft, hard) = (raw(&items[0])?, raw(&items[1])?);
    pyrite_os::setrlimit(res, soft, hard).map_err(|e| match e {
        libc::EINVAL => vm.value_error("current limit exceeds maximum limit"),
        libc::EPERM => vm.value_error("not allowed to raise maximum limit"),
        _ => errno_error(vm, e, &[]),
    })?;
    Ok(Value::None)
}

fn getrusage(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use nix::sys::resource::UsageWho;
    let [who] = args.check(vm, "getrusage", 1, 1)? else {
        unreachable!()
    };
    let who = match vm.index_i64(who)? {
        0 => UsageWho::RUSAGE_SELF,
        -1 => UsageWho::RUSAGE_CHILDREN,
        1 => UsageWho::RUSAGE_THREAD,
        _ => return Err(vm.value_error("invalid who parameter")),
    };
    let u = nix::sys::resource::getrusage(who).map_err(|e| errno_error(vm, e as i32, &[]))?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let ints = [
        u.max_rss(),
        u.shared_integral(),
        u.unshared_data_integral(),
        u.unshared_stack_integral(),
        u.minor_page_faults(),
        u.major_page_faults(),
        u.full_swaps(),
        u.block_reads(),
        u.block_writes(),
        u.ipc_sends(),
        u.ipc_receives(),
        u.signals(),
        u.voluntary_context_switches(),
        u.involuntary_context_switches(),
    ];
    let mut items = vec![
        Value::Float(secs(u.user_time())),
        Value::Float(secs(u.system_time())),
    ];
    items.extend(ints.iter().map(|n| Value::Int(*n)));
    Ok(struct_value(vm, &rusage_type(vm), items))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "resource");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    for (name, v) in LIMITS {
        set(name, Value::Int(i64::from(*v)));
    }
    for (name, v) in [
        ("RUSAGE_SELF", 0),
        ("RUSAGE_CHILDREN", -1),
        ("RUSAGE_THREAD", 1),
    ] {
        set(name, Value::Int(v));
    }
    set("RLIM_INFINITY", Value::Int(-1));
    set("error", Value::Obj(vm.types.exc.os_error.clone()));
    set("struct_rusage", Value::Obj(rusage_type(vm)));
    let fns: &[(&'static str, NativeFn)] = &[
        ("getrlimit", getrlimit),
        ("setrlimit", setrlimit),
        ("getrusage", getrusage),
        ("getpagesize", |_, _| Ok(Value::Int(pyrite_os::page_size()))),
    ];
    add_functions(vm, &m, "resource", fns);
    m
}
