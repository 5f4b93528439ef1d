//! Signal dispositions, masks, delivery and interval timers.

use crate::check;

/// What the process does when a signal arrives.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// The signal's default action (`SIG_DFL`).
    Default,
    /// Nothing (`SIG_IGN`).
    Ignore,
    /// A handler function; it must only do async-signal-safe work.
    Handler(extern "C" fn(libc::c_int)),
    /// A handler installed by someone else (only ever reported).
    Foreign,
}

fn empty_action() -> libc::sigaction {
    // SAFETY: sigaction is plain data; all-zero is a valid value of it.
    unsafe { std::mem::zeroed() }
}

fn query(sig: i32) -> Result<libc::sigaction, i32> {
    let mut old = empty_action();
    // SAFETY: a null new action only reads the current one into `old`.
    check(unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) })?;
    Ok(old)
}

/// The current action for `sig`, without changing it.
pub fn action(sig: i32) -> Result<Action, i32> {
    let old = query(sig)?;
    Ok(match old.sa_sigaction {
        libc::SIG_DFL => Action::Default,
        libc::SIG_IGN => Action::Ignore,
        _ => Action::Foreign,
    })
}

/// Sets the action for `sig`, as CPython does: on the alternate signal
/// stack and without SA_RESTART, so that blocking calls fail with EINTR
/// and the interpreter can run the Python handler promptly.
pub fn set_action(sig: i32, what: Action) -> Result<(), i32> {
    let mut act = empty_action();
    act.sa_sigaction = match what {
        Action::Default => libc::SIG_DFL,
        Action::Ignore => libc::SIG_IGN,
        Action::Handler(f) => f as libc::sighandler_t,
        Action::Foreign => return Err(libc::EINVAL),
    };
    act.sa_flags = libc::SA_ONSTACK;
    // SAFETY: `act.sa_mask` is a valid set to initialise; the action is
    // fully initialised before sigaction reads it.
    unsafe {
        libc::sigemptyset(&mut act.sa_mask);
        check(libc::sigaction(sig, &act, std::ptr::null_mut()))
    }
}

/// Whether a signal interrupts blocking calls (`siginterrupt`): clears or
/// sets SA_RESTART, keeping the rest of the action.
pub fn set_interrupts(sig: i32, interrupt: bool) -> Result<(), i32> {
    let mut act = query(sig)?;
    if interrupt {
        act.sa_flags &= !libc::SA_RESTART;
    } else {
        act.sa_flags |= libc::SA_RESTART;
    }
    // SAFETY: `act` is the kernel's own copy of the action, modified in
    // its flags only.
    check(unsafe { libc::sigaction(sig, &act, std::ptr::null_mut()) })
}

/// Writes one byte to `fd` from a signal handler, keeping `errno` as the
/// interrupted code left it. Failures are ignored (a full pipe).
pub fn notify_fd(fd: i32, byte: u8) {
    // SAFETY: __errno_location and write(2) are async-signal-safe; the
    // buffer lives across the call.
    unsafe {
        let saved = *libc::__errno_location();
        libc::write(fd, (&raw const byte).cast(), 1);
        *libc::__errno_location() = saved;
    }
}

/// Sends `sig` to the calling thread.
pub fn raise(sig: i32) -> Result<(), i32> {
    // SAFETY: raise(3) has no memory effects on the caller's data.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(crate::errno());
    }
    Ok(())
}

/// Sends `sig` to the thread whose pthread handle is `thread`.
pub fn pthread_kill(thread: u64, sig: i32) -> Result<(), i32> {
    // SAFETY: pthread_kill reports ESRCH for handles of threads that are
    // gone and does not touch the caller's memory.
    match unsafe { libc::pthread_kill(thread as libc::pthread_t, sig) } {
        0 => Ok(()),
        e => Err(e),
    }
}

