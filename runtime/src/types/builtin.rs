//! Functions written in Rust: `builtin_function_or_method` objects (free
//! functions, or bound to `self`) and the method descriptors in builtin
//! types' dicts that bind to instances.

use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::typeobj;
use crate::value::Value;
use crate::vm::Vm;

/// A builtin function, possibly bound to `self`.
pub struct BuiltinData {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub func: NativeFn,
    /// The bound `self` (passed as the first argument).
    pub self_: Option<Value>,
    /// `__module__` (for free functions).
    pub module: Option<&'static str>,
    /// `__qualname__` prefix (the owner type's name), for bound methods.
    pub owner: Option<String>,
    /// For special methods: the argument count after `self` they take.
    pub arity: Option<Arity>,
}

/// The fixed argument count of a special method (after `self`), and how
/// CPython words the error when it is wrong.
#[derive(Clone, Copy, Debug)]
pub struct Arity {
    args: u8,
    /// A plain method taking one argument (`dict.__contains__`), not a
    /// slot wrapper.
    plain: bool,
}

/// Special methods and the arguments they take after `self`.
const DUNDER_ARITY: &[(&str, u8)] = &[
    ("__abs__", 0),
    ("__add__", 1),
    ("__aiter__", 0),
    ("__and__", 1),
    ("__anext__", 0),
    ("__await__", 0),
    ("__bool__", 0),
    ("__contains__", 1),
    ("__delitem__", 1),
    ("__divmod__", 1),
    ("__eq__", 1),
    ("__float__", 0),
    ("__floordiv__", 1),
    ("__ge__", 1),
    ("__getitem__", 1),
    ("__gt__", 1),
    ("__hash__", 0),
    ("__iadd__", 1),
    ("__iand__", 1),
    ("__ifloordiv__", 1),
    ("__ilshift__", 1),
    ("__imatmul__", 1),
    ("__imod__", 1),
    ("__imul__", 1),
    ("__index__", 0),
    ("__int__", 0),
    ("__invert__", 0),
    ("__ior__", 1),
    ("__irshift__", 1),
    ("__isub__", 1),
    ("__iter__", 0),
    ("__itruediv__", 1),
    ("__ixor__", 1),
    ("__le__", 1),
    ("__len__", 0),
    ("__lshift__", 1),
    ("__lt__", 1),
    ("__matmul__", 1),
    ("__mod__", 1),
    ("__mul__", 1),
    ("__ne__", 1),
    ("__neg__", 0),
    ("__next__", 0),
    ("__or__", 1),
    ("__pos__", 0),
    ("__radd__", 1),
    ("__rand__", 1),
    ("__rdivmod__", 1),
    ("__repr__", 0),
    ("__rfloordiv__", 1),
    ("__rlshift__", 1),
    ("__rmatmul__", 1),
    ("__rmod__", 1),
    ("__rmul__", 1),
    ("__ror__", 1),
    ("__rrshift__", 1),
    ("__rshift__", 1),
    ("__rsub__", 1),
    ("__rtruediv__", 1),
    ("__rxor__", 1),
    ("__setitem__", 2),
    ("__str__", 0),
    ("__sub__", 1),
    ("__truediv__", 1),
    ("__xor__", 1),
];

/// The fixed arity of special method `name` on type `owner`, if it has one.
fn arity_of(owner: &ObjRef, name: &str) -> Option<Arity> {
    if !name.starts_with("__") {
        return None;
    }
    let i = DUNDER_ARITY.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    Some(Arity {
        args: DUNDER_ARITY[i].1,
        plain: !is_slot_wrapper(owner, name),
    })
}

impl Arity {
    /// Refuses `given` arguments (after `self`) unless it is the count.
    fn check(self, vm: &Vm, owner: &str, name: &str, given: usize) -> PyResult<()> {
        if given == usize::from(self.args) {
            return Ok(());
        }
        Err(vm.type_error(if self.plain {
            format!("{owner}.{name}() takes exactly one argument ({given} given)")
        } else {
            // Two-argument wrappers unpack their tuple by name.
            let n = self.args;
            let s = if n == 1 { "" } else { "s" };
            let who = if n >= 2 {
                format!("{name} ")
            } else {
                String::new()
            };
            format!("{who}expected {n} argument{s}, got {given}")
        }))
    }
}

