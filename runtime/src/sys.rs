//! The `sys` module, and the reporting that goes with it: CPython's
//! traceback format for uncaught exceptions, "Exception ignored" reports,
//! and source lines for both.

use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::object::ObjRef;
use crate::types::builtin::free_builtin;
use crate::types::exception::{ExceptionData, TracebackData};
use crate::types::function::CodeData;
use crate::types::structseq::{struct_sequence, struct_value};
use crate::types::typeobj;
use crate::types::{dict, list, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;
use std::collections::HashMap;

/// CPython's version this runtime follows.
pub const VERSION: (i64, i64, i64) = (3, 14, 10);

/// Creates `sys` and registers it in `sys.modules`.
pub fn init(vm: &Vm) {
    let m = module::new_module(vm, "sys");
    *vm.sys.borrow_mut() = Some(m.clone());
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    let s = |x: &str| vm.new_str(x);
    let (stdout, stderr, stdin) = crate::io::std_streams(vm);
    for (k, v) in [("stdout", &stdout), ("stderr", &stderr), ("stdin", &stdin)] {
        set(k, v.clone());
        set(&format!("__{k}__"), v.clone());
    }
    let argv = if vm.config.argv.is_empty() {
        vec![String::new()]
    } else {
        vm.config.argv.clone()
    };
    set(
        "argv",
        list::new_list(vm, argv.iter().map(|a| s(a)).collect()),
    );
    set(
        "orig_argv",
        list::new_list(vm, std::env::args().map(|a| s(&a)).collect()),
    );
    let mut path: Vec<Value> = vm.config.path.iter().map(|p| s(p)).collect();
    if let Some(lib) = &vm.config.stdlib {
        path.push(s(lib));
    }
    set("path", list::new_list(vm, path));
    set("modules", Value::Obj(vm.modules.clone()));
    set("executable", s(&vm.config.executable));
    set("_base_executable", s(&vm.config.executable));
    set("platform", s("linux"));
    set("byteorder", s("little"));
    set("maxsize", Value::Int(i64::MAX));
    set("maxunicode", Value::Int(0x10FFFF));
    let (maj, min, mic) = VERSION;
    set(
        "version",
        s(&format!(
            "{maj}.{min}.{mic} (main) [Pyrite {}]",
            env!("CARGO_PKG_VERSION")
        )),
    );
    set(
        "hexversion",
        Value::Int((maj << 24) | (min << 16) | (mic << 8) | 0xF0),
    );
    set("api_version", Value::Int(1013));
    set("float_repr_style", s("short"));
    set("abiflags", s(""));
    set("dont_write_bytecode", Value::Bool(true));
    set("warnoptions", list::new_list(vm, Vec::new()));
    let xopts = dict::new_dict(&vm.types);
    for x in &vm.config.xoptions {
        let (k, v) = match x.split_once('=') {
            Some((k, v)) => (k, s(v)),
            None => (x.as_str(), Value::Bool(true)),
        };
        dict::set_item(vm, &xopts, s(k), v).expect("str keys");
    }
    set("_xoptions", Value::Obj(xopts));
    set(
        "meta_path",
        list::new_list(vm, vec![Value::Obj(crate::import::finder::importer(vm))]),
    );
    set("path_hooks", list::new_list(vm, Vec::new()));
    set(
        "path_importer_cache",
        crate::types::dict::new_dict_value(vm),
    );
    let prefix = vm
        .config
        .stdlib
        .as_deref()
        .and_then(|l| {
            std::path::Path::new(l)
                .parent()?
                .parent()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| "/usr".to_string());
    for k in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
        set(k, s(&prefix));
    }
    set("platlibdir", s("lib"));
    set("pycache_prefix", Value::None);
    let builtin_names: Vec<Value> = crate::import::builtin_module_names()
        .iter()
        .map(|n| s(n))
        .collect();
    set("builtin_module_names", tuple::new_tuple(vm, builtin_names));
    let stdlib: Vec<Value> = crate::stdlib_names::STDLIB_MODULE_NAMES
        .iter()
        .map(|n| s(n))
        .collect();
    set(
        "stdlib_module_names",
        crate::types::set::new_frozenset(vm, stdlib).expect("str elements"),
    );
    let vi = struct_sequence(
        vm,
        "sys.version_info",
        &["major", "minor", "micro", "releaselevel", "serial"],
    )
    .expect("struct sequence");
    let version_info = struct_value(
        vm,
        &vi,
        vec![
            Value::Int(maj),
            Value::Int(min),
            Value::Int(mic),
            s("final"),
            Value::Int(0),
        ],
    );
    set("version_info", version_info.clone());
    let fi = struct_sequence(
        vm,
        "sys.float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
    )
    .expect("struct sequence");
    set(
        "float_info",
        struct_value(
            vm,
            &fi,
            vec![
                Value::Float(f64::MAX),
                Value::Int(1024),
                Value::Int(308),
                Value::Float(f64::MIN_POSITIVE),
                Value::Int(-1021),
                Value::Int(-307),
                Value::Int(15),
                Value::Int(53),
                Value::Float(f64::EPSILON),
                Value::Int(2),
                Value::Int(1),
            ],
        ),
    );
    let ii = struct_sequence(
        vm,
        "sys.int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
    )
    .expect("struct sequence");
    set(
        "int_info",
        struct_value(
            vm,
            &ii,
            vec![
                Value::Int(30),
                Value::Int(4),
                Value::Int(4300),
                Value::Int(640),
            ],
        ),
    );
    let hi = struct_sequence(
        vm,
        "sys.hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
    )
    .expect("struct sequence");
    set(
        "hash_info",
        struct_value(
            vm,
            &hi,
            vec![
                Value::Int(64),
                Value::Int(crate::hash::MODULUS as i64),
                Value::Int(crate::hash::INF_HASH),
                Value::Int(0),
                Value::Int(1_000_003),
                s("siphash13"),
                Value::Int(64),
                Value::Int(128),
                Value::Int(0),
            ],
        ),
    );
    let fl = crate::types::structseq::struct_sequence_with(
        vm,
        "sys.flags",
        &crate::types::structseq::Fields {
            visible: &[
                "debug",
                "inspect",
                "interactive",
                "optimize",
                "dont_write_bytecode",
                "no_user_site",
                "no_site",
                "ignore_environment",
                "verbose",
                "bytes_warning",
                "quiet",
                "hash_randomization",
                "isolated",
                "dev_mode",
                "utf8_mode",
                "warn_default_encoding",
                "safe_path",
                "int_max_str_digits",
            ],
            hidden: &["gil", "thread_inherit_context", "context_aware_warnings"],
            constructible: false,
        },
    )
    .expect("struct sequence");
    let mut fv: Vec<Value> = vec![Value::Int(0); 18];
    fv[4] = Value::Int(1);
    fv[13] = Value::Bool(false);
    fv[16] = Value::Bool(false);
    fv[17] = Value::Int(4300);
    let hidden = vec![Value::Int(1), Value::Int(0), Value::Int(0)];
    set(
        "flags",
        crate::types::structseq::struct_value_with(vm, &fl, fv, hidden),
    );
    let implementation = crate::types::namespace::new_namespace(
        vm,
        &[
            ("name", s("pyrite")),
            ("cache_tag", Value::None),
            ("version", version_info),
            (
                "hexversion",
                Value::Int((maj << 24) | (min << 16) | (mic << 8) | 0xF0),
            ),
            ("_multiarch", s("x86_64-linux-gnu")),
        ],
    )
    .expect("a namespace");
    set("implementation", implementation);
    set("_jit", Value::Obj(jit_namespace(vm)));
    set(
        "monitoring",
        Value::Obj(crate::modules::monitoring::init(vm)),
    );
    let funcs: &[(&'static str, crate::call::NativeFn)] = &[
        ("exit", sys_exit),
        ("getrecursionlimit", |vm, _| {
            Ok(Value::Int(i64::from(vm.recursion_limit.get())))
        }),
        ("setrecursionlimit", sys_setrecursionlimit),
        ("exc_info", sys_exc_info),
        ("exception", |vm, _| {
            Ok(vm.current_exception().map_or(Value::None, Value::Obj))
        }),
        ("getrefcount", |_vm, a| {
            Ok(Value::Int(
                a.pos
                    .first()
                    .and_then(Value::as_obj)
                    .map_or(1 << 30, |o| o.refcount() as i64),
            ))
        }),
        ("intern", |vm, a| {
            let [x] = a.check(vm, "intern", 1, 1)? else {
                unreachable!()
            };
            match crate::types::str::as_str(x) {
                Some(t) if x.as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) => Ok(vm.name(t)),
                _ => Err(vm.type_error(format!(
                    "intern() argument must be str, not {}",
                    vm.type_name(x)
                ))),
            }
        }),
        ("_getframe", sys_getframe),
        ("getsizeof", |vm, a| {
            let x = a.pos.first().cloned().unwrap_or(Value::None);
            match vm.call_method(&x, "__sizeof__", &[]) {
                Ok(n) => Ok(Value::Int(vm.index_i64(&n)? + 16)),
                Err(_) => Ok(a.pos.get(1).cloned().unwrap_or(Value::Int(16))),
            }
        }),
        ("getdefaultencoding", |vm, _| Ok(vm.new_str("utf-8"))),
        ("getfilesystemencoding", |vm, _| Ok(vm.new_str("utf-8"))),
        ("getfilesystemencodeerrors", |vm, _| {
            Ok(vm.new_str("surrogateescape"))
        }),
        ("gettrace", |_vm, _| Ok(Value::None)),
        ("settrace", |_vm, _| Ok(Value::None)),
        ("getprofile", |_vm, _| Ok(Value::None)),
        ("setprofile", |_vm, _| Ok(Value::None)),
        ("is_finalizing", |_vm, _| Ok(Value::Bool(false))),
        ("getswitchinterval", |_vm, _| Ok(Value::Float(0.005))),
        ("setswitchinterval", |_vm, _| Ok(Value::None)),
        ("excepthook", sys_excepthook),
        ("displayhook", sys_displayhook),
        ("audit", |_vm, _| Ok(Value::None)),
        ("addaudithook", |_vm, _| Ok(Value::None)),
        ("get_int_max_str_digits", |_vm, _| Ok(Value::Int(4300))),
        ("set_int_max_str_digits", |_vm, _| Ok(Value::None)),
        ("_is_gil_enabled", |_vm, _| Ok(Value::Bool(true))),
    ];
    for &(name, f) in funcs {
        set(name, free_builtin(vm, name, f, Some("sys")));
    }
    let hook = dict::get_str(vm, &d, &vm.name("excepthook")).expect("just set");
    set("__excepthook__", hook);
    let dh = dict::get_str(vm, &d, &vm.name("displayhook")).expect("just set");
    set("__displayhook__", dh);
    dict::set_item(vm, &vm.modules, vm.name("sys"), Value::Obj(m)).expect("str keys");
}

impl Vm {
    /// The exception being handled now (`sys.exception()`).
    pub fn current_exception(&self) -> Option<ObjRef> {
        self.handled.borrow().iter().rev().find_map(Clone::clone)
    }
}

fn sys_exit(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "exit", 0, 1)?;
    Err(vm.new_exception_args(&vm.types.exc.system_exit, a.to_vec()))
}

