//! `posix`: the operating system interface `os` is built on, with
//! CPython's names, argument conversions (str, bytes, `os.PathLike` and,
//! where allowed, file descriptors) and `OSError`s carrying the path the
//! caller gave. Paths given as str are encoded and names come back decoded
//! with UTF-8 and `surrogateescape`, CPython's filesystem encoding on Linux.

pub mod fds;
mod fs;
mod process;

use crate::ObjRef;
use crate::call::NativeFn;
use crate::error::{PyErr, PyResult};
use crate::types::bytes::{BytesData, new_bytes};
use crate::types::exception::os_error_errno;
use crate::types::str::str_data;
use crate::types::{dict, module};
use crate::value::Value;
use crate::vm::Vm;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

/// A path argument, converted: the OS's bytes and how the caller gave it.
pub struct PathArg {
    /// The path as the operating system takes it.
    pub path: PathBuf,
    /// Given as bytes (results naming files are bytes too).
    pub bytes: bool,
    /// The argument as given (for `OSError.filename`).
    pub given: Value,
}

/// A path, or a file descriptor where the function accepts one.
pub enum Target {
    /// A path.
    Path(PathArg),
    /// An open file descriptor.
    Fd(i32),
}

/// `os.fspath(v)`: `v` if it is str or bytes, else `v.__fspath__()`.
pub fn fspath(vm: &Vm, v: &Value) -> PyResult<Value> {
    if is_str_or_bytes(vm, v) {
        return Ok(v.clone());
    }
    let Some(r) = vm.call_special(v, "__fspath__", &[])? else {
        return Err(vm.type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(v)
        )));
    };
    if is_str_or_bytes(vm, &r) {
        return Ok(r);
    }
    Err(vm.type_error(format!(
        "expected {}.__fspath__() to return str or bytes, not {}",
        vm.type_name(v),
        vm.type_name(&r)
    )))
}

fn is_str_or_bytes(vm: &Vm, v: &Value) -> bool {
    str_data(v).is_some() || vm.is_instance(v, &vm.types.bytes)
}

/// What a path argument may be besides a path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// Only a path.
    Path,
    /// A path or a file descriptor.
    PathOrFd,
    /// A path, a file descriptor or None (the caller handles None).
    PathFdOrNone,
}

/// Converts argument `arg` of function `fname` to a path (or a file
/// descriptor, if it `accepts` one), with CPython's messages.
pub fn path_arg(vm: &Vm, fname: &str, arg: &str, v: &Value, accepts: Accepts) -> PyResult<Target> {
    if accepts != Accepts::Path && vm.is_instance(v, &vm.types.int) {
        let fd = crate::types::int::to_i64(vm, v)?;
        return i32::try_from(fd)
            .map(Target::Fd)
            .map_err(|_| vm.overflow_error("fd is greater than maximum"));
    }
    let fs = if is_str_or_bytes(vm, v) {
        v.clone()
    } else {
        match vm.call_special(v, "__fspath__", &[])? {
            Some(r) if is_str_or_bytes(vm, &r) => r,
            Some(r) => {
                return Err(vm.type_error(format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    vm.type_name(v),
                    vm.type_name(&r)
                )));
            }
            None => {
                let kinds = match accepts {
                    Accepts::Path => "string, bytes or os.PathLike",
                    Accepts::PathOrFd => "string, bytes, os.PathLike or integer",
                    Accepts::PathFdOrNone => "string, bytes, os.PathLike, integer or None",
                };
                return Err(vm.type_error(format!(
                    "{fname}: {arg} should be {kinds}, not {}",
                    vm.type_name(v)
                )));
            }
        }
    };
    let (raw, bytes) = match str_data(&fs) {
        Some(s) => (encode(vm, &fs, s)?, false),
        None => (
            fs.downcast::<BytesData>()
                .map(|b| b.data.to_vec())
                .unwrap_or_default(),
            true,
        ),
    };
    if raw.contains(&0) {
        return Err(vm.value_error(format!("{fname}: embedded null character in {arg}")));
    }
    Ok(Target::Path(PathArg {
        path: PathBuf::from(OsString::from_vec(raw)),
        bytes,
        given: v.clone(),
    }))
}

