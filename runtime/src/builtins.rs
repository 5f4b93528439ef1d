//! The `builtins` module: the builtin functions, types, constants and
//! exceptions every module sees.

use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::{BinOp, CmpOp};
use crate::types::builtin::free_builtin;
use crate::types::str::{as_str, str_data};
use crate::types::typeobj::{self, TypeData, lookup};
use crate::types::{dict, list, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::parser::Mode;

/// Fills the `builtins` module.
pub fn init(vm: &Vm) {
    let m = &vm.builtins;
    let d = module::module_dict(m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    set(
        "__doc__",
        vm.new_str("Built-in functions, types, exceptions, and other objects."),
    );
    set("__package__", vm.name(""));
    set("__loader__", Value::None);
    set("__spec__", Value::None);
    set("__debug__", Value::Bool(true));
    set("None", Value::None);
    set("Ellipsis", Value::Obj(vm.ellipsis.clone()));
    set("NotImplemented", Value::Obj(vm.not_implemented.clone()));
    set("True", Value::Bool(true));
    set("False", Value::Bool(false));
    let t = &vm.types;
    for (name, ty) in [
        ("object", &t.object),
        ("type", &t.type_),
        ("int", &t.int),
        ("bool", &t.bool_),
        ("float", &t.float),
        ("complex", &t.complex),
        ("str", &t.str),
        ("bytes", &t.bytes),
        ("bytearray", &t.bytearray),
        ("tuple", &t.tuple),
        ("list", &t.list),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("memoryview", &t.memoryview),
        ("slice", &t.slice),
        ("property", &t.property),
        ("classmethod", &t.classmethod),
        ("staticmethod", &t.staticmethod),
        ("super", &t.super_),
        ("enumerate", &t.enumerate),
        ("zip", &t.zip),
        ("map", &t.map),
        ("filter", &t.filter),
        ("reversed", &t.reversed),
    ] {
        set(name, Value::Obj(ty.clone()));
    }
    for (name, ty) in vm.types.exc.named() {
        set(name, Value::Obj(ty.clone()));
    }
    set("EnvironmentError", Value::Obj(t.exc.os_error.clone()));
    set("IOError", Value::Obj(t.exc.os_error.clone()));
    let funcs: &[(&'static str, NativeFn)] = &[
        ("print", builtin_print),
        ("len", |vm, a| {
            let [x] = a.check(vm, "len", 1, 1)? else {
                unreachable!()
            };
            Ok(Value::Int(vm.len(x)? as i64))
        }),
        ("repr", |vm, a| {
            let [x] = a.check(vm, "repr", 1, 1)? else {
                unreachable!()
            };
            vm.repr(x)
        }),
        ("ascii", |vm, a| {
            let [x] = a.check(vm, "ascii", 1, 1)? else {
                unreachable!()
            };
            Ok(vm.new_str(&crate::format::percent::ascii_repr(vm, x)?))
        }),
        ("abs", |vm, a| {
            let [x] = a.check(vm, "abs", 1, 1)? else {
                unreachable!()
            };
            match x {
                Value::Int(i) if *i != i64::MIN => Ok(Value::Int(i.abs())),
                Value::Float(f) => Ok(Value::Float(f.abs())),
                _ => vm.unary_op(x, "__abs__", "abs()").map_err(|_| {
                    vm.type_error(format!("bad operand type for abs(): '{}'", vm.type_name(x)))
                }),
            }
        }),
        ("all", |vm, a| {
            let [x] = a.check(vm, "all", 1, 1)? else {
                unreachable!()
            };
            let it = vm.iter(x)?;
            while let Some(v) = vm.next(&it)? {
                if !vm.truthy(&v)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }),
        ("any", |vm, a| {
            let [x] = a.check(vm, "any", 1, 1)? else {
                unreachable!()
            };
            let it = vm.iter(x)?;
            while let Some(v) = vm.next(&it)? {
                if vm.truthy(&v)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }),
        ("bin", |vm, a| radix(vm, a, "bin", 2, "0b")),
        ("oct", |vm, a| radix(vm, a, "oct", 8, "0o")),
        ("hex", |vm, a| radix(vm, a, "hex", 16, "0x")),
        ("callable", |vm, a| {
            let [x] = a.check(vm, "callable", 1, 1)? else {
                unreachable!()
            };
            Ok(Value::Bool(vm.is_callable(x)))
        }),
        ("chr", builtin_chr),
        ("ord", builtin_ord),
        ("dir", builtin_dir),
        ("divmod", |vm, a| {
            let [x, y] = a.check(vm, "divmod", 2, 2)? else {
                unreachable!()
            };
            let r = vm.binary_op1(x, y, "__divmod__", "__rdivmod__")?;
            if vm.is_not_implemented(&r) {
                return Err(vm.unsupported_operands("divmod()", x, y));
            }
            Ok(r)
        }),
        ("format", |vm, a| {
            let p = a.check(vm, "format", 1, 2)?;
            let spec = match p.get(1) {
                Some(s) => str_data(s)
                    .ok_or_else(|| {
                        vm.type_error(format!(
                            "format() argument 2 must be str, not {}",
                            vm.type_name(s)
                        ))
                    })?
                    .to_lossy()
                    .into_owned(),
                None => String::new(),
            };
            vm.format(&p[0], &spec)
        }),
        ("getattr", builtin_getattr),
        ("setattr", |vm, a| {
            let [o, n, v] = a.check(vm, "setattr", 3, 3)? else {
                unreachable!()
            };
            let name = crate::attr::attr_name(vm, n)?;
            vm.setattr(o, &name, Some(v.clone()))?;
            Ok(Value::None)
        }),
        ("delattr", |vm, a| {
            let [o, n] = a.check(vm, "delattr", 2, 2)? else {
                unreachable!()
            };
            let name = crate::attr::attr_name(vm, n)?;
            vm.setattr(o, &name, None)?;
            Ok(Value::None)
        }),
        ("hasattr", |vm, a| {
            let [o, n] = a.check(vm, "hasattr", 2, 2)? else {
                unreachable!()
            };
            let name = crate::attr::attr_name(vm, n)?;
            match vm.getattr_obj(o, &name) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(e) if e.matches(vm, &vm.types.exc.attribute_error) => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }),
        ("globals", |vm, _| {
            crate::frame::record_at(0)
                .map(|r| Value::Obj(r.globals.clone()))
                .ok_or_else(|| vm.runtime_error("globals(): no current frame"))
        }),
        ("locals", |vm, _| crate::frame::current_locals(vm)),
        ("vars", builtin_vars),
        ("hash", |vm, a| {
            let [x] = a.check(vm, "hash", 1, 1)? else {
                unreachable!()
            };
            Ok(Value::Int(vm.hash(x)?))
        }),
        ("id", |vm, a| {
            let [x] = a.check(vm, "id", 1, 1)? else {
                unreachable!()
            };
            Ok(Value::Int(vm.id_of(x) as i64))
        }),
        ("input", builtin_input),
        ("isinstance", |vm, a| {
            let [x, c] = a.check(vm, "isinstance", 2, 2)? else {
                unreachable!()
            };
            Ok(Value::Bool(isinstance(vm, x, c)?))
        }),
        ("issubclass", |vm, a| {
            let [x, c] = a.check(vm, "issubclass", 2, 2)? else {
                unreachable!()
            };
            Ok(Value::Bool(issubclass(vm, x, c)?))
        }),
        ("iter", |vm, a| {
            let p = a.check(vm, "iter", 1, 2)?;
            if let Some(sentinel) = p.get(1) {
                if !vm.is_callable(&p[0]) {
                    return Err(vm.type_error("iter(v, w): v must be callable"));
                }
                return Ok(crate::types::iterators::new_callable_iter(
                    vm,
                    p[0].clone(),
                    sentinel.clone(),
                ));
            }
            vm.iter(&p[0])
        }),
        ("next", |vm, a| {
            let p = a.check(vm, "next", 1, 2)?;
            if lookup(vm, &vm.type_of(&p[0]), "__next__").is_none()
                && p[0]
                    .downcast::<crate::types::iterators::IteratorData>()
                    .is_none()
                && p[0].as_obj().is_none_or(|o| o.kind() != Kind::Generator)
            {
                return Err(vm.type_error(format!(
                    "'{}' object is not an iterator",
                    vm.type_name(&p[0])
                )));
            }
            if let Value::Obj(g) = &p[0]
                && g.ty_is(&vm.types.generator)
            {
                // A generator's StopIteration carries its return value.
                return match crate::types::generator::send(vm, g, Value::None) {
                    Err(e) if p.len() == 2 && e.matches(vm, &vm.types.exc.stop_iteration) => {
                        Ok(p[1].clone())
                    }
                    r => r,
                };
            }
            match vm.next(&p[0])? {
                Some(v) => Ok(v),
                None => match p.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(vm.stop_iteration(None)),
                },
            }
        }),
        ("max", |vm, a| min_max(vm, a, "max", CmpOp::Gt)),
        ("min", |vm, a| min_max(vm, a, "min", CmpOp::Lt)),
        ("sum", builtin_sum),
        ("sorted", |vm, a| {
            if a.pos.len() != 1 {
                return Err(
                    vm.type_error(format!("sorted expected 1 argument, got {}", a.pos.len()))
                );
            }
            let l = list::new_list(vm, vm.iterate(&a.pos[0])?);
            let sort = vm.getattr(&l, "sort")?;
            vm.call_args(&sort, Args { pos: &[], ..a })?;
            Ok(l)
        }),
        ("round", |vm, a| {
            let b = a.bind(vm, "round", &["number", "ndigits"], 1, 0, 2)?;
            let x = b[0].clone().expect("required");
            let f = lookup(vm, &vm.type_of(&x), "__round__").ok_or_else(|| {
                vm.type_error(format!(
                    "type {} doesn't define __round__ method",
                    vm.type_name(&x)
                ))
            })?;
            let args: Vec<Value> = b[1].clone().filter(|n| !n.is_none()).into_iter().collect();
            vm.call_with_self(&f, &x, Args::positional(&args))
        }),
        ("pow", |vm, a| {
            let b = a.bind(vm, "pow", &["base", "exp", "mod"], 2, 0, 3)?;
            let m = b[2].clone().unwrap_or(Value::None);
            vm.pow3(
                b[0].as_ref().expect("required"),
                b[1].as_ref().expect("required"),
                &m,
            )
        }),
        ("open", crate::io::open),
        ("exec", |vm, a| exec_eval(vm, a, "exec")),
        ("eval", |vm, a| exec_eval(vm, a, "eval")),
        ("compile", builtin_compile),
        ("__import__", builtin_import),
        ("__build_class__", build_class),
        ("aiter", |vm, a| {
            let [x] = a.check(vm, "aiter", 1, 1)? else {
                unreachable!()
            };
            vm.call_method(x, "__aiter__", &[])
        }),
        ("anext", builtin_anext),
        ("breakpoint", |_vm, _a| Ok(Value::None)),
    ];
    for &(name, f) in funcs {
        set(name, free_builtin(vm, name, f, Some("builtins")));
    }
    dict::set_item(vm, &vm.modules, vm.name("builtins"), Value::Obj(m.clone())).expect("str keys");
}

/// `anext(iterator[, default])`: the awaitable `__anext__` returns; with a
/// default, a coroutine that awaits it and gives the default on
/// `StopAsyncIteration` (written in Python, as PyPy writes some builtins).
fn builtin_anext(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "anext", 1, 2)?;
    let ty = vm.type_of(&p[0]);
    let Some(anext) = crate::types::typeobj::lookup(vm, &ty, "__anext__") else {
        return Err(vm.type_error(format!(
            "'{}' object is not an async iterator",
            vm.type_name(&p[0])
        )));
    };
    let awaitable = vm.call_with_self(&anext, &p[0], Args::positional(&[]))?;
    let Some(default) = p.get(1) else {
        return Ok(awaitable);
    };
    vm.call(&anext_with_default(vm)?, &[awaitable, default.clone()])
}

/// The coroutine function behind `anext` with a default, made once.
fn anext_with_default(vm: &Vm) -> PyResult<Value> {
    if let Some(f) = vm.anext_helper.get() {
        return Ok(f.clone());
    }
    const SOURCE: &str = "async def anext(awaitable, default):\n    try:\n        return await awaitable\n    except StopAsyncIteration:\n        return default\n";
    let code = crate::import::compile_source(
        vm,
        SOURCE.as_bytes(),
        "<builtins>",
        pyrite_compiler::parser::Mode::Exec,
    )?;
    // (Without `__builtins__`, the code runs with the interpreter's.)
    let globals = dict::new_dict(&vm.types);
    crate::import::run_code(vm, code, &globals, None)?;
    let f = dict::get_str(vm, &globals, &vm.name("anext"))
        .ok_or_else(|| vm.runtime_error("anext helper missing"))?;
    Ok(vm.anext_helper.get_or_init(|| f).clone())
}

fn builtin_print(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let mut sep: Option<Value> = None;
    let mut end: Option<Value> = None;
    let mut file: Option<Value> = None;
    let mut flush = false;
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        match as_str(k).unwrap_or("") {
            "sep" => sep = Some(v.clone()),
            "end" => end = Some(v.clone()),
            "file" => file = Some(v.clone()),
            "flush" => flush = vm.truthy(v)?,
            other => {
                return Err(vm.type_error(format!(
                    "print() got an unexpected keyword argument '{other}'"
                )));
            }
        }
    }
    let text_arg = |v: Option<Value>, what: &str, default: &str| -> PyResult<String> {
        match v {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(s) => match str_data(&s) {
                Some(d) => Ok(d.to_lossy().into_owned()),
                None => Err(vm.type_error(format!(
                    "{what} must be None or a string, not {}",
                    vm.type_name(&s)
                ))),
            },
        }
    };
    let sep = text_arg(sep, "sep", " ")?;
    let end = text_arg(end, "end", "\n")?;
    let file = match file {
        Some(f) if !f.is_none() => f,
        _ => {
            let sys = vm.sys.borrow().clone();
            match sys.and_then(|s| dict::get_str(vm, &s.dict()?, &vm.name("stdout"))) {
                Some(f) if !f.is_none() => f,
                _ => return Ok(Value::None),
            }
        }
    };
    if !crate::io::is_file(&file) {
        // Another file object sees each piece written separately, as
        // CPython writes them.
        for (i, a) in args.pos.iter().enumerate() {
            if i > 0 {
                crate::io::write_to(vm, &file, &vm.new_str(&sep))?;
            }
            let s = vm.str(a)?;
            crate::io::write_to(vm, &file, &s)?;
        }
        crate::io::write_to(vm, &file, &vm.new_str(&end))?;
        if flush {
            crate::io::flush(vm, &file)?;
        }
        return Ok(Value::None);
    }
    let mut out = String::new();
    for (i, a) in args.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match a {
            Value::Obj(o) if o.ty_is(&vm.types.str) => {
                out.push_str(&o.payload::<crate::types::str::StrData>().to_lossy())
            }
            _ => {
                let s = vm.str(a)?;
                match str_data(&s) {
                    Some(d) if d.as_str().is_some() => out.push_str(d.as_str().expect("checked")),
                    Some(_) => {
                        // Surrogates: write what we have, then the string itself.
                        crate::io::write_to(vm, &file, &vm.new_str(&out))?;
                        out.clear();
                        crate::io::write_to(vm, &file, &s)?;
                    }
                    None => out.push_str(&vm.str_string(&s)?),
                }
            }
        }
    }
    out.push_str(&end);
    crate::io::write_to(vm, &file, &vm.new_str(&out))?;
    if flush {
        crate::io::flush(vm, &file)?;
    }
    Ok(Value::None)
}

fn radix(vm: &Vm, args: Args<'_>, name: &str, base: u32, prefix: &str) -> PyResult<Value> {
    let [x] = args.check(vm, name, 1, 1)? else {
        unreachable!()
    };
    let i = vm.index(x)?;
    let n = crate::types::int::int_val(&i).expect("index returns int");
    let digits = crate::types::int::int_to_base(&n, base);
    Ok(vm.new_str(&match digits.strip_prefix('-') {
        Some(d) => format!("-{prefix}{d}"),
        None => format!("{prefix}{digits}"),
    }))
}

fn builtin_chr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "chr", 1, 1)? else {
        unreachable!()
    };
    let i = match vm.index(x) {
        Ok(i) => i,
        Err(_) => {
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(x)
            )));
        }
    };
    match i {
        Value::Int(n) if (0..=0x10FFFF).contains(&n) => Ok(vm.new_char(n as u32)),
        Value::Int(_) | Value::Bool(_) => Err(vm.value_error("chr() arg not in range(0x110000)")),
        _ => Err(vm.overflow_error("Python int too large to convert to C int")),
    }
}

