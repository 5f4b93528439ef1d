//! Broken-down time: `struct_time`, `gmtime`, `localtime`, `mktime`,
//! `asctime`, `ctime`, `strftime`, `strptime`, and the zone constants
//! (`timezone`, `altzone`, `daylight`, `tzname`), through the C library's
//! zone rules as CPython uses them.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::state;
use crate::types::structseq::{Fields, struct_sequence_with, struct_value_with};
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_os::time::{self as ctime, Tm};

const STRUCT_TIME: Fields = Fields {
    visible: &[
        "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
        "tm_isdst",
    ],
    hidden: &["tm_zone", "tm_gmtoff"],
    constructible: true,
};

/// The `time.struct_time` type.
struct StructTime(ObjRef);

fn struct_time(vm: &Vm) -> ObjRef {
    state(vm, |vm| {
        StructTime(struct_sequence_with(vm, "time.struct_time", &STRUCT_TIME).expect("a type"))
    })
    .0
    .clone()
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A `struct_time` from C's broken-down time (Python counts months and
/// year days from 1 and weekdays from Monday).
fn to_struct_time(vm: &Vm, t: &Tm) -> Value {
    let int = |v: i32| Value::Int(i64::from(v));
    struct_value_with(
        vm,
        &struct_time(vm),
        vec![
            int(t.year + 1900),
            int(t.mon + 1),
            int(t.mday),
            int(t.hour),
            int(t.min),
            int(t.sec),
            int((t.wday + 6) % 7),
            int(t.yday + 1),
            int(t.isdst),
        ],
        vec![vm.new_str(&t.zone), Value::Int(t.gmtoff)],
    )
}

/// C's broken-down time from a 9-tuple or `struct_time` (`fname` names
/// the caller in the error for anything else).
fn from_time_tuple(vm: &Vm, v: &Value, fname: &str) -> PyResult<Tm> {
    let items = tuple::tuple_items(v)
        .ok_or_else(|| vm.type_error("Tuple or struct_time argument required"))?;
    if items.len() != 9 {
        return Err(vm.type_error(format!("{fname}(): illegal time tuple argument")));
    }
    let mut f = [0i32; 9];
    for (slot, item) in f.iter_mut().zip(items) {
        let n = vm.index_i64(item)?;
        *slot = i32::try_from(n)
            .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
    }
    let year = f[0]
        .checked_sub(1900)
        .ok_or_else(|| vm.overflow_error("year out of range"))?;
    let mut t = Tm {
        year,
        mon: f[1] - 1,
        mday: f[2],
        hour: f[3],
        min: f[4],
        sec: f[5],
        wday: (f[6] + 1) % 7,
        yday: f[7] - 1,
        isdst: f[8],
        ..Tm::default()
    };
    if vm.is_instance(v, &struct_time(vm)) {
        let zone = vm.getattr(v, "tm_zone")?;
        if !zone.is_none() {
            t.zone = vm.str_string(&zone)?;
        }
        let off = vm.getattr(v, "tm_gmtoff")?;
        if !off.is_none() {
            t.gmtoff = vm.index_i64(&off)?;
        }
    }
    Ok(t)
}

/// Rejects fields out of range, as `asctime` and `strftime` do, after
/// reading zero month, day and year day as "unspecified" (the first).
fn check_fields(vm: &Vm, t: &mut Tm) -> PyResult<()> {
    if t.mon == -1 {
        t.mon = 0;
    }
    if t.mday == 0 {
        t.mday = 1;
    }
    if t.yday == -1 {
        t.yday = 0;
    }
    let checks: [(bool, &str); 7] = [
        ((0..=11).contains(&t.mon), "month out of range"),
        ((1..=31).contains(&t.mday), "day of month out of range"),
        ((0..=23).contains(&t.hour), "hour out of range"),
        ((0..=59).contains(&t.min), "minute out of range"),
        ((0..=61).contains(&t.sec), "seconds out of range"),
        (t.wday >= 0, "day of week out of range"),
        ((0..=365).contains(&t.yday), "day of year out of range"),
    ];
    match checks.iter().find(|(ok, _)| !ok) {
        Some((_, msg)) => Err(vm.value_error(*msg)),
        None => Ok(()),
    }
}

/// Seconds since the epoch from an optional argument (now when absent or
/// None), rounded toward minus infinity.
fn seconds_arg(vm: &Vm, v: Option<&Value>) -> PyResult<i64> {
    let out_of_range = || vm.overflow_error("timestamp out of range for platform time_t");
    match v {
        None | Some(Value::None) => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
        Some(Value::Float(f)) => {
            if f.is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            let fl = f.floor();
            if !(-9.2e18..9.2e18).contains(&fl) {
                return Err(out_of_range());
            }
            Ok(fl as i64)
        }
        Some(v) => {
            let n = vm.index(v)?;
            match n {
                Value::Int(i) => Ok(i),
                _ => Err(out_of_range()),
            }
        }
    }
}

fn os_failure(vm: &Vm, errno: i32) -> PyErr {
    if errno == nix::libc::EOVERFLOW {
        return vm.overflow_error("timestamp out of range for platform time_t");
    }
    crate::modules::posix::errno_error(vm, errno, &[])
}

fn broken_down(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, name, 0, 1)?;
    let secs = seconds_arg(vm, a.first())?;
    let t = if name == "gmtime" {
        ctime::gmtime(secs)
    } else {
        ctime::localtime(secs)
    };
    Ok(to_struct_time(vm, &t.map_err(|e| os_failure(vm, e))?))
}

