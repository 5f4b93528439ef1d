//! Exceptions: the builtin hierarchy of CPython 3.14 (one table), the
//! exception payload (args, traceback, cause, context), the attributes
//! specific exception types set from their arguments, their `str()`, and
//! tracebacks.

use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::str::as_str;
use crate::types::typeobj::{self, TypeData, flags};
use crate::types::{dict, list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

macro_rules! exceptions {
    ($root:ident; $($field:ident: $name:literal < $base:ident;)*) => {
        /// The builtin exception types.
        pub struct Exceptions {
            /// `BaseException`.
            pub $root: ObjRef,
            $(
                #[doc = concat!("`", $name, "`.")]
                pub $field: ObjRef,
            )*
        }

        impl Exceptions {
            /// Creates the hierarchy (methods come from `init`).
            pub fn new(type_: &ObjRef, object: &ObjRef) -> Exceptions {
                let exc_flags = flags::BASETYPE | flags::HAS_DICT | flags::BASE_EXC_SUBCLASS;
                let $root = typeobj::new_builtin_type(type_, "BaseException", Some(object), Kind::Exception, exc_flags);
                $(
                    let $field = typeobj::new_builtin_type(type_, $name, Some(&$base), Kind::Exception, exc_flags);
                )*
                Exceptions { $root, $($field,)* }
            }

            /// Every exception type, `BaseException` first.
            pub fn all(&self) -> Vec<&ObjRef> {
                vec![&self.$root, $(&self.$field,)*]
            }

            /// `(name, type)` of every exception type, for the builtins module.
            pub fn named(&self) -> Vec<(&'static str, &ObjRef)> {
                vec![("BaseException", &self.$root), $(($name, &self.$field),)*]
            }
        }
    };
}

exceptions! {
    base_exception;
    base_exception_group: "BaseExceptionGroup" < base_exception;
    generator_exit: "GeneratorExit" < base_exception;
    keyboard_interrupt: "KeyboardInterrupt" < base_exception;
    system_exit: "SystemExit" < base_exception;
    exception: "Exception" < base_exception;
    arithmetic_error: "ArithmeticError" < exception;
    floating_point_error: "FloatingPointError" < arithmetic_error;
    overflow_error: "OverflowError" < arithmetic_error;
    zero_division_error: "ZeroDivisionError" < arithmetic_error;
    assertion_error: "AssertionError" < exception;
    attribute_error: "AttributeError" < exception;
    buffer_error: "BufferError" < exception;
    eof_error: "EOFError" < exception;
    exception_group: "ExceptionGroup" < base_exception_group;
    import_error: "ImportError" < exception;
    module_not_found_error: "ModuleNotFoundError" < import_error;
    lookup_error: "LookupError" < exception;
    index_error: "IndexError" < lookup_error;
    key_error: "KeyError" < lookup_error;
    memory_error: "MemoryError" < exception;
    name_error: "NameError" < exception;
    unbound_local_error: "UnboundLocalError" < name_error;
    os_error: "OSError" < exception;
    blocking_io_error: "BlockingIOError" < os_error;
    child_process_error: "ChildProcessError" < os_error;
    connection_error: "ConnectionError" < os_error;
    broken_pipe_error: "BrokenPipeError" < connection_error;
    connection_aborted_error: "ConnectionAbortedError" < connection_error;
    connection_refused_error: "ConnectionRefusedError" < connection_error;
    connection_reset_error: "ConnectionResetError" < connection_error;
    file_exists_error: "FileExistsError" < os_error;
    file_not_found_error: "FileNotFoundError" < os_error;
    interrupted_error: "InterruptedError" < os_error;
    is_a_directory_error: "IsADirectoryError" < os_error;
    not_a_directory_error: "NotADirectoryError" < os_error;
    permission_error: "PermissionError" < os_error;
    process_lookup_error: "ProcessLookupError" < os_error;
    timeout_error: "TimeoutError" < os_error;
    reference_error: "ReferenceError" < exception;
    runtime_error: "RuntimeError" < exception;
    not_implemented_error: "NotImplementedError" < runtime_error;
    python_finalization_error: "PythonFinalizationError" < runtime_error;
    recursion_error: "RecursionError" < runtime_error;
    stop_async_iteration: "StopAsyncIteration" < exception;
    stop_iteration: "StopIteration" < exception;
    syntax_error: "SyntaxError" < exception;
    indentation_error: "IndentationError" < syntax_error;
    tab_error: "TabError" < indentation_error;
    system_error: "SystemError" < exception;
    type_error: "TypeError" < exception;
    value_error: "ValueError" < exception;
    unicode_error: "UnicodeError" < value_error;
    unicode_decode_error: "UnicodeDecodeError" < unicode_error;
    unicode_encode_error: "UnicodeEncodeError" < unicode_error;
    unicode_translate_error: "UnicodeTranslateError" < unicode_error;
    warning: "Warning" < exception;
    bytes_warning: "BytesWarning" < warning;
    deprecation_warning: "DeprecationWarning" < warning;
    encoding_warning: "EncodingWarning" < warning;
    future_warning: "FutureWarning" < warning;
    import_warning: "ImportWarning" < warning;
    pending_deprecation_warning: "PendingDeprecationWarning" < warning;
    resource_warning: "ResourceWarning" < warning;
    runtime_warning: "RuntimeWarning" < warning;
    syntax_warning: "SyntaxWarning" < warning;
    unicode_warning: "UnicodeWarning" < warning;
    user_warning: "UserWarning" < warning;
}

/// The payload of an exception.
pub struct ExceptionData {
    /// `args` (a tuple).
    pub args: RefCell<Value>,
    /// `__traceback__`.
    pub traceback: RefCell<Option<ObjRef>>,
    /// `__cause__`.
    pub cause: RefCell<Option<Value>>,
    /// `__context__`.
    pub context: RefCell<Option<Value>>,
    /// `__suppress_context__`.
    pub suppress_context: Cell<bool>,
}

/// One traceback entry.
pub struct TracebackData {
    /// `tb_next`.
    pub next: RefCell<Option<ObjRef>>,
    /// `tb_frame`.
    pub frame: ObjRef,
    /// `tb_lasti` in code units.
    pub lasti: usize,
    /// `tb_lineno`.
    pub lineno: Option<u32>,
}

/// An exception of type `ty` with `args` (a tuple), its type-specific
/// attributes set as `__init__` would.
pub fn new_exception_raw(vm: &Vm, ty: &ObjRef, args: Value) -> ObjRef {
    let e = alloc(vm, ty, args.clone());
    let items = tuple::tuple_items(&args)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    // Failures here are impossible for the builtin types (no Python code runs).
    let _ = init_specific(vm, &e, &items, Args::positional(&[]));
    e
}

fn alloc(vm: &Vm, ty: &ObjRef, args: Value) -> ObjRef {
    let e = ObjRef::new(
        ty,
        ExceptionData {
            args: RefCell::new(args),
            traceback: RefCell::new(None),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
        },
    );
    e.set_dict(Some(dict::new_dict(&vm.types)));
    e
}

fn set(vm: &Vm, e: &ObjRef, name: &str, v: Value) {
    if let Some(d) = e.dict() {
        let _ = dict::set_item(vm, &d, vm.name(name), v);
    }
}

fn get(vm: &Vm, e: &ObjRef, name: &str) -> Value {
    e.dict()
        .and_then(|d| dict::get_str(vm, &d, &vm.name(name)))
        .unwrap_or(Value::None)
}

fn kw(vm: &Vm, args: &Args<'_>, allowed: &[&str], ty: &ObjRef) -> PyResult<Vec<Option<Value>>> {
    let mut out = vec![None; allowed.len()];
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        let key = as_str(k).unwrap_or("");
        match allowed.iter().position(|a| *a == key) {
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{key}'",
                    typeobj::type_name(ty)
                )));
            }
        }
    }
    Ok(out)
}