fn builtin_ord(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [x] = args.check(vm, "ord", 1, 1)? else {
        unreachable!()
    };
    if let Some(s) = str_data(x) {
        if s.len() != 1 {
            return Err(vm.type_error(format!(
                "ord() expected a character, but string of length {} found",
                s.len()
            )));
        }
        return Ok(Value::Int(i64::from(s.char_at(0))));
    }
    if let Ok(b) = crate::types::bytes::bytes_like(vm, x) {
        if b.len() != 1 {
            return Err(vm.type_error(format!(
                "ord() expected a character, but string of length {} found",
                b.len()
            )));
        }
        return Ok(Value::Int(i64::from(b[0])));
    }
    Err(vm.type_error(format!(
        "ord() expected string of length 1, but {} found",
        vm.type_name(x)
    )))
}

fn builtin_dir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "dir", 0, 1)?;
    let names = match p.first() {
        None => {
            let locals = crate::frame::current_locals(vm)?;
            vm.call_method(&locals, "keys", &[])?
        }
        Some(x) => {
            let f = lookup(vm, &vm.type_of(x), "__dir__")
                .ok_or_else(|| vm.type_error("object does not provide __dir__"))?;
            vm.call_with_self(&f, x, Args::positional(&[]))?
        }
    };
    let l = list::new_list(vm, vm.iterate(&names)?);
    list::sort_list(vm, l.as_obj().expect("list"), None, false)?;
    Ok(l)
}

