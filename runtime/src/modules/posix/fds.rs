//! `posix`'s file descriptor functions (`open`, `read`, `write`, `close`,
//! `dup`, `pipe`, ...). Descriptors this process opens through them are
//! owned by one table (an `OwnedFd` per number), so that writing to them
//! needs no unsafe code: a descriptor is used through the table's handle,
//! or through the standard streams for 0, 1 and 2. Calls that only take a
//! number (`read`, `lseek`, `fstat`, ...) work on any descriptor.

use super::{Accepts, Target, nix_error, no_dir_fd, path_arg};
use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::add_functions;
use crate::types::bytes::{bytes_like, new_bytes};
use crate::types::int::to_i64;
use crate::value::Value;
use crate::vm::Vm;
use nix::errno::Errno;
use nix::fcntl::{FcntlArg, FdFlag, OFlag, fcntl};
use std::collections::HashMap;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::sync::{LazyLock, Mutex};

/// The descriptors this process opened through `posix`, by number.
static TABLE: LazyLock<Mutex<HashMap<RawFd, OwnedFd>>> = LazyLock::new(Default::default);

fn table() -> std::sync::MutexGuard<'static, HashMap<RawFd, OwnedFd>> {
    TABLE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps `fd` in the table; returns its number.
pub fn adopt(fd: OwnedFd) -> RawFd {
    let n = fd.as_raw_fd();
    table().insert(n, fd);
    n
}

/// Runs `f` on descriptor `fd` (`EBADF` if this process does not hold it).
pub fn with_fd<R>(fd: RawFd, f: impl FnOnce(BorrowedFd<'_>) -> nix::Result<R>) -> nix::Result<R> {
    match fd {
        0 => f(std::io::stdin().as_fd()),
        1 => f(std::io::stdout().as_fd()),
        2 => f(std::io::stderr().as_fd()),
        _ => match table().get(&fd) {
            Some(owned) => f(owned.as_fd()),
            None => Err(Errno::EBADF),
        },
    }
}

/// Closes `fd`.
pub fn close_fd(fd: RawFd) -> nix::Result<()> {
    // Dropping the table's handle closes the descriptor.
    match table().remove(&fd) {
        Some(owned) => nix::unistd::close(owned.as_raw_fd()).map(|()| std::mem::forget(owned)),
        None => nix::unistd::close(fd),
    }
}

/// Reads up to `n` bytes, retrying when a signal interrupts.
pub fn read_fd(fd: RawFd, n: usize) -> nix::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    let got = loop {
        match nix::unistd::read(fd, &mut buf) {
            Err(Errno::EINTR) => {}
            r => break r?,
        }
    };
    buf.truncate(got);
    Ok(buf)
}

/// Writes `data` (as much as one call takes), retrying on signals.
pub fn write_fd(fd: RawFd, data: &[u8]) -> nix::Result<usize> {
    loop {
        match with_fd(fd, |b| nix::unistd::write(b, data)) {
            Err(Errno::EINTR) => {}
            r => return r,
        }
    }
}

/// Opens `path` with `open(2)` flags and creation mode: close-on-exec, as
/// CPython's descriptors are non-inheritable.
pub fn open_path(path: &std::path::Path, flags: i32, mode: u32) -> std::io::Result<RawFd> {
    let access = flags & nix::libc::O_ACCMODE;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(access == nix::libc::O_RDONLY || access == nix::libc::O_RDWR)
        .write(access == nix::libc::O_WRONLY || access == nix::libc::O_RDWR)
        .custom_flags(flags & !nix::libc::O_ACCMODE)
        .mode(mode);
    let file = opts.open(path)?;
    Ok(adopt(OwnedFd::from(file)))
}

/// A descriptor argument: an int, or an object with `fileno()`.
pub fn fd_arg(vm: &Vm, v: &Value) -> PyResult<RawFd> {
    let n = if vm.is_instance(v, &vm.types.int) {
        to_i64(vm, v)?
    } else if let Some(f) = vm.getattr_opt(v, "fileno")? {
        let r = vm.call(&f, &[])?;
        if !vm.is_instance(&r, &vm.types.int) {
            return Err(vm.type_error("fileno() returned a non-integer"));
        }
        to_i64(vm, &r)?
    } else {
        return Err(vm.type_error(format!(
            "argument must be an int, or have a fileno() method, not {}",
            vm.type_name(v)
        )));
    };
    if n < 0 {
        return Err(vm.value_error(format!(
            "file descriptor cannot be a negative integer ({n})"
        )));
    }
    i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))
}