/// Sets the attributes a specific exception type derives from its
/// arguments (`StopIteration.value`, `OSError.errno`, ...).
fn init_specific(vm: &Vm, e: &ObjRef, a: &[Value], kwargs: Args<'_>) -> PyResult<()> {
    let x = &vm.types.exc;
    let ty = e.ty();
    let is = |t: &ObjRef| typeobj::is_subtype(&ty, t);
    let first = || a.first().cloned().unwrap_or(Value::None);
    if is(&x.stop_iteration) {
        set(vm, e, "value", first());
    } else if is(&x.system_exit) {
        let code = match a.len() {
            0 => Value::None,
            1 => a[0].clone(),
            _ => tuple::new_tuple(vm, a.to_vec()),
        };
        set(vm, e, "code", code);
    } else if is(&x.import_error) {
        let k = kw(vm, &kwargs, &["name", "path", "name_from"], &ty)?;
        set(
            vm,
            e,
            "msg",
            if a.len() == 1 {
                a[0].clone()
            } else {
                Value::None
            },
        );
        set(vm, e, "name", k[0].clone().unwrap_or(Value::None));
        set(vm, e, "path", k[1].clone().unwrap_or(Value::None));
        set(vm, e, "name_from", k[2].clone().unwrap_or(Value::None));
    } else if is(&x.attribute_error) {
        let k = kw(vm, &kwargs, &["name", "obj"], &ty)?;
        set(vm, e, "name", k[0].clone().unwrap_or(Value::None));
        set(vm, e, "obj", k[1].clone().unwrap_or(Value::None));
    } else if is(&x.name_error) {
        let k = kw(vm, &kwargs, &["name"], &ty)?;
        set(vm, e, "name", k[0].clone().unwrap_or(Value::None));
    } else if is(&x.os_error) {
        let (errno, strerror, filename, filename2) = if (2..=5).contains(&a.len()) {
            (
                a[0].clone(),
                a[1].clone(),
                a.get(2).cloned().unwrap_or(Value::None),
                a.get(4).cloned().unwrap_or(Value::None),
            )
        } else {
            (Value::None, Value::None, Value::None, Value::None)
        };
        if a.len() >= 3 {
            *e.payload::<ExceptionData>().args.borrow_mut() = tuple::new_tuple(vm, a[..2].to_vec());
        }
        set(vm, e, "errno", errno);
        set(vm, e, "strerror", strerror);
        set(vm, e, "filename", filename);
        set(vm, e, "filename2", filename2);
        if is(&x.blocking_io_error) {
            set(
                vm,
                e,
                "characters_written",
                a.get(2).cloned().unwrap_or(Value::Int(0)),
            );
        }
    } else if is(&x.syntax_error) {
        set(vm, e, "msg", first());
        for n in [
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
            "print_file_and_line",
        ] {
            set(vm, e, n, Value::None);
        }
        if a.len() >= 2 {
            let info = tuple::tuple_items(&a[1])
                .map(<[Value]>::to_vec)
                .ok_or_else(|| vm.type_error("argument 2 must be a tuple"))?;
            if !(4..=6).contains(&info.len()) {
                return Err(vm.index_error("tuple index out of range"));
            }
            for (n, v) in [
                "filename",
                "lineno",
                "offset",
                "text",
                "end_lineno",
                "end_offset",
            ]
            .iter()
            .zip(info)
            {
                set(vm, e, n, v);
            }
        }
    } else if is(&x.unicode_decode_error) || is(&x.unicode_encode_error) {
        if a.len() == 5 {
            for (n, v) in ["encoding", "object", "start", "end", "reason"]
                .iter()
                .zip(a)
            {
                set(vm, e, n, v.clone());
            }
        }
    } else if is(&x.base_exception_group) {
        if a.len() == 2 {
            set(vm, e, "message", a[0].clone());
            set(
                vm,
                e,
                "exceptions",
                tuple::new_tuple(vm, vm.iterate(&a[1])?),
            );
        }
    } else if kwargs.has_kwargs() && !typeobj::data(&ty).has_flag(flags::HEAPTYPE) {
        return Err(vm.type_error(format!(
            "{}() takes no keyword arguments",
            typeobj::type_name(&ty)
        )));
    }
    Ok(())
}