fn builtin_getattr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "getattr", 2, 3)?;
    let name = match as_str(&p[1]) {
        Some(s) => vm.intern(s),
        None => {
            return Err(vm.type_error(format!(
                "attribute name must be string, not '{}'",
                vm.type_name(&p[1])
            )));
        }
    };
    match vm.getattr_obj(&p[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if p.len() == 3 && e.matches(vm, &vm.types.exc.attribute_error) => Ok(p[2].clone()),
        Err(e) => Err(e),
    }
}

fn builtin_vars(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "vars", 0, 1)?;
    match p.first() {
        None => crate::frame::current_locals(vm),
        Some(x) => vm.getattr(x, "__dict__").map_err(|e| {
            if e.matches(vm, &vm.types.exc.attribute_error) {
                vm.type_error("vars() argument must have __dict__ attribute")
            } else {
                e
            }
        }),
    }
}

fn builtin_input(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "input", 0, 1)?;
    if let Some(prompt) = p.first() {
        let s = vm.str(prompt)?;
        crate::io::write_stdout(vm, &vm.str_string(&s)?)?;
    }
    crate::io::flush_std(vm);
    match crate::io::read_stdin_line(vm)? {
        Some(line) => Ok(vm.new_str(line.strip_suffix('\n').unwrap_or(&line))),
        None => Err(vm.new_exception(&vm.types.exc.eof_error, "EOF when reading a line")),
    }
}