fn sys_setrecursionlimit(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [n] = args.check(vm, "setrecursionlimit", 1, 1)? else {
        unreachable!()
    };
    if matches!(n, Value::Float(_)) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(n)?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    let depth = i64::from(vm.depth.get());
    if n <= depth {
        return Err(vm.new_exception(
            &vm.types.exc.recursion_error,
            format!("cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"),
        ));
    }
    vm.recursion_limit.set(n.min(i64::from(u32::MAX)) as u32);
    Ok(Value::None)
}

fn sys_exc_info(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(match vm.current_exception() {
        Some(e) => {
            let tb = e
                .payload::<ExceptionData>()
                .traceback
                .borrow()
                .clone()
                .map_or(Value::None, Value::Obj);
            tuple::new_tuple(vm, vec![Value::Obj(e.ty()), Value::Obj(e), tb])
        }
        None => tuple::new_tuple(vm, vec![Value::None, Value::None, Value::None]),
    })
}

/// `sys._jit`: whether this build can compile to machine code and whether
/// the running tier does.
fn jit_namespace(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "sys._jit");
    let fns: &[(&'static str, crate::call::NativeFn)] = &[
        ("is_available", |_, _| {
            Ok(Value::Bool(cfg!(any(
                target_arch = "x86_64",
                target_arch = "aarch64"
            ))))
        }),
        ("is_enabled", |vm, _| {
            Ok(Value::Bool(vm.engine().jit_enabled()))
        }),
        // A native call leaves the trace that made it, so the caller's
        // frame is never in machine code while this runs.
        ("is_active", |_, _| Ok(Value::Bool(false))),
    ];
    crate::modules::add_functions(vm, &m, "sys._jit", fns);
    m
}

