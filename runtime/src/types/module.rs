//! Module objects: a name and a dict of globals (the object's own attribute
//! dict), with PEP 562 `__getattr__` and CPython's error messages.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::{add_methods, add_static};
use crate::types::str::as_str;
use crate::types::{Types, dict};
use crate::value::Value;
use crate::vm::Vm;

/// The payload of a module (its globals live in the header's dict).
pub struct ModuleData;

/// A module whose dict holds only `__name__` (used before `str` methods
/// exist, while the interpreter boots).
pub fn new_module_raw(types: &Types, name: &str) -> ObjRef {
    let m = ObjRef::new(&types.module, ModuleData);
    let d = dict::new_dict(types);
    let key = Value::Obj(ObjRef::new(
        &types.str,
        crate::types::str::StrData::from_str("__name__"),
    ));
    let value = Value::Obj(ObjRef::new(
        &types.str,
        crate::types::str::StrData::from_str(name),
    ));
    dict::data(&d).set_str_raw(key, value);
    m.set_dict(Some(d));
    m
}

/// A new module with the usual dunder attributes.
pub fn new_module(vm: &Vm, name: &str) -> ObjRef {
    let m = ObjRef::new(&vm.types.module, ModuleData);
    let d = dict::new_dict(&vm.types);
    for (k, v) in [
        ("__name__", vm.new_str(name)),
        ("__doc__", Value::None),
        ("__package__", Value::None),
        ("__loader__", Value::None),
        ("__spec__", Value::None),
    ] {
        dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    }
    m.set_dict(Some(d));
    m
}

/// A module's globals dict.
pub fn module_dict(m: &ObjRef) -> ObjRef {
    m.dict().expect("modules have dicts")
}

/// The name of a module, for messages.
pub fn module_name(vm: &Vm, m: &ObjRef) -> Option<String> {
    let d = m.dict()?;
    let n = dict::get_str(vm, &d, &vm.name("__name__"))?;
    as_str(&n).map(str::to_string)
}

/// Attribute lookup on a module: the type's data descriptors, the module
/// dict, other type attributes, then the module's `__getattr__`.
pub fn module_getattr(vm: &Vm, m: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let obj = Value::Obj(m.clone());
    let ty = m.ty();
    let key = crate::attr::as_str_obj(name);
    if key == "__dict__" {
        return Ok(Value::Obj(module_dict(m)));
    }
    let d = module_dict(m);
    if let Some(v) = dict::get_str(vm, &d, &Value::Obj(name.clone())) {
        return Ok(v);
    }
    if let Some(descr) = crate::types::typeobj::lookup(vm, &ty, key) {
        return vm.bind_descriptor(&descr, &obj, &ty);
    }
    if let Some(getattr) = dict::get_str(vm, &d, &vm.name("__getattr__")) {
        return vm.call(&getattr, &[Value::Obj(name.clone())]);
    }
    let msg = match module_name(vm, m) {
        Some(n) => format!("module '{n}' has no attribute '{key}'"),
        None => format!("module has no attribute '{key}'"),
    };
    let err = vm.attribute_error(msg);
    crate::types::exception::set_attribute_error_context(vm, &err, &obj, key);
    Err(err)
}

/// Adds the methods of `module`.
pub fn init(vm: &Vm) {
    let t = &vm.types.module;
    add_methods(
        vm,
        t,
        &[
            ("__repr__", module_repr),
            ("__init__", module_init),
            ("__dir__", module_dir),
        ],
    );
    add_static(vm, t, "__new__", module_new);
}

fn module_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("module.__new__(X): X is not a type object")),
    };
    let m = ObjRef::new(&cls, ModuleData);
    m.set_dict(Some(dict::new_dict(&vm.types)));
    Ok(Value::Obj(m))
}

fn module_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let bound = args.shift().bind(vm, "module", &["name", "doc"], 1, 0, 2)?;
    let Value::Obj(m) = &args.pos[0] else {
        return Err(vm.type_error("module.__init__ needs a module"));
    };
    let name = bound[0].clone().expect("required");
    if as_str(&name).is_none() {
        return Err(vm.type_error(format!(
            "module.__init__() argument 'name' must be str, not {}",
            vm.type_name(&name)
        )));
    }
    let d = module_dict(m);
    for (k, v) in [
        ("__name__", name),
        ("__doc__", bound[1].clone().unwrap_or(Value::None)),
        ("__package__", Value::None),
        ("__loader__", Value::None),
        ("__spec__", Value::None),
    ] {
        dict::set_item(vm, &d, vm.name(k), v)?;
    }
    Ok(Value::None)
}

fn module_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Value::Obj(m) = &args.pos[0] else {
        return Err(vm.type_error("module.__repr__ needs a module"));
    };
    let d = module_dict(m);
    let name = dict::get_str(vm, &d, &vm.name("__name__"));
    let name = match &name {
        Some(n) => vm.repr_string(n)?,
        None => "'?'".to_string(),
    };
    if let Some(file) = dict::get_str(vm, &d, &vm.name("__file__")) {
        return Ok(vm.new_str(&format!("<module {name} from {}>", vm.repr_string(&file)?)));
    }
    Ok(vm.new_str(&format!("<module {name} (built-in)>")))
}

fn module_dir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Value::Obj(m) = &args.pos[0] else {
        return Err(vm.type_error("module.__dir__ needs a module"));
    };
    let d = module_dict(m);
    if let Some(f) = dict::get_str(vm, &d, &vm.name("__dir__")) {
        return vm.call(&f, &[]);
    }
    Ok(crate::types::list::new_list(vm, dict::data(&d).keys()))
}