impl BuiltinData {
    /// Calls the function.
    pub fn call(&self, vm: &Vm, args: Args<'_>) -> PyResult<Value> {
        if let Some(a) = self.arity
            && self.self_.is_some()
        {
            let owner = self.owner.as_deref().unwrap_or("object");
            a.check(vm, owner, self.name, args.pos.len())?;
        }
        match &self.self_ {
            None => (self.func)(vm, args),
            Some(s) => {
                let mut pos = Vec::with_capacity(args.pos.len() + 1);
                pos.push(s.clone());
                pos.extend_from_slice(args.pos);
                (self.func)(vm, Args { pos: &pos, ..args })
            }
        }
    }
}

/// How a method descriptor binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescriptorKind {
    /// An instance method (`list.append`).
    Method,
    /// A class method (`dict.fromkeys`): binds to the class.
    Class,
    /// A static method (`str.maketrans`, `__new__`): does not bind.
    Static,
}

/// A builtin method in a type's dict.
pub struct MethodDescriptorData {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation (`self` comes first).
    pub func: NativeFn,
    /// The type that defines it.
    pub owner: ObjRef,
    /// How it binds.
    pub kind: DescriptorKind,
    /// A special method CPython fills from a type slot (a `wrapper_descriptor`,
    /// shown as a "slot wrapper", with its own argument-check message).
    pub slot: bool,
    /// For special methods: the argument count after `self`.
    pub arity: Option<Arity>,
}

/// The special methods CPython's builtin types expose as slot wrappers.
const SLOT_NAMES: &[&str] = &[
    "__abs__",
    "__add__",
    "__aiter__",
    "__and__",
    "__anext__",
    "__await__",
    "__bool__",
    "__buffer__",
    "__call__",
    "__contains__",
    "__del__",
    "__delattr__",
    "__delete__",
    "__delitem__",
    "__divmod__",
    "__eq__",
    "__float__",
    "__floordiv__",
    "__ge__",
    "__get__",
    "__getattribute__",
    "__getitem__",
    "__gt__",
    "__hash__",
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imod__",
    "__imul__",
    "__index__",
    "__init__",
    "__int__",
    "__invert__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__iter__",
    "__itruediv__",
    "__ixor__",
    "__le__",
    "__len__",
    "__lshift__",
    "__lt__",
    "__matmul__",
    "__mod__",
    "__mul__",
    "__ne__",
    "__neg__",
    "__next__",
    "__or__",
    "__pos__",
    "__pow__",
    "__radd__",
    "__rand__",
    "__rdivmod__",
    "__release_buffer__",
    "__repr__",
    "__rfloordiv__",
    "__rlshift__",
    "__rmatmul__",
    "__rmod__",
    "__rmul__",
    "__ror__",
    "__rpow__",
    "__rrshift__",
    "__rshift__",
    "__rsub__",
    "__rtruediv__",
    "__rxor__",
    "__set__",
    "__setattr__",
    "__setitem__",
    "__str__",
    "__sub__",
    "__truediv__",
    "__xor__",
];

/// Slot names that some builtin types define as plain methods instead
/// (type name, method name).
const PLAIN_METHODS: &[(&str, &str)] = &[
    ("dict", "__getitem__"),
    ("list", "__getitem__"),
    ("dict", "__contains__"),
    ("set", "__contains__"),
    ("frozenset", "__contains__"),
];

fn is_slot_wrapper(ty: &ObjRef, name: &str) -> bool {
    if SLOT_NAMES.binary_search(&name).is_err() {
        return false;
    }
    let tname = typeobj::data(ty).name.borrow();
    !PLAIN_METHODS.contains(&(tname.as_str(), name))
}

impl MethodDescriptorData {
    /// `descr.__get__(obj, ty)`.
    pub fn bind(&self, vm: &Vm, descr: &Value, obj: &Value, ty: &ObjRef) -> PyResult<Value> {
        match self.kind {
            DescriptorKind::Method => {
                if obj.is_none() {
                    return Ok(descr.clone());
                }
                Ok(bound_builtin(
                    vm,
                    self.name,
                    self.func,
                    obj.clone(),
                    &self.owner,
                ))
            }
            DescriptorKind::Class => {
                let cls = if obj.is_none() {
                    Value::Obj(ty.clone())
                } else {
                    Value::Obj(vm.type_of(obj))
                };
                Ok(bound_builtin(vm, self.name, self.func, cls, &self.owner))
            }
            DescriptorKind::Static => Ok(free_builtin(vm, self.name, self.func, None)),
        }
    }

