//! Files: `sys.stdout`, `sys.stderr`, `sys.stdin` and what `open()` returns,
//! one native object for text and binary files (text files decode and
//! translate newlines; binary ones deal in bytes). Standard output is
//! line-buffered on a terminal and block-buffered otherwise, like CPython's.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::add_methods;
use crate::types::descriptor::add_getsets;
use crate::types::native::{native, new_native};
use crate::types::str::str_data;
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::io::{IsTerminal, Read, Write};

/// Where a file's bytes go or come from.
enum Target {
    Stdout,
    Stderr,
    Stdin,
    File(std::fs::File),
    Closed,
}

/// An open file.
pub struct FileData {
    target: RefCell<Target>,
    /// `name`.
    name: Value,
    /// `mode`.
    mode: String,
    binary: bool,
    readable: bool,
    writable: bool,
    line_buffered: bool,
    encoding: String,
    errors: String,
    wbuf: RefCell<Vec<u8>>,
    /// Read-ahead (raw bytes, newlines not yet translated).
    rbuf: RefCell<Vec<u8>>,
    eof: Cell<bool>,
}

impl FileData {
    fn flush(&self) -> std::io::Result<()> {
        let mut buf = self.wbuf.borrow_mut();
        if buf.is_empty() {
            return Ok(());
        }
        let r = match &mut *self.target.borrow_mut() {
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(&buf).and_then(|()| out.flush())
            }
            Target::Stderr => std::io::stderr().write_all(&buf),
            Target::File(f) => f.write_all(&buf),
            Target::Stdin | Target::Closed => Ok(()),
        };
        buf.clear();
        r
    }

    fn write_bytes(&self, data: &[u8]) -> std::io::Result<()> {
        self.wbuf.borrow_mut().extend_from_slice(data);
        let n = self.wbuf.borrow().len();
        let stderr = matches!(&*self.target.borrow(), Target::Stderr);
        if stderr || n >= 8192 || (self.line_buffered && data.contains(&b'\n')) {
            self.flush()?;
        }
        Ok(())
    }

    /// Reads more raw bytes into the read-ahead; false at end of file.
    fn fill(&self) -> std::io::Result<bool> {
        if self.eof.get() {
            return Ok(false);
        }
        let mut chunk = vec![0u8; 65536];
        let n = match &mut *self.target.borrow_mut() {
            Target::Stdin => std::io::stdin().lock().read(&mut chunk)?,
            Target::File(f) => f.read(&mut chunk)?,
            _ => 0,
        };
        if n == 0 {
            self.eof.set(true);
            return Ok(false);
        }
        self.rbuf.borrow_mut().extend_from_slice(&chunk[..n]);
        Ok(true)
    }

    fn is_closed(&self) -> bool {
        matches!(&*self.target.borrow(), Target::Closed)
    }
}

#[allow(clippy::too_many_arguments)] // one constructor for every kind of file
fn new_file(
    vm: &Vm,
    target: Target,
    name: Value,
    mode: &str,
    binary: bool,
    readable: bool,
    writable: bool,
    line_buffered: bool,
    encoding: &str,
    errors: &str,
) -> Value {
    let ty = if !binary {
        &vm.types.text_io
    } else if readable {
        &vm.types.buffered_reader
    } else {
        &vm.types.buffered_writer
    };
    new_native(
        ty,
        FileData {
            target: RefCell::new(target),
            name,
            mode: mode.to_string(),
            binary,
            readable,
            writable,
            line_buffered,
            encoding: encoding.to_string(),
            errors: errors.to_string(),
            wbuf: RefCell::new(Vec::new()),
            rbuf: RefCell::new(Vec::new()),
            eof: Cell::new(false),
        },
    )
}

/// `sys.stdout`, `sys.stderr` and `sys.stdin`.
pub fn std_streams(vm: &Vm) -> (Value, Value, Value) {
    let tty = std::io::stdout().is_terminal();
    let out = new_file(
        vm,
        Target::Stdout,
        vm.new_str("<stdout>"),
        "w",
        false,
        false,
        true,
        tty,
        "utf-8",
        "strict",
    );
    let err = new_file(
        vm,
        Target::Stderr,
        vm.new_str("<stderr>"),
        "w",
        false,
        false,
        true,
        true,
        "utf-8",
        "backslashreplace",
    );
    let inp = new_file(
        vm,
        Target::Stdin,
        vm.new_str("<stdin>"),
        "r",
        false,
        true,
        false,
        false,
        "utf-8",
        "strict",
    );
    (out, err, inp)
}

