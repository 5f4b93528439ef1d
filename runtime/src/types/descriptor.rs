//! Descriptors: `property`, `classmethod`, `staticmethod`, the member
//! descriptors `__slots__` makes, the getset descriptors builtin types use
//! for computed attributes, and `super`.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::typeobj::{self, TypeData, lookup, type_name};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// A getter of a computed attribute.
pub type Getter = fn(&Vm, &Value) -> PyResult<Value>;
/// A setter (or deleter, given `None`) of a computed attribute.
pub type Setter = fn(&Vm, &Value, Option<Value>) -> PyResult<()>;

/// The payload of a `property`.
pub struct PropertyData {
    /// `fget`.
    pub fget: RefCell<Value>,
    /// `fset`.
    pub fset: RefCell<Value>,
    /// `fdel`.
    pub fdel: RefCell<Value>,
    /// `__doc__`.
    pub doc: RefCell<Value>,
    /// The attribute name (`__set_name__`), for messages.
    pub name: RefCell<Value>,
}

impl PropertyData {
    /// `prop.__get__(obj)`.
    pub fn get(&self, vm: &Vm, obj: &Value) -> PyResult<Value> {
        let f = self.fget.borrow().clone();
        if f.is_none() {
            return Err(vm.attribute_error(self.message(vm, obj, "getter")));
        }
        vm.call(&f, std::slice::from_ref(obj))
    }

    /// `prop.__set__(obj, value)` or `__delete__`.
    pub fn set(&self, vm: &Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
        match value {
            Some(v) => {
                let f = self.fset.borrow().clone();
                if f.is_none() {
                    return Err(vm.attribute_error(self.message(vm, obj, "setter")));
                }
                vm.call(&f, &[obj.clone(), v])?;
            }
            None => {
                let f = self.fdel.borrow().clone();
                if f.is_none() {
                    return Err(vm.attribute_error(self.message(vm, obj, "deleter")));
                }
                vm.call(&f, std::slice::from_ref(obj))?;
            }
        }
        Ok(())
    }

    fn message(&self, vm: &Vm, obj: &Value, what: &str) -> String {
        let name = self.name.borrow();
        match crate::types::str::as_str(&name) {
            Some(n) => format!(
                "property '{n}' of '{}' object has no {what}",
                vm.type_name(obj)
            ),
            None => format!("property of '{}' object has no {what}", vm.type_name(obj)),
        }
    }
}

/// The payload of a `classmethod`.
pub struct ClassMethodData {
    /// The wrapped callable.
    pub func: RefCell<Value>,
}

/// The payload of a `staticmethod`.
pub struct StaticMethodData {
    /// The wrapped callable.
    pub func: RefCell<Value>,
}

/// A `__slots__` entry: reads and writes a fixed slot of instances.
pub struct MemberDescriptorData {
    /// The slot name.
    pub name: String,
    /// The slot index in the instance.
    pub index: usize,
    /// The class that declared it.
    pub owner: ObjRef,
}

impl MemberDescriptorData {
    /// Reads the slot.
    pub fn get(&self, vm: &Vm, obj: &Value) -> PyResult<Value> {
        self.check(vm, obj)?;
        match crate::types::instance::slot(obj, self.index) {
            Some(v) => Ok(v),
            None => Err(vm.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                vm.type_name(obj),
                self.name
            ))),
        }
    }

    /// Writes (or clears) the slot.
    pub fn set(&self, vm: &Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
        self.check(vm, obj)?;
        let deleting = value.is_none();
        let old = crate::types::instance::set_slot(obj, self.index, value);
        if deleting && old.is_none() {
            return Err(vm.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                vm.type_name(obj),
                self.name
            )));
        }
        Ok(())
    }

    fn check(&self, vm: &Vm, obj: &Value) -> PyResult<()> {
        if !vm.is_instance(obj, &self.owner) {
            return Err(vm.type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                self.name,
                type_name(&self.owner),
                vm.type_name(obj)
            )));
        }
        Ok(())
    }
}