/// A path argument that may not be a file descriptor.
pub fn path_only(vm: &Vm, fname: &str, arg: &str, v: &Value) -> PyResult<PathArg> {
    match path_arg(vm, fname, arg, v, Accepts::Path)? {
        Target::Path(p) => Ok(p),
        Target::Fd(_) => unreachable!("descriptors were not allowed"),
    }
}

/// A str as the filesystem encoding gives it to the OS.
fn encode(vm: &Vm, orig: &Value, s: &crate::types::str::StrData) -> PyResult<Vec<u8>> {
    if !s.has_surrogates() {
        return Ok(s.as_bytes().to_vec());
    }
    crate::codecs::encode(vm, orig, s, "utf-8", "surrogateescape")
}

/// A name from the OS, as bytes or as str (decoded with surrogateescape).
pub fn os_name(vm: &Vm, raw: &[u8], bytes: bool) -> PyResult<Value> {
    if bytes {
        return Ok(new_bytes(vm, raw.to_vec()));
    }
    match std::str::from_utf8(raw) {
        Ok(s) => Ok(vm.new_str(s)),
        Err(_) => crate::codecs::decode(vm, raw, "utf-8", "surrogateescape"),
    }
}

/// The `OSError` for an errno, naming the given paths.
pub fn errno_error(vm: &Vm, errno: i32, paths: &[&Value]) -> PyErr {
    let names: Vec<Value> = paths.iter().map(|v| (*v).clone()).collect();
    os_error_errno(vm, errno, &names)
}

/// The `OSError` for a Rust I/O error, naming the given paths.
pub fn io_error(vm: &Vm, err: &std::io::Error, paths: &[&Value]) -> PyErr {
    match err.raw_os_error() {
        Some(errno) => errno_error(vm, errno, paths),
        None => vm.os_error(err, None),
    }
}

/// The `OSError` for a `nix` error, naming the given paths.
pub fn nix_error(vm: &Vm, err: nix::Error, paths: &[&Value]) -> PyErr {
    errno_error(vm, err as i32, paths)
}

/// Fails for `dir_fd` arguments, which Pyrite does not support yet (so
/// `os.supports_dir_fd` is empty and `os` does not offer them).
pub fn no_dir_fd(vm: &Vm, v: Option<&Value>) -> PyResult<()> {
    match v {
        Some(v) if !v.is_none() => {
            Err(vm.not_implemented_error("dir_fd unavailable on this platform"))
        }
        _ => Ok(()),
    }
}

/// The `follow_symlinks` argument (default true).
pub fn follow(vm: &Vm, v: Option<&Value>) -> PyResult<bool> {
    v.map_or(Ok(true), |v| vm.truthy(v))
}

/// Integer constants of the module: `open` flags, `access` modes, exit
/// codes and wait flags (Linux values, from the C library's headers).
const CONSTANTS: &[(&str, i64)] = {
    use nix::libc as c;
    &[
        ("F_OK", c::F_OK as i64),
        ("R_OK", c::R_OK as i64),
        ("W_OK", c::W_OK as i64),
        ("X_OK", c::X_OK as i64),
        ("O_RDONLY", c::O_RDONLY as i64),
        ("O_WRONLY", c::O_WRONLY as i64),
        ("O_RDWR", c::O_RDWR as i64),
        ("O_ACCMODE", c::O_ACCMODE as i64),
        ("O_APPEND", c::O_APPEND as i64),
        ("O_CREAT", c::O_CREAT as i64),
        ("O_EXCL", c::O_EXCL as i64),
        ("O_TRUNC", c::O_TRUNC as i64),
        ("O_NONBLOCK", c::O_NONBLOCK as i64),
        ("O_NDELAY", c::O_NDELAY as i64),
        ("O_CLOEXEC", c::O_CLOEXEC as i64),
        ("O_DIRECTORY", c::O_DIRECTORY as i64),
        ("O_NOFOLLOW", c::O_NOFOLLOW as i64),
        ("O_NOCTTY", c::O_NOCTTY as i64),
        ("O_SYNC", c::O_SYNC as i64),
        ("O_DSYNC", c::O_DSYNC as i64),
        ("O_RSYNC", c::O_RSYNC as i64),
        ("O_NOATIME", c::O_NOATIME as i64),
        ("O_PATH", c::O_PATH as i64),
        ("O_TMPFILE", c::O_TMPFILE as i64),
        ("O_LARGEFILE", c::O_LARGEFILE as i64),
        ("O_ASYNC", c::O_ASYNC as i64),
        ("O_DIRECT", c::O_DIRECT as i64),
        ("SEEK_DATA", c::SEEK_DATA as i64),
        ("SEEK_HOLE", c::SEEK_HOLE as i64),
        ("EX_OK", 0),
        ("EX_USAGE", 64),
        ("EX_DATAERR", 65),
        ("EX_NOINPUT", 66),
        ("EX_NOUSER", 67),
        ("EX_NOHOST", 68),
        ("EX_UNAVAILABLE", 69),
        ("EX_SOFTWARE", 70),
        ("EX_OSERR", 71),
        ("EX_OSFILE", 72),
        ("EX_CANTCREAT", 73),
        ("EX_IOERR", 74),
        ("EX_TEMPFAIL", 75),
        ("EX_PROTOCOL", 76),
        ("EX_NOPERM", 77),
        ("EX_CONFIG", 78),
        ("WNOHANG", c::WNOHANG as i64),
        ("WUNTRACED", c::WUNTRACED as i64),
        ("WCONTINUED", c::WCONTINUED as i64),
        ("TMP_MAX", 238_328),
        ("NGROUPS_MAX", 65_536),
    ]
};