/// `str(exc)` without raising (for messages built around another error).
pub fn exception_str(vm: &Vm, e: &ObjRef) -> String {
    vm.str_string(&Value::Obj(e.clone()))
        .unwrap_or_else(|_| "<exception str() failed>".to_string())
}

/// Sets `name` and `obj` of an `AttributeError` raised for a lookup.
pub fn set_attribute_error_context(vm: &Vm, err: &PyErr, obj: &Value, name: &str) {
    let e = err.value();
    if e.ty().is(&vm.types.exc.attribute_error) {
        set(vm, e, "name", vm.new_str(name));
        set(vm, e, "obj", obj.clone());
    }
}

/// Adds the note CPython adds when `__set_name__` fails.
pub fn add_note_set_name(vm: &Vm, e: PyErr, name: &Value, owner: &ObjRef) -> PyErr {
    let attr = crate::types::dict::get_str(vm, &owner.dict().expect("types have dicts"), name);
    let what = attr.map_or_else(|| "?".to_string(), |v| vm.type_name(&v));
    let note = format!(
        "Error calling __set_name__ on '{what}' instance {} in '{}'",
        vm.repr_string(name).unwrap_or_default(),
        typeobj::type_name(owner)
    );
    let _ = add_note(vm, e.value(), vm.new_str(&note));
    e
}