fn class_info_error(vm: &Vm, fname: &str) -> crate::error::PyErr {
    let what = if fname == "isinstance" {
        "isinstance() arg 2"
    } else {
        "issubclass() arg 2"
    };
    vm.type_error(format!(
        "{what} must be a type, a tuple of types, or a union"
    ))
}

/// `isinstance(x, cls)` with `__instancecheck__`, tuples and unions.
pub fn isinstance(vm: &Vm, x: &Value, cls: &Value) -> PyResult<bool> {
    if let Value::Obj(c) = cls
        && c.ty_is(&vm.types.type_)
    {
        return Ok(vm.is_instance(x, c) || instance_via_class_attr(vm, x, c)?);
    }
    if let Some(items) = tuple::tuple_items(cls) {
        for c in items {
            if isinstance(vm, x, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(args) = crate::types::native::union_args(cls) {
        for c in &args {
            if isinstance(vm, x, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(check) = lookup(vm, &vm.type_of(cls), "__instancecheck__") {
        let r = vm.call_with_self(&check, cls, Args::positional(std::slice::from_ref(x)))?;
        return vm.truthy(&r);
    }
    Err(class_info_error(vm, "isinstance"))
}

fn instance_via_class_attr(vm: &Vm, x: &Value, c: &ObjRef) -> PyResult<bool> {
    if x.as_obj()
        .is_none_or(|o| !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE))
    {
        return Ok(false);
    }
    match vm.getattr_opt(x, "__class__")? {
        Some(Value::Obj(k)) if k.downcast::<TypeData>().is_some() => Ok(typeobj::is_subtype(&k, c)),
        _ => Ok(false),
    }
}

/// `issubclass(x, cls)`.
pub fn issubclass(vm: &Vm, x: &Value, cls: &Value) -> PyResult<bool> {
    if let Value::Obj(c) = cls
        && c.ty_is(&vm.types.type_)
    {
        return match x {
            Value::Obj(k) if k.downcast::<TypeData>().is_some() => Ok(typeobj::is_subtype(k, c)),
            _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
        };
    }
    if let Some(items) = tuple::tuple_items(cls) {
        for c in items {
            if issubclass(vm, x, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(args) = crate::types::native::union_args(cls) {
        for c in &args {
            if issubclass(vm, x, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(check) = lookup(vm, &vm.type_of(cls), "__subclasscheck__") {
        let r = vm.call_with_self(&check, cls, Args::positional(std::slice::from_ref(x)))?;
        return vm.truthy(&r);
    }
    Err(class_info_error(vm, "issubclass"))
}

fn min_max(vm: &Vm, args: Args<'_>, name: &str, op: CmpOp) -> PyResult<Value> {
    let mut key: Option<Value> = None;
    let mut default: Option<Value> = None;
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        match as_str(k).unwrap_or("") {
            "key" => key = Some(v.clone()).filter(|k| !k.is_none()),
            "default" => default = Some(v.clone()),
            other => {
                return Err(vm.type_error(format!(
                    "{name}() got an unexpected keyword argument '{other}'"
                )));
            }
        }
    }
    let items = match args.pos.len() {
        0 => return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => vm.iterate(&args.pos[0])?,
        _ => {
            if default.is_some() {
                return Err(vm.type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.pos.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        best = match best {
            None => Some((k, item)),
            Some((bk, bv)) => {
                let r = vm.compare(&k, &bk, op)?;
                if vm.truthy(&r)? {
                    Some((k, item))
                } else {
                    Some((bk, bv))
                }
            }
        };
    }
    match best {
        Some((_, v)) => Ok(v),
        None => {
            default.ok_or_else(|| vm.value_error(format!("{name}() iterable argument is empty")))
        }
    }
}

fn builtin_sum(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args.bind(vm, "sum", &["iterable", "start"], 1, 1, 2)?;
    let start = b[1].clone().unwrap_or(Value::Int(0));
    if str_data(&start).is_some() {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    if start.downcast::<crate::types::bytes::BytesData>().is_some() {
        return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
    }
    if start
        .downcast::<crate::types::bytes::ByteArrayData>()
        .is_some()
    {
        return Err(vm.type_error("sum() can't sum bytearray [use b''.join(seq) instead]"));
    }
    let it = vm.iter(b[0].as_ref().expect("required"))?;
    let mut acc = start;
    // Machine ints while they last.
    let mut pending: Option<Value> = None;
    if let Value::Int(mut i) = acc {
        loop {
            match vm.next(&it)? {
                Some(Value::Int(x)) => match i.checked_add(x) {
                    Some(s) => i = s,
                    None => {
                        pending = Some(Value::Int(x));
                        break;
                    }
                },
                Some(Value::Bool(x)) => i += i64::from(x),
                Some(other) => {
                    pending = Some(other);
                    break;
                }
                None => return Ok(Value::Int(i)),
            }
        }
        acc = Value::Int(i);
    }
    // Floats with Neumaier's compensated summation, as CPython does.
    if matches!(pending, Some(Value::Float(_))) || matches!(acc, Value::Float(_)) {
        let mut sum = match &acc {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            _ => 0.0,
        };
        if matches!(acc, Value::Int(_) | Value::Float(_)) {
            let mut comp = 0.0f64;
            let mut next = pending.take();
            loop {
                let x = match next.take() {
                    Some(x) => x,
                    None => match vm.next(&it)? {
                        Some(x) => x,
                        None => {
                            let r = sum + comp;
                            return Ok(Value::Float(if comp != 0.0 && r.is_finite() {
                                r
                            } else {
                                sum + comp
                            }));
                        }
                    },
                };
                let f = match x {
                    Value::Float(f) => f,
                    Value::Int(i) => i as f64,
                    Value::Bool(b) => f64::from(u8::from(b)),
                    other => {
                        acc = Value::Float(sum + comp);
                        pending = Some(other);
                        break;
                    }
                };
                let t = sum + f;
                if t.is_finite() {
                    if sum.abs() >= f.abs() {
                        comp += (sum - t) + f;
                    } else {
                        comp += (f - t) + sum;
                    }
                }
                sum = t;
            }
        }
    }
    if let Some(p) = pending {
        acc = vm.binary_op(&acc, &p, BinOp::Add)?;
    }
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, BinOp::Add)?;
    }
    Ok(acc)
}

fn source_arg(vm: &Vm, v: &Value, fname: &str) -> PyResult<Option<Vec<u8>>> {
    if let Some(s) = str_data(v) {
        return Ok(Some(s.to_lossy().into_owned().into_bytes()));
    }
    if let Ok(b) = crate::types::bytes::bytes_like(vm, v) {
        return Ok(Some(b));
    }
    if v.downcast::<crate::types::function::CodeData>().is_some() {
        return Ok(None);
    }
    Err(vm.type_error(format!(
        "{fname}() arg 1 must be a string, bytes or code object"
    )))
}

fn exec_eval(vm: &Vm, args: Args<'_>, fname: &str) -> PyResult<Value> {
    let b = args.bind(
        vm,
        fname,
        &["source", "globals", "locals", "closure"],
        1,
        1,
        4,
    )?;
    let src = b[0].clone().expect("required");
    let globals = match &b[1] {
        Some(Value::Obj(g)) if g.kind() == Kind::Dict => g.clone(),
        Some(Value::None) | None => match crate::frame::record_at(0) {
            Some(r) => r.globals.clone(),
            None => return Err(vm.runtime_error(format!("{fname}() needs globals"))),
        },
        Some(g) => {
            return Err(vm.type_error(if fname == "exec" {
                format!("exec() globals must be a dict, not {}", vm.type_name(g))
            } else {
                "globals must be a real dict; try eval(expr, {}, mapping)".to_string()
            }));
        }
    };
    let locals = match &b[2] {
        Some(Value::None) | None => {
            if matches!(&b[1], Some(Value::Obj(_))) {
                Value::Obj(globals.clone())
            } else {
                crate::frame::current_locals(vm)?
            }
        }
        Some(l) => l.clone(),
    };
    if dict::get_str(vm, &globals, &vm.name("__builtins__")).is_none() {
        dict::set_item(
            vm,
            &globals,
            vm.name("__builtins__"),
            Value::Obj(vm.builtins.clone()),
        )?;
    }
    let code = match source_arg(vm, &src, fname)? {
        Some(mut text) => {
            let mode = if fname == "eval" {
                // eval() ignores leading whitespace.
                let skip = text
                    .iter()
                    .take_while(|c| **c == b' ' || **c == b'\t')
                    .count();
                text.drain(..skip);
                Mode::Eval
            } else {
                Mode::Exec
            };
            crate::import::compile_source(vm, &text, "<string>", mode)?
        }
        None => src.as_obj().expect("code").clone(),
    };
    let r = crate::import::run_code(vm, code, &globals, Some(locals))?;
    Ok(if fname == "exec" { Value::None } else { r })
}

fn builtin_compile(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args.bind(
        vm,
        "compile",
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        3,
        0,
        7,
    )?;
    let src = b[0].clone().expect("required");
    let filename = vm.str_string(b[1].as_ref().expect("required"))?;
    let mode = vm.str_string(b[2].as_ref().expect("required"))?;
    let mode = match mode.as_str() {
        "exec" => Mode::Exec,
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        "func_type" => Mode::FuncType,
        _ => return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    let flags = match &b[3] {
        Some(f) => vm.index_i64(f)?,
        None => 0,
    };
    let only_ast = flags & crate::modules::ast::PYCF_ONLY_AST != 0;
    if crate::modules::ast::is_ast(vm, &src) {
        let parsed = crate::modules::ast::objects_to_tree(vm, &src, mode)?;
        if only_ast {
            return Ok(src);
        }
        return Ok(Value::Obj(crate::import::compile_parsed(
            vm, &parsed, &filename,
        )?));
    }
    if only_ast {
        let Some(text) = source_arg(vm, &src, "compile")? else {
            return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
        };
        let parsed = crate::import::parse_for_compile(vm, &text, &filename, mode)?;
        return Ok(crate::modules::ast::tree_to_objects(vm, &parsed));
    }
    match source_arg(vm, &src, "compile")? {
        Some(text) => Ok(Value::Obj(crate::import::compile_source(
            vm, &text, &filename, mode,
        )?)),
        None => Ok(src),
    }
}

fn builtin_import(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args.bind(
        vm,
        "__import__",
        &["name", "globals", "locals", "fromlist", "level"],
        1,
        0,
        5,
    )?;
    let name = b[0].clone().expect("required");
    let name = as_str(&name)
        .ok_or_else(|| {
            vm.type_error(format!(
                "module name must be str, not {}",
                vm.type_name(&name)
            ))
        })?
        .to_string();
    let globals = match &b[1] {
        Some(Value::Obj(g)) if g.kind() == Kind::Dict => Some(g.clone()),
        _ => None,
    };
    let fromlist = b[3].clone().unwrap_or(Value::None);
    let level = match &b[4] {
        Some(l) => vm.index_i64(l)?,
        None => 0,
    };
    if level < 0 {
        return Err(vm.value_error("level must be >= 0"));
    }
    crate::import::import_name(vm, &name, globals.as_ref(), &fromlist, level)
}

/// `__build_class__(func, name, *bases, metaclass=..., **kwds)`.
fn build_class(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.pos.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let func = &args.pos[0];
    let Some(fobj) = func.as_obj().filter(|f| f.kind() == Kind::Function) else {
        return Err(vm.type_error("__build_class__: func must be a function"));
    };
    let name = &args.pos[1];
    if str_data(name).is_none() {
        return Err(vm.type_error("__build_class__: name is not a string"));
    }
    let orig_bases = args.pos[2..].to_vec();
    // PEP 560: bases that are not classes may substitute others.
    let mut bases: Vec<Value> = Vec::new();
    let mut changed = false;
    for b in &orig_bases {
        if b.as_obj().is_some_and(|o| o.kind() == Kind::Type) {
            bases.push(b.clone());
            continue;
        }
        match vm.getattr_opt(b, "__mro_entries__")? {
            Some(f) => {
                let r = vm.call(&f, &[tuple::new_tuple(vm, orig_bases.clone())])?;
                let items = tuple::tuple_items(&r)
                    .ok_or_else(|| vm.type_error("__mro_entries__ must return a tuple"))?;
                bases.extend(items.iter().cloned());
                changed = true;
            }
            None => bases.push(b.clone()),
        }
    }
    let mut meta: Option<Value> = None;
    let mut kwnames = Vec::new();
    let mut kwvalues = Vec::new();
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        if as_str(k) == Some("metaclass") {
            meta = Some(v.clone());
        } else {
            kwnames.push(k.clone());
            kwvalues.push(v.clone());
        }
    }
    let is_class = meta
        .as_ref()
        .is_none_or(|m| m.as_obj().is_some_and(|o| o.kind() == Kind::Type));
    let mut meta = match meta {
        Some(m) => m,
        None => match bases.first() {
            Some(b) => Value::Obj(vm.type_of(b)),
            None => Value::Obj(vm.types.type_.clone()),
        },
    };
    if is_class {
        // The most derived metaclass.
        let mut winner = meta.as_obj().expect("type").clone();
        for b in &bases {
            let bm = vm.type_of(b);
            if typeobj::is_subtype(&winner, &bm) {
                continue;
            }
            if typeobj::is_subtype(&bm, &winner) {
                winner = bm;
                continue;
            }
            return Err(vm.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
        meta = Value::Obj(winner);
    }
    let bases_t = tuple::new_tuple(vm, bases);
    let kw = Args {
        pos: &[],
        kwnames: &kwnames,
        kwvalues: &kwvalues,
    };
    let ns = match vm.getattr_opt(&meta, "__prepare__")? {
        Some(prep) => vm.call_args(
            &prep,
            Args {
                pos: &[name.clone(), bases_t.clone()],
                ..kw
            },
        )?,
        None => crate::types::dict::new_dict_value(vm),
    };
    if lookup(vm, &vm.type_of(&ns), "__getitem__").is_none() {
        let mname = if is_class {
            typeobj::type_name(meta.as_obj().expect("type"))
        } else {
            "<metaclass>".to_string()
        };
        return Err(vm.type_error(format!(
            "{mname}.__prepare__() must return a mapping, not {}",
            vm.type_name(&ns)
        )));
    }
    let mut frame = crate::types::function::frame_for_call(vm, fobj, None, Args::positional(&[]))?;
    frame.set_locals(ns.clone());
    let cell = vm.engine().run_frame(vm, frame)?;
    if changed {
        vm.setitem(
            &ns,
            vm.name("__orig_bases__"),
            tuple::new_tuple(vm, orig_bases),
        )?;
    }
    let cls = vm.call_args(
        &meta,
        Args {
            pos: &[name.clone(), bases_t, ns],
            ..kw
        },
    )?;
    if let Some(c) = cell.downcast::<crate::types::function::CellData>()
        && let Value::Obj(k) = &cls
        && k.kind() == Kind::Type
    {
        match c.get() {
            Some(v) if v.is(&cls) => {}
            Some(v) => {
                return Err(vm.type_error(format!(
                    "__class__ set to {} defining {} as {}",
                    vm.repr_string(&v)?,
                    vm.str_string(name)?,
                    vm.repr_string(&cls)?
                )));
            }
            None => {
                return Err(vm.runtime_error(format!(
                    "__class__ not set defining {} as {}. Was __classcell__ propagated to type.__new__?",
                    vm.repr_string(name)?,
                    vm.repr_string(&cls)?
                )));
            }
        }
    }
    Ok(cls)
}