/// A computed attribute of a builtin type.
pub struct GetSetDescriptorData {
    /// The attribute name.
    pub name: &'static str,
    /// Reads it.
    pub get: Getter,
    /// Writes it (read-only when absent).
    pub set: Option<Setter>,
    /// The type that defines it.
    pub owner: ObjRef,
}

impl GetSetDescriptorData {
    /// Reads the attribute of `obj`.
    pub fn get(&self, vm: &Vm, obj: &Value) -> PyResult<Value> {
        (self.get)(vm, obj)
    }

    /// Writes (or deletes) the attribute of `obj`.
    pub fn set(&self, vm: &Vm, obj: &Value, value: Option<Value>) -> PyResult<()> {
        match self.set {
            Some(f) => f(vm, obj, value),
            None => Err(vm.attribute_error(format!(
                "attribute '{}' of '{}' objects is not writable",
                self.name,
                type_name(&self.owner)
            ))),
        }
    }
}

/// The payload of a `super` object.
pub struct SuperData {
    /// The class whose MRO successors are searched.
    pub ty: ObjRef,
    /// The bound object (an instance, or a class), or `None` (unbound).
    pub obj: Value,
    /// The type whose MRO is used.
    pub obj_type: Option<ObjRef>,
}

/// Adds computed attributes to a builtin type.
pub fn add_getsets(vm: &Vm, ty: &ObjRef, getsets: &[(&'static str, Getter, Option<Setter>)]) {
    for &(name, get, set) in getsets {
        let d = ObjRef::new(
            &vm.types.getset_descriptor,
            GetSetDescriptorData {
                name,
                get,
                set,
                owner: ty.clone(),
            },
        );
        crate::types::builtin::set_attr(vm, ty, name, Value::Obj(d));
    }
}

/// `classmethod(func)`.
pub fn new_classmethod(vm: &Vm, func: Value) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.classmethod,
        ClassMethodData {
            func: RefCell::new(func),
        },
    ))
}

/// `staticmethod(func)`.
pub fn new_staticmethod(vm: &Vm, func: Value) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.staticmethod,
        StaticMethodData {
            func: RefCell::new(func),
        },
    ))
}

/// The member descriptor of slot `index` named `name` in class `owner`.
pub fn new_member(vm: &Vm, name: &str, index: usize, owner: &ObjRef) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.member_descriptor,
        MemberDescriptorData {
            name: name.to_string(),
            index,
            owner: owner.clone(),
        },
    ))
}

/// `super(ty, obj)`, with CPython's checks.
pub fn new_super(vm: &Vm, ty: &ObjRef, obj: &Value) -> PyResult<Value> {
    let obj_type = super_check(vm, ty, obj)?;
    Ok(Value::Obj(ObjRef::new(
        &vm.types.super_,
        SuperData {
            ty: ty.clone(),
            obj: obj.clone(),
            obj_type: Some(obj_type),
        },
    )))
}

/// The type whose MRO `super(ty, obj)` walks.
fn super_check(vm: &Vm, ty: &ObjRef, obj: &Value) -> PyResult<ObjRef> {
    if let Value::Obj(o) = obj
        && o.downcast::<TypeData>().is_some()
        && typeobj::is_subtype(o, ty)
    {
        return Ok(o.clone());
    }
    let t = vm.type_of(obj);
    if typeobj::is_subtype(&t, ty) {
        return Ok(t);
    }
    if let Some(Value::Obj(c)) = vm.getattr_opt(obj, "__class__")?
        && c.downcast::<TypeData>().is_some()
        && typeobj::is_subtype(&c, ty)
    {
        return Ok(c);
    }
    let what = if obj
        .as_obj()
        .is_some_and(|o| o.downcast::<TypeData>().is_some())
    {
        "type"
    } else {
        "instance of"
    };
    let shown = if what == "type" {
        type_name(obj.as_obj().expect("type"))
    } else {
        vm.type_name(obj)
    };
    Err(vm.type_error(format!(
        "super(type, obj): obj ({what} {shown}) is not an instance or subtype of type ({}).",
        type_name(ty)
    )))
}

