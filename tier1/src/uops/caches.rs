//! Inline caches: what `LOAD_GLOBAL`, `LOAD_ATTR` and `STORE_ATTR` learned
//! the last time they ran, kept in their cache code units (CPython's
//! layout leaves room for them after each instruction). A cache records
//! tags of the dict keys or type state it depended on; when the tags still
//! match, the instruction is one indexed load or store. Any miss takes the
//! generic path, which refills the cache.
//!
//! Unit 0 of each cache (CPython's warm-up counter) stays free for the
//! adaptive tier.

use crate::eval::Ctx;
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::function::FunctionData;
use pyrite_runtime::types::typeobj::{self, special};
use pyrite_runtime::types::{dict, instance};
use pyrite_runtime::{ObjRef, Value, Vm};

/// The cache units of the running instruction.
struct Units<'a> {
    units: &'a [std::cell::Cell<u16>],
}

impl Units<'_> {
    fn of<'a>(cx: &Ctx<'a>, n: usize) -> Units<'a> {
        // The caches follow the instruction.
        let first = cx.f.lasti + 1;
        Units {
            units: &cx.code.units[first..first + n],
        }
    }

    #[inline]
    fn u16(&self, k: usize) -> u16 {
        self.units[k].get()
    }

    #[inline]
    fn u32(&self, k: usize) -> u32 {
        u32::from(self.units[k].get()) | (u32::from(self.units[k + 1].get()) << 16)
    }

    fn set_u16(&self, k: usize, v: u16) {
        self.units[k].set(v);
    }

    fn set_u32(&self, k: usize, v: u32) {
        self.units[k].set(v as u16);
        self.units[k + 1].set((v >> 16) as u16);
    }

    #[inline]
    fn u64(&self, k: usize) -> u64 {
        u64::from(self.u32(k)) | (u64::from(self.u32(k + 2)) << 32)
    }

    fn set_u64(&self, k: usize, v: u64) {
        self.set_u32(k, v as u32);
        self.set_u32(k + 2, (v >> 32) as u32);
    }
}

/// Writes unit `k` of the running instruction's cache (the adaptive
/// tier records what a specialized form checks).
pub(crate) fn set_cache_u16(cx: &Ctx<'_>, k: usize, v: u16) {
    Units::of(cx, k + 1).set_u16(k, v);
}

/// Writes units `k` and `k + 1` of the running instruction's cache.
pub(crate) fn set_cache_u32(cx: &Ctx<'_>, k: usize, v: u32) {
    Units::of(cx, k + 2).set_u32(k, v);
}

/// Reads unit `k` of the running instruction's cache.
#[inline]
pub(crate) fn cache_u16(cx: &Ctx<'_>, k: usize) -> u16 {
    Units::of(cx, k + 1).u16(k)
}

/// Reads units `k` and `k + 1` of the running instruction's cache.
#[inline]
pub(crate) fn cache_u32(cx: &Ctx<'_>, k: usize) -> u32 {
    Units::of(cx, k + 2).u32(k)
}

// ----- LOAD_GLOBAL: [counter, globals tag, builtins tag, index] -------------

/// The global (or builtin) a `LOAD_GLOBAL` cache still vouches for.
#[inline(always)]
pub(crate) fn cached_global(cx: &Ctx<'_>) -> Option<Value> {
    let u = Units::of(cx, 4);
    let globals_tag = u.u16(1);
    if globals_tag == 0 {
        return None;
    }
    let globals = cx.f.globals().downcast::<dict::DictData>()?;
    if globals.current_tag() != globals_tag {
        return None;
    }
    let ix = usize::from(u.u16(3));
    match u.u16(2) {
        0 => globals.value_at(ix),
        tag => {
            let builtins = cx.f.builtins.downcast::<dict::DictData>()?;
            if builtins.current_tag() != tag {
                return None;
            }
            builtins.value_at(ix)
        }
    }
}