fn to_set(sigs: &[i32]) -> Result<libc::sigset_t, i32> {
    // SAFETY: sigset_t is plain data; sigemptyset initialises it before
    // sigaddset uses it.
    unsafe {
        let mut s: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut s);
        for &sig in sigs {
            check(libc::sigaddset(&mut s, sig))?;
        }
        Ok(s)
    }
}

fn from_set(s: &libc::sigset_t, nsig: i32) -> Vec<i32> {
    // SAFETY: `s` is an initialised set.
    (1..nsig)
        .filter(|&sig| unsafe { libc::sigismember(s, sig) } == 1)
        .collect()
}

/// Changes the calling thread's signal mask (`how` is SIG_BLOCK,
/// SIG_UNBLOCK or SIG_SETMASK); returns the signals blocked before,
/// among those below `nsig`.
pub fn thread_mask(how: i32, sigs: &[i32], nsig: i32) -> Result<Vec<i32>, i32> {
    let new = to_set(sigs)?;
    // SAFETY: sigset_t is plain data, filled in by pthread_sigmask.
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: both sets are valid for the call.
    match unsafe { libc::pthread_sigmask(how, &new, &mut old) } {
        0 => Ok(from_set(&old, nsig)),
        e => Err(e),
    }
}

/// The signals pending for the calling thread.
pub fn pending(nsig: i32) -> Result<Vec<i32>, i32> {
    // SAFETY: sigset_t is plain data, filled in by sigpending.
    let mut s: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `s` is valid for writing.
    check(unsafe { libc::sigpending(&mut s) })?;
    Ok(from_set(&s, nsig))
}

/// Waits for one of `sigs` (which should be blocked) and returns it.
pub fn wait(sigs: &[i32]) -> Result<i32, i32> {
    let set = to_set(sigs)?;
    let mut sig = 0;
    // SAFETY: `set` is initialised and `sig` outlives the call.
    match unsafe { libc::sigwait(&set, &mut sig) } {
        0 => Ok(sig),
        e => Err(e),
    }
}

/// Arms SIGALRM in `secs` seconds (0 cancels); returns the seconds that
/// were left on the previous alarm.
pub fn alarm(secs: u32) -> u32 {
    // SAFETY: alarm(2) has no memory effects.
    unsafe { libc::alarm(secs) }
}

/// Sleeps until a signal handler has run.
pub fn pause() {
    // SAFETY: pause(2) has no memory effects.
    unsafe { libc::pause() };
}

fn timeval(secs: f64) -> libc::timeval {
    let whole = secs.trunc();
    let mut usec = ((secs - whole) * 1e6).round() as libc::suseconds_t;
    // A positive delay shorter than a microsecond still arms the timer.
    if whole == 0.0 && usec == 0 && secs > 0.0 {
        usec = 1;
    }
    libc::timeval {
        tv_sec: whole as libc::time_t,
        tv_usec: usec,
    }
}

fn seconds(t: &libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Sets interval timer `which` (ITIMER_REAL, ...) to fire after `value`
/// seconds and then every `interval`; returns the old (value, interval).
pub fn set_timer(which: i32, value: f64, interval: f64) -> Result<(f64, f64), i32> {
    let new = libc::itimerval {
        it_value: timeval(value),
        it_interval: timeval(interval),
    };
    // SAFETY: itimerval is plain data, filled in by setitimer.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: both structs are valid for the call.
    check(unsafe { libc::setitimer(which as _, &new, &mut old) })?;
    Ok((seconds(&old.it_value), seconds(&old.it_interval)))
}

/// Interval timer `which`'s (value, interval).
pub fn timer(which: i32) -> Result<(f64, f64), i32> {
    // SAFETY: itimerval is plain data, filled in by getitimer.
    let mut now: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: `now` is valid for writing.
    check(unsafe { libc::getitimer(which as _, &mut now) })?;
    Ok((seconds(&now.it_value), seconds(&now.it_interval)))
}