/// Attribute lookup through a `super` object.
pub fn super_getattr(vm: &Vm, sup: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let data = sup.payload::<SuperData>();
    let key = crate::attr::as_str_obj(name);
    if let Some(start) = &data.obj_type
        && key != "__class__"
    {
        let mro = typeobj::mro(start);
        let pos = mro
            .iter()
            .position(|t| t.is(&data.ty))
            .map_or(mro.len(), |i| i + 1);
        for t in &mro[pos..] {
            if let Some(d) = t.dict()
                && let Some(v) = crate::types::dict::get_str(vm, &d, &Value::Obj(name.clone()))
            {
                let inst = if data.obj.as_obj().is_some_and(|o| o.is(start)) {
                    Value::None
                } else {
                    data.obj.clone()
                };
                return vm.bind_descriptor(&v, &inst, start);
            }
        }
    }
    crate::attr::generic_getattr(vm, &Value::Obj(sup.clone()), &sup.ty(), name)
}

/// Adds the methods of the descriptor types.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    add_static(vm, &t.property, "__new__", property_new);
    add_methods(
        vm,
        &t.property,
        &[
            ("__init__", property_init),
            ("__get__", property_get),
            ("__set__", property_set),
            ("__delete__", property_delete),
            ("getter", |vm, a| property_copy(vm, a, 0)),
            ("setter", |vm, a| property_copy(vm, a, 1)),
            ("deleter", |vm, a| property_copy(vm, a, 2)),
            ("__set_name__", property_set_name),
        ],
    );
    add_getsets(
        vm,
        &t.property,
        &[
            ("fget", |vm, v| Ok(prop(vm, v)?.fget.borrow().clone()), None),
            ("fset", |vm, v| Ok(prop(vm, v)?.fset.borrow().clone()), None),
            ("fdel", |vm, v| Ok(prop(vm, v)?.fdel.borrow().clone()), None),
            (
                "__doc__",
                |vm, v| Ok(prop(vm, v)?.doc.borrow().clone()),
                Some(property_set_doc),
            ),
            ("__name__", property_name, None),
            ("__isabstractmethod__", property_isabstract, None),
        ],
    );
    for (ty, new) in [
        (&t.classmethod, classmethod_new as crate::call::NativeFn),
        (&t.staticmethod, staticmethod_new),
    ] {
        add_static(vm, ty, "__new__", new);
        add_methods(
            vm,
            ty,
            &[
                ("__init__", wrapper_init),
                ("__get__", wrapper_get),
                ("__repr__", wrapper_repr),
            ],
        );
        add_getsets(
            vm,
            ty,
            &[
                ("__func__", wrapped_func, None),
                ("__wrapped__", wrapped_func, None),
                ("__isabstractmethod__", wrapper_isabstract, None),
                ("__dict__", wrapper_dict, None),
            ],
        );
    }
    add_methods(vm, &t.staticmethod, &[("__call__", staticmethod_call)]);
    add_methods(
        vm,
        &t.member_descriptor,
        &[
            ("__get__", member_get),
            ("__set__", member_set),
            ("__delete__", member_delete),
            ("__repr__", member_repr),
        ],
    );
    add_getsets(
        vm,
        &t.member_descriptor,
        &[
            (
                "__name__",
                |vm, v| Ok(vm.new_str(&member(vm, v)?.name)),
                None,
            ),
            (
                "__objclass__",
                |vm, v| Ok(Value::Obj(member(vm, v)?.owner.clone())),
                None,
            ),
        ],
    );
    add_methods(
        vm,
        &t.getset_descriptor,
        &[
            ("__get__", getset_get),
            ("__set__", getset_set),
            ("__delete__", getset_delete),
            ("__repr__", getset_repr),
        ],
    );
    add_getsets(
        vm,
        &t.getset_descriptor,
        &[
            (
                "__name__",
                |vm, v| Ok(vm.new_str(getset(vm, v)?.name)),
                None,
            ),
            (
                "__objclass__",
                |vm, v| Ok(Value::Obj(getset(vm, v)?.owner.clone())),
                None,
            ),
        ],
    );
    add_static(vm, &t.super_, "__new__", super_new);
    add_methods(
        vm,
        &t.super_,
        &[
            ("__init__", super_init),
            ("__repr__", super_repr),
            ("__get__", super_get),
        ],
    );
    add_getsets(
        vm,
        &t.super_,
        &[
            (
                "__thisclass__",
                |vm, v| Ok(Value::Obj(sup(vm, v)?.ty.clone())),
                None,
            ),
            ("__self__", |vm, v| Ok(sup(vm, v)?.obj.clone()), None),
            (
                "__self_class__",
                |vm, v| Ok(sup(vm, v)?.obj_type.clone().map_or(Value::None, Value::Obj)),
                None,
            ),
        ],
    );
}