fn add_note(vm: &Vm, e: &ObjRef, note: Value) -> PyResult<()> {
    let d = e.dict().expect("exceptions have dicts");
    let notes = match dict::get_str(vm, &d, &vm.name("__notes__")) {
        Some(n) => n,
        None => {
            let n = list::new_list(vm, Vec::new());
            dict::set_item(vm, &d, vm.name("__notes__"), n.clone())?;
            n
        }
    };
    match list::list_data(&notes) {
        Some(l) => l.push(note),
        None => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(())
}

/// The `OSError` subclass CPython picks for an errno.
fn os_error_subclass(vm: &Vm, errno: i64) -> ObjRef {
    let x = &vm.types.exc;
    match errno {
        1 | 13 => x.permission_error.clone(),
        2 => x.file_not_found_error.clone(),
        3 => x.process_lookup_error.clone(),
        4 => x.interrupted_error.clone(),
        10 => x.child_process_error.clone(),
        11 | 114 | 115 => x.blocking_io_error.clone(),
        17 => x.file_exists_error.clone(),
        20 => x.not_a_directory_error.clone(),
        21 => x.is_a_directory_error.clone(),
        32 => x.broken_pipe_error.clone(),
        103 => x.connection_aborted_error.clone(),
        104 => x.connection_reset_error.clone(),
        110 => x.timeout_error.clone(),
        111 => x.connection_refused_error.clone(),
        _ => x.os_error.clone(),
    }
}

/// The C library's message for an errno (without Rust's " (os error N)").
pub fn strerror(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// An `OSError` (of the right subclass) for a Rust I/O error.
pub fn os_error_from_io(vm: &Vm, err: &std::io::Error, filename: Option<&str>) -> PyErr {
    let Some(errno) = err.raw_os_error() else {
        return vm.new_exception(&vm.types.exc.os_error, err.to_string());
    };
    let names: Vec<Value> = filename.map(|f| vm.new_str(f)).into_iter().collect();
    os_error_errno(vm, errno, &names)
}

/// `OSError(errno, strerror, *filenames)` of the subclass CPython picks
/// for `errno`; `filenames` are the path arguments as the caller gave them
/// (none, one, or two: `rename`'s source and destination).
pub fn os_error_errno(vm: &Vm, errno: i32, filenames: &[Value]) -> PyErr {
    let ty = os_error_subclass(vm, i64::from(errno));
    let msg = strerror(&std::io::Error::from_raw_os_error(errno));
    let mut args = vec![Value::Int(i64::from(errno)), vm.new_str(&msg)];
    if let Some(f) = filenames.first() {
        args.push(f.clone());
    }
    if let Some(f2) = filenames.get(1) {
        args.push(Value::Int(0));
        args.push(f2.clone());
    }
    vm.new_exception_args(&ty, args)
}

/// The exception payload of an exception object.
pub fn exc(v: &Value) -> Option<&ExceptionData> {
    v.downcast::<ExceptionData>()
}

/// Adds the methods and attributes of the exception types.
pub fn init(vm: &Vm) {
    let x = &vm.types.exc;
    let b = &x.base_exception;
    add_static(vm, b, "__new__", exc_new);
    add_methods(
        vm,
        b,
        &[
            ("__init__", exc_init),
            ("__repr__", exc_repr),
            ("__str__", exc_str),
            ("with_traceback", exc_with_traceback),
            ("add_note", exc_add_note),
            ("__reduce__", exc_reduce),
            ("__setstate__", exc_setstate),
        ],
    );
    add_getsets(
        vm,
        b,
        &[
            (
                "args",
                |vm, v| Ok(data(vm, v)?.args.borrow().clone()),
                Some(set_args),
            ),
            (
                "__traceback__",
                |vm, v| {
                    Ok(data(vm, v)?
                        .traceback
                        .borrow()
                        .clone()
                        .map_or(Value::None, Value::Obj))
                },
                Some(set_traceback),
            ),
            (
                "__cause__",
                |vm, v| Ok(data(vm, v)?.cause.borrow().clone().unwrap_or(Value::None)),
                Some(set_cause),
            ),
            (
                "__context__",
                |vm, v| Ok(data(vm, v)?.context.borrow().clone().unwrap_or(Value::None)),
                Some(set_context),
            ),
            (
                "__suppress_context__",
                |vm, v| Ok(Value::Bool(data(vm, v)?.suppress_context.get())),
                Some(|vm, v, x| {
                    data(vm, v)?.suppress_context.set(match x {
                        Some(x) => vm.truthy(&x)?,
                        None => false,
                    });
                    Ok(())
                }),
            ),
        ],
    );
    add_methods(vm, &x.key_error, &[("__str__", key_error_str)]);
    add_methods(vm, &x.os_error, &[("__str__", os_error_str)]);
    add_static(vm, &x.os_error, "__new__", os_error_new);
    add_methods(vm, &x.syntax_error, &[("__str__", syntax_error_str)]);
    add_methods(vm, &x.import_error, &[("__str__", import_error_str)]);
    add_methods(
        vm,
        &x.unicode_decode_error,
        &[("__str__", unicode_error_str)],
    );
    add_methods(
        vm,
        &x.unicode_encode_error,
        &[("__str__", unicode_error_str)],
    );
    add_static(vm, &x.base_exception_group, "__new__", group_new);
    add_methods(
        vm,
        &x.base_exception_group,
        &[
            ("__str__", group_str),
            ("__repr__", group_repr),
            ("derive", group_derive),
            ("subgroup", |vm, a| group_split(vm, a, false)),
            ("split", |vm, a| group_split(vm, a, true)),
        ],
    );
    crate::types::builtin::add_classmethod(
        vm,
        &x.base_exception_group,
        "__class_getitem__",
        crate::types::native::generic_alias_classmethod,
    );
    // ExceptionGroup is also an Exception.
    {
        let eg = typeobj::data(&x.exception_group);
        *eg.bases.borrow_mut() = vec![x.base_exception_group.clone(), x.exception.clone()];
        *eg.mro.borrow_mut() = vec![
            x.base_exception_group.clone(),
            x.exception.clone(),
            x.base_exception.clone(),
            vm.types.object.clone(),
        ];
    }
    let tb = &vm.types.traceback;
    add_getsets(
        vm,
        tb,
        &[
            (
                "tb_next",
                |vm, v| {
                    Ok(tbd(vm, v)?
                        .next
                        .borrow()
                        .clone()
                        .map_or(Value::None, Value::Obj))
                },
                Some(set_tb_next),
            ),
            (
                "tb_frame",
                |vm, v| Ok(Value::Obj(tbd(vm, v)?.frame.clone())),
                None,
            ),
            (
                "tb_lasti",
                |vm, v| Ok(Value::Int(tbd(vm, v)?.lasti as i64 * 2)),
                None,
            ),
            (
                "tb_lineno",
                |vm, v| {
                    Ok(tbd(vm, v)?
                        .lineno
                        .map_or(Value::None, |l| Value::Int(i64::from(l))))
                },
                None,
            ),
        ],
    );
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ExceptionData> {
    exc(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 'BaseException' object but received a '{}'",
            vm.type_name(v)
        ))
    })
}

