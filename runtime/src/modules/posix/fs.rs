//! `posix`'s file system functions: `stat` and its result type, directory
//! listing (`listdir`, `scandir` and its `DirEntry`), and the calls that
//! create, rename, link and remove files.

use super::{
    Accepts, Target, follow, io_error, nix_error, no_dir_fd, os_name, path_arg, path_only,
};
use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, new_type, state};
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::int::{big_value, to_i64};
use crate::types::native::{native, new_native};
use crate::types::structseq::{Fields, struct_sequence_with, struct_value_with};
use crate::types::{dict, list, module};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use std::cell::RefCell;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The types this part of the module makes.
pub struct FsTypes {
    stat_result: ObjRef,
    dir_entry: ObjRef,
    scandir_iterator: ObjRef,
}

const STAT_FIELDS: Fields = Fields {
    visible: &[
        "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
        "st_mtime", "st_ctime",
    ],
    hidden: &[
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ],
    constructible: true,
};

fn types(vm: &Vm) -> std::rc::Rc<FsTypes> {
    state(vm, |vm| FsTypes {
        stat_result: struct_sequence_with(vm, "os.stat_result", &STAT_FIELDS)
            .expect("struct sequence"),
        dir_entry: new_type(vm, "posix", "DirEntry", 0),
        scandir_iterator: new_type(vm, "posix", "ScandirIterator", 0),
    })
}

/// What `stat` reports, from a path's metadata or a descriptor's `fstat`.
pub struct StatInfo {
    mode: u32,
    ino: u64,
    dev: u64,
    nlink: u64,
    uid: u32,
    gid: u32,
    size: i64,
    /// Access, modification and status change times: seconds, nanoseconds.
    times: [(i64, i64); 3],
    blksize: i64,
    blocks: i64,
    rdev: u64,
}

impl StatInfo {
    /// From a path's metadata.
    pub fn from_metadata(m: &std::fs::Metadata) -> StatInfo {
        StatInfo {
            mode: m.mode(),
            ino: m.ino(),
            dev: m.dev(),
            nlink: m.nlink(),
            uid: m.uid(),
            gid: m.gid(),
            size: m.size() as i64,
            times: [
                (m.atime(), m.atime_nsec()),
                (m.mtime(), m.mtime_nsec()),
                (m.ctime(), m.ctime_nsec()),
            ],
            blksize: m.blksize() as i64,
            blocks: m.blocks() as i64,
            rdev: m.rdev(),
        }
    }

    /// From `fstat`.
    pub fn from_file_stat(s: &nix::sys::stat::FileStat) -> StatInfo {
        StatInfo {
            mode: s.st_mode,
            ino: s.st_ino,
            dev: s.st_dev,
            nlink: s.st_nlink,
            uid: s.st_uid,
            gid: s.st_gid,
            size: s.st_size,
            times: [
                (s.st_atime, s.st_atime_nsec),
                (s.st_mtime, s.st_mtime_nsec),
                (s.st_ctime, s.st_ctime_nsec),
            ],
            blksize: s.st_blksize,
            blocks: s.st_blocks,
            rdev: s.st_rdev,
        }
    }

    /// The `os.stat_result`.
    pub fn to_value(&self, vm: &Vm) -> Value {
        let u =
            |x: u64| i64::try_from(x).map_or_else(|_| big_value(vm, BigInt::from(x)), Value::Int);
        let mut visible = vec![
            Value::Int(i64::from(self.mode)),
            u(self.ino),
            u(self.dev),
            u(self.nlink),
            Value::Int(i64::from(self.uid)),
            Value::Int(i64::from(self.gid)),
            Value::Int(self.size),
        ];
        visible.extend(self.times.iter().map(|(s, _)| Value::Int(*s)));
        let mut hidden: Vec<Value> = self
            .times
            .iter()
            .map(|(s, ns)| Value::Float(*s as f64 + *ns as f64 * 1e-9))
            .collect();
        hidden.extend(
            self.times
                .iter()
                .map(|(s, ns)| big_value(vm, BigInt::from(*s) * 1_000_000_000 + BigInt::from(*ns))),
        );
        hidden.push(Value::Int(self.blksize));
        hidden.push(Value::Int(self.blocks));
        hidden.push(u(self.rdev));
        struct_value_with(vm, &types(vm).stat_result, visible, hidden)
    }
}