fn sys_getframe(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "_getframe", 0, 1)?;
    let depth = match a.first() {
        Some(d) => vm.index_i64(d)?,
        None => 0,
    };
    match crate::frame::get_frame(vm, depth.max(0) as usize) {
        Some(f) => Ok(Value::Obj(f)),
        None => Err(vm.value_error("call stack is not deep enough")),
    }
}

fn sys_excepthook(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [_, value, _] = args.check(vm, "excepthook", 3, 3)? else {
        unreachable!()
    };
    if let Value::Obj(e) = value
        && e.downcast::<ExceptionData>().is_some()
    {
        crate::io::write_stderr(vm, &format_exception(vm, e));
        return Ok(Value::None);
    }
    Err(vm.type_error("TypeError: print_exception(): Exception expected for value"))
}

fn sys_displayhook(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v] = args.check(vm, "displayhook", 1, 1)? else {
        unreachable!()
    };
    if v.is_none() {
        return Ok(Value::None);
    }
    let r = vm.repr_string(v)?;
    crate::io::write_stdout(vm, &format!("{r}\n"))?;
    let b = vm.builtins.dict().expect("module dict");
    dict::set_item(vm, &b, vm.name("_"), v.clone())?;
    Ok(Value::None)
}

thread_local! {
    static SOURCES: RefCell<HashMap<String, Option<Vec<String>>>> = RefCell::new(HashMap::new());
}

