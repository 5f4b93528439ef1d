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