fn tbd<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TracebackData> {
    v.downcast::<TracebackData>()
        .ok_or_else(|| vm.type_error("expected a traceback"))
}

fn exc_obj<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ObjRef> {
    data(vm, v)?;
    Ok(v.as_obj().expect("exceptions are objects"))
}

fn exc_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.downcast::<TypeData>().is_some() => c.clone(),
        _ => return Err(vm.type_error("BaseException.__new__(X): X is not a type object")),
    };
    if !typeobj::is_subtype(&cls, &vm.types.exc.base_exception) {
        return Err(vm.type_error(format!(
            "BaseException.__new__({}): {} is not a subtype of BaseException",
            typeobj::type_name(&cls),
            typeobj::type_name(&cls)
        )));
    }
    let e = alloc(vm, &cls, tuple::new_tuple(vm, args.pos[1..].to_vec()));
    Ok(Value::Obj(e))
}

fn exc_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let rest = &args.pos[1..];
    *data(vm, &args.pos[0])?.args.borrow_mut() = tuple::new_tuple(vm, rest.to_vec());
    init_specific(vm, e, rest, args)?;
    Ok(Value::None)
}

fn exc_args(vm: &Vm, v: &Value) -> PyResult<Vec<Value>> {
    let a = data(vm, v)?.args.borrow().clone();
    Ok(tuple::tuple_items(&a)
        .map(<[Value]>::to_vec)
        .unwrap_or_default())
}

fn exc_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let name = typeobj::data(&vm.type_of(&args.pos[0]))
        .name
        .borrow()
        .clone();
    let a = exc_args(vm, &args.pos[0])?;
    let inner = match a.len() {
        1 => vm.repr_string(&a[0])?,
        _ => {
            let t = tuple::seq_repr(vm, &a, "(", ")")?;
            t[1..t.len() - 1].trim_end_matches(',').to_string()
        }
    };
    Ok(vm.new_str(&format!("{name}({inner})")))
}

fn exc_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = exc_args(vm, &args.pos[0])?;
    match a.len() {
        0 => Ok(vm.name("")),
        1 => vm.str(&a[0]),
        _ => vm.str(&tuple::new_tuple(vm, a)),
    }
}

fn key_error_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = exc_args(vm, &args.pos[0])?;
    if a.len() == 1 {
        return vm.repr(&a[0]);
    }
    exc_str(vm, args)
}

fn os_error_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let mut cls = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("OSError.__new__(X): X is not a type object")),
    };
    if cls.is(&vm.types.exc.os_error)
        && (2..=5).contains(&(args.pos.len() - 1))
        && let Value::Int(errno) = &args.pos[1]
    {
        cls = os_error_subclass(vm, *errno);
    }
    let e = alloc(vm, &cls, tuple::new_tuple(vm, args.pos[1..].to_vec()));
    init_specific(vm, &e, &args.pos[1..], Args::positional(&[]))?;
    Ok(Value::Obj(e))
}

