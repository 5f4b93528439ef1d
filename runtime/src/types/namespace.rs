//! `types.SimpleNamespace`: an object whose attributes are whatever it
//! was given (`sys.implementation`, `time.get_clock_info`, and Python code
//! through `types`). Made as a class over `object`, so instances carry a
//! plain `__dict__`; its methods are native.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::add_methods;
use crate::types::{dict, tuple, typeobj};
use crate::value::Value;
use crate::vm::Vm;

/// The `SimpleNamespace` class of this interpreter.
struct NamespaceType(ObjRef);

/// `types.SimpleNamespace`.
pub fn namespace_type(vm: &Vm) -> ObjRef {
    crate::modules::state(vm, |vm| {
        let ns = dict::new_dict(&vm.types);
        dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("types")).expect("str keys");
        let ty = typeobj::new_class(
            vm,
            &vm.types.type_,
            "SimpleNamespace",
            vec![vm.types.object.clone()],
            &ns,
            Args::positional(&[]),
        )
        .expect("a plain class");
        // A static type, as in CPython: immutable, and named
        // `types.SimpleNamespace` in messages.
        let td = typeobj::data(&ty);
        td.flags.set(td.flags.get() & !typeobj::flags::HEAPTYPE);
        add_methods(
            vm,
            &ty,
            &[
                ("__init__", ns_init),
                ("__repr__", ns_repr),
                ("__eq__", ns_eq),
                ("__reduce__", ns_reduce),
                ("__replace__", ns_replace),
            ],
        );
        NamespaceType(ty)
    })
    .0
    .clone()
}

/// A new namespace with the given attributes.
pub fn new_namespace(vm: &Vm, attrs: &[(&str, Value)]) -> PyResult<Value> {
    let ns = vm.call(&Value::Obj(namespace_type(vm)), &[])?;
    for (k, v) in attrs {
        vm.setattr(&ns, &vm.intern(k), Some(v.clone()))?;
    }
    Ok(ns)
}

/// Sets `key` (which must be a str) to `value` on `ns`.
fn set_str_attr(vm: &Vm, ns: &Value, key: &Value, value: Value) -> PyResult<()> {
    match key {
        Value::Obj(k) if vm.is_instance(key, &vm.types.str) => vm.setattr(ns, k, Some(value)),
        _ => Err(vm.type_error("keywords must be strings")),
    }
}

fn ns_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ns = &args.pos[0];
    if args.pos.len() > 2 {
        return Err(vm.type_error(format!(
            "SimpleNamespace expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    if let Some(source) = args.pos.get(1) {
        let pairs = vm.call(
            &Value::Obj(vm.types.dict.clone()),
            std::slice::from_ref(source),
        )?;
        if let Value::Obj(d) = &pairs {
            for (k, v) in dict::items(d) {
                set_str_attr(vm, ns, &k, v)?;
            }
        }
    }
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        set_str_attr(vm, ns, k, v.clone())?;
    }
    Ok(Value::None)
}

fn attrs_of(vm: &Vm, ns: &Value) -> PyResult<Value> {
    vm.getattr(ns, "__dict__")
}

fn ns_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ns = &args.pos[0];
    let ty = vm.type_of(ns);
    let name = if ty.is(&namespace_type(vm)) {
        "namespace".to_string()
    } else {
        typeobj::type_name(&ty)
    };
    let Some(obj) = ns.as_obj() else {
        return Ok(vm.new_str(&format!("{name}()")));
    };
    let Some(_guard) = vm.repr_enter(obj) else {
        return Ok(vm.new_str(&format!("{name}(...)")));
    };
    let mut parts = Vec::new();
    if let Value::Obj(d) = attrs_of(vm, ns)? {
        for (k, v) in dict::items(&d) {
            parts.push(format!("{}={}", vm.str_string(&k)?, vm.repr_string(&v)?));
        }
    }
    Ok(vm.new_str(&format!("{name}({})", parts.join(", "))))
}

fn ns_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__eq__", 2, 2)? else {
        unreachable!()
    };
    let ty = namespace_type(vm);
    if !vm.is_instance(a, &ty) || !vm.is_instance(b, &ty) {
        return Ok(Value::Obj(vm.not_implemented.clone()));
    }
    Ok(Value::Bool(vm.eq(&attrs_of(vm, a)?, &attrs_of(vm, b)?)?))
}

fn ns_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ns = &args.pos[0];
    Ok(tuple::new_tuple(
        vm,
        vec![
            Value::Obj(vm.type_of(ns)),
            tuple::new_tuple(vm, Vec::new()),
            attrs_of(vm, ns)?,
        ],
    ))
}

fn ns_replace(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ns = &args.pos[0];
    if args.pos.len() > 1 {
        return Err(vm.type_error("__replace__() takes no positional arguments"));
    }
    let copy = vm.call(&Value::Obj(vm.type_of(ns)), &[])?;
    if let Value::Obj(d) = attrs_of(vm, ns)? {
        for (k, v) in dict::items(&d) {
            set_str_attr(vm, &copy, &k, v)?;
        }
    }
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        set_str_attr(vm, &copy, k, v.clone())?;
    }
    Ok(copy)
}