    /// Calls the descriptor unbound (`list.append(lst, x)`).
    pub fn call_unbound(&self, vm: &Vm, args: Args<'_>) -> PyResult<Value> {
        if self.kind == DescriptorKind::Method {
            match args.pos.first() {
                None => {
                    return Err(vm.type_error(format!(
                        "unbound method {}.{}() needs an argument",
                        typeobj::type_name(&self.owner),
                        self.name
                    )));
                }
                Some(s) if !vm.is_instance(s, &self.owner) => {
                    let (name, owner, got) =
                        (self.name, typeobj::type_name(&self.owner), vm.type_name(s));
                    return Err(vm.type_error(if self.slot {
                        format!("descriptor '{name}' requires a '{owner}' object but received a '{got}'")
                    } else {
                        format!("descriptor '{name}' for '{owner}' objects doesn't apply to a '{got}' object")
                    }));
                }
                _ => {}
            }
            if let Some(a) = self.arity {
                let owner = typeobj::type_name(&self.owner);
                a.check(vm, &owner, self.name, args.pos.len() - 1)?;
            }
        }
        (self.func)(vm, args)
    }

    /// Calls the descriptor with `self_` bound.
    pub fn call_bound(&self, vm: &Vm, self_: &Value, args: Args<'_>) -> PyResult<Value> {
        if let Some(a) = self.arity {
            let owner = typeobj::type_name(&self.owner);
            a.check(vm, &owner, self.name, args.pos.len())?;
        }
        let mut pos = Vec::with_capacity(args.pos.len() + 1);
        pos.push(self_.clone());
        pos.extend_from_slice(args.pos);
        (self.func)(vm, Args { pos: &pos, ..args })
    }
}

/// A free builtin function.
pub fn free_builtin(
    vm: &Vm,
    name: &'static str,
    func: NativeFn,
    module: Option<&'static str>,
) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.builtin_function,
        BuiltinData {
            name,
            func,
            self_: None,
            module,
            owner: None,
            arity: None,
        },
    ))
}

/// A builtin bound to `self_`.
pub fn bound_builtin(
    vm: &Vm,
    name: &'static str,
    func: NativeFn,
    self_: Value,
    owner: &ObjRef,
) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.builtin_function,
        BuiltinData {
            name,
            func,
            self_: Some(self_),
            module: None,
            owner: Some(typeobj::type_name(owner)),
            arity: arity_of(owner, name),
        },
    ))
}

fn add_descriptor(vm: &Vm, ty: &ObjRef, name: &'static str, func: NativeFn, kind: DescriptorKind) {
    let slot = kind == DescriptorKind::Method && is_slot_wrapper(ty, name);
    let descr_type = match kind {
        DescriptorKind::Method if slot => &vm.types.wrapper_descriptor,
        DescriptorKind::Method => &vm.types.method_descriptor,
        DescriptorKind::Class => &vm.types.classmethod_descriptor,
        DescriptorKind::Static => &vm.types.builtin_function,
    };
    let value = if kind == DescriptorKind::Static {
        let f = free_builtin(vm, name, func, None);
        crate::types::descriptor::new_staticmethod(vm, f)
    } else {
        Value::Obj(ObjRef::new(
            descr_type,
            MethodDescriptorData {
                name,
                func,
                owner: ty.clone(),
                kind,
                slot,
                arity: (kind == DescriptorKind::Method)
                    .then(|| arity_of(ty, name))
                    .flatten(),
            },
        ))
    };
    set_attr(vm, ty, name, value);
}