/// Line `lineno` of a source file (as tracebacks show it), if readable.
pub fn source_line(filename: &str, lineno: u32) -> Option<String> {
    if lineno == 0 {
        return None;
    }
    SOURCES.with(|s| {
        let mut s = s.borrow_mut();
        let lines = s.entry(filename.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(filename).ok()?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(lineno as usize - 1).cloned()
    })
}

/// Registers source text for a filename without a file (`-c`, `<stdin>`).
pub fn register_source(filename: &str, text: &str) {
    SOURCES.with(|s| {
        s.borrow_mut().insert(
            filename.to_string(),
            Some(text.lines().map(str::to_string).collect()),
        );
    });
}

/// The exception's type as tracebacks name it (`module.Qualname`, the
/// module left out for builtins and `__main__`).
fn qualified_type_name(vm: &Vm, ty: &ObjRef) -> String {
    let q = typeobj::data(ty).qualname.borrow().clone();
    match typeobj::type_module_name(vm, ty) {
        Some(m) if m != "builtins" && m != "__main__" => format!("{m}.{q}"),
        _ => q,
    }
}

fn format_traceback_entries(vm: &Vm, tb: Option<ObjRef>, out: &mut String) {
    let _ = vm;
    let mut cur = tb;
    let mut last: Option<(String, u32, String)> = None;
    let mut repeats = 0;
    let flush_repeats = |out: &mut String, repeats: usize| {
        if repeats > 3 {
            let n = repeats - 3;
            out.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n == 1 { "" } else { "s" }
            ));
        }
    };
    while let Some(t) = cur {
        let data = t.payload::<TracebackData>();
        let rec = &t
            .payload::<TracebackData>()
            .frame
            .payload::<crate::frame::FrameObjectData>()
            .record;
        let code = rec.code.payload::<CodeData>();
        let filename = code.code.filename.to_string();
        let name = code.code.name.clone();
        let line = data.lineno.unwrap_or(0);
        let key = (filename.clone(), line, name.clone());
        if last.as_ref() == Some(&key) {
            repeats += 1;
        } else {
            flush_repeats(out, repeats);
            repeats = 1;
            last = Some(key);
        }
        if repeats <= 3 {
            if data.lineno.is_some() {
                out.push_str(&format!("  File \"{filename}\", line {line}, in {name}\n"));
            } else {
                out.push_str(&format!("  File \"{filename}\", in {name}\n"));
            }
            if let Some(src) = source_line(&filename, line) {
                let trimmed = src.trim();
                if !trimmed.is_empty() {
                    out.push_str(&format!("    {trimmed}\n"));
                    let pos = code.code.positions_at(data.lasti as u32);
                    if let (Some(l), Some(el), Some(c), Some(ec)) =
                        (pos.line, pos.end_line, pos.col, pos.end_col)
                        && l == line
                        && el == line
                        && let Some(carets) =
                            crate::carets::caret_line(&src, c as usize, ec as usize)
                    {
                        out.push_str(&format!("    {carets}\n"));
                    }
                }
            }
        }
        cur = data.next.borrow().clone();
    }
    flush_repeats(out, repeats);
}