fn os_error_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let (errno, strerror, filename, filename2) = (
        get(vm, e, "errno"),
        get(vm, e, "strerror"),
        get(vm, e, "filename"),
        get(vm, e, "filename2"),
    );
    if !filename.is_none() {
        let (en, se, f) = (
            vm.str_string(&errno)?,
            vm.str_string(&strerror)?,
            vm.repr_string(&filename)?,
        );
        if !filename2.is_none() {
            return Ok(vm.new_str(&format!(
                "[Errno {en}] {se}: {f} -> {}",
                vm.repr_string(&filename2)?
            )));
        }
        return Ok(vm.new_str(&format!("[Errno {en}] {se}: {f}")));
    }
    if !errno.is_none() && !strerror.is_none() {
        return Ok(vm.new_str(&format!(
            "[Errno {}] {}",
            vm.str_string(&errno)?,
            vm.str_string(&strerror)?
        )));
    }
    exc_str(vm, args)
}

fn syntax_error_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let msg = vm.str_string(&get(vm, e, "msg"))?;
    let filename = get(vm, e, "filename");
    let lineno = get(vm, e, "lineno");
    let file = as_str(&filename).map(|f| f.rsplit('/').next().unwrap_or(f).to_string());
    let line = match lineno {
        Value::Int(l) => Some(l),
        _ => None,
    };
    Ok(vm.new_str(&match (file, line) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
}

fn import_error_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let msg = get(vm, e, "msg");
    if !msg.is_none() {
        return vm.str(&msg);
    }
    exc_str(vm, args)
}

fn unicode_error_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let object = get(vm, e, "object");
    let (Value::Int(start), Value::Int(end)) = (get(vm, e, "start"), get(vm, e, "end")) else {
        return exc_str(vm, args);
    };
    let encoding = vm.str_string(&get(vm, e, "encoding"))?;
    let reason = vm.str_string(&get(vm, e, "reason"))?;
    let decoding = e.ty().is(&vm.types.exc.unicode_decode_error)
        || typeobj::is_subtype(&e.ty(), &vm.types.exc.unicode_decode_error);
    if decoding {
        let bytes = crate::types::bytes::bytes_like(vm, &object).unwrap_or_default();
        if end == start + 1
            && let Some(b) = bytes.get(start as usize)
        {
            return Ok(vm.new_str(&format!(
                "'{encoding}' codec can't decode byte {b:#04x} in position {start}: {reason}"
            )));
        }
        return Ok(vm.new_str(&format!(
            "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )));
    }
    let s = crate::types::str::str_data(&object);
    if end == start + 1
        && let Some(s) = s
        && (start as usize) < s.len()
    {
        let cp = s.char_at(start as usize);
        let ch = if cp < 0x100 {
            format!("\\x{cp:02x}")
        } else if cp < 0x10000 {
            format!("\\u{cp:04x}")
        } else {
            format!("\\U{cp:08x}")
        };
        return Ok(vm.new_str(&format!(
            "'{encoding}' codec can't encode character '{ch}' in position {start}: {reason}"
        )));
    }
    Ok(vm.new_str(&format!(
        "'{encoding}' codec can't encode characters in position {start}-{}: {reason}",
        end - 1
    )))
}

fn exc_with_traceback(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [e, tb] = args.check(vm, "with_traceback", 2, 2)? else {
        unreachable!()
    };
    set_traceback(vm, e, Some(tb.clone()))?;
    Ok(e.clone())
}

fn exc_add_note(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [e, note] = args.check(vm, "add_note", 2, 2)? else {
        unreachable!()
    };
    if crate::types::str::str_data(note).is_none() {
        return Err(vm.type_error(format!("note must be a str, not '{}'", vm.type_name(note))));
    }
    add_note(vm, exc_obj(vm, e)?, note.clone())?;
    Ok(Value::None)
}

fn exc_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let a = data(vm, &args.pos[0])?.args.borrow().clone();
    let mut parts = vec![Value::Obj(e.ty()), a];
    if let Some(d) = e.dict()
        && !dict::data(&d).is_empty()
    {
        parts.push(Value::Obj(d));
    }
    Ok(tuple::new_tuple(vm, parts))
}

fn exc_setstate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [e, state] = args.check(vm, "__setstate__", 2, 2)? else {
        unreachable!()
    };
    if !state.is_none() {
        for (k, v) in vm
            .iterate(&vm.call_method(state, "items", &[])?)?
            .iter()
            .map(|p| {
                let items = tuple::tuple_items(p)
                    .map(<[Value]>::to_vec)
                    .unwrap_or_default();
                (items[0].clone(), items[1].clone())
            })
        {
            let name = crate::attr::attr_name(vm, &k)?;
            vm.setattr(e, &name, Some(v))?;
        }
    }
    Ok(Value::None)
}