fn file<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FileData> {
    native::<FileData>(v).ok_or_else(|| vm.type_error("expected a file object"))
}

fn open_file<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FileData> {
    let f = file(vm, v)?;
    if f.is_closed() {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(f)
}

/// Writes text to a file object (ours directly, others through `write`).
pub fn write_to(vm: &Vm, f: &Value, text: &Value) -> PyResult<()> {
    if let Some(fd) = native::<FileData>(f)
        && !fd.binary
        && fd.writable
        && !fd.is_closed()
        && let Some(s) = str_data(text)
    {
        return fd
            .write_bytes(s.as_bytes())
            .map_err(|e| vm.os_error(&e, None));
    }
    vm.call_method(f, "write", std::slice::from_ref(text))?;
    Ok(())
}

fn sys_stream(vm: &Vm, name: &str) -> Option<Value> {
    let sys = vm.sys.borrow().clone()?;
    crate::types::dict::get_str(vm, &sys.dict()?, &vm.name(name)).filter(|v| !v.is_none())
}

/// Writes to `sys.stdout`.
pub fn write_stdout(vm: &Vm, text: &str) -> PyResult<()> {
    match sys_stream(vm, "stdout") {
        Some(f) => write_to(vm, &f, &vm.new_str(text)),
        None => Ok(()),
    }
}

/// Writes to `sys.stderr`, ignoring failures (error reporting must not fail).
pub fn write_stderr(vm: &Vm, text: &str) {
    match sys_stream(vm, "stderr") {
        Some(f) => {
            if write_to(vm, &f, &vm.new_str(text)).is_err() {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
            let _ = flush(vm, &f);
        }
        None => {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

/// `f.flush()`.
pub fn flush(vm: &Vm, f: &Value) -> PyResult<()> {
    if let Some(fd) = native::<FileData>(f) {
        return fd.flush().map_err(|e| vm.os_error(&e, None));
    }
    vm.call_method(f, "flush", &[])?;
    Ok(())
}

/// Flushes `sys.stdout` and `sys.stderr` at exit.
pub fn flush_std(vm: &Vm) {
    for name in ["stdout", "stderr"] {
        if let Some(f) = sys_stream(vm, name) {
            let _ = flush(vm, &f);
        }
    }
}

/// `io.open` when an `_io` module can be imported (CPython's library is
/// on the path), found once per interpreter.
struct IoOpen(Option<Value>);

/// `open(file, mode, ...)`: CPython's `builtins.open` is `io.open`, so
/// with an `_io` module files are its objects (what `tokenize.open` and
/// `TextIOWrapper` expect); without one, the native files below.
pub fn open(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let io_open = crate::modules::state(vm, |vm| {
        let found = crate::import::import_module(vm, "_io").and_then(|m| vm.getattr(&m, "open"));
        IoOpen(found.ok())
    });
    if let Some(f) = &io_open.0 {
        return vm.call_args(f, args);
    }
    native_open(vm, args)
}

fn native_open(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args.bind(
        vm,
        "open",
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
        0,
        8,
    )?;
    let name = b[0].clone().expect("required");
    let path = match crate::types::str::as_str(&name) {
        Some(p) => p.to_string(),
        None => match crate::types::bytes::bytes_like(vm, &name) {
            Ok(p) => String::from_utf8_lossy(&p).into_owned(),
            Err(_) => {
                if let Value::Int(_) = name {
                    return Err(
                        vm.not_implemented_error("open() of a file descriptor is not supported")
                    );
                }
                return Err(vm.type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    vm.type_name(&name)
                )));
            }
        },
    };
    let mode = match &b[1] {
        Some(m) => vm.str_string(m)?,
        None => "r".to_string(),
    };
    let mut kind = None;
    let (mut binary, mut text, mut plus) = (false, false, false);
    for c in mode.chars() {
        match c {
            'r' | 'w' | 'a' | 'x' if kind.is_none() => kind = Some(c),
            'b' if !binary => binary = true,
            't' if !text => text = true,
            '+' if !plus => plus = true,
            _ => return Err(vm.value_error(format!("invalid mode: '{mode}'"))),
        }
    }
    let Some(kind) = kind else {
        return Err(vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    };
    if binary && text {
        return Err(vm.value_error("can't have text and binary mode at once"));
    }
    if binary && b[3].as_ref().is_some_and(|e| !e.is_none()) {
        return Err(vm.value_error("binary mode doesn't take an encoding argument"));
    }
    let encoding = match &b[3] {
        Some(e) if !e.is_none() => vm.str_string(e)?,
        _ => "utf-8".to_string(),
    };
    crate::codecs::lookup(vm, &encoding)?;
    let errors = match &b[4] {
        Some(e) if !e.is_none() => vm.str_string(e)?,
        _ => "strict".to_string(),
    };
    let mut opts = std::fs::OpenOptions::new();
    match kind {
        'r' => opts.read(true).write(plus),
        'w' => opts.write(true).create(true).truncate(true).read(plus),
        'a' => opts.append(true).create(true).read(plus),
        _ => opts.write(true).create_new(true).read(plus),
    };
    let f = opts.open(&path).map_err(|e| vm.os_error(&e, Some(&path)))?;
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(vm.os_error(&e, Some(&path)));
    }
    let readable = kind == 'r' || plus;
    let writable = kind != 'r' || plus;
    Ok(new_file(
        vm,
        Target::File(f),
        name,
        &mode,
        binary,
        readable,
        writable,
        false,
        &encoding,
        &errors,
    ))
}

/// Adds the methods of file objects.
pub fn init(vm: &Vm) {
    for ty in [
        &vm.types.text_io,
        &vm.types.buffered_reader,
        &vm.types.buffered_writer,
    ] {
        add_methods(
            vm,
            ty,
            &[
                ("write", file_write),
                ("writelines", |vm, a| {
                    for line in vm.iterate(&a.pos[1])? {
                        file_write(vm, Args::positional(&[a.pos[0].clone(), line]))?;
                    }
                    Ok(Value::None)
                }),
                ("flush", |vm, a| {
                    open_file(vm, &a.pos[0])?
                        .flush()
                        .map_err(|e| vm.os_error(&e, None))?;
                    Ok(Value::None)
                }),
                ("read", file_read),
                ("readline", file_readline),
                ("readlines", |vm, a| {
                    let mut lines = Vec::new();
                    loop {
                        let l = file_readline(vm, Args::positional(&a.pos[..1]))?;
                        if vm.len(&l)? == 0 {
                            break;
                        }
                        lines.push(l);
                    }
                    Ok(crate::types::list::new_list(vm, lines))
                }),
                ("close", file_close),
                ("__enter__", |vm, a| {
                    open_file(vm, &a.pos[0])?;
                    Ok(a.pos[0].clone())
                }),
                ("__exit__", |vm, a| {
                    file_close(vm, Args::positional(&a.pos[..1]))
                }),
                ("__iter__", |vm, a| {
                    open_file(vm, &a.pos[0])?;
                    Ok(a.pos[0].clone())
                }),
                ("__next__", |vm, a| {
                    let l = file_readline(vm, Args::positional(&a.pos[..1]))?;
                    if vm.len(&l)? == 0 {
                        return Err(vm.stop_iteration(None));
                    }
                    Ok(l)
                }),
                ("readable", |vm, a| {
                    Ok(Value::Bool(open_file(vm, &a.pos[0])?.readable))
                }),
                ("writable", |vm, a| {
                    Ok(Value::Bool(open_file(vm, &a.pos[0])?.writable))
                }),
                ("seekable", |vm, a| {
                    Ok(Value::Bool(matches!(
                        &*open_file(vm, &a.pos[0])?.target.borrow(),
                        Target::File(_)
                    )))
                }),
                ("isatty", |vm, a| {
                    let f = open_file(vm, &a.pos[0])?;
                    Ok(Value::Bool(match &*f.target.borrow() {
                        Target::Stdout => std::io::stdout().is_terminal(),
                        Target::Stderr => std::io::stderr().is_terminal(),
                        Target::Stdin => std::io::stdin().is_terminal(),
                        _ => false,
                    }))
                }),
                ("fileno", |vm, a| {
                    let f = open_file(vm, &a.pos[0])?;
                    Ok(Value::Int(match &*f.target.borrow() {
                        Target::Stdin => 0,
                        Target::Stdout => 1,
                        Target::Stderr => 2,
                        Target::File(fd) => {
                            use std::os::fd::AsRawFd;
                            i64::from(fd.as_raw_fd())
                        }
                        Target::Closed => -1,
                    }))
                }),
                ("__repr__", |vm, a| {
                    let f = file(vm, &a.pos[0])?;
                    let cls = if f.binary {
                        vm.type_name(&a.pos[0])
                    } else {
                        "_io.TextIOWrapper".to_string()
                    };
                    let cls = if f.binary { format!("_io.{cls}") } else { cls };
                    let enc = if f.binary {
                        String::new()
                    } else {
                        format!(" encoding='{}'", f.encoding)
                    };
                    let mode = if f.binary {
                        String::new()
                    } else {
                        format!(" mode='{}'", f.mode)
                    };
                    Ok(vm.new_str(&format!(
                        "<{cls} name={}{mode}{enc}>",
                        vm.repr_string(&f.name)?
                    )))
                }),
            ],
        );
        add_getsets(
            vm,
            ty,
            &[
                ("name", |vm, v| Ok(file(vm, v)?.name.clone()), None),
                ("mode", |vm, v| Ok(vm.new_str(&file(vm, v)?.mode)), None),
                (
                    "closed",
                    |vm, v| Ok(Value::Bool(file(vm, v)?.is_closed())),
                    None,
                ),
                (
                    "encoding",
                    |vm, v| Ok(vm.new_str(&file(vm, v)?.encoding)),
                    None,
                ),
                ("errors", |vm, v| Ok(vm.new_str(&file(vm, v)?.errors)), None),
                (
                    "line_buffering",
                    |vm, v| Ok(Value::Bool(file(vm, v)?.line_buffered)),
                    None,
                ),
            ],
        );
    }
}

fn file_write(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [fv, data] = args.check(vm, "write", 2, 2)? else {
        unreachable!()
    };
    let f = open_file(vm, fv)?;
    if !f.writable {
        return Err(vm.new_exception(&vm.types.exc.os_error, "not writable"));
    }
    let (bytes, n) = if f.binary {
        let b = crate::types::bytes::bytes_like(vm, data)?;
        let n = b.len();
        (b, n)
    } else {
        let s = str_data(data).ok_or_else(|| {
            vm.type_error(format!(
                "write() argument must be str, not {}",
                vm.type_name(data)
            ))
        })?;
        let b = crate::codecs::encode(vm, data, s, &f.encoding, &f.errors)?;
        (b, s.len())
    };
    f.write_bytes(&bytes).map_err(|e| vm.os_error(&e, None))?;
    Ok(Value::Int(n as i64))
}

/// Decodes raw bytes of a text file, translating `\r\n` and `\r` to `\n`.
fn decode_text(vm: &Vm, f: &FileData, raw: &[u8]) -> PyResult<Value> {
    let s = crate::codecs::decode(vm, raw, &f.encoding, &f.errors)?;
    let d = str_data(&s).expect("decode returns str");
    if !d.as_bytes().contains(&b'\r') {
        return Ok(s);
    }
    let mut out = Vec::with_capacity(d.as_bytes().len());
    let b = d.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' {
            out.push(b'\n');
            if b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    Ok(vm.new_str_data(crate::types::str::StrData::from_wtf8(out)))
}

fn file_read(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.check(vm, "read", 1, 2)?;
    let f = open_file(vm, &pos[0])?;
    if !f.readable {
        return Err(vm.new_exception(&vm.types.exc.os_error, "not readable"));
    }
    f.flush().map_err(|e| vm.os_error(&e, None))?;
    let limit = match pos.get(1) {
        None | Some(Value::None) => -1,
        Some(n) => vm.index_i64(n)?,
    };
    if limit < 0 {
        while f.fill().map_err(|e| vm.os_error(&e, None))? {}
        let raw = std::mem::take(&mut *f.rbuf.borrow_mut());
        return if f.binary {
            Ok(crate::types::bytes::new_bytes(vm, raw))
        } else {
            decode_text(vm, f, &raw)
        };
    }
    let want = limit as usize;
    if f.binary {
        while f.rbuf.borrow().len() < want && f.fill().map_err(|e| vm.os_error(&e, None))? {}
        let mut buf = f.rbuf.borrow_mut();
        let n = want.min(buf.len());
        let out: Vec<u8> = buf.drain(..n).collect();
        return Ok(crate::types::bytes::new_bytes(vm, out));
    }
    // Text: read whole characters.
    while f.rbuf.borrow().len() < want * 4 && f.fill().map_err(|e| vm.os_error(&e, None))? {}
    let raw = f.rbuf.borrow().clone();
    let text = decode_text(vm, f, &raw)?;
    let d = str_data(&text).expect("str");
    if d.len() <= want {
        f.rbuf.borrow_mut().clear();
        return Ok(text);
    }
    let taken = d.substring(0, want);
    let consumed = crate::codecs::encode(vm, &text, &taken, &f.encoding, "surrogatepass")?.len();
    f.rbuf.borrow_mut().drain(..consumed.min(raw.len()));
    Ok(vm.new_str_data(taken))
}

fn file_readline(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.check(vm, "readline", 1, 2)?;
    let f = open_file(vm, &pos[0])?;
    if !f.readable {
        return Err(vm.new_exception(&vm.types.exc.os_error, "not readable"));
    }
    f.flush().map_err(|e| vm.os_error(&e, None))?;
    loop {
        let found = {
            let buf = f.rbuf.borrow();
            buf.iter()
                .position(|&c| c == b'\n' || (!f.binary && c == b'\r'))
        };
        if let Some(i) = found {
            let buf_len = f.rbuf.borrow().len();
            // A '\r' at the end of the read-ahead may start a "\r\n".
            if !f.binary
                && f.rbuf.borrow()[i] == b'\r'
                && i + 1 == buf_len
                && f.fill().map_err(|e| vm.os_error(&e, None))?
            {
                continue;
            }
            let mut end = i + 1;
            if !f.binary
                && f.rbuf.borrow()[i] == b'\r'
                && f.rbuf.borrow().get(i + 1) == Some(&b'\n')
            {
                end += 1;
            }
            let line: Vec<u8> = f.rbuf.borrow_mut().drain(..end).collect();
            return if f.binary {
                Ok(crate::types::bytes::new_bytes(vm, line))
            } else {
                decode_text(vm, f, &line)
            };
        }
        if !f.fill().map_err(|e| vm.os_error(&e, None))? {
            let line = std::mem::take(&mut *f.rbuf.borrow_mut());
            return if f.binary {
                Ok(crate::types::bytes::new_bytes(vm, line))
            } else {
                decode_text(vm, f, &line)
            };
        }
    }
}

fn file_close(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let f = file(vm, &args.pos[0])?;
    if f.is_closed() {
        return Ok(Value::None);
    }
    let r = f.flush();
    let is_std = matches!(
        &*f.target.borrow(),
        Target::Stdout | Target::Stderr | Target::Stdin
    );
    if !is_std {
        *f.target.borrow_mut() = Target::Closed;
    }
    r.map_err(|e| vm.os_error(&e, None))?;
    Ok(Value::None)
}

/// Reads one line from standard input (for `input()`); `None` at EOF.
pub fn read_stdin_line(vm: &Vm) -> PyResult<Option<String>> {
    let stdin =
        sys_stream(vm, "stdin").ok_or_else(|| vm.runtime_error("input(): lost sys.stdin"))?;
    let line = vm.call_method(&stdin, "readline", &[])?;
    let s = vm.str_string(&line)?;
    if s.is_empty() {
        return Ok(None);
    }
    Ok(Some(s))
}

/// The object behind a file value (for `isinstance`-free checks).
pub fn is_file(v: &Value) -> bool {
    native::<FileData>(v).is_some()
}

/// Keeps the type checker aware that file objects are plain objects.
pub fn as_obj(v: &Value) -> Option<&ObjRef> {
    v.as_obj()
}
