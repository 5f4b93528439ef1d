//! Attribute access: `getattr`, `setattr` and `delattr` with CPython's
//! descriptor protocol (data descriptors on the type first, then the
//! instance dict, then other class attributes, then `__getattr__`), the
//! variants for type objects and modules, and descriptor binding.

use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::object::{Kind, ObjRef};
use crate::types::descriptor::{
    ClassMethodData, GetSetDescriptorData, MemberDescriptorData, PropertyData, StaticMethodData,
};
use crate::types::dict;
use crate::types::function::FunctionData;
use crate::types::instance::{self, OwnSet};
use crate::types::str::as_str;
use crate::types::typeobj::{self, TypeData, lookup, type_name};
use crate::value::Value;
use crate::vm::Vm;

/// An attribute name as an interned `str` object.
pub fn attr_name(vm: &Vm, name: &Value) -> PyResult<ObjRef> {
    match as_str(name) {
        Some(s) => Ok(vm.intern(s)),
        None => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(name)
        ))),
    }
}

/// Whether `descr` (a class attribute) is a data descriptor.
pub fn is_data_descriptor(vm: &Vm, descr: &Value) -> bool {
    let Value::Obj(o) = descr else {
        return false;
    };
    match o.kind() {
        Kind::Property | Kind::MemberDescriptor | Kind::GetSetDescriptor => return true,
        Kind::Function
        | Kind::Builtin
        | Kind::MethodDescriptor
        | Kind::ClassMethod
        | Kind::StaticMethod
        | Kind::Str
        | Kind::Int
        | Kind::Tuple
            if !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE) =>
        {
            return false;
        }
        _ => {}
    }
    let ty = o.ty();
    lookup(vm, &ty, "__set__").is_some() || lookup(vm, &ty, "__delete__").is_some()
}

impl Vm {
    /// Binds a class attribute to `obj` (`descr.__get__(obj, ty)`); `obj`
    /// is `None` for lookups on the class itself.
    pub fn bind_descriptor(&self, descr: &Value, obj: &Value, ty: &ObjRef) -> PyResult<Value> {
        let Value::Obj(d) = descr else {
            return Ok(descr.clone());
        };
        match d.kind() {
            Kind::Function => {
                if obj.is_none() {
                    return Ok(descr.clone());
                }
                return Ok(self.new_method(descr.clone(), obj.clone()));
            }
            Kind::MethodDescriptor => {
                let md = d.payload::<crate::types::builtin::MethodDescriptorData>();
                return md.bind(self, descr, obj, ty);
            }
            Kind::ClassMethod => {
                let f = d.payload::<ClassMethodData>().func.borrow().clone();
                let owner = if obj.is_none() {
                    Value::Obj(ty.clone())
                } else {
                    Value::Obj(self.type_of(obj))
                };
                // Since 3.13 a classmethod binds whatever it wraps (a type
                // too) as a method; it no longer chains descriptors.
                return Ok(self.new_method(f, owner));
            }
            Kind::StaticMethod => return Ok(d.payload::<StaticMethodData>().func.borrow().clone()),
            Kind::Property => {
                if obj.is_none() {
                    return Ok(descr.clone());
                }
                return d.payload::<PropertyData>().get(self, obj);
            }
            Kind::MemberDescriptor => {
                if obj.is_none() {
                    return Ok(descr.clone());
                }
                return d.payload::<MemberDescriptorData>().get(self, obj);
            }
            Kind::GetSetDescriptor => {
                if obj.is_none() {
                    let gs = d.payload::<GetSetDescriptorData>();
                    if gs.owner.is(&self.types.type_) && ty.downcast::<TypeData>().is_some() {
                        return (gs.get)(self, &Value::Obj(ty.clone()));
                    }
                    return Ok(descr.clone());
                }
                return d.payload::<GetSetDescriptorData>().get(self, obj);
            }
            _ => {}
        }
        if !typeobj::data(&d.ty()).has_flag(typeobj::flags::HEAPTYPE) && d.kind() != Kind::Instance
        {
            return Ok(descr.clone());
        }
        self.bind_descriptor_generic(descr, obj, ty)
    }

