//! `time`: the clocks (wall, monotonic, performance counter, process and
//! thread CPU time, each also in integer nanoseconds) and `sleep`, with
//! CPython's argument checks and messages. The clocks are POSIX's
//! `clock_gettime` clocks, as CPython uses on Linux.

mod broken;

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::int::{IntVal, big_value, int_val};
use crate::types::module;
use crate::value::Value;
use crate::vm::Vm;
use nix::time::{ClockId, clock_gettime};
use num_bigint::BigInt;

/// Nanoseconds on `clock` (0 if the clock cannot be read, which POSIX
/// rules out for these clocks).
fn nanos(clock: ClockId) -> i128 {
    clock_gettime(clock).map_or(0, |t| {
        i128::from(t.tv_sec()) * 1_000_000_000 + i128::from(t.tv_nsec())
    })
}

/// The clocks: name (the `_ns` variant is derived) and clock id.
const CLOCKS: &[(&str, &str, ClockId)] = &[
    ("time", "time_ns", ClockId::CLOCK_REALTIME),
    ("monotonic", "monotonic_ns", ClockId::CLOCK_MONOTONIC),
    ("perf_counter", "perf_counter_ns", ClockId::CLOCK_MONOTONIC),
    (
        "process_time",
        "process_time_ns",
        ClockId::CLOCK_PROCESS_CPUTIME_ID,
    ),
    (
        "thread_time",
        "thread_time_ns",
        ClockId::CLOCK_THREAD_CPUTIME_ID,
    ),
];

/// The clock of the function called `name` (float or `_ns` form).
fn clock_of(name: &str) -> (ClockId, bool) {
    CLOCKS
        .iter()
        .find_map(|(f, ns, id)| {
            if *f == name {
                Some((*id, false))
            } else if *ns == name {
                Some((*id, true))
            } else {
                None
            }
        })
        .expect("a clock of the table")
}

fn read_clock(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, &format!("time.{name}"), 0, 0)?;
    let (id, ns) = clock_of(name);
    let n = nanos(id);
    Ok(if ns {
        big_value(vm, BigInt::from(n))
    } else {
        Value::Float(n as f64 / 1e9)
    })
}

named_fns!(
    CLOCK_FNS,
    read_clock,
    time,
    time_ns,
    monotonic,
    monotonic_ns,
    perf_counter,
    perf_counter_ns,
    process_time,
    process_time_ns,
    thread_time,
    thread_time_ns,
);

fn sleep(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [secs] = args.check(vm, "time.sleep", 1, 1)? else {
        unreachable!()
    };
    let secs = match (secs, int_val(secs)) {
        (Value::Float(f), _) => *f,
        (_, Some(IntVal::Small(i))) => i as f64,
        (_, Some(IntVal::Big(_))) => f64::INFINITY,
        _ => {
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer or float",
                vm.type_name(secs)
            )));
        }
    };
    if secs.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    if secs > 9.2e9 {
        return Err(vm.overflow_error("timestamp out of range for C PyTime_t"));
    }
    sleep_until_done(vm, std::time::Duration::from_secs_f64(secs))?;
    Ok(Value::None)
}

/// Sleeps `d` on the monotonic clock. A signal interrupts the sleep to run
/// its Python handler; if the handler does not raise, the sleep goes on to
/// the same deadline (PEP 475).
fn sleep_until_done(vm: &Vm, d: std::time::Duration) -> PyResult<()> {
    use nix::sys::time::TimeSpec;
    use nix::time::{ClockId, ClockNanosleepFlags, clock_gettime, clock_nanosleep};
    let clock = ClockId::CLOCK_MONOTONIC;
    let now = clock_gettime(clock).map_err(|e| crate::modules::posix::nix_error(vm, e, &[]))?;
    let deadline = now + TimeSpec::from_duration(d);
    loop {
        match clock_nanosleep(clock, ClockNanosleepFlags::TIMER_ABSTIME, &deadline) {
            Ok(_) => return Ok(()),
            Err(nix::errno::Errno::EINTR) => crate::modules::signal::check(vm)?,
            Err(e) => return Err(crate::modules::posix::nix_error(vm, e, &[])),
        }
    }
}

