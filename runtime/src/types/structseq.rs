//! Struct sequences (`sys.version_info`, `os.stat_result`, ...): tuple
//! subclasses whose fields are also attributes. Some have fields beyond
//! the tuple's length (`stat_result.st_atime_ns`), reachable only as
//! attributes: those live in the object's side slots, as `__slots__` of
//! builtin subclasses do.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{ObjRef, set_side_slot, side_slot};
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::{Getter, add_getsets};
use crate::types::typeobj::{self, flags};
use crate::types::{dict, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;
use std::collections::HashMap;

fn item<const I: usize>(vm: &Vm, v: &Value) -> PyResult<Value> {
    tuple::tuple_items(v)
        .and_then(|t| t.get(I).cloned())
        .ok_or_else(|| vm.index_error("tuple index out of range"))
}

fn hidden<const I: usize>(_vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(v.as_obj()
        .and_then(|o| side_slot(o, I))
        .unwrap_or(Value::None))
}

macro_rules! getters {
    ($f:ident: $($i:literal)*) => { [$($f::<$i>,)*] };
}

/// Getters of the tuple's items, by index.
const ITEM_GETTERS: [Getter; 20] =
    getters!(item: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
/// Getters of the fields past the tuple's end, by index among them.
const HIDDEN_GETTERS: [Getter; 12] = getters!(hidden: 0 1 2 3 4 5 6 7 8 9 10 11);

/// The fields of a struct sequence type: those in the tuple, then those
/// only reachable as attributes.
#[derive(Clone, Copy)]
pub struct Fields {
    /// Fields inside the tuple.
    pub visible: &'static [&'static str],
    /// Fields past the tuple's end.
    pub hidden: &'static [&'static str],
    /// Whether Python code may create instances (`os.stat_result(seq)`).
    pub constructible: bool,
}

/// A struct sequence type whose fields are all in the tuple and which
/// Python code does not instantiate (`sys.version_info`).
pub fn struct_sequence(
    vm: &Vm,
    qualname: &str,
    fields: &'static [&'static str],
) -> PyResult<ObjRef> {
    struct_sequence_with(
        vm,
        qualname,
        &Fields {
            visible: fields,
            hidden: &[],
            constructible: false,
        },
    )
}

/// A struct sequence type with `fields`, made as a tuple subclass.
pub fn struct_sequence_with(vm: &Vm, qualname: &str, fields: &Fields) -> PyResult<ObjRef> {
    let (module_name, name) = qualname.rsplit_once('.').unwrap_or(("builtins", qualname));
    let ns = dict::new_dict(&vm.types);
    let n_visible = fields.visible.len() as i64;
    let names = |f: &[&str]| tuple::new_tuple(vm, f.iter().map(|n| vm.new_str(n)).collect());
    let n_hidden = fields.hidden.len() as i64;
    for (k, v) in [
        ("__module__", vm.new_str(module_name)),
        ("__match_args__", names(fields.visible)),
        ("n_sequence_fields", Value::Int(n_visible)),
        ("n_fields", Value::Int(n_visible + n_hidden)),
        ("n_unnamed_fields", Value::Int(0)),
        ("__slots__", tuple::new_tuple(vm, Vec::new())),
    ] {
        dict::set_item(vm, &ns, vm.name(k), v)?;
    }
    let ty = typeobj::new_class(
        vm,
        &vm.types.type_,
        name,
        vec![vm.types.tuple.clone()],
        &ns,
        Args::positional(&[]),
    )?;
    // A hidden field named like a visible one (`st_atime`: an int in the
    // tuple, a float as an attribute) wins, as in CPython.
    let getsets: Vec<(
        &'static str,
        Getter,
        Option<crate::types::descriptor::Setter>,
    )> = fields
        .visible
        .iter()
        .enumerate()
        .filter(|(_, f)| !fields.hidden.contains(f))
        .map(|(i, f)| (*f, ITEM_GETTERS[i], None))
        .chain(
            fields
                .hidden
                .iter()
                .enumerate()
                .map(|(i, f)| (*f, HIDDEN_GETTERS[i], None)),
        )
        .collect();
    add_getsets(vm, &ty, &getsets);
    add_methods(
        vm,
        &ty,
        &[
            ("__repr__", struct_seq_repr),
            ("__reduce__", struct_seq_reduce),
        ],
    );
    if fields.constructible {
        add_static(vm, &ty, "__new__", struct_seq_new);
    } else {
        add_static(vm, &ty, "__new__", |vm, a| {
            let name = a
                .pos
                .first()
                .and_then(Value::as_obj)
                .map(|t| full_name(vm, t))
                .unwrap_or_default();
            Err(vm.type_error(format!("cannot create '{name}' instances")))
        });
    }
    let td = typeobj::data(&ty);
    td.flags.set(td.flags.get() & !flags::BASETYPE);
    REGISTRY.with(|r| r.borrow_mut().insert(ty.addr(), *fields));
    Ok(ty)
}

thread_local! {
    /// The fields of each struct sequence type, by the type's address
    /// (the types live as long as their interpreter).
    static REGISTRY: RefCell<HashMap<usize, Fields>> = RefCell::new(HashMap::new());
}