/// The `HAVE_*` features `os` reads to build `supports_fd` and friends:
/// only those Pyrite's functions really offer.
const HAVE_FUNCTIONS: &[&str] = &["HAVE_FCHDIR", "HAVE_FCHMOD", "HAVE_FTRUNCATE", "HAVE_LSTAT"];

/// `posix.environ`: the process environment as bytes, as CPython keeps it
/// on POSIX systems.
fn environ(vm: &Vm) -> Value {
    let d = dict::new_dict(&vm.types);
    for (k, v) in std::env::vars_os() {
        let k = new_bytes(vm, k.as_bytes().to_vec());
        let v = new_bytes(vm, v.into_vec());
        dict::set_item(vm, &d, k, v).expect("bytes keys hash");
    }
    Value::Obj(d)
}

/// An environment name or value as the OS takes it: str (encoded), bytes,
/// or a path-like object, without NUL bytes.
fn env_string(vm: &Vm, v: &Value) -> PyResult<std::ffi::CString> {
    let p = fspath(vm, v)?;
    let raw = match str_data(&p) {
        Some(s) => encode(vm, &p, s)?,
        None => p
            .downcast::<BytesData>()
            .map(|b| b.data.to_vec())
            .unwrap_or_default(),
    };
    std::ffi::CString::new(raw).map_err(|_| vm.value_error("embedded null byte"))
}

fn putenv(vm: &Vm, args: crate::call::Args<'_>) -> PyResult<Value> {
    let [key, value] = args.check(vm, "putenv", 2, 2)? else {
        unreachable!()
    };
    let key = env_string(vm, key)?;
    let value = env_string(vm, value)?;
    if key.as_bytes().contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    pyrite_os::setenv(&key, &value).map_err(|e| errno_error(vm, e, &[]))?;
    Ok(Value::None)
}

fn unsetenv(vm: &Vm, args: crate::call::Args<'_>) -> PyResult<Value> {
    let [key] = args.check(vm, "unsetenv", 1, 1)? else {
        unreachable!()
    };
    let key = env_string(vm, key)?;
    pyrite_os::unsetenv(&key).map_err(|e| errno_error(vm, e, &[]))?;
    Ok(Value::None)
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "posix");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    for (name, value) in CONSTANTS {
        set(name, Value::Int(*value));
    }
    let have: Vec<Value> = HAVE_FUNCTIONS.iter().map(|n| vm.new_str(n)).collect();
    set("_have_functions", crate::types::list::new_list(vm, have));
    set("environ", environ(vm));
    set("error", Value::Obj(vm.types.exc.os_error.clone()));
    fs::init(vm, &m);
    fds::init(vm, &m);
    process::init(vm, &m);
    crate::modules::add_functions(
        vm,
        &m,
        "posix",
        &[("putenv", putenv as NativeFn), ("unsetenv", unsetenv)],
    );
    m
}
