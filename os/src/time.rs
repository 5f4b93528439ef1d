//! Broken-down time through the C library, which knows the local time
//! zone (TZ, /etc/localtime) as CPython's `time` module sees it.

/// A broken-down time, `struct tm` with C's conventions (months from 0,
/// years since 1900, weekdays from Sunday).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tm {
    /// Seconds (0-61).
    pub sec: i32,
    /// Minutes (0-59).
    pub min: i32,
    /// Hours (0-23).
    pub hour: i32,
    /// Day of the month (1-31).
    pub mday: i32,
    /// Month (0-11).
    pub mon: i32,
    /// Year - 1900.
    pub year: i32,
    /// Day of the week (0 = Sunday).
    pub wday: i32,
    /// Day of the year (0-365).
    pub yday: i32,
    /// Daylight saving time: positive, zero, or negative for unknown.
    pub isdst: i32,
    /// Seconds east of UTC.
    pub gmtoff: i64,
    /// The zone's abbreviation.
    pub zone: String,
}

fn from_c(t: &libc::tm) -> Tm {
    let zone = if t.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null tm_zone set by the C library points at a
        // NUL-terminated string that lives as long as the zone data.
        unsafe { std::ffi::CStr::from_ptr(t.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    Tm {
        sec: t.tm_sec,
        min: t.tm_min,
        hour: t.tm_hour,
        mday: t.tm_mday,
        mon: t.tm_mon,
        year: t.tm_year,
        wday: t.tm_wday,
        yday: t.tm_yday,
        isdst: t.tm_isdst,
        gmtoff: t.tm_gmtoff,
        zone,
    }
}

/// A `struct tm` for the C library, and the zone string it points at
/// (which must outlive it).
fn to_c(t: &Tm) -> (libc::tm, std::ffi::CString) {
    let zone = std::ffi::CString::new(t.zone.replace('\0', "")).unwrap_or_default();
    // SAFETY: tm is plain data; all-zero (a null zone) is valid.
    let mut c: libc::tm = unsafe { std::mem::zeroed() };
    c.tm_sec = t.sec;
    c.tm_min = t.min;
    c.tm_hour = t.hour;
    c.tm_mday = t.mday;
    c.tm_mon = t.mon;
    c.tm_year = t.year;
    c.tm_wday = t.wday;
    c.tm_yday = t.yday;
    c.tm_isdst = t.isdst;
    c.tm_gmtoff = t.gmtoff;
    c.tm_zone = zone.as_ptr();
    (c, zone)
}

fn broken_down(
    secs: i64,
    f: unsafe extern "C" fn(*const libc::time_t, *mut libc::tm) -> *mut libc::tm,
) -> Result<Tm, i32> {
    let t: libc::time_t = secs;
    // SAFETY: tm is plain data, filled in by the call.
    let mut out: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: gmtime_r/localtime_r write only `out`; both pointers are
    // valid for the call.
    let r = unsafe { f(&t, &mut out) };
    if r.is_null() {
        let e = crate::errno();
        return Err(if e == 0 { libc::EOVERFLOW } else { e });
    }
    Ok(from_c(&out))
}

/// UTC broken-down time of `secs` since the epoch.
pub fn gmtime(secs: i64) -> Result<Tm, i32> {
    broken_down(secs, libc::gmtime_r)
}

/// Local broken-down time of `secs` since the epoch.
pub fn localtime(secs: i64) -> Result<Tm, i32> {
    broken_down(secs, libc::localtime_r)
}

/// Seconds since the epoch of a local broken-down time (`mktime`), or
/// None when it cannot be represented.
pub fn mktime(t: &Tm) -> Option<i64> {
    let (mut c, _zone) = to_c(t);
    // A weekday mktime never writes tells an error from a result of -1.
    c.tm_wday = -1;
    // SAFETY: `c` is a valid tm whose zone string outlives the call.
    let r = unsafe { libc::mktime(&mut c) };
    (r != -1 || c.tm_wday != -1).then_some(r)
}

/// `strftime(fmt, t)`. An empty result may mean the buffer was too small,
/// so bigger buffers are tried before believing it, as CPython does.
pub fn strftime(fmt: &str, t: &Tm) -> String {
    let Ok(cfmt) = std::ffi::CString::new(fmt) else {
        return String::new();
    };
    let (c, _zone) = to_c(t);
    let mut cap = 1024.max(fmt.len() * 4);
    loop {
        let mut buf = vec![0u8; cap];
        // SAFETY: `buf` has `cap` writable bytes; the format and the tm
        // (and its zone string) are valid for the call.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), cap, cfmt.as_ptr(), &c) };
        if n > 0 || cap > 256 * fmt.len() + 4096 {
            buf.truncate(n);
            return String::from_utf8_lossy(&buf).into_owned();
        }
        cap *= 4;
    }
}

/// Re-reads the TZ setting (`tzset`).
pub fn tzset() {
    unsafe extern "C" {
        fn tzset();
    }
    // SAFETY: tzset only updates the C library's zone globals; the
    // interpreter is the only thread touching them.
    unsafe { tzset() };
}
