//! The operating system calls of Pyrite's native modules that need raw
//! C library access: signal dispositions and masks, interval timers, and
//! broken-down time (`localtime`, `mktime`, `strftime`). Each function is
//! a safe wrapper whose `unsafe` block states why the call is sound, so the
//! runtime crate above stays free of `unsafe` outside its object model.
//! Errors are `errno` values.

pub mod signals;
pub mod time;

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `Err(errno)` when a C call returned -1.
fn check(rc: libc::c_int) -> Result<(), i32> {
    if rc == -1 { Err(errno()) } else { Ok(()) }
}

/// The (columns, lines) of the terminal on `fd` (TIOCGWINSZ).
pub fn terminal_size(fd: i32) -> Result<(u16, u16), i32> {
    // SAFETY: winsize is plain data, filled in by the ioctl.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes one winsize through the pointer, which is
    // valid for writing; a bad descriptor fails with EBADF/ENOTTY.
    check(unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) })?;
    Ok((ws.ws_col, ws.ws_row))
}

/// Sets environment variable `key` to `value` (`setenv`). Pyrite runs
/// Python on one thread at a time, so no other thread reads the
/// environment meanwhile.
pub fn setenv(key: &std::ffi::CStr, value: &std::ffi::CStr) -> Result<(), i32> {
    // SAFETY: both strings are NUL-terminated; setenv copies them.
    check(unsafe { libc::setenv(key.as_ptr(), value.as_ptr(), 1) })
}

/// Removes environment variable `key` (`unsetenv`).
pub fn unsetenv(key: &std::ffi::CStr) -> Result<(), i32> {
    // SAFETY: the string is NUL-terminated; unsetenv only reads it.
    check(unsafe { libc::unsetenv(key.as_ptr()) })
}

/// Resource limit `resource`'s (soft, hard) values (`getrlimit`);
/// `RLIM_INFINITY` comes back as `u64::MAX`.
pub fn getrlimit(resource: i32) -> Result<(u64, u64), i32> {
    // SAFETY: rlimit is plain data, filled in by getrlimit.
    let mut r: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: `r` is valid for writing; a bad resource fails with EINVAL.
    check(unsafe { libc::getrlimit(resource as _, &mut r) })?;
    Ok((r.rlim_cur as u64, r.rlim_max as u64))
}

/// Sets resource limit `resource` (`setrlimit`).
pub fn setrlimit(resource: i32, soft: u64, hard: u64) -> Result<(), i32> {
    let r = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: `r` is initialised and only read.
    check(unsafe { libc::setrlimit(resource as _, &r) })
}

/// The memory page size.
pub fn page_size() -> i64 {
    // SAFETY: sysconf has no memory effects.
    i64::from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i32)
}