fn prop<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PropertyData> {
    v.downcast::<PropertyData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'property' object"))
}

fn property_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some(Value::Obj(cls)) = args.pos.first() else {
        return Err(vm.type_error("property.__new__(X): X is not a type object"));
    };
    Ok(Value::Obj(ObjRef::new(
        cls,
        PropertyData {
            fget: RefCell::new(Value::None),
            fset: RefCell::new(Value::None),
            fdel: RefCell::new(Value::None),
            doc: RefCell::new(Value::None),
            name: RefCell::new(Value::None),
        },
    )))
}

fn property_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args
        .shift()
        .bind(vm, "property", &["fget", "fset", "fdel", "doc"], 0, 0, 4)?;
    let Value::Obj(o) = &args.pos[0] else {
        unreachable!()
    };
    let get = |i: usize| b[i].clone().unwrap_or(Value::None);
    let mut doc = get(3);
    if doc.is_none() && !get(0).is_none() {
        doc = vm.getattr_opt(&get(0), "__doc__")?.unwrap_or(Value::None);
    }
    let p = o.payload::<PropertyData>();
    *p.fget.borrow_mut() = get(0);
    *p.fset.borrow_mut() = get(1);
    *p.fdel.borrow_mut() = get(2);
    *p.doc.borrow_mut() = doc;
    Ok(Value::None)
}

fn property_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = prop(vm, &args.pos[0])?;
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    if obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    p.get(vm, &obj)
}

fn property_set(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [p, obj, v] = args.check(vm, "__set__", 3, 3)? else {
        unreachable!()
    };
    prop(vm, p)?.set(vm, obj, Some(v.clone()))?;
    Ok(Value::None)
}

fn property_delete(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [p, obj] = args.check(vm, "__delete__", 2, 2)? else {
        unreachable!()
    };
    prop(vm, p)?.set(vm, obj, None)?;
    Ok(Value::None)
}

fn property_copy(vm: &Vm, args: Args<'_>, which: usize) -> PyResult<Value> {
    let [p, f] = args.check(vm, ["getter", "setter", "deleter"][which], 2, 2)? else {
        unreachable!()
    };
    let old = prop(vm, p)?;
    let mut parts = [
        old.fget.borrow().clone(),
        old.fset.borrow().clone(),
        old.fdel.borrow().clone(),
    ];
    parts[which] = f.clone();
    let mut doc = old.doc.borrow().clone();
    if which == 0 && doc.is_none() {
        doc = vm.getattr_opt(f, "__doc__")?.unwrap_or(Value::None);
    }
    let [fget, fset, fdel] = parts;
    let ty = vm.type_of(p);
    Ok(Value::Obj(ObjRef::new(
        &ty,
        PropertyData {
            fget: RefCell::new(fget),
            fset: RefCell::new(fset),
            fdel: RefCell::new(fdel),
            doc: RefCell::new(doc),
            name: RefCell::new(old.name.borrow().clone()),
        },
    )))
}

fn property_set_name(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [p, _owner, name] = args.check(vm, "__set_name__", 3, 3)? else {
        unreachable!()
    };
    *prop(vm, p)?.name.borrow_mut() = name.clone();
    Ok(Value::None)
}

fn property_set_doc(vm: &Vm, v: &Value, doc: Option<Value>) -> PyResult<()> {
    *prop(vm, v)?.doc.borrow_mut() = doc.unwrap_or(Value::None);
    Ok(())
}

fn property_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p = prop(vm, v)?;
    let name = p.name.borrow().clone();
    if !name.is_none() {
        return Ok(name);
    }
    let fget = p.fget.borrow().clone();
    if !fget.is_none() {
        return vm.getattr(&fget, "__name__");
    }
    Err(vm.attribute_error("'property' object has no attribute '__name__'"))
}