/// Metadata of `path`, following symbolic links or not.
fn metadata(path: &Path, follow: bool) -> std::io::Result<std::fs::Metadata> {
    if follow {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
}

fn stat_target(vm: &Vm, target: &Target, follow_links: bool) -> PyResult<Value> {
    match target {
        Target::Fd(fd) => super::fds::fstat_fd(vm, *fd),
        Target::Path(p) => metadata(&p.path, follow_links)
            .map(|m| StatInfo::from_metadata(&m).to_value(vm))
            .map_err(|e| io_error(vm, &e, &[&p.given])),
    }
}

fn stat(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "stat", &["path", "dir_fd", "follow_symlinks"], 1, 0, 1)?;
    no_dir_fd(vm, a[1].as_ref())?;
    let target = path_arg(
        vm,
        "stat",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::PathOrFd,
    )?;
    stat_target(vm, &target, follow(vm, a[2].as_ref())?)
}

fn lstat(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "lstat", &["path", "dir_fd"], 1, 0, 1)?;
    no_dir_fd(vm, a[1].as_ref())?;
    let target = path_arg(
        vm,
        "lstat",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::Path,
    )?;
    stat_target(vm, &target, false)
}

/// The directory `listdir`/`scandir` read: a path (default `.`) or an open
/// descriptor (read through `/proc/self/fd`, which leaves its position).
struct DirArg {
    /// Where to read.
    path: PathBuf,
    /// The argument as given (for errors).
    given: Value,
    /// Names come back as bytes.
    bytes: bool,
    /// What entries' paths start with (`dir/`), empty for `scandir()`
    /// and descriptors.
    prefix: Vec<u8>,
}

fn dir_arg(vm: &Vm, fname: &str, v: Option<&Value>) -> PyResult<DirArg> {
    let v = match v {
        Some(v) if !v.is_none() => v,
        _ => {
            return Ok(DirArg {
                path: PathBuf::from("."),
                given: vm.new_str("."),
                bytes: false,
                prefix: Vec::new(),
            });
        }
    };
    Ok(
        match path_arg(vm, fname, "path", v, Accepts::PathFdOrNone)? {
            Target::Fd(fd) => DirArg {
                path: PathBuf::from(format!("/proc/self/fd/{fd}")),
                given: v.clone(),
                bytes: false,
                prefix: Vec::new(),
            },
            Target::Path(p) => {
                let mut prefix = p.path.as_os_str().as_bytes().to_vec();
                if !prefix.is_empty() && !prefix.ends_with(b"/") {
                    prefix.push(b'/');
                }
                DirArg {
                    path: p.path,
                    given: p.given,
                    bytes: p.bytes,
                    prefix,
                }
            }
        },
    )
}

fn read_dir(vm: &Vm, dir: &DirArg) -> PyResult<std::fs::ReadDir> {
    std::fs::read_dir(&dir.path).map_err(|e| io_error(vm, &e, &[&dir.given]))
}

fn listdir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "listdir", &["path"], 0, 0, 1)?;
    let dir = dir_arg(vm, "listdir", a[0].as_ref())?;
    let mut names = Vec::new();
    for e in read_dir(vm, &dir)? {
        let e = e.map_err(|e| io_error(vm, &e, &[&dir.given]))?;
        names.push(os_name(vm, e.file_name().as_bytes(), dir.bytes)?);
    }
    Ok(list::new_list(vm, names))
}

/// A `scandir` iterator: the directory being read, until closed.
struct ScandirData {
    entries: RefCell<Option<std::fs::ReadDir>>,
    /// Where the directory is read (entries' files are found under it).
    dir: PathBuf,
    /// What entries' paths start with.
    prefix: Vec<u8>,
    bytes: bool,
}

/// One `DirEntry`: its name and path, the file type the directory listing
/// gave, and the `stat` results once asked for.
struct DirEntryData {
    name: Value,
    path: Value,
    full: PathBuf,
    ino: u64,
    file_type: Option<std::fs::FileType>,
    stat: RefCell<Option<Value>>,
    lstat: RefCell<Option<Value>>,
}