fn set_args(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let Some(x) = x else {
        return Err(vm.type_error("args may not be deleted"));
    };
    *data(vm, v)?.args.borrow_mut() = tuple::new_tuple(vm, vm.iterate(&x)?);
    Ok(())
}

fn set_traceback(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let d = data(vm, v)?;
    match x {
        Some(Value::None) => *d.traceback.borrow_mut() = None,
        Some(Value::Obj(t)) if t.kind() == Kind::Traceback => *d.traceback.borrow_mut() = Some(t),
        Some(_) => return Err(vm.type_error("__traceback__ must be a traceback or None")),
        None => return Err(vm.type_error("__traceback__ may not be deleted")),
    }
    Ok(())
}

fn exc_or_none(vm: &Vm, x: Option<Value>, what: &str) -> PyResult<Option<Value>> {
    match x {
        None => Err(vm.type_error(format!("{what} may not be deleted"))),
        Some(Value::None) => Ok(None),
        Some(v) if exc(&v).is_some() => Ok(Some(v)),
        Some(_) => Err(vm.type_error(format!(
            "exception {what} must be None or derive from BaseException"
        ))),
    }
}

fn set_cause(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let d = data(vm, v)?;
    *d.cause.borrow_mut() = exc_or_none(vm, x, "cause")?;
    d.suppress_context.set(true);
    Ok(())
}

fn set_context(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    *data(vm, v)?.context.borrow_mut() = exc_or_none(vm, x, "context")?;
    Ok(())
}

fn set_tb_next(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let t = tbd(vm, v)?;
    match x {
        Some(Value::None) => *t.next.borrow_mut() = None,
        Some(Value::Obj(n)) if n.kind() == Kind::Traceback => {
            // Refuse cycles.
            let mut cur = Some(n.clone());
            while let Some(c) = cur {
                if Value::Obj(c.clone()).is(v) {
                    return Err(vm.value_error("traceback loop detected"));
                }
                cur = c.payload::<TracebackData>().next.borrow().clone();
            }
            *t.next.borrow_mut() = Some(n);
        }
        _ => return Err(vm.type_error("expected traceback object or None")),
    }
    Ok(())
}

/// A traceback entry for a frame, in front of `next`.
pub fn new_traceback(
    vm: &Vm,
    frame: ObjRef,
    lasti: usize,
    lineno: Option<u32>,
    next: Option<ObjRef>,
) -> ObjRef {
    ObjRef::new(
        &vm.types.traceback,
        TracebackData {
            next: RefCell::new(next),
            frame,
            lasti,
            lineno,
        },
    )
}

fn group_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("BaseExceptionGroup.__new__(X): X is not a type object")),
    };
    let name = typeobj::type_name(&cls);
    if args.pos.len() != 3 {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.pos.len() - 1
        )));
    }
    let (message, excs) = (&args.pos[1], &args.pos[2]);
    if crate::types::str::str_data(message).is_none() {
        return Err(vm.type_error(format!(
            "argument 1 must be str, not {}",
            vm.type_name(message)
        )));
    }
    let is_seq = excs
        .as_obj()
        .is_some_and(|o| matches!(o.kind(), Kind::List | Kind::Tuple));
    if !is_seq {
        return Err(vm.type_error("second argument (exceptions) must be a sequence"));
    }
    let items = vm.iterate(excs)?;
    if items.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let x = &vm.types.exc;
    let mut all_exceptions = true;
    for (i, it) in items.iter().enumerate() {
        if !vm.is_instance(it, &x.base_exception) {
            return Err(vm.value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        all_exceptions &= vm.is_instance(it, &x.exception);
    }
    let mut ty = cls.clone();
    if cls.is(&x.base_exception_group) {
        if all_exceptions {
            ty = x.exception_group.clone();
        }
    } else if typeobj::is_subtype(&cls, &x.exception_group) {
        if !all_exceptions {
            return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if !all_exceptions && !typeobj::is_subtype(&cls, &x.exception) {
        // A BaseExceptionGroup subclass may hold anything.
    } else if !all_exceptions {
        return Err(vm.type_error(format!("Cannot nest BaseExceptions in '{name}'")));
    }
    let e = alloc(
        vm,
        &ty,
        tuple::new_tuple(vm, vec![message.clone(), excs.clone()]),
    );
    set(vm, &e, "message", message.clone());
    set(vm, &e, "exceptions", tuple::new_tuple(vm, items));
    Ok(Value::Obj(e))
}

fn group_parts(vm: &Vm, v: &Value) -> PyResult<(Value, Vec<Value>)> {
    let e = exc_obj(vm, v)?;
    let excs = get(vm, e, "exceptions");
    Ok((
        get(vm, e, "message"),
        tuple::tuple_items(&excs)
            .map(<[Value]>::to_vec)
            .unwrap_or_default(),
    ))
}

fn group_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (msg, excs) = group_parts(vm, &args.pos[0])?;
    let n = excs.len();
    Ok(vm.new_str(&format!(
        "{} ({n} sub-exception{})",
        vm.str_string(&msg)?,
        if n == 1 { "" } else { "s" }
    )))
}

fn group_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let e = exc_obj(vm, &args.pos[0])?;
    let a = exc_args(vm, &args.pos[0])?;
    let name = typeobj::type_name(&e.ty());
    let excs = a.get(1).cloned().unwrap_or(Value::None);
    let excs_repr = match list::list_data(&excs) {
        Some(_) => vm.repr_string(&list::new_list(vm, vm.iterate(&excs)?))?,
        None => vm.repr_string(&excs)?,
    };
    Ok(vm.new_str(&format!(
        "{name}({}, {excs_repr})",
        vm.repr_string(&a.first().cloned().unwrap_or(Value::None))?
    )))
}

fn group_derive(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, excs] = args.check(vm, "derive", 2, 2)? else {
        unreachable!()
    };
    let (msg, _) = group_parts(vm, me)?;
    vm.call(
        &Value::Obj(vm.types.exc.base_exception_group.clone()),
        &[msg, excs.clone()],
    )
}