fn property_isabstract(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p = prop(vm, v)?;
    let fs = [
        p.fget.borrow().clone(),
        p.fset.borrow().clone(),
        p.fdel.borrow().clone(),
    ];
    for f in &fs {
        if let Some(a) = vm.getattr_opt(f, "__isabstractmethod__")?
            && vm.truthy(&a)?
        {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn wrapped(vm: &Vm, v: &Value) -> PyResult<Value> {
    if let Some(c) = v.downcast::<ClassMethodData>() {
        return Ok(c.func.borrow().clone());
    }
    if let Some(s) = v.downcast::<StaticMethodData>() {
        return Ok(s.func.borrow().clone());
    }
    Err(vm.type_error("descriptor requires a classmethod or staticmethod"))
}

fn set_wrapped(v: &Value, f: Value) {
    if let Some(c) = v.downcast::<ClassMethodData>() {
        *c.func.borrow_mut() = f;
    } else if let Some(s) = v.downcast::<StaticMethodData>() {
        *s.func.borrow_mut() = f;
    }
}

fn new_wrapper(vm: &Vm, args: Args<'_>, kind: Kind) -> PyResult<Value> {
    let Some(Value::Obj(cls)) = args.pos.first() else {
        return Err(vm.type_error("__new__(X): X is not a type object"));
    };
    let f = args.pos.get(1).cloned().unwrap_or(Value::None);
    Ok(Value::Obj(if kind == Kind::ClassMethod {
        ObjRef::new(
            cls,
            ClassMethodData {
                func: RefCell::new(f),
            },
        )
    } else {
        ObjRef::new(
            cls,
            StaticMethodData {
                func: RefCell::new(f),
            },
        )
    }))
}

fn classmethod_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    new_wrapper(vm, args, Kind::ClassMethod)
}

fn staticmethod_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    new_wrapper(vm, args, Kind::StaticMethod)
}

fn wrapper_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let name = if args.pos[0].downcast::<ClassMethodData>().is_some() {
        "classmethod"
    } else {
        "staticmethod"
    };
    let [w, f] = args.check(vm, name, 2, 2)? else {
        unreachable!()
    };
    set_wrapped(w, f.clone());
    // Copy the wrapped function's metadata, as functools.wraps would.
    if let Value::Obj(o) = w
        && o.dict().is_none()
    {
        o.set_dict(Some(crate::types::dict::new_dict(&vm.types)));
    }
    if let Value::Obj(o) = w
        && let Some(d) = o.dict()
    {
        for attr in ["__module__", "__name__", "__qualname__", "__doc__"] {
            if let Some(v) = vm.getattr_opt(f, attr)? {
                crate::types::dict::set_item(vm, &d, vm.name(attr), v)?;
            }
        }
    }
    Ok(Value::None)
}

fn wrapper_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let w = &args.pos[0];
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    let ty = match args.pos.get(2) {
        Some(Value::Obj(t)) => t.clone(),
        _ => vm.type_of(&obj),
    };
    vm.bind_descriptor(w, &obj, &ty)
}

fn wrapper_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let w = &args.pos[0];
    let name = if w.downcast::<ClassMethodData>().is_some() {
        "classmethod"
    } else {
        "staticmethod"
    };
    let f = wrapped(vm, w)?;
    Ok(vm.new_str(&format!("<{name}({})>", vm.repr_string(&f)?)))
}

fn wrapped_func(vm: &Vm, v: &Value) -> PyResult<Value> {
    wrapped(vm, v)
}

fn wrapper_isabstract(vm: &Vm, v: &Value) -> PyResult<Value> {
    let f = wrapped(vm, v)?;
    match vm.getattr_opt(&f, "__isabstractmethod__")? {
        Some(a) => Ok(Value::Bool(vm.truthy(&a)?)),
        None => Ok(Value::Bool(false)),
    }
}

fn wrapper_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    let Value::Obj(o) = v else { unreachable!() };
    if o.dict().is_none() {
        o.set_dict(Some(crate::types::dict::new_dict(&vm.types)));
    }
    Ok(Value::Obj(o.dict().expect("just set")))
}