/// The fields of struct sequence type `ty`.
fn fields_of(vm: &Vm, ty: &ObjRef) -> PyResult<Fields> {
    REGISTRY
        .with(|r| r.borrow().get(&ty.addr()).copied())
        .ok_or_else(|| vm.type_error("not a struct sequence type"))
}

/// `module.Name`, as struct sequences' messages name their type.
fn full_name(vm: &Vm, ty: &ObjRef) -> String {
    match typeobj::type_module_name(vm, ty) {
        Some(m) if m != "builtins" => format!("{m}.{}", typeobj::type_name(ty)),
        _ => typeobj::type_name(ty),
    }
}

/// An instance of a struct sequence type whose fields are all visible.
pub fn struct_value(_vm: &Vm, ty: &ObjRef, items: Vec<Value>) -> Value {
    Value::Obj(ObjRef::new(
        ty,
        tuple::TupleData {
            items: items.into_boxed_slice(),
        },
    ))
}

/// An instance with `hidden` values for the fields past the tuple's end.
pub fn struct_value_with(vm: &Vm, ty: &ObjRef, items: Vec<Value>, hidden: Vec<Value>) -> Value {
    let v = struct_value(vm, ty, items);
    if let Some(o) = v.as_obj() {
        for (i, h) in hidden.into_iter().enumerate() {
            set_side_slot(o, i, Some(h));
        }
    }
    v
}

/// `T(sequence, dict=None)`: the first `n_sequence_fields` items make the
/// tuple, the rest (or the dict's entries) the fields past its end.
fn struct_seq_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0].clone();
    let p = args
        .shift()
        .bind(vm, "structseq", &["sequence", "dict"], 1, 0, 2)?;
    let Some(cls_obj) = cls.as_obj() else {
        return Err(vm.type_error("structseq.__new__(X): X is not a type object"));
    };
    let seq = p[0].clone().unwrap_or(Value::None);
    let items = vm
        .iterate(&seq)
        .map_err(|_| vm.type_error("constructor requires a sequence"))?;
    let fields = fields_of(vm, cls_obj)?;
    let n_visible = fields.visible.len();
    let n_fields = n_visible + fields.hidden.len();
    let name = full_name(vm, cls_obj);
    let len = items.len();
    if len < n_visible {
        let need = if n_visible == n_fields {
            format!("{n_visible}-sequence")
        } else {
            format!("an at least {n_visible}-sequence")
        };
        let takes = if n_visible == n_fields { "a " } else { "" };
        return Err(vm.type_error(format!(
            "{name}() takes {takes}{need} ({len}-sequence given)"
        )));
    }
    if len > n_fields {
        let need = if n_visible == n_fields {
            format!("a {n_fields}-sequence")
        } else {
            format!("an at most {n_fields}-sequence")
        };
        return Err(vm.type_error(format!("{name}() takes {need} ({len}-sequence given)")));
    }
    let mut hidden: Vec<Value> = items[n_visible..].to_vec();
    if let Some(d) = p[1].as_ref().filter(|d| !d.is_none()) {
        for name in &fields.hidden[hidden.len()..] {
            hidden.push(vm.call_method(d, "get", &[vm.new_str(name)])?);
        }
    }
    // A hidden field left out takes the visible field of the same name
    // (`stat_result.st_atime` from the tuple's int time), as in CPython.
    hidden.resize(fields.hidden.len(), Value::None);
    for (h, name) in hidden.iter_mut().zip(fields.hidden) {
        if h.is_none()
            && let Some(i) = fields.visible.iter().position(|v| v == name)
        {
            *h = items[i].clone();
        }
    }
    Ok(struct_value_with(
        vm,
        cls_obj,
        items[..n_visible].to_vec(),
        hidden,
    ))
}

fn struct_seq_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let v = &args.pos[0];
    let ty = vm.type_of(v);
    let fields = fields_of(vm, &ty)?;
    let items = tuple::tuple_items(v).unwrap_or_default();
    let mut parts = Vec::new();
    for (n, x) in fields.visible.iter().zip(items) {
        parts.push(format!("{n}={}", vm.repr_string(x)?));
    }
    let module = typeobj::type_module_name(vm, &ty).unwrap_or_default();
    Ok(vm.new_str(&format!(
        "{module}.{}({})",
        typeobj::type_name(&ty),
        parts.join(", ")
    )))
}

/// `(type, (tuple,))`, or `(type, (tuple, {hidden fields}))`.
fn struct_seq_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let v = &args.pos[0];
    let ty = vm.type_of(v);
    let fields = fields_of(vm, &ty)?;
    let items = tuple::tuple_items(v)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let d = dict::new_dict(&vm.types);
    for (i, name) in fields.hidden.iter().enumerate() {
        let x = v
            .as_obj()
            .and_then(|o| side_slot(o, i))
            .unwrap_or(Value::None);
        dict::set_item(vm, &d, vm.new_str(name), x)?;
    }
    let state = vec![tuple::new_tuple(vm, items), Value::Obj(d)];
    Ok(tuple::new_tuple(
        vm,
        vec![Value::Obj(ty), tuple::new_tuple(vm, state)],
    ))
}