/// Records where `name` was found for the next run of this `LOAD_GLOBAL`.
pub(crate) fn fill_global(cx: &Ctx<'_>, name: &ObjRef) {
    let vm = cx.vm;
    let u = Units::of(cx, 4);
    u.set_u16(1, 0);
    if !cx.f.globals().ty_is(&vm.types.dict) || !cx.f.builtins.ty_is(&vm.types.dict) {
        return;
    }
    let key = Value::Obj(name.clone());
    let hash = name.payload::<pyrite_runtime::types::str::StrData>().hash();
    let globals = dict::data(cx.f.globals());
    let (builtins_tag, ix) = match globals.str_index(&key, hash) {
        Some(ix) => (0, ix),
        None => {
            let builtins = dict::data(&cx.f.builtins);
            let Some(ix) = builtins.str_index(&key, hash) else {
                return;
            };
            let tag = builtins.cache_tag();
            if tag == 0 {
                return;
            }
            (tag, ix)
        }
    };
    let Ok(ix) = u16::try_from(ix) else {
        return;
    };
    let globals_tag = globals.cache_tag();
    u.set_u16(2, builtins_tag);
    u.set_u16(3, ix);
    u.set_u16(1, globals_tag);
}

// ----- LOAD_ATTR: [counter, type tag (2), kind, index or key count,
// method (4)] ---------------------------------------------------------------

/// `LOAD_ATTR` found an instance's own attribute at a shared-key index.
const INSTANCE_VALUE: u16 = 1;
/// `LOAD_ATTR` (method form) found a Python function on the type, and the
/// instance had no attribute of that name.
const METHOD: u16 = 2;
/// `LOAD_ATTR` found the name in a module's dict (units 1-2: the dict's
/// keys tag; unit 4: the entry's index).
const MODULE: u16 = 3;
/// `LOAD_ATTR` found a plain object (no `__get__`, or a function) along a
/// class's MRO (units 1-2: the class's tag; units 5-8: the object).
const CLASS: u16 = 4;
/// `LOAD_ATTR` found a plain object (no `__get__`) on an instance's type,
/// and no instance of the type has an attribute of that name (units 1-2:
/// the type's tag; unit 4: its key count; units 5-8: the object).
const NONDESCRIPTOR: u16 = 5;
/// `LOAD_ATTR` (method form) found a builtin method descriptor on the
/// (builtin, unchangeable) type of an object without a dict (units 1-2:
/// the type's tag; units 5-8: the descriptor).
const METHOD_NO_DICT: u16 = 6;
/// Added to `CLASS` and `NONDESCRIPTOR`: units 5-8 hold an int's value, or
/// a float's bits, instead of an object.
const HOLDS_INT: u16 = 0x100;
const HOLDS_FLOAT: u16 = 0x200;
const HOLDS: u16 = HOLDS_INT | HOLDS_FLOAT;

/// The cache bits and the `HOLDS_*` flag of a class attribute's value.
fn value_bits(v: &Value) -> Option<(u64, u16)> {
    match v {
        Value::Obj(o) => Some((typeobj::cache_bits_of(o), 0)),
        Value::Int(i) => Some((*i as u64, HOLDS_INT)),
        Value::Float(f) => Some((f.to_bits(), HOLDS_FLOAT)),
        _ => None,
    }
}

/// The class attribute units 5-8 recorded while `ty` had tag `tag`, if
/// it still has.
#[inline(always)]
fn cached_type_value(ty: &ObjRef, tag: u32, holds: u16, bits: u64) -> Option<Value> {
    match holds {
        0 => typeobj::cached_type_attr(ty, tag, bits).map(Value::Obj),
        _ if tag == 0 || typeobj::current_tag(ty) != tag => None,
        HOLDS_INT => Some(Value::Int(bits as i64)),
        _ => Some(Value::Float(f64::from_bits(bits))),
    }
}

/// The kinds a `LOAD_ATTR` cache can hold, for the adaptive tier's choice.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrKind {
    /// An instance's own attribute.
    InstanceValue,
    /// A method of an instance's type.
    Method,
    /// A module attribute.
    Module,
    /// A class attribute.
    Class,
    /// A plain class attribute read through an instance.
    NonDescriptor,
    /// A builtin method of a builtin object's type.
    MethodNoDict,
}