fn format_one(vm: &Vm, e: &ObjRef, out: &mut String) {
    let data = e.payload::<ExceptionData>();
    let tb = data.traceback.borrow().clone();
    if tb.is_some() {
        out.push_str("Traceback (most recent call last):\n");
        format_traceback_entries(vm, tb, out);
    }
    let ty = e.ty();
    let name = qualified_type_name(vm, &ty);
    let is_syntax = typeobj::is_subtype(&ty, &vm.types.exc.syntax_error);
    if is_syntax {
        let ev = Value::Obj(e.clone());
        let get = |n: &str| vm.getattr(&ev, n).ok().filter(|v| !v.is_none());
        let filename = get("filename")
            .and_then(|f| vm.str_string(&f).ok())
            .unwrap_or_else(|| "<string>".to_string());
        let lineno = get("lineno").and_then(|l| vm.index_i64(&l).ok());
        if let Some(l) = lineno {
            out.push_str(&format!("  File \"{filename}\", line {l}\n"));
        }
        if let Some(text) = get("text").and_then(|t| vm.str_string(&t).ok()) {
            let line = text.trim_end_matches(['\n', '\r']);
            let stripped = line.trim_start();
            let indent = line.chars().count() - stripped.chars().count();
            out.push_str(&format!("    {}\n", stripped.trim_end()));
            if let Some(offset) = get("offset").and_then(|o| vm.index_i64(&o).ok()) {
                let end = get("end_offset")
                    .and_then(|o| vm.index_i64(&o).ok())
                    .unwrap_or(offset);
                let same_line = get("end_lineno")
                    .and_then(|o| vm.index_i64(&o).ok())
                    .is_none_or(|el| Some(el) == lineno);
                let start = (offset - 1 - indent as i64).max(0) as usize;
                let width = if same_line && end > offset {
                    (end - offset) as usize
                } else {
                    1
                };
                out.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(width)));
            }
        }
        let msg = get("msg")
            .and_then(|m| vm.str_string(&m).ok())
            .unwrap_or_default();
        out.push_str(&format!("{name}: {msg}\n"));
    } else {
        match vm.str_string(&Value::Obj(e.clone())) {
            Ok(s) => {
                let s = s + &crate::suggestions::suggestion_suffix(vm, e).unwrap_or_default();
                if s.is_empty() {
                    out.push_str(&format!("{name}\n"));
                } else {
                    out.push_str(&format!("{name}: {s}\n"));
                }
            }
            Err(_) => out.push_str(&format!("{name}: <exception str() failed>\n")),
        }
    }
    if let Some(d) = e.dict()
        && let Some(notes) = dict::get_str(vm, &d, &vm.name("__notes__"))
    {
        match vm.iterate(&notes) {
            Ok(items)
                if list::list_data(&notes).is_some() || tuple::tuple_items(&notes).is_some() =>
            {
                for n in items {
                    let text = match crate::types::str::str_data(&n) {
                        Some(_) => vm.str_string(&n).unwrap_or_default(),
                        None => vm
                            .repr_string(&n)
                            .unwrap_or_else(|_| "<note str() failed>".to_string()),
                    };
                    out.push_str(&text);
                    out.push('\n');
                }
            }
            _ => out.push_str(&format!("{}\n", vm.repr_string(&notes).unwrap_or_default())),
        }
    }
}

