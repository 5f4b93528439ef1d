//! Small builtin types whose payload is any Rust value: `types.GenericAlias`
//! (`list[int]`), `types.UnionType` (`int | str`), and the PEP 695 objects
//! (`TypeVar`, `ParamSpec`, `TypeVarTuple`, `TypeAliasType`).

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::tuple;
use crate::types::typeobj::{self, TypeData};
use crate::value::Value;
use crate::vm::Vm;
use std::any::Any;
use std::cell::RefCell;

/// A payload of any Rust type.
pub struct NativeData(pub Box<dyn Any>);

/// The Rust value of a native object, if it is a `T`.
pub fn native<T: 'static>(v: &Value) -> Option<&T> {
    v.downcast::<NativeData>()?.0.downcast_ref::<T>()
}

/// A native object of type `ty`.
pub fn new_native<T: 'static>(ty: &ObjRef, data: T) -> Value {
    Value::Obj(ObjRef::new(ty, NativeData(Box::new(data))))
}

/// `origin[args]`.
pub struct GenericAliasData {
    /// `__origin__`.
    pub origin: Value,
    /// `__args__` (a tuple).
    pub args: Value,
}

/// `a | b | ...`.
pub struct UnionData {
    /// `__args__` (a tuple).
    pub args: Value,
}

/// A PEP 695 type parameter.
pub struct TypeParamData {
    /// `__name__`.
    pub name: Value,
    /// `__bound__` (or the lazy bound's evaluator).
    pub bound: RefCell<Value>,
    /// `__constraints__`.
    pub constraints: RefCell<Value>,
    /// `__default__`.
    pub default: RefCell<Value>,
    /// Made by a PEP 695 `[T]` list (shows without a variance mark).
    pub infer_variance: bool,
}

/// A `type X = ...` alias.
pub struct TypeAliasData {
    /// `__name__`.
    pub name: Value,
    /// `__type_params__`.
    pub type_params: Value,
    /// Computes `__value__`.
    pub evaluate: Value,
    /// `__value__`, once computed.
    pub value: RefCell<Option<Value>>,
}

/// `GenericAlias(origin, args)`.
pub fn generic_alias(vm: &Vm, origin: &Value, args: &Value) -> PyResult<Value> {
    let args = if tuple::tuple_items(args).is_some() {
        args.clone()
    } else {
        tuple::new_tuple(vm, vec![args.clone()])
    };
    Ok(new_native(
        &vm.types.generic_alias,
        GenericAliasData {
            origin: origin.clone(),
            args,
        },
    ))
}

/// `__class_getitem__` of builtin generic classes.
pub fn generic_alias_classmethod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [cls, item] = args.check(vm, "__class_getitem__", 2, 2)? else {
        unreachable!()
    };
    generic_alias(vm, cls, item)
}

fn is_union_member(vm: &Vm, v: &Value) -> bool {
    v.is_none()
        || v.as_obj()
            .is_some_and(|o| o.downcast::<TypeData>().is_some())
        || native::<GenericAliasData>(v).is_some()
        || native::<UnionData>(v).is_some()
        || native::<TypeParamData>(v).is_some()
        || native::<TypeAliasData>(v).is_some()
        || vm.type_of(v).is(&vm.types.union_type)
}

/// `a | b` for types: a union, flattened and deduplicated.
pub fn make_union(vm: &Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if !is_union_member(vm, a) || !is_union_member(vm, b) {
        return Ok(vm.not_implemented());
    }
    let mut items: Vec<Value> = Vec::new();
    for v in [a, b] {
        let parts = match native::<UnionData>(v) {
            Some(u) => tuple::tuple_items(&u.args)
                .map(<[Value]>::to_vec)
                .unwrap_or_default(),
            None => vec![if v.is_none() {
                Value::Obj(vm.types.none.clone())
            } else {
                v.clone()
            }],
        };
        for p in parts {
            let mut dup = false;
            for q in &items {
                if q.is(&p) || (native::<GenericAliasData>(q).is_some() && vm.eq(q, &p)?) {
                    dup = true;
                    break;
                }
            }
            if !dup {
                items.push(p);
            }
        }
    }
    if items.len() == 1 {
        return Ok(items.pop().expect("one item"));
    }
    Ok(new_native(
        &vm.types.union_type,
        UnionData {
            args: tuple::new_tuple(vm, items),
        },
    ))
}