/// What kind of attribute this `LOAD_ATTR`'s cache holds, if any.
pub(crate) fn attr_kind(cx: &Ctx<'_>) -> Option<AttrKind> {
    let u = Units::of(cx, 9);
    if u.u32(1) == 0 {
        return None;
    }
    match u.u16(3) {
        INSTANCE_VALUE => Some(AttrKind::InstanceValue),
        METHOD => Some(AttrKind::Method),
        METHOD_NO_DICT => Some(AttrKind::MethodNoDict),
        MODULE => Some(AttrKind::Module),
        k if k & !HOLDS == CLASS => Some(AttrKind::Class),
        k if k & !HOLDS == NONDESCRIPTOR => Some(AttrKind::NonDescriptor),
        _ => None,
    }
}

/// What a `LOAD_ATTR` cache gives when it still holds.
pub(crate) enum AttrHit {
    /// The attribute's value.
    Value(Value),
    /// The function to call with the instance as `self`.
    Method(Value),
}

/// The instance an attribute cache's type tag (units 1-2) still holds
/// for.
#[inline(always)]
fn tagged_instance<'v>(u: &Units<'_>, owner: &'v Value) -> Option<&'v ObjRef> {
    let Value::Obj(o) = owner else {
        return None;
    };
    let tag = u.u32(1);
    (o.kind() == Kind::Instance && tag != 0 && o.with_ty(typeobj::current_tag) == tag).then_some(o)
}

/// Clears an attribute cache and gives the instance it may be filled for:
/// a plain instance keeping its attributes inline.
fn fillable_instance<'v>(u: &Units<'_>, owner: &'v Value) -> Option<&'v ObjRef> {
    u.set_u32(1, 0);
    match owner {
        Value::Obj(o) if o.kind() == Kind::Instance && instance::has_inline_values(o) => Some(o),
        _ => None,
    }
}

/// The attribute a `LOAD_ATTR` cache still vouches for.
#[inline(always)]
pub(crate) fn cached_attr(cx: &Ctx<'_>, owner: &Value) -> Option<AttrHit> {
    let u = Units::of(cx, 9);
    let kind = u.u16(3);
    match kind & !HOLDS {
        INSTANCE_VALUE => {
            let o = tagged_instance(&u, owner)?;
            instance::inline_value(o, usize::from(u.u16(4))).map(AttrHit::Value)
        }
        METHOD | NONDESCRIPTOR => {
            // The type's key count still says no instance has the name.
            let o = tagged_instance(&u, owner)?;
            if !instance::has_inline_values(o)
                || o.with_ty(instance::shared_key_count) != usize::from(u.u16(4))
            {
                return None;
            }
            let v = o.with_ty(|ty| cached_type_value(ty, u.u32(1), kind & HOLDS, u.u64(5)))?;
            Some(if kind == METHOD {
                AttrHit::Method(v)
            } else {
                AttrHit::Value(v)
            })
        }
        METHOD_NO_DICT => {
            let Value::Obj(o) = owner else {
                return None;
            };
            o.with_ty(|ty| typeobj::cached_type_attr(ty, u.u32(1), u.u64(5)))
                .map(|d| AttrHit::Method(Value::Obj(d)))
        }
        MODULE => {
            let Value::Obj(m) = owner else {
                return None;
            };
            let tag = u.u32(1);
            if m.kind() != Kind::Module || !m.ty_is(&cx.vm.types.module) || tag == 0 {
                return None;
            }
            let d = pyrite_runtime::types::module::module_dict(m);
            let data = d.downcast::<dict::DictData>()?;
            if u32::from(data.current_tag()) != tag {
                return None;
            }
            data.value_at(usize::from(u.u16(4))).map(AttrHit::Value)
        }
        CLASS => {
            let Value::Obj(c) = owner else {
                return None;
            };
            if c.kind() != Kind::Type {
                return None;
            }
            cached_type_value(c, u.u32(1), kind & HOLDS, u.u64(5)).map(AttrHit::Value)
        }
        _ => None,
    }
}