fn format_chain(vm: &Vm, e: &ObjRef, out: &mut String, seen: &mut Vec<usize>) {
    seen.push(e.addr());
    let data = e.payload::<ExceptionData>();
    let cause = data.cause.borrow().clone();
    let context = data.context.borrow().clone();
    if let Some(Value::Obj(c)) = &cause {
        if !seen.contains(&c.addr()) {
            format_chain(vm, c, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        }
    } else if let Some(Value::Obj(c)) = &context
        && !data.suppress_context.get()
        && !seen.contains(&c.addr())
    {
        format_chain(vm, c, out, seen);
        out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    format_one(vm, e, out);
    if typeobj::is_subtype(&e.ty(), &vm.types.exc.base_exception_group) {
        let excs = vm.getattr(&Value::Obj(e.clone()), "exceptions").ok();
        if let Some(items) = excs.as_ref().and_then(|x| tuple::tuple_items(x)) {
            for (i, sub) in items.iter().enumerate() {
                out.push_str(&format!("+---------------- {} ----------------\n", i + 1));
                if let Value::Obj(s) = sub {
                    let mut inner = String::new();
                    format_chain(vm, s, &mut inner, seen);
                    for line in inner.lines() {
                        out.push_str(&format!("    | {line}\n"));
                    }
                }
            }
            out.push_str("+------------------------------------\n");
        }
    }
}

/// The report of an uncaught exception, as CPython prints it.
pub fn format_exception(vm: &Vm, e: &ObjRef) -> String {
    let mut out = String::new();
    format_chain(vm, e, &mut out, &mut Vec::new());
    out
}

/// Prints an uncaught exception through `sys.excepthook`.
pub fn print_exception(vm: &Vm, e: &ObjRef) {
    let hook = vm
        .sys
        .borrow()
        .as_ref()
        .and_then(|s| dict::get_str(vm, &s.dict()?, &vm.name("excepthook")));
    let builtin = hook.as_ref().is_some_and(|h| {
        h.as_obj()
            .is_some_and(|o| o.kind() == crate::object::Kind::Builtin)
    });
    if let Some(h) = hook
        && !builtin
    {
        let tb = e
            .payload::<ExceptionData>()
            .traceback
            .borrow()
            .clone()
            .map_or(Value::None, Value::Obj);
        if vm
            .call(&h, &[Value::Obj(e.ty()), Value::Obj(e.clone()), tb])
            .is_ok()
        {
            return;
        }
        crate::io::write_stderr(vm, "Error in sys.excepthook:\n");
    }
    crate::io::write_stderr(vm, &format_exception(vm, e));
}

/// Reports an exception that cannot propagate (in `__del__`, say).
pub fn unraisable(vm: &Vm, err: &PyErr, context: &str) {
    let mut text = format!("{context}:\n");
    text.push_str(&format_exception(vm, err.value()));
    crate::io::write_stderr(vm, &text);
}