/// The members of a union, if `v` is one (for `isinstance`).
pub fn union_args(v: &Value) -> Option<Vec<Value>> {
    native::<UnionData>(v).and_then(|u| tuple::tuple_items(&u.args).map(<[Value]>::to_vec))
}

/// How a type shows inside `list[...]` or `int | str`.
fn type_repr(vm: &Vm, v: &Value) -> PyResult<String> {
    if let Value::Obj(o) = v {
        if o.is(&vm.types.none) {
            return Ok("None".to_string());
        }
        if o.kind() == Kind::Type {
            let q = typeobj::data(o).qualname.borrow().clone();
            return Ok(match typeobj::type_module_name(vm, o) {
                Some(m) if m != "builtins" => format!("{m}.{q}"),
                _ => q,
            });
        }
    }
    if matches!(v, Value::Obj(o) if o.is(&vm.ellipsis)) {
        return Ok("...".to_string());
    }
    vm.repr_string(v)
}

/// Adds the methods of the native types.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    add_static(vm, &t.generic_alias, "__new__", |vm, a| {
        let [_, origin, args] = a.check(vm, "GenericAlias", 3, 3)? else {
            unreachable!()
        };
        generic_alias(vm, origin, args)
    });
    add_methods(
        vm,
        &t.generic_alias,
        &[
            ("__repr__", alias_repr),
            ("__call__", |vm, a| {
                let g = native::<GenericAliasData>(&a.pos[0])
                    .ok_or_else(|| vm.type_error("expected GenericAlias"))?;
                let r = vm.call_args(&g.origin, a.shift())?;
                let _ = vm.set_attr(&r, "__orig_class__", a.pos[0].clone());
                Ok(r)
            }),
            ("__getattr__", |vm, a| {
                let g = native::<GenericAliasData>(&a.pos[0])
                    .ok_or_else(|| vm.type_error("expected GenericAlias"))?;
                let name = crate::types::str::as_str(&a.pos[1]).unwrap_or("");
                if name.starts_with("__")
                    && name.ends_with("__")
                    && name != "__doc__"
                    && name != "__name__"
                    && name != "__qualname__"
                    && name != "__module__"
                {
                    return Err(vm.attribute_error(format!(
                        "'types.GenericAlias' object has no attribute '{name}'"
                    )));
                }
                vm.getattr(&g.origin, name)
            }),
            ("__eq__", |vm, a| {
                let (Some(x), Some(y)) = (
                    native::<GenericAliasData>(&a.pos[0]),
                    native::<GenericAliasData>(&a.pos[1]),
                ) else {
                    return Ok(vm.not_implemented());
                };
                Ok(Value::Bool(
                    vm.eq(&x.origin, &y.origin)? && vm.eq(&x.args, &y.args)?,
                ))
            }),
            ("__hash__", |vm, a| {
                let g = native::<GenericAliasData>(&a.pos[0])
                    .ok_or_else(|| vm.type_error("expected GenericAlias"))?;
                Ok(Value::Int(vm.hash(&g.origin)? ^ vm.hash(&g.args)?))
            }),
            ("__or__", |vm, a| make_union(vm, &a.pos[0], &a.pos[1])),
            ("__ror__", |vm, a| make_union(vm, &a.pos[1], &a.pos[0])),
            ("__mro_entries__", |vm, a| {
                let g = native::<GenericAliasData>(&a.pos[0])
                    .ok_or_else(|| vm.type_error("expected GenericAlias"))?;
                Ok(tuple::new_tuple(vm, vec![g.origin.clone()]))
            }),
            ("__instancecheck__", |vm, _| {
                Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
            }),
            ("__subclasscheck__", |vm, _| {
                Err(vm.type_error("issubclass() argument 2 cannot be a parameterized generic"))
            }),
        ],
    );
    add_getsets(
        vm,
        &t.generic_alias,
        &[
            (
                "__origin__",
                |vm, v| {
                    Ok(native::<GenericAliasData>(v)
                        .ok_or_else(|| vm.type_error("expected GenericAlias"))?
                        .origin
                        .clone())
                },
                None,
            ),
            (
                "__args__",
                |vm, v| {
                    Ok(native::<GenericAliasData>(v)
                        .ok_or_else(|| vm.type_error("expected GenericAlias"))?
                        .args
                        .clone())
                },
                None,
            ),
            (
                "__parameters__",
                |vm, _| Ok(tuple::new_tuple(vm, Vec::new())),
                None,
            ),
        ],
    );
    add_methods(
        vm,
        &t.union_type,
        &[
            ("__repr__", union_repr),
            ("__or__", |vm, a| make_union(vm, &a.pos[0], &a.pos[1])),
            ("__ror__", |vm, a| make_union(vm, &a.pos[1], &a.pos[0])),
            ("__eq__", |vm, a| {
                let (Some(x), Some(y)) = (union_args(&a.pos[0]), union_args(&a.pos[1])) else {
                    return Ok(vm.not_implemented());
                };
                let xs = crate::types::set::new_frozenset(vm, x)?;
                let ys = crate::types::set::new_frozenset(vm, y)?;
                Ok(Value::Bool(vm.eq(&xs, &ys)?))
            }),
            ("__hash__", |vm, a| {
                let x = union_args(&a.pos[0]).unwrap_or_default();
                Ok(Value::Int(
                    vm.hash(&crate::types::set::new_frozenset(vm, x)?)?,
                ))
            }),
            ("__instancecheck__", |vm, a| {
                for t in union_args(&a.pos[0]).unwrap_or_default() {
                    if let Value::Obj(t) = &t
                        && vm.is_instance(&a.pos[1], t)
                    {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }),
            ("__subclasscheck__", |_vm, a| {
                for t in union_args(&a.pos[0]).unwrap_or_default() {
                    if let (Value::Obj(t), Value::Obj(c)) = (&t, &a.pos[1])
                        && typeobj::is_subtype(c, t)
                    {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }),
        ],
    );
    add_getsets(
        vm,
        &t.union_type,
        &[(
            "__args__",
            |vm, v| {
                Ok(native::<UnionData>(v)
                    .ok_or_else(|| vm.type_error("expected Union"))?
                    .args
                    .clone())
            },
            None,
        )],
    );
    for ty in [&t.typevar, &t.paramspec, &t.typevartuple] {
        add_methods(
            vm,
            ty,
            &[
                ("__repr__", typeparam_repr),
                ("__or__", |vm, a| make_union(vm, &a.pos[0], &a.pos[1])),
                ("__ror__", |vm, a| make_union(vm, &a.pos[1], &a.pos[0])),
            ],
        );
        add_getsets(
            vm,
            ty,
            &[
                ("__name__", |vm, v| Ok(param(vm, v)?.name.clone()), None),
                ("__bound__", |vm, v| lazy(vm, &param(vm, v)?.bound), None),
                (
                    "__constraints__",
                    |vm, v| lazy(vm, &param(vm, v)?.constraints),
                    None,
                ),
                (
                    "__default__",
                    |vm, v| lazy(vm, &param(vm, v)?.default),
                    None,
                ),
            ],
        );
    }
    add_static(vm, &t.typevar, "__new__", |vm, a| {
        let b = a.shift().bind(vm, "TypeVar", &["name", "bound"], 1, 0, 1)?;
        let name = b[0].clone().expect("required");
        let bound = b[1].clone().unwrap_or(Value::None);
        Ok(new_type_param(
            vm,
            &vm.types.typevar,
            name,
            bound,
            tuple::new_tuple(vm, a.pos[2..].to_vec()),
            false,
        ))
    });
    crate::types::builtin::add_classmethod(
        vm,
        &t.generic,
        "__class_getitem__",
        generic_alias_classmethod,
    );
    add_methods(
        vm,
        &t.typealias,
        &[("__repr__", |vm, a| vm.str(&alias(vm, &a.pos[0])?.name))],
    );
    add_getsets(
        vm,
        &t.typealias,
        &[
            ("__name__", |vm, v| Ok(alias(vm, v)?.name.clone()), None),
            (
                "__type_params__",
                |vm, v| Ok(alias(vm, v)?.type_params.clone()),
                None,
            ),
            ("__value__", alias_value, None),
            (
                "__module__",
                |vm, _| Ok(vm.current_module_name().unwrap_or(Value::None)),
                None,
            ),
        ],
    );
}

fn alias_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let g = native::<GenericAliasData>(&args.pos[0])
        .ok_or_else(|| vm.type_error("expected GenericAlias"))?;
    let items = tuple::tuple_items(&g.args)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let parts: Vec<String> = if items.is_empty() {
        vec!["()".to_string()]
    } else {
        items
            .iter()
            .map(|a| type_repr(vm, a))
            .collect::<PyResult<_>>()?
    };
    Ok(vm.new_str(&format!(
        "{}[{}]",
        type_repr(vm, &g.origin)?,
        parts.join(", ")
    )))
}

fn union_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let items = union_args(&args.pos[0]).unwrap_or_default();
    let parts: Vec<String> = items
        .iter()
        .map(|a| type_repr(vm, a))
        .collect::<PyResult<_>>()?;
    Ok(vm.new_str(&parts.join(" | ")))
}

/// A new type parameter object.
pub fn new_type_param(
    vm: &Vm,
    ty: &ObjRef,
    name: Value,
    bound: Value,
    constraints: Value,
    inferred: bool,
) -> Value {
    let _ = vm;
    new_native(
        ty,
        TypeParamData {
            name,
            bound: RefCell::new(bound),
            constraints: RefCell::new(constraints),
            default: RefCell::new(Value::None),
            infer_variance: inferred,
        },
    )
}

/// A new `type` alias.
pub fn new_type_alias(vm: &Vm, name: Value, type_params: Value, evaluate: Value) -> Value {
    new_native(
        &vm.types.typealias,
        TypeAliasData {
            name,
            type_params,
            evaluate,
            value: RefCell::new(None),
        },
    )
}

fn param<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TypeParamData> {
    native::<TypeParamData>(v).ok_or_else(|| vm.type_error("expected a type parameter"))
}

fn alias<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TypeAliasData> {
    native::<TypeAliasData>(v).ok_or_else(|| vm.type_error("expected a TypeAliasType"))
}

/// A lazily evaluated attribute: functions stored by the compiler run once.
fn lazy(vm: &Vm, cell: &RefCell<Value>) -> PyResult<Value> {
    let v = cell.borrow().clone();
    if crate::attr::is_python_function(&v) {
        let r = vm.call(&v, &[])?;
        *cell.borrow_mut() = r.clone();
        return Ok(r);
    }
    Ok(v)
}

fn alias_value(vm: &Vm, v: &Value) -> PyResult<Value> {
    let a = alias(vm, v)?;
    if let Some(x) = a.value.borrow().clone() {
        return Ok(x);
    }
    let x = vm.call(&a.evaluate, &[])?;
    *a.value.borrow_mut() = Some(x.clone());
    Ok(x)
}

fn typeparam_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = param(vm, &args.pos[0])?;
    let ty = vm.type_of(&args.pos[0]);
    let prefix = if ty.is(&vm.types.paramspec) {
        "**"
    } else if ty.is(&vm.types.typevartuple) {
        "*"
    } else if p.infer_variance {
        ""
    } else {
        "~"
    };
    Ok(vm.new_str(&format!("{prefix}{}", vm.str_string(&p.name)?)))
}