/// Whether instances of `ty` look attributes up the default way, and the
/// type has no data descriptor called `name` (then an instance's own
/// attribute wins, and the type's version vouches for both).
fn plain_lookup(vm: &Vm, ty: &ObjRef, name: &ObjRef, setting: bool) -> Option<Option<Value>> {
    let bits = typeobj::specials(vm, ty);
    let custom = if setting {
        special::SETATTR
    } else {
        special::GETATTRIBUTE
    };
    if bits & custom != 0 {
        return None;
    }
    let on_type = typeobj::lookup_name(vm, ty, name);
    if on_type
        .as_ref()
        .is_some_and(|d| pyrite_runtime::attr::is_data_descriptor(vm, d))
    {
        return None;
    }
    Some(on_type)
}

/// Records how this `LOAD_ATTR` found `name` on `owner`, when that is one
/// of the cached kinds.
pub(crate) fn fill_attr(cx: &Ctx<'_>, owner: &Value, name: &ObjRef, method: bool) {
    let u = Units::of(cx, 9);
    if let Value::Obj(o) = owner {
        match o.kind() {
            Kind::Module => return fill_module_attr(cx, &u, o, name),
            Kind::Type => return fill_class_attr(cx, &u, o, name),
            Kind::Instance | Kind::Super => {}
            _ if method => return fill_builtin_method(cx, &u, o, name),
            _ => {}
        }
    }
    let Some(o) = fillable_instance(&u, owner) else {
        return;
    };
    let vm = cx.vm;
    let ty = o.ty();
    let Some(on_type) = plain_lookup(vm, &ty, name, false) else {
        return;
    };
    let (kind, arg) = if instance::own_attr(vm, o, name).is_some() {
        match instance::shared_key_index(vm, &ty, name) {
            Some(i) => (INSTANCE_VALUE, i),
            None => return,
        }
    } else if instance::is_shared_key(vm, &ty, name) {
        // Some instance of the type has (or had) the name: the type's key
        // count could not vouch for this one lacking it.
        return;
    } else if method
        && let Some(f) = on_type.as_ref().and_then(Value::as_obj)
        && f.downcast::<FunctionData>().is_some()
    {
        u.set_u64(5, typeobj::cache_bits_of(f));
        (METHOD, instance::shared_key_count(&ty))
    } else if let Some(v) = &on_type
        && is_plain_value(vm, v)
        && let Some((bits, holds)) = value_bits(v)
    {
        u.set_u64(5, bits);
        (NONDESCRIPTOR | holds, instance::shared_key_count(&ty))
    } else {
        return;
    };
    let Ok(arg) = u16::try_from(arg) else {
        return;
    };
    u.set_u16(3, kind);
    u.set_u16(4, arg);
    u.set_u32(1, typeobj::cache_tag(&ty));
}

/// A builtin method (`list.append`) of an object of a builtin type: such
/// types never change, and their objects have no attributes of their own.
fn fill_builtin_method(cx: &Ctx<'_>, u: &Units<'_>, o: &ObjRef, name: &ObjRef) {
    let vm = cx.vm;
    u.set_u32(1, 0);
    let ty = o.ty();
    if typeobj::data(&ty).has_flag(typeobj::flags::HEAPTYPE) || o.dict().is_some() {
        return;
    }
    let Some(Value::Obj(d)) = typeobj::lookup_name(vm, &ty, name) else {
        return;
    };
    let bound = d
        .downcast::<pyrite_runtime::types::builtin::MethodDescriptorData>()
        .is_some_and(|m| m.kind == pyrite_runtime::types::builtin::DescriptorKind::Method);
    if !bound {
        return;
    }
    u.set_u16(3, METHOD_NO_DICT);
    u.set_u64(5, typeobj::cache_bits_of(&d));
    u.set_u32(1, typeobj::cache_tag(&ty));
}