fn scandir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "scandir", &["path"], 0, 0, 1)?;
    let mut dir = dir_arg(vm, "scandir", a[0].as_ref())?;
    let entries = read_dir(vm, &dir)?;
    // Entries of `scandir()` are named relative to the current directory.
    if a[0].as_ref().is_none_or(Value::is_none) {
        dir.prefix.clear();
    }
    Ok(new_native(
        &types(vm).scandir_iterator,
        ScandirData {
            entries: RefCell::new(Some(entries)),
            dir: dir.path,
            prefix: dir.prefix,
            bytes: dir.bytes,
        },
    ))
}

fn scandir_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ScandirData> {
    native::<ScandirData>(v).ok_or_else(|| vm.type_error("expected a ScandirIterator"))
}

fn scandir_next(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let it = scandir_of(vm, &args.pos[0])?;
    let next = it.entries.borrow_mut().as_mut().and_then(Iterator::next);
    let Some(entry) = next else {
        *it.entries.borrow_mut() = None;
        return Err(vm.stop_iteration(None));
    };
    let entry = entry.map_err(|e| io_error(vm, &e, &[]))?;
    let name = entry.file_name();
    let mut path = it.prefix.clone();
    path.extend_from_slice(name.as_bytes());
    Ok(new_native(
        &types(vm).dir_entry,
        DirEntryData {
            name: os_name(vm, name.as_bytes(), it.bytes)?,
            path: os_name(vm, &path, it.bytes)?,
            full: it.dir.join(&name),
            ino: std::os::unix::fs::DirEntryExt::ino(&entry),
            file_type: entry.file_type().ok(),
            stat: RefCell::new(None),
            lstat: RefCell::new(None),
        },
    ))
}

fn scandir_close(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    *scandir_of(vm, &args.pos[0])?.entries.borrow_mut() = None;
    Ok(Value::None)
}

fn entry_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a DirEntryData> {
    native::<DirEntryData>(v).ok_or_else(|| vm.type_error("expected a posix.DirEntry"))
}

/// `DirEntry.stat(follow_symlinks=True)`, cached as CPython caches it.
fn entry_stat_value(vm: &Vm, e: &DirEntryData, follow_links: bool) -> PyResult<Value> {
    let is_link = e.file_type.is_some_and(|t| t.is_symlink());
    let cache = if follow_links && is_link {
        &e.stat
    } else {
        &e.lstat
    };
    if let Some(v) = cache.borrow().as_ref() {
        return Ok(v.clone());
    }
    let v = metadata(&e.full, follow_links && is_link)
        .map(|m| StatInfo::from_metadata(&m).to_value(vm))
        .map_err(|err| io_error(vm, &err, &[&e.path]))?;
    *cache.borrow_mut() = Some(v.clone());
    Ok(v)
}

fn entry_stat(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = entry_of(vm, &args.pos[0])?;
    let a = args
        .shift()
        .bind(vm, "stat", &["follow_symlinks"], 0, 0, 0)?;
    entry_stat_value(vm, e, follow(vm, a[0].as_ref())?)
}

/// Whether the entry's file (or the file its link points to) has the mode
/// bits `kind`; a missing target is not of any kind.
fn entry_is(vm: &Vm, args: Args<'_>, fname: &str, kind: u32) -> PyResult<Value> {
    let e = entry_of(vm, &args.pos[0])?;
    let a = args
        .shift()
        .bind(vm, fname, &["follow_symlinks"], 0, 0, 0)?;
    let follow_links = follow(vm, a[0].as_ref())?;
    if let Some(t) = e.file_type
        && !(t.is_symlink() && follow_links)
    {
        let mode = if t.is_dir() {
            0o040000
        } else if t.is_file() {
            0o100000
        } else if t.is_symlink() {
            0o120000
        } else {
            0
        };
        return Ok(Value::Bool(mode == kind));
    }
    match entry_stat_value(vm, e, follow_links) {
        Ok(st) => {
            let mode = to_i64(vm, &vm.getattr(&st, "st_mode")?)?;
            Ok(Value::Bool((mode as u32 & 0o170000) == kind))
        }
        Err(err) if err.matches(vm, &vm.types.exc.file_not_found_error) => Ok(Value::Bool(false)),
        Err(err) => Err(err),
    }
}

fn entry_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = entry_of(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!("<DirEntry {}>", vm.repr_string(&e.name)?)))
}