/// The int argument `fd` of a function taking only descriptors.
fn int_fd(vm: &Vm, v: &Value) -> PyResult<RawFd> {
    let n = to_i64(vm, v)?;
    i32::try_from(n).map_err(|_| {
        vm.overflow_error(if n < 0 {
            "fd is less than minimum"
        } else {
            "fd is greater than maximum"
        })
    })
}

/// `fstat(fd)` as a `stat_result`.
pub fn fstat_fd(vm: &Vm, fd: RawFd) -> PyResult<Value> {
    let st = nix::sys::stat::fstat(fd).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(super::fs::StatInfo::from_file_stat(&st).to_value(vm))
}

/// `ftruncate(fd, length)`.
pub fn ftruncate_fd(vm: &Vm, fd: RawFd, length: i64) -> PyResult<Value> {
    with_fd(fd, |b| nix::unistd::ftruncate(b, length)).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::None)
}

fn open(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "open", &["path", "flags", "mode", "dir_fd"], 2, 0, 3)?;
    no_dir_fd(vm, a[3].as_ref())?;
    let Target::Path(p) = path_arg(
        vm,
        "open",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::Path,
    )?
    else {
        unreachable!("descriptors were not allowed")
    };
    let flags = to_i64(vm, a[1].as_ref().expect("required"))? as i32;
    let mode = a[2].as_ref().map_or(Ok(0o777), |m| to_i64(vm, m))? as u32;
    let fd = open_path(&p.path, flags, mode).map_err(|e| super::io_error(vm, &e, &[&p.given]))?;
    Ok(Value::Int(i64::from(fd)))
}

/// One descriptor argument and the rest, for the functions below.
fn fd_and<'a>(vm: &Vm, args: &Args<'a>, fname: &str, n: usize) -> PyResult<(RawFd, &'a [Value])> {
    let a = args.check(vm, fname, n, n)?;
    Ok((int_fd(vm, &a[0])?, &a[1..]))
}

fn read(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, rest) = fd_and(vm, &args, "read", 2)?;
    let n = to_i64(vm, &rest[0])?;
    if n < 0 {
        return Err(nix_error(vm, Errno::EINVAL, &[]));
    }
    let data = read_fd(fd, n as usize).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(new_bytes(vm, data))
}

/// `readinto(fd, buffer)`: reads into a writable buffer; the count read.
fn readinto(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, rest) = fd_and(vm, &args, "readinto", 2)?;
    let buffer = &rest[0];
    let len = vm.len(buffer)?;
    let data = read_fd(fd, len).map_err(|e| nix_error(vm, e, &[]))?;
    let n = data.len();
    let slice =
        crate::types::slice::new_slice(vm, Value::Int(0), Value::Int(n as i64), Value::None);
    vm.setitem(buffer, slice, new_bytes(vm, data))?;
    Ok(Value::Int(n as i64))
}

fn write(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, rest) = fd_and(vm, &args, "write", 2)?;
    let data = bytes_like(vm, &rest[0])?;
    let n = write_fd(fd, &data).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::Int(n as i64))
}

fn close(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "close", &["fd"], 1, 0, 1)?;
    let fd = int_fd(vm, a[0].as_ref().expect("required"))?;
    close_fd(fd).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::None)
}

fn closerange(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (lo, rest) = fd_and(vm, &args, "closerange", 2)?;
    let hi = int_fd(vm, &rest[0])?;
    for fd in lo.max(0)..hi {
        // Errors are ignored, as CPython does.
        let _ = close_fd(fd);
    }
    Ok(Value::None)
}

fn lseek(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use nix::unistd::Whence;
    let (fd, rest) = fd_and(vm, &args, "lseek", 3)?;
    let pos = to_i64(vm, &rest[0])?;
    let whence = match to_i64(vm, &rest[1])? {
        0 => Whence::SeekSet,
        1 => Whence::SeekCur,
        2 => Whence::SeekEnd,
        3 => Whence::SeekData,
        4 => Whence::SeekHole,
        _ => return Err(nix_error(vm, Errno::EINVAL, &[])),
    };
    let at = nix::unistd::lseek(fd, pos, whence).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::Int(at))
}

fn dup(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, _) = fd_and(vm, &args, "dup", 1)?;
    let new = with_fd(fd, |b| {
        b.try_clone_to_owned()
            .map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(0)))
    })
    .map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::Int(i64::from(adopt(new))))
}