/// A module attribute found in the module's dict (an exact module, whose
/// type has no data descriptor of that name).
fn fill_module_attr(cx: &Ctx<'_>, u: &Units<'_>, m: &ObjRef, name: &ObjRef) {
    let vm = cx.vm;
    u.set_u32(1, 0);
    if !m.ty_is(&vm.types.module) || plain_lookup(vm, &vm.types.module, name, false).is_none() {
        return;
    }
    let d = pyrite_runtime::types::module::module_dict(m);
    if !d.ty_is(&vm.types.dict) {
        return;
    }
    let data = dict::data(&d);
    let hash = name.payload::<pyrite_runtime::types::str::StrData>().hash();
    let Some(ix) = data.str_index(&Value::Obj(name.clone()), hash) else {
        return;
    };
    let (Ok(ix), tag) = (u16::try_from(ix), data.cache_tag()) else {
        return;
    };
    if tag == 0 {
        return;
    }
    u.set_u16(3, MODULE);
    u.set_u16(4, ix);
    u.set_u32(1, u32::from(tag));
}

/// A class attribute that reads back as itself: an object whose type has
/// no `__get__` (or a plain function), on a class of metatype `type` that
/// has no data descriptor of that name.
fn fill_class_attr(cx: &Ctx<'_>, u: &Units<'_>, cls: &ObjRef, name: &ObjRef) {
    let vm = cx.vm;
    u.set_u32(1, 0);
    if !cls.ty_is(&vm.types.type_) || plain_lookup(vm, &vm.types.type_, name, false).is_none() {
        return;
    }
    let Some(v) = typeobj::lookup_name(vm, cls, name) else {
        return;
    };
    let function = v.as_obj().is_some_and(|f| f.kind() == Kind::Function);
    if !function && !is_plain_value(vm, &v) {
        return;
    }
    let Some((bits, holds)) = value_bits(&v) else {
        return;
    };
    u.set_u16(3, CLASS | holds);
    u.set_u64(5, bits);
    u.set_u32(1, typeobj::cache_tag(cls));
}

/// Whether `v` reads back as itself from a class (its type has no
/// `__get__`).
fn is_plain_value(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => typeobj::lookup(vm, &o.ty(), "__get__").is_none(),
        _ => true,
    }
}

// ----- STORE_ATTR: [counter, type tag (2), index] ----------------------------

/// The instance and shared-key index a `STORE_ATTR` cache still vouches
/// for (the adaptive tier's `STORE_ATTR_INSTANCE_VALUE` guard).
#[inline(always)]
pub(crate) fn store_slot<'v>(cx: &Ctx<'_>, owner: &'v Value) -> Option<(&'v ObjRef, usize)> {
    let u = Units::of(cx, 4);
    tagged_instance(&u, owner).map(|o| (o, usize::from(u.u16(3))))
}

/// Whether this `STORE_ATTR`'s cache is filled.
pub(crate) fn store_cached(cx: &Ctx<'_>) -> bool {
    Units::of(cx, 4).u32(1) != 0
}

/// Whether this `LOAD_GLOBAL`'s cache is filled, and for a builtin.
pub(crate) fn global_cached(cx: &Ctx<'_>) -> Option<bool> {
    let u = Units::of(cx, 4);
    (u.u16(1) != 0).then(|| u.u16(2) != 0)
}

/// Records the shared-key index `STORE_ATTR` of `name` can store at next
/// time.
pub(crate) fn fill_store(cx: &Ctx<'_>, owner: &Value, name: &ObjRef) {
    let u = Units::of(cx, 4);
    let Some(o) = fillable_instance(&u, owner) else {
        return;
    };
    let vm = cx.vm;
    let ty = o.ty();
    if plain_lookup(vm, &ty, name, true).is_none() {
        return;
    }
    let Some(i) = instance::shared_key_index(vm, &ty, name) else {
        return;
    };
    let Ok(i) = u16::try_from(i) else {
        return;
    };
    u.set_u16(3, i);
    u.set_u32(1, typeobj::cache_tag(&ty));
}