fn init_types(vm: &Vm, t: &FsTypes) {
    add_getsets(
        vm,
        &t.dir_entry,
        &[
            ("name", |vm, v| Ok(entry_of(vm, v)?.name.clone()), None),
            ("path", |vm, v| Ok(entry_of(vm, v)?.path.clone()), None),
        ],
    );
    add_methods(
        vm,
        &t.dir_entry,
        &[
            ("stat", entry_stat),
            ("is_dir", |vm, a| entry_is(vm, a, "is_dir", 0o040000)),
            ("is_file", |vm, a| entry_is(vm, a, "is_file", 0o100000)),
            ("is_symlink", |vm, a| {
                let e = entry_of(vm, &a.pos[0])?;
                a.shift().check(vm, "is_symlink", 0, 0)?;
                Ok(Value::Bool(e.file_type.is_some_and(|t| t.is_symlink())))
            }),
            ("is_junction", |vm, a| {
                entry_of(vm, &a.pos[0])?;
                Ok(Value::Bool(false))
            }),
            ("inode", |vm, a| {
                let e = entry_of(vm, &a.pos[0])?;
                Ok(big_value(vm, BigInt::from(e.ino)))
            }),
            ("__fspath__", |vm, a| {
                Ok(entry_of(vm, &a.pos[0])?.path.clone())
            }),
            ("__repr__", entry_repr),
            (
                "__class_getitem__",
                crate::types::native::generic_alias_classmethod,
            ),
        ],
    );
    add_static(vm, &t.dir_entry, "__new__", |vm, _| {
        Err(vm.type_error("cannot create 'posix.DirEntry' instances"))
    });
    add_methods(
        vm,
        &t.scandir_iterator,
        &[
            ("__iter__", |_, a| Ok(a.pos[0].clone())),
            ("__next__", scandir_next),
            ("close", scandir_close),
            ("__enter__", |_, a| Ok(a.pos[0].clone())),
            ("__exit__", scandir_close),
        ],
    );
}

fn mkdir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "mkdir", &["path", "mode", "dir_fd"], 1, 0, 2)?;
    no_dir_fd(vm, a[2].as_ref())?;
    let p = path_only(vm, "mkdir", "path", a[0].as_ref().expect("required"))?;
    let mode = a[1].as_ref().map_or(Ok(0o777), |m| to_i64(vm, m))?;
    std::fs::DirBuilder::new()
        .mode(mode as u32)
        .create(&p.path)
        .map_err(|e| io_error(vm, &e, &[&p.given]))?;
    Ok(Value::None)
}

/// `rmdir`, `unlink` and `remove`: one path, one call.
fn remove_with(
    vm: &Vm,
    args: Args<'_>,
    fname: &str,
    op: fn(&Path) -> std::io::Result<()>,
) -> PyResult<Value> {
    let a = args.bind(vm, fname, &["path", "dir_fd"], 1, 0, 1)?;
    no_dir_fd(vm, a[1].as_ref())?;
    let p = path_only(vm, fname, "path", a[0].as_ref().expect("required"))?;
    op(&p.path).map_err(|e| io_error(vm, &e, &[&p.given]))?;
    Ok(Value::None)
}

/// `rename`, `replace`, `link` and `symlink`: two paths, one call.
fn two_paths(
    vm: &Vm,
    args: Args<'_>,
    fname: &str,
    names: &[&str],
    op: fn(&Path, &Path) -> std::io::Result<()>,
) -> PyResult<Value> {
    let a = args.bind(vm, fname, names, 2, 0, 2)?;
    for (name, extra) in names.iter().zip(&a).skip(2) {
        if name.ends_with("dir_fd") {
            no_dir_fd(vm, extra.as_ref())?;
        }
    }
    let src = path_only(vm, fname, names[0], a[0].as_ref().expect("required"))?;
    let dst = path_only(vm, fname, names[1], a[1].as_ref().expect("required"))?;
    op(&src.path, &dst.path).map_err(|e| io_error(vm, &e, &[&src.given, &dst.given]))?;
    Ok(Value::None)
}

