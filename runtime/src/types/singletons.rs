//! `None`'s siblings that are heap objects: `NotImplemented` and `Ellipsis`
//! (`None` itself is an immediate), plus the methods of all three types.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::{add_methods, add_static};
use crate::value::Value;
use crate::vm::Vm;

/// The payload of a singleton: the name its `repr` shows.
pub struct SingletonData {
    /// `repr()` of the singleton.
    pub name: &'static str,
}

/// Creates the (immortal) singleton instance of `ty`.
pub fn new_singleton(ty: &ObjRef, name: &'static str) -> ObjRef {
    let o = ObjRef::new(ty, SingletonData { name });
    o.make_immortal();
    o
}

/// Adds the methods of `NoneType`, `NotImplementedType` and `ellipsis`.
pub fn init(vm: &Vm) {
    add_methods(
        vm,
        &vm.types.none,
        &[
            ("__repr__", none_repr),
            ("__bool__", none_bool),
            ("__hash__", singleton_hash),
        ],
    );
    add_static(vm, &vm.types.none, "__new__", none_new);
    add_methods(
        vm,
        &vm.types.not_implemented_type,
        &[
            ("__repr__", singleton_repr),
            ("__reduce__", singleton_reduce),
        ],
    );
    add_static(
        vm,
        &vm.types.not_implemented_type,
        "__new__",
        not_implemented_new,
    );
    add_methods(
        vm,
        &vm.types.ellipsis_type,
        &[
            ("__repr__", singleton_repr),
            ("__reduce__", singleton_reduce),
        ],
    );
    add_static(vm, &vm.types.ellipsis_type, "__new__", ellipsis_new);
}

fn none_repr(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(vm.name("None"))
}

fn none_bool(_vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn singleton_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(crate::hash::hash_pointer(
        vm.id_of(&args.pos[0]),
    )))
}

fn singleton_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let name = args.pos[0]
        .downcast::<SingletonData>()
        .map_or("?", |s| s.name);
    Ok(vm.name(name))
}

fn singleton_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    singleton_repr(vm, args)
}

fn no_args(vm: &Vm, args: Args<'_>, name: &str) -> PyResult<()> {
    if args.pos.len() > 1 || args.has_kwargs() {
        return Err(vm.type_error(format!("{name} takes no arguments")));
    }
    Ok(())
}

fn none_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    no_args(vm, args, "NoneType")?;
    Ok(Value::None)
}

fn not_implemented_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    no_args(vm, args, "NotImplementedType")?;
    Ok(Value::Obj(vm.not_implemented.clone()))
}

fn ellipsis_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    no_args(vm, args, "ellipsis")?;
    Ok(Value::Obj(vm.ellipsis.clone()))
}