/// `dup2(fd, fd2, inheritable=True)`. The new number is usable through the
/// table only if it already was there or is a standard stream's.
fn dup2(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "dup2", &["fd", "fd2", "inheritable"], 2, 0, 3)?;
    let fd = int_fd(vm, a[0].as_ref().expect("required"))?;
    let fd2 = int_fd(vm, a[1].as_ref().expect("required"))?;
    let inheritable = a[2].as_ref().map_or(Ok(true), |v| vm.truthy(v))?;
    let n = nix::unistd::dup2(fd, fd2).map_err(|e| nix_error(vm, e, &[]))?;
    if !inheritable {
        fcntl(n, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).map_err(|e| nix_error(vm, e, &[]))?;
    }
    Ok(Value::Int(i64::from(n)))
}

fn pipe(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "pipe", 0, 0)?;
    let (r, w) = nix::unistd::pipe2(OFlag::O_CLOEXEC).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![
            Value::Int(i64::from(adopt(r))),
            Value::Int(i64::from(adopt(w))),
        ],
    ))
}

fn isatty(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, _) = fd_and(vm, &args, "isatty", 1)?;
    Ok(Value::Bool(nix::unistd::isatty(fd).unwrap_or(false)))
}

fn fstat(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "fstat", &["fd"], 1, 0, 1)?;
    fstat_fd(vm, int_fd(vm, a[0].as_ref().expect("required"))?)
}

fn ftruncate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (fd, rest) = fd_and(vm, &args, "ftruncate", 2)?;
    ftruncate_fd(vm, fd, to_i64(vm, &rest[0])?)
}

fn fsync(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "fsync", &["fd"], 1, 0, 1)?;
    let fd = fd_arg(vm, a[0].as_ref().expect("required"))?;
    nix::unistd::fsync(fd).map_err(|e| nix_error(vm, e, &[]))?;
    Ok(Value::None)
}

/// `get_inheritable`/`get_blocking`: one flag of the descriptor.
fn get_flag(vm: &Vm, fname: &str, args: Args<'_>) -> PyResult<Value> {
    let (fd, _) = fd_and(vm, &args, fname, 1)?;
    Ok(Value::Bool(if fname == "get_inheritable" {
        let f = fcntl(fd, FcntlArg::F_GETFD).map_err(|e| nix_error(vm, e, &[]))?;
        f & FdFlag::FD_CLOEXEC.bits() == 0
    } else {
        let f = fcntl(fd, FcntlArg::F_GETFL).map_err(|e| nix_error(vm, e, &[]))?;
        f & OFlag::O_NONBLOCK.bits() == 0
    }))
}

/// `set_inheritable`/`set_blocking`.
fn set_flag(vm: &Vm, fname: &str, args: Args<'_>) -> PyResult<Value> {
    let (fd, rest) = fd_and(vm, &args, fname, 2)?;
    let on = vm.truthy(&rest[0])?;
    let err = |e| nix_error(vm, e, &[]);
    if fname == "set_inheritable" {
        let mut f = FdFlag::from_bits_truncate(fcntl(fd, FcntlArg::F_GETFD).map_err(err)?);
        f.set(FdFlag::FD_CLOEXEC, !on);
        fcntl(fd, FcntlArg::F_SETFD(f)).map_err(err)?;
    } else {
        let mut f = OFlag::from_bits_truncate(fcntl(fd, FcntlArg::F_GETFL).map_err(err)?);
        f.set(OFlag::O_NONBLOCK, !on);
        fcntl(fd, FcntlArg::F_SETFL(f)).map_err(err)?;
    }
    Ok(Value::None)
}

fn device_encoding(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "device_encoding", &["fd"], 1, 0, 1)?;
    let fd = int_fd(vm, a[0].as_ref().expect("required"))?;
    Ok(if nix::unistd::isatty(fd).unwrap_or(false) {
        vm.new_str("UTF-8")
    } else {
        Value::None
    })
}

/// Adds this part's functions to the module.
pub fn init(vm: &Vm, m: &ObjRef) {
    let fns: &[(&'static str, NativeFn)] = &[
        ("open", open),
        ("read", read),
        ("readinto", readinto),
        ("write", write),
        ("close", close),
        ("closerange", closerange),
        ("lseek", lseek),
        ("dup", dup),
        ("dup2", dup2),
        ("pipe", pipe),
        ("isatty", isatty),
        ("fstat", fstat),
        ("ftruncate", ftruncate),
        ("fsync", fsync),
        ("device_encoding", device_encoding),
    ];
    add_functions(vm, m, "posix", fns.iter().chain(GET_FNS).chain(SET_FNS));
}

named_fns!(GET_FNS, get_flag, get_inheritable, get_blocking);
named_fns!(SET_FNS, set_flag, set_inheritable, set_blocking);