/// Whether a leaf exception matches a `split`/`subgroup` condition.
fn condition_matches(vm: &Vm, cond: &Value, e: &Value) -> PyResult<bool> {
    if let Value::Obj(t) = cond
        && t.downcast::<TypeData>().is_some()
    {
        return Ok(vm.is_instance(e, t));
    }
    if let Some(items) = tuple::tuple_items(cond) {
        return Ok(items
            .iter()
            .any(|t| matches!(t, Value::Obj(t) if vm.is_instance(e, t))));
    }
    if vm.is_callable(cond) {
        let r = vm.call(cond, std::slice::from_ref(e))?;
        return vm.truthy(&r);
    }
    Err(vm.type_error("expected an exception type, a tuple of exception types, or a callable (other than a class)"))
}

/// Splits a group by `cond`: the matching part and the rest.
pub fn split_group(
    vm: &Vm,
    group: &Value,
    cond: &Value,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if condition_matches(vm, cond, group)? {
        return Ok((Some(group.clone()), None));
    }
    let is_group = vm.is_instance(group, &vm.types.exc.base_exception_group);
    if !is_group {
        return Ok((None, Some(group.clone())));
    }
    let (_, excs) = group_parts(vm, group)?;
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for e in &excs {
        let (m, r) = split_group(vm, e, cond)?;
        yes.extend(m);
        no.extend(r);
    }
    let derive = |parts: Vec<Value>| -> PyResult<Option<Value>> {
        if parts.is_empty() {
            return Ok(None);
        }
        let new = vm.call_method(group, "derive", &[list::new_list(vm, parts)])?;
        copy_group_metadata(vm, group, &new)?;
        Ok(Some(new))
    };
    Ok((derive(yes)?, derive(no)?))
}

fn copy_group_metadata(vm: &Vm, from: &Value, to: &Value) -> PyResult<()> {
    let (Some(f), Some(t)) = (exc(from), exc(to)) else {
        return Ok(());
    };
    *t.traceback.borrow_mut() = f.traceback.borrow().clone();
    *t.cause.borrow_mut() = f.cause.borrow().clone();
    *t.context.borrow_mut() = f.context.borrow().clone();
    if let (Value::Obj(fo), Value::Obj(to)) = (from, to)
        && let Some(notes) = fo
            .dict()
            .and_then(|d| dict::get_str(vm, &d, &vm.name("__notes__")))
    {
        set(vm, to, "__notes__", notes);
    }
    Ok(())
}

fn group_split(vm: &Vm, args: Args<'_>, both: bool) -> PyResult<Value> {
    let [me, cond] = args.check(vm, if both { "split" } else { "subgroup" }, 2, 2)? else {
        unreachable!()
    };
    let (m, r) = split_group(vm, me, cond)?;
    if both {
        return Ok(tuple::new_tuple(
            vm,
            vec![m.unwrap_or(Value::None), r.unwrap_or(Value::None)],
        ));
    }
    Ok(m.unwrap_or(Value::None))
}