/// Adds instance methods to a builtin type.
pub fn add_methods(vm: &Vm, ty: &ObjRef, methods: &[(&'static str, NativeFn)]) {
    for &(name, func) in methods {
        add_descriptor(vm, ty, name, func, DescriptorKind::Method);
    }
}

/// Adds a class method to a builtin type.
pub fn add_classmethod(vm: &Vm, ty: &ObjRef, name: &'static str, func: NativeFn) {
    add_descriptor(vm, ty, name, func, DescriptorKind::Class);
}

/// Adds a static method (like `__new__`) to a builtin type.
pub fn add_static(vm: &Vm, ty: &ObjRef, name: &'static str, func: NativeFn) {
    add_descriptor(vm, ty, name, func, DescriptorKind::Static);
}

/// Sets an attribute in a (builtin) type's dict.
pub fn set_attr(vm: &Vm, ty: &ObjRef, name: &str, value: Value) {
    let d = ty.dict().expect("types have dicts");
    crate::types::dict::set_item(vm, &d, vm.name(name), value).expect("str keys never fail");
    typeobj::invalidate(ty);
}

/// Adds the attributes of builtin functions and method descriptors.
pub fn init(vm: &Vm) {
    crate::types::descriptor::add_getsets(
        vm,
        &vm.types.builtin_function,
        &[
            ("__name__", builtin_name, None),
            ("__qualname__", builtin_qualname, None),
            ("__self__", builtin_self, None),
            ("__module__", builtin_module, None),
            ("__doc__", builtin_doc, None),
        ],
    );
    add_methods(
        vm,
        &vm.types.builtin_function,
        &[("__repr__", builtin_repr)],
    );
    for t in [
        &vm.types.method_descriptor,
        &vm.types.classmethod_descriptor,
        &vm.types.wrapper_descriptor,
    ] {
        crate::types::descriptor::add_getsets(
            vm,
            t,
            &[
                ("__name__", descr_name, None),
                ("__qualname__", descr_qualname, None),
                ("__objclass__", descr_objclass, None),
                ("__doc__", builtin_doc, None),
            ],
        );
        add_methods(
            vm,
            t,
            &[
                ("__repr__", descr_repr),
                ("__get__", descr_get),
                ("__call__", descr_call),
            ],
        );
    }
}

fn builtin_of(v: &Value) -> Option<&BuiltinData> {
    v.downcast::<BuiltinData>()
}

fn builtin_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(builtin_of(v).map_or("?", |b| b.name)))
}

fn builtin_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = builtin_of(v).ok_or_else(|| vm.type_error("expected builtin"))?;
    Ok(vm.new_str(&match &b.owner {
        Some(o) => format!("{o}.{}", b.name),
        None => b.name.to_string(),
    }))
}

fn builtin_self(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = builtin_of(v).ok_or_else(|| vm.type_error("expected builtin"))?;
    Ok(match (&b.self_, b.module) {
        (Some(s), _) => s.clone(),
        (None, Some(m)) => crate::import::find_module(vm, m).map_or(Value::None, Value::Obj),
        _ => Value::None,
    })
}

fn builtin_module(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = builtin_of(v).ok_or_else(|| vm.type_error("expected builtin"))?;
    Ok(b.module.map_or(Value::None, |m| vm.new_str(m)))
}

fn builtin_doc(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::None)
}

fn builtin_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = builtin_of(&args.pos[0]).ok_or_else(|| vm.type_error("expected builtin"))?;
    let text = match &b.self_ {
        Some(s) if !matches!(s, Value::Obj(o) if o.kind() == crate::object::Kind::Module) => {
            format!(
                "<built-in method {} of {} object at {:#x}>",
                b.name,
                vm.type_name(s),
                vm.id_of(s)
            )
        }
        _ => format!("<built-in function {}>", b.name),
    };
    Ok(vm.new_str(&text))
}

fn descr_of(v: &Value) -> Option<&MethodDescriptorData> {
    v.downcast::<MethodDescriptorData>()
}

fn descr_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(descr_of(v).map_or("?", |d| d.name)))
}

fn descr_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = descr_of(v).ok_or_else(|| vm.type_error("expected descriptor"))?;
    Ok(vm.new_str(&format!("{}.{}", typeobj::type_name(&d.owner), d.name)))
}

fn descr_objclass(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = descr_of(v).ok_or_else(|| vm.type_error("expected descriptor"))?;
    Ok(Value::Obj(d.owner.clone()))
}

fn descr_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = descr_of(&args.pos[0]).ok_or_else(|| vm.type_error("expected descriptor"))?;
    let what = if d.slot { "slot wrapper" } else { "method" };
    Ok(vm.new_str(&format!(
        "<{what} '{}' of '{}' objects>",
        d.name,
        typeobj::type_name(&d.owner)
    )))
}

fn descr_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = descr_of(&args.pos[0]).ok_or_else(|| vm.type_error("expected descriptor"))?;
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    let ty = match args.pos.get(2) {
        Some(Value::Obj(t)) => t.clone(),
        _ => vm.type_of(&obj),
    };
    if obj.is_none() && d.kind == DescriptorKind::Method {
        return Ok(args.pos[0].clone());
    }
    d.bind(vm, &args.pos[0], &obj, &ty)
}

fn descr_call(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = descr_of(&args.pos[0]).ok_or_else(|| vm.type_error("expected descriptor"))?;
    d.call_unbound(vm, args.shift())
}