named_fns!(BROKEN_DOWN_FNS, broken_down, gmtime, localtime);

fn mktime(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [t] = args.check(vm, "mktime", 1, 1)? else {
        unreachable!()
    };
    let tm = from_time_tuple(vm, t, "mktime")?;
    match ctime::mktime(&tm) {
        Some(secs) => Ok(Value::Float(secs as f64)),
        None => Err(vm.overflow_error("mktime argument out of range")),
    }
}

fn asctime_text(t: &Tm) -> String {
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        WEEKDAYS[t.wday.rem_euclid(7) as usize],
        MONTHS[t.mon.clamp(0, 11) as usize],
        t.mday,
        t.hour,
        t.min,
        t.sec,
        i64::from(t.year) + 1900
    )
}

fn asctime(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "asctime", 0, 1)?;
    let mut t = match a.first() {
        Some(v) => from_time_tuple(vm, v, "asctime")?,
        None => ctime::localtime(seconds_arg(vm, None)?).map_err(|e| os_failure(vm, e))?,
    };
    check_fields(vm, &mut t)?;
    Ok(vm.new_str(&asctime_text(&t)))
}

fn ctime_fn(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "ctime", 0, 1)?;
    let t = ctime::localtime(seconds_arg(vm, a.first())?).map_err(|e| os_failure(vm, e))?;
    Ok(vm.new_str(&asctime_text(&t)))
}

fn strftime(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "strftime", 1, 2)?;
    let Some(format) = a
        .first()
        .and_then(crate::types::str::str_data)
        .map(|s| s.to_lossy().into_owned())
    else {
        return Err(vm.type_error(format!(
            "strftime() argument 1 must be str, not {}",
            vm.type_name(&a[0])
        )));
    };
    let mut t = match a.get(1) {
        Some(v) => from_time_tuple(vm, v, "strftime")?,
        None => ctime::localtime(seconds_arg(vm, None)?).map_err(|e| os_failure(vm, e))?,
    };
    t.isdst = t.isdst.clamp(-1, 1);
    check_fields(vm, &mut t)?;
    // The C library stops at a NUL: format each NUL-separated piece.
    let pieces: Vec<String> = format
        .split('\0')
        .map(|piece| ctime::strftime(piece, &t))
        .collect();
    Ok(vm.new_str(&pieces.join("\0")))
}

fn strptime(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = crate::import::import_module(vm, "_strptime")?;
    let f = vm.getattr(&m, "_strptime_time")?;
    vm.call_args(&f, args)
}

fn tzset(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "tzset", 0, 0)?;
    ctime::tzset();
    let m = crate::import::import_module(vm, "time")?;
    if let Value::Obj(m) = &m {
        set_zone_constants(vm, m);
    }
    Ok(Value::None)
}

/// `timezone`, `altzone`, `daylight` and `tzname`, from the zone in force
/// in January and in July of this year (so the southern hemisphere's
/// summer is told from its standard time).
fn set_zone_constants(vm: &Vm, m: &ObjRef) {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let now = seconds_arg(vm, None).unwrap_or(0);
    let jan_start = now / YEAR * YEAR;
    let jan = ctime::localtime(jan_start).unwrap_or_default();
    let jul = ctime::localtime(jan_start + YEAR / 2).unwrap_or_default();
    let (standard, summer) = if -jan.gmtoff < -jul.gmtoff {
        (&jul, &jan)
    } else {
        (&jan, &jul)
    };
    let d = module::module_dict(m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    set("timezone", Value::Int(-standard.gmtoff));
    set("altzone", Value::Int(-summer.gmtoff));
    set("daylight", Value::Int(i64::from(jan.gmtoff != jul.gmtoff)));
    set(
        "tzname",
        tuple::new_tuple(
            vm,
            vec![vm.new_str(&standard.zone), vm.new_str(&summer.zone)],
        ),
    );
}

/// Adds the broken-down time functions and constants to `time`.
pub fn add_to(vm: &Vm, m: &ObjRef) {
    let fns: &[(&'static str, NativeFn)] = &[
        ("mktime", mktime),
        ("asctime", asctime),
        ("ctime", ctime_fn),
        ("strftime", strftime),
        ("strptime", strptime),
        ("tzset", tzset),
    ];
    crate::modules::add_functions(vm, m, "time", fns.iter().chain(BROKEN_DOWN_FNS));
    let d = module::module_dict(m);
    dict::set_item(vm, &d, vm.name("struct_time"), Value::Obj(struct_time(vm))).expect("str keys");
    let n_items = (STRUCT_TIME.visible.len() + STRUCT_TIME.hidden.len()) as i64;
    dict::set_item(vm, &d, vm.name("_STRUCT_TM_ITEMS"), Value::Int(n_items)).expect("str keys");
    ctime::tzset();
    set_zone_constants(vm, m);
}