fn staticmethod_call(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let f = wrapped(vm, &args.pos[0])?;
    vm.call_args(&f, args.shift())
}

fn member<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MemberDescriptorData> {
    v.downcast::<MemberDescriptorData>()
        .ok_or_else(|| vm.type_error("descriptor requires a member_descriptor"))
}

fn member_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = member(vm, &args.pos[0])?;
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    if obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    m.get(vm, &obj)
}

fn member_set(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [m, obj, v] = args.check(vm, "__set__", 3, 3)? else {
        unreachable!()
    };
    member(vm, m)?.set(vm, obj, Some(v.clone()))?;
    Ok(Value::None)
}

fn member_delete(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [m, obj] = args.check(vm, "__delete__", 2, 2)? else {
        unreachable!()
    };
    member(vm, m)?.set(vm, obj, None)?;
    Ok(Value::None)
}

fn member_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = member(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!(
        "<member '{}' of '{}' objects>",
        m.name,
        type_name(&m.owner)
    )))
}

fn getset<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a GetSetDescriptorData> {
    v.downcast::<GetSetDescriptorData>()
        .ok_or_else(|| vm.type_error("descriptor requires a getset_descriptor"))
}

fn getset_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let g = getset(vm, &args.pos[0])?;
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    if obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    g.get(vm, &obj)
}

fn getset_set(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [g, obj, v] = args.check(vm, "__set__", 3, 3)? else {
        unreachable!()
    };
    getset(vm, g)?.set(vm, obj, Some(v.clone()))?;
    Ok(Value::None)
}

fn getset_delete(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [g, obj] = args.check(vm, "__delete__", 2, 2)? else {
        unreachable!()
    };
    getset(vm, g)?.set(vm, obj, None)?;
    Ok(Value::None)
}

fn getset_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let g = getset(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!(
        "<attribute '{}' of '{}' objects>",
        g.name,
        type_name(&g.owner)
    )))
}

fn sup<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a SuperData> {
    v.downcast::<SuperData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'super' object"))
}

fn super_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some(Value::Obj(cls)) = args.pos.first() else {
        return Err(vm.type_error("super.__new__(X): X is not a type object"));
    };
    let (ty, obj) = match &args.pos[1..] {
        [] => crate::frame::implicit_super_args(vm)?,
        [Value::Obj(t)] if t.downcast::<TypeData>().is_some() => (t.clone(), Value::None),
        [Value::Obj(t), obj] if t.downcast::<TypeData>().is_some() => (t.clone(), obj.clone()),
        [t, ..] if args.pos.len() <= 3 => {
            return Err(vm.type_error(format!(
                "super() argument 1 must be a type, not {}",
                vm.type_name(t)
            )));
        }
        _ => {
            return Err(vm.type_error(format!(
                "super() takes at most 2 arguments ({} given)",
                args.pos.len() - 1
            )));
        }
    };
    let obj_type = if obj.is_none() {
        None
    } else {
        Some(super_check(vm, &ty, &obj)?)
    };
    Ok(Value::Obj(ObjRef::new(
        cls,
        SuperData { ty, obj, obj_type },
    )))
}

fn super_init(_vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

fn super_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = sup(vm, &args.pos[0])?;
    let tn = type_name(&s.ty);
    Ok(vm.new_str(&match &s.obj_type {
        Some(t) => format!("<super: <class '{tn}'>, <{} object>>", type_name(t)),
        None => format!("<super: <class '{tn}'>, NULL>"),
    }))
}

fn super_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = sup(vm, &args.pos[0])?;
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    if obj.is_none() || !s.obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    new_super(vm, &s.ty, &obj)
}

/// Whether a class attribute lookup found something on `object` only (used
/// by `__init__`/`__new__` argument checks).
pub fn defined_below_object(vm: &Vm, ty: &ObjRef, name: &str) -> bool {
    match (lookup(vm, ty, name), lookup(vm, &vm.types.object, name)) {
        (Some(a), Some(b)) => !a.is(&b),
        (Some(_), None) => true,
        _ => false,
    }
}