/// `get_clock_info(name)`: how the clock behind function `name` works.
fn get_clock_info(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [name] = args.check(vm, "get_clock_info", 1, 1)? else {
        unreachable!()
    };
    let name = vm.str_string(name)?;
    let Some((_, _, id)) = CLOCKS.iter().find(|(f, _, _)| *f == name) else {
        return Err(vm.value_error("unknown clock"));
    };
    let id_name = CLOCK_IDS
        .iter()
        .find(|(_, c)| *c == *id)
        .map_or("?", |(n, _)| *n);
    let resolution =
        nix::time::clock_getres(*id).map_or(1e-9, |t| t.tv_sec() as f64 + t.tv_nsec() as f64 / 1e9);
    let wall = *id == ClockId::CLOCK_REALTIME;
    crate::types::namespace::new_namespace(
        vm,
        &[
            (
                "implementation",
                vm.new_str(&format!("clock_gettime({id_name})")),
            ),
            ("monotonic", Value::Bool(!wall)),
            ("adjustable", Value::Bool(wall)),
            ("resolution", Value::Float(resolution)),
        ],
    )
}

/// The clock ids `clock_gettime` takes, as module constants.
const CLOCK_IDS: &[(&str, ClockId)] = &[
    ("CLOCK_REALTIME", ClockId::CLOCK_REALTIME),
    ("CLOCK_MONOTONIC", ClockId::CLOCK_MONOTONIC),
    (
        "CLOCK_PROCESS_CPUTIME_ID",
        ClockId::CLOCK_PROCESS_CPUTIME_ID,
    ),
    ("CLOCK_THREAD_CPUTIME_ID", ClockId::CLOCK_THREAD_CPUTIME_ID),
    #[cfg(target_os = "linux")]
    ("CLOCK_MONOTONIC_RAW", ClockId::CLOCK_MONOTONIC_RAW),
    #[cfg(target_os = "linux")]
    ("CLOCK_BOOTTIME", ClockId::CLOCK_BOOTTIME),
    #[cfg(target_os = "linux")]
    ("CLOCK_TAI", ClockId::CLOCK_TAI),
];

/// `clock_gettime`, `clock_gettime_ns` and `clock_getres` on a clock id.
fn clock_by_id(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let [id] = args.check(vm, name, 1, 1)? else {
        unreachable!()
    };
    let id = ClockId::from_raw(vm.index_i64(id)? as nix::libc::clockid_t);
    let read = if name == "clock_getres" {
        nix::time::clock_getres(id)
    } else {
        clock_gettime(id)
    };
    let t = read.map_err(|e| crate::modules::posix::nix_error(vm, e, &[]))?;
    Ok(if name == "clock_gettime_ns" {
        big_value(
            vm,
            BigInt::from(i128::from(t.tv_sec()) * 1_000_000_000 + i128::from(t.tv_nsec())),
        )
    } else {
        Value::Float(t.tv_sec() as f64 + t.tv_nsec() as f64 / 1e9)
    })
}

named_fns!(
    CLOCK_ID_FNS,
    clock_by_id,
    clock_gettime,
    clock_gettime_ns,
    clock_getres
);

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "time");
    let fns: &[(&'static str, NativeFn)] = &[("sleep", sleep), ("get_clock_info", get_clock_info)];
    crate::modules::add_functions(
        vm,
        &m,
        "time",
        fns.iter().chain(CLOCK_FNS).chain(CLOCK_ID_FNS),
    );
    let d = module::module_dict(&m);
    for (name, id) in CLOCK_IDS {
        crate::types::dict::set_item(vm, &d, vm.name(name), Value::Int(i64::from(id.as_raw())))
            .expect("str keys");
    }
    broken::add_to(vm, &m);
    m
}