fn readlink(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "readlink", &["path", "dir_fd"], 1, 0, 1)?;
    no_dir_fd(vm, a[1].as_ref())?;
    let p = path_only(vm, "readlink", "path", a[0].as_ref().expect("required"))?;
    let target = std::fs::read_link(&p.path).map_err(|e| io_error(vm, &e, &[&p.given]))?;
    os_name(vm, target.as_os_str().as_bytes(), p.bytes)
}

fn chmod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(
        vm,
        "chmod",
        &["path", "mode", "dir_fd", "follow_symlinks"],
        2,
        0,
        2,
    )?;
    no_dir_fd(vm, a[2].as_ref())?;
    let mode = to_i64(vm, a[1].as_ref().expect("required"))? as u32;
    match path_arg(
        vm,
        "chmod",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::PathOrFd,
    )? {
        Target::Fd(fd) => {
            nix::sys::stat::fchmod(fd, nix::sys::stat::Mode::from_bits_truncate(mode))
                .map_err(|e| nix_error(vm, e, &[]))
        }
        Target::Path(p) => std::fs::set_permissions(&p.path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| io_error(vm, &e, &[&p.given])),
    }?;
    Ok(Value::None)
}

fn access(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(
        vm,
        "access",
        &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        2,
        0,
        2,
    )?;
    no_dir_fd(vm, a[2].as_ref())?;
    let p = path_only(vm, "access", "path", a[0].as_ref().expect("required"))?;
    let mode = to_i64(vm, a[1].as_ref().expect("required"))?;
    let flags = nix::unistd::AccessFlags::from_bits_truncate(mode as i32);
    Ok(Value::Bool(nix::unistd::access(&p.path, flags).is_ok()))
}

fn truncate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "truncate", &["path", "length"], 2, 0, 2)?;
    let length = to_i64(vm, a[1].as_ref().expect("required"))?;
    match path_arg(
        vm,
        "truncate",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::PathOrFd,
    )? {
        Target::Fd(fd) => super::fds::ftruncate_fd(vm, fd, length),
        Target::Path(p) => nix::unistd::truncate(&p.path, length)
            .map(|()| Value::None)
            .map_err(|e| nix_error(vm, e, &[&p.given])),
    }
}

/// `utime(path, times=None, *, ns=..., dir_fd=None, follow_symlinks=True)`.
fn utime(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    use nix::sys::stat::UtimensatFlags;
    use nix::sys::time::TimeSpec;
    let a = args.bind(
        vm,
        "utime",
        &["path", "times", "ns", "dir_fd", "follow_symlinks"],
        1,
        0,
        2,
    )?;
    no_dir_fd(vm, a[3].as_ref())?;
    let p = path_only(vm, "utime", "path", a[0].as_ref().expect("required"))?;
    let times = a[1].as_ref().filter(|t| !t.is_none());
    let ns = a[2].as_ref();
    if times.is_some() && ns.is_some() {
        return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let pair = |v: &Value, what: &str| -> PyResult<Vec<Value>> {
        let items = crate::types::tuple::tuple_items(v).map(<[Value]>::to_vec);
        match items {
            Some(items) if items.len() == 2 => Ok(items),
            _ => Err(vm.type_error(format!(
                "utime: '{what}' must be a tuple of two {}",
                if what == "ns" { "ints" } else { "numbers" }
            ))),
        }
    };
    let spec = |secs: f64| {
        let whole = secs.floor();
        TimeSpec::new(whole as i64, ((secs - whole) * 1e9) as i64)
    };
    let (at, mt) = if let Some(t) = times {
        let t = pair(t, "times")?;
        (
            spec(crate::types::float::to_f64(vm, &t[0])?),
            spec(crate::types::float::to_f64(vm, &t[1])?),
        )
    } else if let Some(n) = ns {
        let t = pair(n, "ns")?;
        let nanos = |v: &Value| -> PyResult<TimeSpec> {
            let n = to_i64(vm, v)?;
            Ok(TimeSpec::new(
                n.div_euclid(1_000_000_000),
                n.rem_euclid(1_000_000_000),
            ))
        };
        (nanos(&t[0])?, nanos(&t[1])?)
    } else {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let t = TimeSpec::from_duration(now);
        (t, t)
    };
    let how = if follow(vm, a[4].as_ref())? {
        UtimensatFlags::FollowSymlink
    } else {
        UtimensatFlags::NoFollowSymlink
    };
    nix::sys::stat::utimensat(None, &p.path, &at, &mt, how)
        .map_err(|e| nix_error(vm, e, &[&p.given]))?;
    Ok(Value::None)
}

fn getcwd_as(vm: &Vm, bytes: bool) -> PyResult<Value> {
    let cwd = std::env::current_dir().map_err(|e| io_error(vm, &e, &[]))?;
    os_name(vm, cwd.as_os_str().as_bytes(), bytes)
}

fn chdir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "chdir", &["path"], 1, 0, 1)?;
    match path_arg(
        vm,
        "chdir",
        "path",
        a[0].as_ref().expect("required"),
        Accepts::PathOrFd,
    )? {
        Target::Fd(fd) => nix::unistd::fchdir(fd).map_err(|e| nix_error(vm, e, &[])),
        Target::Path(p) => {
            std::env::set_current_dir(&p.path).map_err(|e| io_error(vm, &e, &[&p.given]))
        }
    }?;
    Ok(Value::None)
}

