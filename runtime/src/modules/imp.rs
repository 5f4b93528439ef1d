//! `_imp` and `_warnings`: the builtin parts CPython's `importlib` sets
//! itself up from. Pyrite's own import system (import.rs) loads modules;
//! these let `importlib`'s pure-Python bootstrap run beside it, so modules
//! that use `importlib.machinery` or `importlib.util` (inspect, unittest,
//! pkgutil) import.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::add_functions;
use crate::types::str::as_str;
use crate::types::{dict, list, module};
use crate::value::Value;
use crate::vm::Vm;

/// CPython 3.14's bytecode magic number as `importlib` reads it: the
/// magic (3627) followed by `\r\n`, little-endian.
const MAGIC_TOKEN: i64 = 3627 | ((b'\r' as i64) << 16) | ((b'\n' as i64) << 24);

/// Modules that exist before any import and cannot be created again.
const CORE: [&str; 2] = ["sys", "builtins"];

fn name_arg(vm: &Vm, args: &Args<'_>, fname: &str) -> PyResult<String> {
    let [n] = args.check(vm, fname, 1, 1)? else {
        unreachable!()
    };
    vm.str_string(n)
}

fn is_builtin(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let name = name_arg(vm, &args, "is_builtin")?;
    let answer = if CORE.contains(&name.as_str()) {
        -1
    } else {
        i64::from(crate::modules::names().any(|n| n == name))
    };
    Ok(Value::Int(answer))
}

fn create_builtin(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [spec] = args.check(vm, "create_builtin", 1, 1)? else {
        unreachable!()
    };
    let name = vm.getattr(spec, "name")?;
    let name = as_str(&name)
        .ok_or_else(|| vm.type_error("name must be string"))?
        .to_string();
    if let Some(m) = crate::import::find_module(vm, &name) {
        return Ok(Value::Obj(m));
    }
    match crate::modules::build(vm, &name) {
        Some(m) => Ok(Value::Obj(m)),
        None => {
            let e = vm.new_exception(
                &vm.types.exc.import_error,
                format!("no built-in module named {name}"),
            );
            Err(e)
        }
    }
}

fn not_frozen(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let name = name_arg(vm, &args, "get_frozen_object")?;
    Err(vm.new_exception(
        &vm.types.exc.import_error,
        format!("No such frozen object named '{name}'"),
    ))
}

/// Builds `_imp`.
pub fn init_imp(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_imp");
    let none: NativeFn = |_, _| Ok(Value::None);
    let no: NativeFn = |_, _| Ok(Value::Bool(false));
    add_functions(
        vm,
        &m,
        "_imp",
        &[
            ("is_builtin", is_builtin as NativeFn),
            ("create_builtin", create_builtin),
            ("exec_builtin", |_, _| Ok(Value::Int(0))),
            ("exec_dynamic", |_, _| Ok(Value::Int(0))),
            ("is_frozen", no),
            ("is_frozen_package", no),
            ("lock_held", no),
            ("find_frozen", none),
            ("get_frozen_object", not_frozen),
            ("init_frozen", not_frozen),
            ("create_dynamic", |vm, _| {
                Err(vm.new_exception(
                    &vm.types.exc.import_error,
                    "extension modules cannot be loaded by Pyrite",
                ))
            }),
            ("acquire_lock", none),
            ("release_lock", none),
            ("_fix_co_filename", none),
            ("_override_frozen_modules_for_tests", none),
            ("_override_multi_interp_extensions_check", |_, _| {
                Ok(Value::Int(-1))
            }),
            ("extension_suffixes", |vm, _| {
                Ok(list::new_list(vm, Vec::new()))
            }),
            ("_frozen_module_names", |vm, _| {
                Ok(crate::types::tuple::new_tuple(vm, Vec::new()))
            }),
        ],
    );
    let d = module::module_dict(&m);
    for (k, v) in [
        ("pyc_magic_number_token", Value::Int(MAGIC_TOKEN)),
        ("check_hash_based_pycs", vm.new_str("default")),
    ] {
        dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    }
    m
}

/// `_warnings.warn(message, category=None, stacklevel=1, source=None)`,
/// through the `warnings` module.
fn warn(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(
        vm,
        "warn",
        &[
            "message",
            "category",
            "stacklevel",
            "source",
            "skip_file_prefixes",
        ],
        1,
        0,
        5,
    )?;
    let warnings = crate::import::import_module(vm, "warnings")?;
    let f = vm.getattr(&warnings, "warn")?;
    let mut pos = vec![a[0].clone().expect("required")];
    pos.push(a[1].clone().unwrap_or(Value::None));
    pos.push(a[2].clone().unwrap_or(Value::Int(1)));
    vm.call(&f, &pos)
}

/// Builds `_warnings`: only `warn`; `warnings` keeps its own filters
/// (its pure-Python implementation, as when the C accelerator is missing).
pub fn init_warnings(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_warnings");
    add_functions(vm, &m, "_warnings", &[("warn", warn as NativeFn)]);
    m
}
