//! `time`: the clocks (wall, monotonic, performance counter, process and
//! thread CPU time, each also in integer nanoseconds) and `sleep`, with
//! CPython's argument checks and messages. The clocks are POSIX's
//! `clock_gettime` clocks, as CPython uses on Linux.

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
    std::thread::sleep(std::time::Duration::from_secs_f64(secs));
    Ok(Value::None)
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "time");
    let fns: &[(&'static str, NativeFn)] = &[("sleep", sleep)];
    crate::modules::add_functions(vm, &m, "time", fns.iter().chain(CLOCK_FNS));
    m
}