fn umask(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [mask] = args.check(vm, "umask", 1, 1)? else {
        unreachable!()
    };
    let mask = to_i64(vm, mask)?;
    let old = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(mask as u32));
    Ok(Value::Int(i64::from(old.bits())))
}

fn mkfifo(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "mkfifo", &["path", "mode", "dir_fd"], 1, 0, 2)?;
    no_dir_fd(vm, a[2].as_ref())?;
    let p = path_only(vm, "mkfifo", "path", a[0].as_ref().expect("required"))?;
    let mode = a[1].as_ref().map_or(Ok(0o666), |m| to_i64(vm, m))?;
    nix::unistd::mkfifo(
        &p.path,
        nix::sys::stat::Mode::from_bits_truncate(mode as u32),
    )
    .map_err(|e| nix_error(vm, e, &[&p.given]))?;
    Ok(Value::None)
}

/// Adds this part's functions and types to the module.
pub fn init(vm: &Vm, m: &ObjRef) {
    let t = types(vm);
    init_types(vm, &t);
    let d = module::module_dict(m);
    for (name, ty) in [("stat_result", &t.stat_result), ("DirEntry", &t.dir_entry)] {
        dict::set_item(vm, &d, vm.name(name), Value::Obj(ty.clone())).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[
        ("stat", stat),
        ("lstat", lstat),
        ("listdir", listdir),
        ("scandir", scandir),
        ("mkdir", mkdir),
        ("mkfifo", mkfifo),
        ("rmdir", |vm, a| {
            remove_with(vm, a, "rmdir", |p| std::fs::remove_dir(p))
        }),
        ("unlink", |vm, a| {
            remove_with(vm, a, "unlink", |p| std::fs::remove_file(p))
        }),
        ("remove", |vm, a| {
            remove_with(vm, a, "remove", |p| std::fs::remove_file(p))
        }),
        ("rename", |vm, a| {
            two_paths(
                vm,
                a,
                "rename",
                &["src", "dst", "src_dir_fd", "dst_dir_fd"],
                |s, d| std::fs::rename(s, d),
            )
        }),
        ("replace", |vm, a| {
            two_paths(
                vm,
                a,
                "replace",
                &["src", "dst", "src_dir_fd", "dst_dir_fd"],
                |s, d| std::fs::rename(s, d),
            )
        }),
        ("link", |vm, a| {
            two_paths(
                vm,
                a,
                "link",
                &["src", "dst", "src_dir_fd", "dst_dir_fd"],
                |s, d| std::fs::hard_link(s, d),
            )
        }),
        ("symlink", |vm, a| {
            two_paths(
                vm,
                a,
                "symlink",
                &["src", "dst", "target_is_directory", "dir_fd"],
                |s, d| std::os::unix::fs::symlink(s, d),
            )
        }),
        ("readlink", readlink),
        ("chmod", chmod),
        ("access", access),
        ("truncate", truncate),
        ("utime", utime),
        ("getcwd", |vm, a| {
            a.check(vm, "getcwd", 0, 0)?;
            getcwd_as(vm, false)
        }),
        ("getcwdb", |vm, a| {
            a.check(vm, "getcwdb", 0, 0)?;
            getcwd_as(vm, true)
        }),
        ("chdir", chdir),
        ("umask", umask),
    ];
    add_functions(vm, m, "posix", fns);
}