    /// Binds a class attribute found for the instance `obj`, also when the
    /// instance is `None` itself (which `bind_descriptor` reads as a
    /// lookup on the class): `None.__class__` is NoneType.
    pub fn bind_to_instance(&self, descr: &Value, obj: &Value, ty: &ObjRef) -> PyResult<Value> {
        if let (Value::None, Value::Obj(d)) = (obj, descr) {
            match d.kind() {
                Kind::Function => return Ok(self.new_method(descr.clone(), Value::None)),
                Kind::GetSetDescriptor => {
                    return d.payload::<GetSetDescriptorData>().get(self, obj);
                }
                Kind::MemberDescriptor => {
                    return d.payload::<MemberDescriptorData>().get(self, obj);
                }
                _ => {}
            }
        }
        self.bind_descriptor(descr, obj, ty)
    }

    fn bind_descriptor_generic(&self, descr: &Value, obj: &Value, ty: &ObjRef) -> PyResult<Value> {
        let dty = self.type_of(descr);
        match lookup(self, &dty, "__get__") {
            Some(get) => self.call_with_self(
                &get,
                descr,
                Args::positional(&[obj.clone(), Value::Obj(ty.clone())]),
            ),
            None => Ok(descr.clone()),
        }
    }

    /// `getattr(obj, name)`.
    pub fn getattr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        let key = self.intern(name);
        self.getattr_obj(obj, &key)
    }

    /// `getattr(obj, name)` with an interned name.
    pub fn getattr_obj(&self, obj: &Value, name: &ObjRef) -> PyResult<Value> {
        let ty = self.type_of(obj);
        if !typeobj::data(&ty).has_flag(typeobj::flags::HEAPTYPE) {
            return self.generic_getattr_any(obj, &ty, name);
        }
        let bits = typeobj::specials(self, &ty);
        let r = if bits & typeobj::special::GETATTRIBUTE != 0
            && let Some(ga) = lookup(self, &ty, "__getattribute__")
            && !self.is_builtin_getattribute(&ga)
        {
            self.call_with_self(&ga, obj, Args::positional(&[Value::Obj(name.clone())]))
        } else {
            self.generic_getattr_any(obj, &ty, name)
        };
        if bits & typeobj::special::GETATTR == 0 {
            return r;
        }
        self.getattr_fallback(obj, &ty, name, r)
    }

    fn is_builtin_getattribute(&self, ga: &Value) -> bool {
        ga.as_obj()
            .is_some_and(|o| o.kind() == Kind::MethodDescriptor)
    }

    /// Falls back on `__getattr__` after an `AttributeError`.
    fn getattr_fallback(
        &self,
        obj: &Value,
        ty: &ObjRef,
        name: &ObjRef,
        r: PyResult<Value>,
    ) -> PyResult<Value> {
        match r {
            Err(e) if e.matches(self, &self.types.exc.attribute_error) => {
                match lookup(self, ty, "__getattr__") {
                    Some(ga) => {
                        self.call_with_self(&ga, obj, Args::positional(&[Value::Obj(name.clone())]))
                    }
                    None => Err(e),
                }
            }
            other => other,
        }
    }

    /// The default attribute lookup of any object (`object.__getattribute__`
    /// or the type and module variants).
    pub fn generic_getattr_any(&self, obj: &Value, ty: &ObjRef, name: &ObjRef) -> PyResult<Value> {
        if let Value::Obj(o) = obj {
            if o.kind() == Kind::Type {
                return type_getattr(self, obj, name);
            }
            if o.kind() == Kind::Module {
                return crate::types::module::module_getattr(self, o, name);
            }
            if o.kind() == Kind::Method {
                return crate::types::function::method_getattr(self, o, name);
            }
            if o.kind() == Kind::Super {
                return crate::types::descriptor::super_getattr(self, o, name);
            }
            if crate::types::weakref::is_proxy(self, o) {
                return crate::types::weakref::proxy_getattr(self, obj, name);
            }
        }
        generic_getattr(self, obj, ty, name)
    }

    /// `getattr(obj, name, None)`-like: `None` only for `AttributeError`.
    pub fn getattr_opt(&self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        match self.getattr(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(self, &self.types.exc.attribute_error) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `setattr(obj, name, value)`, or `delattr` when `value` is `None`.
    pub fn setattr(&self, obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
        if let Value::Obj(o) = obj
            && crate::types::weakref::is_proxy(self, o)
        {
            return crate::types::weakref::proxy_setattr(self, obj, name, value);
        }
        let ty = self.type_of(obj);
        let custom = if value.is_some() {
            typeobj::special::SETATTR
        } else {
            typeobj::special::DELATTR
        };
        if typeobj::data(&ty).has_flag(typeobj::flags::HEAPTYPE)
            && typeobj::specials(self, &ty) & custom != 0
            && let Some(sa) = lookup(
                self,
                &ty,
                if value.is_some() {
                    "__setattr__"
                } else {
                    "__delattr__"
                },
            )
            && !sa
                .as_obj()
                .is_some_and(|o| o.kind() == Kind::MethodDescriptor)
        {
            let mut args = vec![Value::Obj(name.clone())];
            args.extend(value);
            self.call_with_self(&sa, obj, Args::positional(&args))?;
            return Ok(());
        }
        if let Value::Obj(o) = obj
            && o.kind() == Kind::Type
        {
            return type_setattr(self, obj, name, value);
        }
        generic_setattr(self, obj, &ty, name, value)
    }

    /// `setattr` with a `&str` name.
    pub fn set_attr(&self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        let key = self.intern(name);
        self.setattr(obj, &key, Some(value))
    }

    /// The `AttributeError` for a missing attribute.
    pub fn no_attribute(&self, obj: &Value, name: &ObjRef) -> PyErr {
        let n = as_str(&Value::Obj(name.clone())).unwrap_or("?").to_string();
        let err = self.attribute_error(format!(
            "'{}' object has no attribute '{n}'",
            self.type_name(obj)
        ));
        crate::types::exception::set_attribute_error_context(self, &err, obj, &n);
        err
    }
}

/// `object.__getattribute__`.
pub fn generic_getattr(vm: &Vm, obj: &Value, ty: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let descr = typeobj::lookup_name(vm, ty, name);
    if let Some(d) = &descr
        && is_data_descriptor(vm, d)
    {
        return vm.bind_to_instance(d, obj, ty);
    }
    if let Value::Obj(o) = obj
        && let Some(v) = instance::own_attr(vm, o, name)
    {
        return Ok(v);
    }
    match descr {
        Some(d) => vm.bind_to_instance(&d, obj, ty),
        None => Err(vm.no_attribute(obj, name)),
    }
}

/// The text of an interned name.
pub fn as_str_obj(name: &ObjRef) -> &str {
    name.payload::<crate::types::str::StrData>()
        .as_str()
        .unwrap_or("")
}

/// `object.__setattr__` / `__delattr__`.
pub fn generic_setattr(
    vm: &Vm,
    obj: &Value,
    ty: &ObjRef,
    name: &ObjRef,
    value: Option<Value>,
) -> PyResult<()> {
    let key = as_str_obj(name);
    if let Some(descr) = typeobj::lookup_name(vm, ty, name)
        && let Value::Obj(d) = &descr
    {
        match d.kind() {
            Kind::Property => return d.payload::<PropertyData>().set(vm, obj, value),
            Kind::MemberDescriptor => {
                return d.payload::<MemberDescriptorData>().set(vm, obj, value);
            }
            Kind::GetSetDescriptor => {
                return d.payload::<GetSetDescriptorData>().set(vm, obj, value);
            }
            _ if is_data_descriptor(vm, &descr) => {
                let dty = d.ty();
                let method = if value.is_some() {
                    "__set__"
                } else {
                    "__delete__"
                };
                let Some(f) = lookup(vm, &dty, method) else {
                    return Err(vm.attribute_error(format!(
                        "'{}' object attribute '{key}' is read-only",
                        vm.type_name(obj)
                    )));
                };
                let mut args = vec![obj.clone()];
                args.extend(value);
                vm.call_with_self(&f, &descr, Args::positional(&args))?;
                return Ok(());
            }
            _ => {}
        }
    }
    let Value::Obj(o) = obj else {
        return Err(readonly_error(vm, obj, key, value.is_none()));
    };
    let value = match instance::set_own_attr(vm, o, name, value) {
        OwnSet::Done => return Ok(()),
        OwnSet::Missing => return Err(vm.no_attribute(obj, name)),
        OwnSet::NotInline(value) => value,
    };
    match o.dict() {
        Some(d) => match value {
            Some(v) => dict::set_item(vm, &d, Value::Obj(name.clone()), v),
            None => {
                if !dict::del_item(vm, &d, &Value::Obj(name.clone()))? {
                    return Err(vm.no_attribute(obj, name));
                }
                Ok(())
            }
        },
        None if typeobj::data(ty).has_flag(typeobj::flags::HAS_DICT) => {
            let Some(v) = value else {
                return Err(vm.no_attribute(obj, name));
            };
            let d = dict::new_dict(&vm.types);
            dict::set_item(vm, &d, Value::Obj(name.clone()), v)?;
            o.set_dict(Some(d));
            Ok(())
        }
        None => Err(readonly_error(vm, obj, key, value.is_none())),
    }
}

fn readonly_error(vm: &Vm, obj: &Value, key: &str, deleting: bool) -> PyErr {
    let _ = deleting;
    let ty = vm.type_of(obj);
    if lookup(vm, &ty, key).is_some() {
        return vm.attribute_error(format!(
            "'{}' object attribute '{key}' is read-only",
            type_name(&ty)
        ));
    }
    vm.attribute_error(format!(
        "'{}' object has no attribute '{key}' and no __dict__ for setting new attributes",
        type_name(&ty)
    ))
}

/// `type.__getattribute__`: the metatype's data descriptors, then the
/// class's MRO (binding with no instance), then the metatype's others.
pub fn type_getattr(vm: &Vm, obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let Value::Obj(ty) = obj else {
        return Err(vm.type_error("descriptor requires a 'type' object"));
    };
    let key = as_str_obj(name);
    let meta = ty.ty();
    let meta_attr = lookup(vm, &meta, key);
    if let Some(m) = &meta_attr
        && is_data_descriptor(vm, m)
    {
        return vm.bind_descriptor(m, obj, &meta);
    }
    if let Some(attr) = lookup(vm, ty, key) {
        return vm.bind_descriptor(&attr, &Value::None, ty);
    }
    match meta_attr {
        Some(m) => vm.bind_descriptor(&m, obj, &meta),
        None => {
            let err = vm.attribute_error(format!(
                "type object '{}' has no attribute '{key}'",
                type_name(ty)
            ));
            crate::types::exception::set_attribute_error_context(vm, &err, obj, key);
            Err(err)
        }
    }
}

/// `type.__setattr__`: sets the class attribute and invalidates lookups.
pub fn type_setattr(vm: &Vm, obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    let Value::Obj(ty) = obj else {
        return Err(vm.type_error("descriptor requires a 'type' object"));
    };
    let key = as_str_obj(name);
    let meta = ty.ty();
    if let Some(m) = lookup(vm, &meta, key)
        && is_data_descriptor(vm, &m)
    {
        return generic_setattr(vm, obj, &meta, name, value);
    }
    let td = typeobj::data(ty);
    if !td.has_flag(typeobj::flags::HEAPTYPE) {
        return Err(vm.type_error(format!(
            "cannot set '{key}' attribute of immutable type '{}'",
            type_name(ty)
        )));
    }
    let d = ty.dict().expect("types have dicts");
    match value {
        Some(v) => {
            if key == "__del__" {
                td.set_finalizer(true);
            }
            dict::set_item(vm, &d, Value::Obj(name.clone()), v)?;
        }
        None => {
            if !dict::del_item(vm, &d, &Value::Obj(name.clone()))? {
                return Err(vm.attribute_error(format!(
                    "type object '{}' has no attribute '{key}'",
                    type_name(ty)
                )));
            }
        }
    }
    typeobj::invalidate(ty);
    Ok(())
}

/// Whether a function object is a plain Python function (for fast paths).
pub fn is_python_function(v: &Value) -> bool {
    v.as_obj()
        .is_some_and(|o| o.downcast::<FunctionData>().is_some())
}
