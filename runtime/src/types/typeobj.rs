//! `type`: type objects, method resolution order (C3), attribute lookup
//! along it (cached per type and invalidated through version tags), class
//! creation, and instantiation.

use crate::call::Args;
use crate::error::PyResult;
use crate::hash::FastMap;
use crate::object::{Header, Kind, ObjRef};
use crate::types::dict;
use crate::types::str::{StrData, as_str};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;

/// Type flags.
pub mod flags {
    /// Defined by a `class` statement (mutable, not shared).
    pub const HEAPTYPE: u32 = 1 << 0;
    /// Can be subclassed.
    pub const BASETYPE: u32 = 1 << 1;
    /// Instances have a `__dict__`.
    pub const HAS_DICT: u32 = 1 << 2;
    /// Subclass of `int`.
    pub const LONG_SUBCLASS: u32 = 1 << 3;
    /// Subclass of `list`.
    pub const LIST_SUBCLASS: u32 = 1 << 4;
    /// Subclass of `tuple`.
    pub const TUPLE_SUBCLASS: u32 = 1 << 5;
    /// Subclass of `bytes`.
    pub const BYTES_SUBCLASS: u32 = 1 << 6;
    /// Subclass of `str`.
    pub const UNICODE_SUBCLASS: u32 = 1 << 7;
    /// Subclass of `dict`.
    pub const DICT_SUBCLASS: u32 = 1 << 8;
    /// Subclass of `BaseException`.
    pub const BASE_EXC_SUBCLASS: u32 = 1 << 9;
    /// Subclass of `type`.
    pub const TYPE_SUBCLASS: u32 = 1 << 10;
    /// Has abstract methods (`abc`).
    pub const IS_ABSTRACT: u32 = 1 << 11;
    /// Instances match sequence patterns (`collections.abc.Sequence`).
    pub const SEQUENCE: u32 = 1 << 12;
    /// Instances match mapping patterns (`collections.abc.Mapping`).
    pub const MAPPING: u32 = 1 << 13;
    /// Flags subclasses inherit.
    pub const INHERITED: u32 = LONG_SUBCLASS
        | LIST_SUBCLASS
        | TUPLE_SUBCLASS
        | BYTES_SUBCLASS
        | UNICODE_SUBCLASS
        | DICT_SUBCLASS
        | BASE_EXC_SUBCLASS
        | TYPE_SUBCLASS
        | SEQUENCE
        | MAPPING;
}

/// The payload of a type object.
pub struct TypeData {
    /// `__name__`.
    pub name: RefCell<String>,
    /// `__qualname__`.
    pub qualname: RefCell<String>,
    /// `__bases__`.
    pub bases: RefCell<Vec<ObjRef>>,
    /// `__mro__` without the type itself (which always comes first).
    pub mro: RefCell<Vec<ObjRef>>,
    /// The base whose instance layout this type extends.
    pub base: RefCell<Option<ObjRef>>,
    /// The payload kind of instances.
    pub layout: Cell<Kind>,
    /// `flags::*`.
    pub flags: Cell<u32>,
    /// Changes whenever the type or one of its bases changes.
    pub version: Cell<u64>,
    /// Names in `__slots__` (instances keep them in fixed slots).
    pub slot_names: RefCell<Vec<String>>,
    /// Whether instances need finalizing (`__del__`).
    finalizer: Cell<bool>,
    /// Subclasses (not owned: each removes itself when freed).
    subclasses: RefCell<Vec<NonNull<Header>>>,
    /// Which special methods the type overrides (`special::*` bits), for the
    /// version it was computed at.
    specials: Cell<(u64, u32)>,
    /// Lookups along the MRO by the address of an interned (immortal) name.
    name_cache: RefCell<FastMap<usize, Option<Value>>>,
    /// Lookups along the MRO.
    cache: RefCell<FastMap<Box<str>, Option<Value>>>,
    /// The attribute names whose values instances keep inline.
    pub shared_keys: crate::types::instance::SharedKeys,
    /// What inline caches record of this type's current version (0: none
    /// given out yet); see [`cache_tag`].
    tag: Cell<u32>,
}

thread_local! {
    static NEXT_VERSION: Cell<u64> = const { Cell::new(1) };
}

fn next_version() -> u64 {
    NEXT_VERSION.with(|v| {
        let n = v.get();
        v.set(n + 1);
        n
    })
}

impl TypeData {
    /// A builtin type's data.
    pub fn new_builtin(name: &str, base: Option<&ObjRef>, layout: Kind, flags: u32) -> TypeData {
        let mut mro = Vec::new();
        let mut inherited = 0;
        if let Some(b) = base {
            mro.push(b.clone());
            mro.extend(b.payload::<TypeData>().mro.borrow().iter().cloned());
            inherited = b.payload::<TypeData>().flags.get() & flags::INHERITED;
        }
        TypeData {
            name: RefCell::new(name.to_string()),
            qualname: RefCell::new(name.to_string()),
            bases: RefCell::new(base.into_iter().cloned().collect()),
            mro: RefCell::new(mro),
            base: RefCell::new(base.cloned()),
            layout: Cell::new(layout),
            flags: Cell::new(flags | inherited),
            version: Cell::new(next_version()),
            slot_names: RefCell::new(Vec::new()),
            finalizer: Cell::new(false),
            subclasses: RefCell::new(Vec::new()),
            specials: Cell::new((0, 0)),
            name_cache: RefCell::new(FastMap::default()),
            cache: RefCell::new(FastMap::default()),
            shared_keys: Default::default(),
            tag: Cell::new(0),
        }
    }

    /// Whether instances need finalizing.
    pub fn has_finalizer(&self) -> bool {
        self.finalizer.get()
    }

    /// Marks whether instances need finalizing.
    pub fn set_finalizer(&self, on: bool) {
        self.finalizer.set(on);
    }

    /// Whether the type has flag `f`.
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }
}

impl Drop for TypeData {
    fn drop(&mut self) {
        // Unregister from the bases' subclass lists.
        let me_addr = self as *const TypeData as usize;
        for b in self.bases.borrow().iter() {
            if let Some(bd) = b.downcast::<TypeData>() {
                bd.subclasses.borrow_mut().retain(|p| {
                    // SAFETY: registered subclasses are live until they unregister.
                    let hdr = unsafe { p.as_ref() } as *const Header as usize;
                    hdr + std::mem::size_of::<Header>() != me_addr && !registered_as(*p, me_addr)
                });
            }
        }
    }
}

/// Whether the type object at `p` has its payload at `data_addr`.
fn registered_as(p: NonNull<Header>, data_addr: usize) -> bool {
    // SAFETY: `p` is a live registered subclass; we only compare addresses.
    let obj = std::mem::ManuallyDrop::new(unsafe { ObjRef::from_raw(p) });
    obj.downcast::<TypeData>()
        .map(|d| d as *const TypeData as usize)
        == Some(data_addr)
}

/// A new builtin type object (immortal).
pub fn new_builtin_type(
    type_: &ObjRef,
    name: &str,
    base: Option<&ObjRef>,
    layout: Kind,
    flags: u32,
) -> ObjRef {
    let ty = ObjRef::new(type_, TypeData::new_builtin(name, base, layout, flags));
    ty.make_immortal();
    ty
}

/// Gives `type` its base `object` (which did not exist when `type` was made).
pub fn set_base(type_: &ObjRef, object: &ObjRef) {
    let data = type_.payload::<TypeData>();
    *data.bases.borrow_mut() = vec![object.clone()];
    *data.mro.borrow_mut() = vec![object.clone()];
    *data.base.borrow_mut() = Some(object.clone());
}

/// A type's `TypeData` (the object must be a type).
#[inline]
pub fn data(ty: &ObjRef) -> &TypeData {
    ty.payload::<TypeData>()
}

/// The name error messages give a type (CPython's `tp_name`): builtin types outside `builtins` carry their
/// module (`'string.templatelib.Template' object is not subscriptable`).
pub fn type_name(ty: &ObjRef) -> String {
    let Some(d) = ty.downcast::<TypeData>() else {
        return "?".to_string();
    };
    let name = d.name.borrow();
    if !d.has_flag(flags::HEAPTYPE) {
        // A static type's name carries its module (`_thread.lock`), from
        // its `__module__` when it has one.
        let own = ty
            .dict()
            .and_then(|dict| {
                crate::types::dict::items(&dict)
                    .into_iter()
                    .find(|(k, _)| crate::types::str::as_str(k) == Some("__module__"))
            })
            .and_then(|(_, v)| crate::types::str::as_str(&v).map(str::to_string));
        let module = own.unwrap_or_else(|| builtin_module_of(ty).to_string());
        if module != "builtins" {
            return format!("{module}.{name}");
        }
    }
    name.clone()
}

/// The types of the MRO, the type itself first.
pub fn mro(ty: &ObjRef) -> Vec<ObjRef> {
    let mut out = vec![ty.clone()];
    if let Some(d) = ty.downcast::<TypeData>() {
        out.extend(d.mro.borrow().iter().cloned());
    }
    out
}

/// Whether `a` is `b` or a subclass of it.
pub fn is_subtype(a: &ObjRef, b: &ObjRef) -> bool {
    if a.is(b) {
        return true;
    }
    match a.downcast::<TypeData>() {
        Some(d) => d.mro.borrow().iter().any(|t| t.is(b)),
        None => false,
    }
}

/// Looks `name` up along the MRO of `ty` (cached).
pub fn lookup(vm: &Vm, ty: &ObjRef, name: &str) -> Option<Value> {
    let data = ty.downcast::<TypeData>()?;
    if let Some(hit) = data.cache.borrow().get(name) {
        return hit.clone();
    }
    let found = lookup_uncached(vm, ty, name);
    data.cache.borrow_mut().insert(name.into(), found.clone());
    found
}

/// `lookup` with an interned name object: immortal names are cached by
/// address, which skips hashing the text.
#[inline]
pub fn lookup_name(vm: &Vm, ty: &ObjRef, name: &ObjRef) -> Option<Value> {
    let data = ty.downcast::<TypeData>()?;
    if !name.is_immortal() {
        return lookup(vm, ty, crate::attr::as_str_obj(name));
    }
    if let Some(hit) = data.name_cache.borrow().get(&name.addr()) {
        return hit.clone();
    }
    let found = lookup(vm, ty, crate::attr::as_str_obj(name));
    data.name_cache
        .borrow_mut()
        .insert(name.addr(), found.clone());
    found
}

fn lookup_uncached(vm: &Vm, ty: &ObjRef, name: &str) -> Option<Value> {
    let key = vm.name(name);
    for t in mro(ty) {
        if let Some(d) = t.dict()
            && let Some(v) = dict::get_str(vm, &d, &key)
        {
            return Some(v);
        }
    }
    None
}

thread_local! {
    static NEXT_TAG: Cell<u32> = const { Cell::new(1) };
}

/// A 32-bit tag of the type's current version for inline caches: given out
/// on first request, dropped when the type changes, so caches that recorded
/// it miss from then on. 0 (never a valid tag) once all tags are used up:
/// nothing gets cached any more.
pub fn cache_tag(ty: &ObjRef) -> u32 {
    give_tag(&data(ty).tag, &NEXT_TAG, u32::MAX)
}

/// Gives `slot` the next tag from `next` if it has none (0): tags below
/// `limit` are each given out once, after that 0 (no caching).
pub(crate) fn give_tag(
    slot: &Cell<u32>,
    next: &'static std::thread::LocalKey<Cell<u32>>,
    limit: u32,
) -> u32 {
    if slot.get() == 0 {
        let t = next.with(|n| {
            let t = n.get();
            n.set(t.saturating_add(1));
            t
        });
        slot.set(if t >= limit { 0 } else { t });
    }
    slot.get()
}

/// What an inline cache records of an attribute found along `ty`'s MRO
/// (its address), to get it back with [`cached_type_attr`].
pub fn cache_bits_of(attr: &ObjRef) -> u64 {
    attr.addr() as u64
}

/// The attribute an inline cache recorded with [`cache_bits_of`] while
/// `ty` had tag `tag`, if `ty` still has that tag.
#[inline]
pub fn cached_type_attr(ty: &ObjRef, tag: u32, bits: u64) -> Option<ObjRef> {
    if tag == 0 || current_tag(ty) != tag || bits == 0 {
        return None;
    }
    let ptr = std::ptr::NonNull::new(bits as usize as *mut crate::object::Header)?;
    // SAFETY: the tag says neither `ty` nor any base changed since the
    // attribute was found along the MRO (every change drops the tag, and
    // tags are never given out twice), so the type dict that held the
    // attribute then still holds it: it is alive.
    Some(unsafe { ObjRef::from_borrowed(ptr) })
}

/// The current tag, without giving one out (what a cache compares with).
#[inline]
pub fn current_tag(ty: &ObjRef) -> u32 {
    data(ty).tag.get()
}

/// Bits of [`specials`]: what a type does differently from `object`.
pub mod special {
    /// `__getattribute__` is not the builtin one.
    pub const GETATTRIBUTE: u32 = 1;
    /// It has `__getattr__`.
    pub const GETATTR: u32 = 2;
    /// `__setattr__` is not the builtin one.
    pub const SETATTR: u32 = 4;
    /// `__delattr__` is not the builtin one.
    pub const DELATTR: u32 = 8;
    /// `__new__` is not `object.__new__`.
    pub const NEW: u32 = 16;
    /// `__init__` is not `object.__init__`.
    pub const INIT: u32 = 32;
}

/// The special methods `ty` overrides (cached per type version): the fast
/// paths of attribute access and instance creation check these bits
/// instead of looking the names up.
pub fn specials(vm: &Vm, ty: &ObjRef) -> u32 {
    let Some(d) = ty.downcast::<TypeData>() else {
        return 0;
    };
    let (version, bits) = d.specials.get();
    if version == d.version.get() {
        return bits;
    }
    let builtin = |name: &str| {
        lookup(vm, ty, name).is_none_or(|v| {
            v.as_obj()
                .is_some_and(|o| o.kind() == Kind::MethodDescriptor)
        })
    };
    let same_as_object =
        |name: &str| match (lookup(vm, ty, name), lookup(vm, &vm.types.object, name)) {
            (Some(a), Some(b)) => a.is(&b),
            (None, _) => true,
            _ => false,
        };
    let mut bits = 0;
    if !builtin("__getattribute__") {
        bits |= special::GETATTRIBUTE;
    }
    if lookup(vm, ty, "__getattr__").is_some() {
        bits |= special::GETATTR;
    }
    if !builtin("__setattr__") {
        bits |= special::SETATTR;
    }
    if !builtin("__delattr__") {
        bits |= special::DELATTR;
    }
    if !same_as_object("__new__") {
        bits |= special::NEW;
    }
    if !same_as_object("__init__") {
        bits |= special::INIT;
    }
    d.specials.set((d.version.get(), bits));
    bits
}

/// Forgets cached lookups of `ty` and its subclasses after a change.
pub fn invalidate(ty: &ObjRef) {
    let data = data(ty);
    data.version.set(next_version());
    data.tag.set(0);
    data.cache.borrow_mut().clear();
    data.name_cache.borrow_mut().clear();
    let subs: Vec<NonNull<Header>> = data.subclasses.borrow().clone();
    for p in subs {
        // SAFETY: subclasses unregister themselves before they are freed.
        let sub = std::mem::ManuallyDrop::new(unsafe { ObjRef::from_raw(p) });
        invalidate(&sub);
    }
}

impl Vm {
    /// The type of a value.
    #[inline]
    pub fn type_of(&self, v: &Value) -> ObjRef {
        match v {
            Value::None => self.types.none.clone(),
            Value::Bool(_) => self.types.bool_.clone(),
            Value::Int(_) => self.types.int.clone(),
            Value::Float(_) => self.types.float.clone(),
            Value::Obj(o) => o.ty(),
        }
    }

    /// The name of the type of a value.
    pub fn type_name(&self, v: &Value) -> String {
        type_name(&self.type_of(v))
    }

    /// `isinstance(v, ty)` by type only (no `__instancecheck__`).
    pub fn is_instance(&self, v: &Value, ty: &ObjRef) -> bool {
        is_subtype(&self.type_of(v), ty)
    }
}

/// The C3 linearization of `bases` for a new class, CPython's errors included.
pub fn compute_mro(vm: &Vm, bases: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
    let mut seqs: Vec<Vec<ObjRef>> = bases.iter().map(mro).collect();
    seqs.push(bases.to_vec());
    for (i, b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|o| o.is(b)) {
            return Err(vm.type_error(format!("duplicate base class {}", type_name(b))));
        }
    }
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs
            .iter()
            .map(|s| &s[0])
            .find(|c| !seqs.iter().any(|s| s[1..].iter().any(|t| t.is(c))));
        let Some(next) = candidate.cloned() else {
            let names: Vec<String> = seqs.iter().map(|s| type_name(&s[0])).collect();
            let mut unique: Vec<String> = Vec::new();
            for n in names {
                if !unique.contains(&n) {
                    unique.push(n);
                }
            }
            return Err(vm.type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                unique.join(", ")
            )));
        };
        for s in &mut seqs {
            if s[0].is(&next) {
                s.remove(0);
            }
        }
        out.push(next);
    }
}

/// The builtin exceptions whose instances have fields beyond their base's
/// (in CPython): a class cannot derive from two of different branches.
const EXCEPTION_LAYOUTS: &[&str] = &[
    "BaseException",
    "BaseExceptionGroup",
    "StopIteration",
    "SystemExit",
    "ImportError",
    "OSError",
    "SyntaxError",
    "AttributeError",
    "NameError",
    "UnicodeError",
];

/// The base among `bases` whose layout the new type extends.
fn solid_base(vm: &Vm, bases: &[ObjRef]) -> PyResult<ObjRef> {
    let layout_of = |t: &ObjRef| {
        let mut t = t.clone();
        loop {
            let d = data(&t);
            let extends = d.base.borrow().clone();
            // Builtin exceptions extend their base's layout only where
            // CPython's add fields of their own.
            let own_exception_layout = d.has_flag(flags::BASE_EXC_SUBCLASS)
                && EXCEPTION_LAYOUTS.contains(&d.name.borrow().as_str());
            match extends {
                Some(b)
                    if data(&b).layout.get() == d.layout.get()
                        && !d.has_flag(flags::HEAPTYPE)
                        && !own_exception_layout =>
                {
                    t = b
                }
                // A class adds to its base's layout only if it declares
                // slots of its own (`slot_names` lists inherited ones too).
                Some(b)
                    if d.has_flag(flags::HEAPTYPE)
                        && d.slot_names.borrow().len() == data(&b).slot_names.borrow().len() =>
                {
                    t = b
                }
                _ => return t,
            }
        }
    };
    let mut winner: Option<ObjRef> = None;
    for b in bases {
        let solid = layout_of(b);
        winner = match winner {
            None => Some(solid),
            Some(w) if is_subtype(&solid, &w) => Some(solid),
            Some(w) if is_subtype(&w, &solid) => Some(w),
            Some(_) => return Err(vm.type_error("multiple bases have instance lay-out conflict")),
        };
    }
    Ok(winner.unwrap_or_else(|| vm.types.object.clone()))
}

/// Creates a class: `type(name, bases, namespace)` with metaclass `meta`.
pub fn new_class(
    vm: &Vm,
    meta: &ObjRef,
    name: &str,
    bases: Vec<ObjRef>,
    namespace: &ObjRef,
    kwargs: Args<'_>,
) -> PyResult<ObjRef> {
    let bases = if bases.is_empty() {
        vec![vm.types.object.clone()]
    } else {
        bases
    };
    for b in &bases {
        let Some(bd) = b.downcast::<TypeData>() else {
            return Err(vm.type_error("bases must be types"));
        };
        if !bd.has_flag(flags::BASETYPE) {
            return Err(vm.type_error(format!(
                "type '{}' is not an acceptable base type",
                type_name(b)
            )));
        }
    }
    let mro_list = compute_mro(vm, &bases)?;
    let solid = solid_base(vm, &bases)?;
    let layout = data(&solid).layout.get();
    let mut type_flags = flags::HEAPTYPE | flags::BASETYPE;
    for b in &bases {
        type_flags |= data(b).flags.get() & flags::INHERITED;
    }
    // __slots__ decides whether instances get a __dict__.
    let ns_slots = dict::get_str(vm, namespace, &vm.name("__slots__"));
    let mut slot_names = Vec::new();
    let mut wants_dict = ns_slots.is_none();
    if let Some(slots) = &ns_slots {
        let items = match as_str(slots) {
            Some(s) => vec![s.to_string()],
            None => {
                let mut v = Vec::new();
                for item in vm.iterate(slots)? {
                    match as_str(&item) {
                        Some(s) => v.push(s.to_string()),
                        None => {
                            return Err(vm.type_error(format!(
                                "__slots__ items must be strings, not '{}'",
                                vm.type_name(&item)
                            )));
                        }
                    }
                }
                v
            }
        };
        for s in items {
            if s == "__dict__" {
                wants_dict = true;
            } else if s != "__weakref__" {
                slot_names.push(pyrite_compiler::symtable::mangle(Some(name), &s));
            }
        }
    }
    let base_has_dict = bases.iter().any(|b| data(b).has_flag(flags::HAS_DICT));
    if wants_dict || base_has_dict {
        type_flags |= flags::HAS_DICT;
    }
    let qualname = match dict::get_str(vm, namespace, &vm.name("__qualname__")) {
        Some(q) => match as_str(&q) {
            Some(s) => s.to_string(),
            None => {
                return Err(vm.type_error(format!(
                    "type __qualname__ must be a str, not {}",
                    vm.type_name(&q)
                )));
            }
        },
        None => name.to_string(),
    };
    let mut inherited_slots: Vec<String> = Vec::new();
    for t in mro_list.iter().rev() {
        for s in data(t).slot_names.borrow().iter() {
            if !inherited_slots.contains(s) {
                inherited_slots.push(s.clone());
            }
        }
    }
    for s in slot_names {
        if !inherited_slots.contains(&s) {
            inherited_slots.push(s);
        }
    }
    let td = TypeData {
        name: RefCell::new(name.to_string()),
        qualname: RefCell::new(qualname),
        bases: RefCell::new(bases.clone()),
        mro: RefCell::new(mro_list),
        base: RefCell::new(Some(solid)),
        layout: Cell::new(layout),
        flags: Cell::new(type_flags),
        version: Cell::new(next_version()),
        slot_names: RefCell::new(inherited_slots.clone()),
        finalizer: Cell::new(false),
        subclasses: RefCell::new(Vec::new()),
        specials: Cell::new((0, 0)),
        name_cache: RefCell::new(FastMap::default()),
        cache: RefCell::new(FastMap::default()),
        shared_keys: Default::default(),
        tag: Cell::new(0),
    };
    // collections.abc marks Sequence and Mapping through __abc_tpflags__.
    if let Some(Value::Int(f)) = dict::get_str(vm, namespace, &vm.name("__abc_tpflags__")) {
        if f & (1 << 5) != 0 {
            td.flags.set(td.flags.get() | flags::SEQUENCE);
        }
        if f & (1 << 6) != 0 {
            td.flags.set(td.flags.get() | flags::MAPPING);
        }
    }
    let ty = ObjRef::new(meta, td);
    // The class namespace, copied (without __qualname__ and __classcell__).
    let ns = dict::new_dict(&vm.types);
    for (k, v) in dict::items(namespace) {
        if let Some(key) = as_str(&k)
            && (key == "__qualname__" || key == "__classcell__" || key == "__classdictcell__")
        {
            continue;
        }
        dict::set_item(vm, &ns, k, v)?;
    }
    if dict::get_str(vm, &ns, &vm.name("__module__")).is_none()
        && let Some(module) = vm.current_module_name()
    {
        dict::set_item(vm, &ns, vm.name("__module__"), module)?;
    }
    // A class that defines __eq__ but not __hash__ is unhashable.
    if dict::get_str(vm, &ns, &vm.name("__eq__")).is_some()
        && dict::get_str(vm, &ns, &vm.name("__hash__")).is_none()
    {
        dict::set_item(vm, &ns, vm.name("__hash__"), Value::None)?;
    }
    if dict::get_str(vm, &ns, &vm.name("__doc__")).is_none() {
        dict::set_item(vm, &ns, vm.name("__doc__"), Value::None)?;
    }
    // __new__, __init_subclass__ and __class_getitem__ are implicitly static/class methods.
    for (special, wrap_class) in [
        ("__new__", false),
        ("__init_subclass__", true),
        ("__class_getitem__", true),
    ] {
        if let Some(f) = dict::get_str(vm, &ns, &vm.name(special))
            && f.downcast::<crate::types::function::FunctionData>()
                .is_some()
        {
            let wrapped = if wrap_class {
                crate::types::descriptor::new_classmethod(vm, f)
            } else {
                crate::types::descriptor::new_staticmethod(vm, f)
            };
            dict::set_item(vm, &ns, vm.name(special), wrapped)?;
        }
    }
    // Slots become member descriptors.
    for (i, s) in inherited_slots.iter().enumerate() {
        if dict::get_str(vm, &ns, &vm.name(s)).is_some() {
            if data(&ty).slot_names.borrow().contains(s)
                && !bases
                    .iter()
                    .any(|b| data(b).slot_names.borrow().contains(s))
            {
                return Err(
                    vm.value_error(format!("'{s}' in __slots__ conflicts with class variable"))
                );
            }
            continue;
        }
        if bases
            .iter()
            .all(|b| !data(b).slot_names.borrow().contains(s))
        {
            let member = crate::types::descriptor::new_member(vm, s, i, &ty);
            dict::set_item(vm, &ns, vm.name(s), member)?;
        }
    }
    ty.set_dict(Some(ns.clone()));
    for b in &bases {
        data(b).subclasses.borrow_mut().push(ty.as_ptr());
    }
    let has_del = lookup(vm, &ty, "__del__").is_some();
    data(&ty).set_finalizer(has_del || bases.iter().any(|b| data(b).has_finalizer()));
    // __classcell__: the cell methods use for `super()` and `__class__`.
    if let Some(cell) = dict::get_str(vm, namespace, &vm.name("__classcell__")) {
        match cell.downcast::<crate::types::function::CellData>() {
            Some(c) => c.set(Some(Value::Obj(ty.clone()))),
            None => {
                return Err(vm.type_error(format!(
                    "__classcell__ must be a nonlocal cell, not {}",
                    vm.type_name(&cell)
                )));
            }
        }
    }
    // __set_name__ on the new attributes, then the parent's __init_subclass__.
    for (k, v) in dict::items(&ns) {
        if let Some(set_name) = vm.call_special_lookup(&v, "__set_name__") {
            vm.call_with_self(
                &set_name,
                &v,
                Args::positional(&[Value::Obj(ty.clone()), k.clone()]),
            )
            .map_err(|e| crate::types::exception::add_note_set_name(vm, e, &k, &ty))?;
        }
    }
    let sup = crate::types::descriptor::new_super(vm, &ty, &Value::Obj(ty.clone()))?;
    let init_sub = vm.getattr(&sup, "__init_subclass__")?;
    vm.call_args(&init_sub, kwargs)?;
    Ok(ty)
}

/// `T(...)`: `type(x)` with one argument, else `__new__` then `__init__`.
pub fn call_type(vm: &Vm, ty: &ObjRef, args: Args<'_>) -> PyResult<Value> {
    if ty.is(&vm.types.type_) && args.pos.len() == 1 && !args.has_kwargs() {
        return Ok(Value::Obj(vm.type_of(&args.pos[0])));
    }
    let Some(new) = lookup(vm, ty, "__new__") else {
        return Err(vm.type_error(format!("cannot create '{}' instances", type_name(ty))));
    };
    let tyv = Value::Obj(ty.clone());
    let obj = call_static(vm, &new, &tyv, args)?;
    if !vm.is_instance(&obj, ty) {
        return Ok(obj);
    }
    if let Some(init) = lookup(vm, &vm.type_of(&obj), "__init__") {
        let r = vm.call_with_self(&init, &obj, args)?;
        if !r.is_none() {
            return Err(vm.type_error(format!(
                "__init__() should return None, not '{}'",
                vm.type_name(&r)
            )));
        }
    }
    Ok(obj)
}

/// Calls a `__new__` found in a type dict (a staticmethod or builtin) with
/// the class first.
pub fn call_static(vm: &Vm, new: &Value, cls: &Value, args: Args<'_>) -> PyResult<Value> {
    let func = match new.downcast::<crate::types::descriptor::StaticMethodData>() {
        Some(s) => s.func.borrow().clone(),
        None => new.clone(),
    };
    vm.call_with_self(&func, cls, args)
}

impl Vm {
    /// `__module__` of the code now running (for new classes).
    pub fn current_module_name(&self) -> Option<Value> {
        self.engine_globals()
            .and_then(|g| dict::get_str(self, &g, &self.name("__name__")))
    }

    /// The special method `name` of the value's type, if it has one.
    pub fn call_special_lookup(&self, v: &Value, name: &str) -> Option<Value> {
        lookup(self, &self.type_of(v), name)
    }

    /// The globals of the innermost running frame.
    pub fn engine_globals(&self) -> Option<ObjRef> {
        crate::frame::current_globals()
    }
}

/// Adds the methods and attributes of `type`.
pub fn init(vm: &Vm) {
    let t = &vm.types.type_;
    crate::types::builtin::add_methods(
        vm,
        t,
        &[
            ("__repr__", type_repr),
            ("__call__", type_call_method),
            ("mro", type_mro),
            ("__subclasses__", type_subclasses),
            ("__instancecheck__", type_instancecheck),
            ("__subclasscheck__", type_subclasscheck),
            ("__init__", type_init),
            ("__getattribute__", type_getattribute),
            ("__setattr__", type_setattr),
            ("__delattr__", type_delattr),
            ("__dir__", type_dir),
            ("__or__", type_or),
            ("__ror__", type_ror),
        ],
    );
    crate::types::builtin::add_static(vm, t, "__new__", type_new);
    crate::types::builtin::add_classmethod(vm, t, "__prepare__", type_prepare);
    crate::types::descriptor::add_getsets(
        vm,
        t,
        &[
            ("__name__", type_get_name, Some(type_set_name)),
            ("__qualname__", type_get_qualname, Some(type_set_qualname)),
            ("__bases__", type_get_bases, None),
            ("__base__", type_get_base, None),
            ("__mro__", type_get_mro, None),
            ("__flags__", type_get_flags, None),
            ("__dict__", type_get_dict, None),
            ("__module__", type_get_module, Some(type_set_module)),
            ("__doc__", type_get_doc, Some(type_set_doc)),
            (
                "__abstractmethods__",
                type_get_abstract,
                Some(type_set_abstract),
            ),
            (
                "__annotations__",
                type_get_annotations,
                Some(type_set_annotations),
            ),
            ("__type_params__", type_get_type_params, None),
            ("__annotate__", type_get_annotate, Some(type_set_annotate)),
        ],
    );
}

fn self_type<'a>(vm: &Vm, args: &'a Args<'_>) -> PyResult<&'a ObjRef> {
    match args.pos.first() {
        Some(Value::Obj(o)) if o.downcast::<TypeData>().is_some() => Ok(o),
        _ => Err(vm.type_error("descriptor requires a 'type' object")),
    }
}

fn type_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    let module = type_module_name(vm, ty);
    let qual = data(ty).qualname.borrow().clone();
    Ok(vm.new_str(&match module {
        Some(m) if m != "builtins" => format!("<class '{m}.{qual}'>"),
        _ => format!("<class '{qual}'>"),
    }))
}

/// `__module__` of a type as a string.
pub fn type_module_name(vm: &Vm, ty: &ObjRef) -> Option<String> {
    let d = ty.dict()?;
    if !data(ty).has_flag(flags::HEAPTYPE) {
        // Types of native modules name their module; the core's do not.
        return Some(match dict::get_str(vm, &d, &vm.name("__module__")) {
            Some(m) => as_str(&m).unwrap_or("builtins").to_string(),
            None => builtin_module_of(ty).to_string(),
        });
    }
    let m = dict::get_str(vm, &d, &vm.name("__module__"))?;
    as_str(&m).map(str::to_string)
}

/// The module builtin types report.
fn builtin_module_of(ty: &ObjRef) -> &'static str {
    match data(ty).name.borrow().as_str() {
        "Template" | "Interpolation" | "TemplateIter" => "string.templatelib",
        "Generic" | "TypeVar" | "ParamSpec" | "TypeVarTuple" | "TypeAliasType" => "typing",
        "ReferenceType" | "ProxyType" | "CallableProxyType" => "weakref",
        "lock" | "RLock" => "_thread",
        _ => "builtins",
    }
}

fn type_call_method(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?.clone();
    call_type(vm, &ty, args.shift())
}

fn type_mro(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    Ok(crate::types::list::new_list(
        vm,
        mro(ty).into_iter().map(Value::Obj).collect(),
    ))
}

fn type_subclasses(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    let subs: Vec<Value> = data(ty)
        .subclasses
        .borrow()
        .iter()
        // SAFETY: registered subclasses are live.
        .map(|p| Value::Obj(unsafe { ObjRef::from_borrowed(*p) }))
        .collect();
    Ok(crate::types::list::new_list(vm, subs))
}

fn type_instancecheck(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    let v = args
        .pos
        .get(1)
        .ok_or_else(|| vm.type_error("__instancecheck__ expected 1 argument"))?;
    if vm.is_instance(v, ty) {
        return Ok(Value::Bool(true));
    }
    // An object may claim another class through __class__.
    let cls = vm.getattr_opt(v, "__class__")?;
    Ok(Value::Bool(
        matches!(cls, Some(Value::Obj(c)) if c.downcast::<TypeData>().is_some() && is_subtype(&c, ty)),
    ))
}

fn type_subclasscheck(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    match args.pos.get(1) {
        Some(Value::Obj(c)) if c.downcast::<TypeData>().is_some() => {
            Ok(Value::Bool(is_subtype(c, ty)))
        }
        _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

fn type_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let n = args.pos.len() - 1;
    if n != 1 && n != 3 {
        return Err(vm.type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::None)
}

fn type_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let meta = match args.pos.first() {
        Some(Value::Obj(m)) if m.downcast::<TypeData>().is_some() => m.clone(),
        _ => return Err(vm.type_error("type.__new__(X): X is not a type object")),
    };
    let rest = &args.pos[1..];
    if rest.len() == 1 && !args.has_kwargs() && meta.is(&vm.types.type_) {
        return Ok(Value::Obj(vm.type_of(&rest[0])));
    }
    if rest.len() != 3 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let name = as_str(&rest[0])
        .ok_or_else(|| {
            vm.type_error(format!(
                "type.__new__() argument 1 must be str, not {}",
                vm.type_name(&rest[0])
            ))
        })?
        .to_string();
    // The metaclass is computed first (from every base's type), as CPython
    // does; only then must the bases be classes.
    if let Some(t) = rest[1].downcast::<crate::types::tuple::TupleData>() {
        let mut winner = meta.clone();
        for b in t.items.iter() {
            let bm = vm.type_of(b);
            if is_subtype(&winner, &bm) {
                continue;
            }
            if is_subtype(&bm, &winner) {
                winner = bm;
                continue;
            }
            return Err(vm.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
    }
    let bases: Vec<ObjRef> = match rest[1].downcast::<crate::types::tuple::TupleData>() {
        Some(t) => t
            .items
            .iter()
            .map(|b| match b {
                Value::Obj(o) if o.downcast::<TypeData>().is_some() => Ok(o.clone()),
                _ => Err(vm.type_error("bases must be types")),
            })
            .collect::<PyResult<_>>()?,
        None => {
            return Err(vm.type_error(format!(
                "type.__new__() argument 2 must be tuple, not {}",
                vm.type_name(&rest[1])
            )));
        }
    };
    let ns = match &rest[2] {
        Value::Obj(o) if o.downcast::<crate::types::dict::DictData>().is_some() => o.clone(),
        other => {
            return Err(vm.type_error(format!(
                "type.__new__() argument 3 must be dict, not {}",
                vm.type_name(other)
            )));
        }
    };
    // The most derived metaclass of the bases wins.
    let mut winner = meta.clone();
    for b in &bases {
        let bm = b.ty();
        if is_subtype(&winner, &bm) {
            continue;
        }
        if is_subtype(&bm, &winner) {
            winner = bm;
            continue;
        }
        return Err(vm.type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    // A more derived metaclass with a `__new__` of its own makes the class
    // (`type(name, bases, ns)` with an Enum base runs EnumType.__new__).
    if !winner.is(&meta) {
        let own_new = lookup(vm, &winner, "__new__");
        let type_new = lookup(vm, &vm.types.type_, "__new__");
        if let (Some(own), Some(base)) = (&own_new, &type_new)
            && !own.is(base)
        {
            let f = vm.getattr(&Value::Obj(winner.clone()), "__new__")?;
            let pos = [
                Value::Obj(winner.clone()),
                rest[0].clone(),
                rest[1].clone(),
                rest[2].clone(),
            ];
            return vm.call_args(&f, Args { pos: &pos, ..args });
        }
    }
    let kw = Args { pos: &[], ..args };
    Ok(Value::Obj(new_class(vm, &winner, &name, bases, &ns, kw)?))
}

fn type_prepare(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Obj(dict::new_dict(&vm.types)))
}

fn type_getattribute(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name] = args.check(vm, "__getattribute__", 2, 2)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    crate::attr::type_getattr(vm, obj, &name)
}

fn type_setattr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name, value] = args.check(vm, "__setattr__", 3, 3)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    crate::attr::type_setattr(vm, obj, &name, Some(value.clone()))?;
    Ok(Value::None)
}

fn type_delattr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name] = args.check(vm, "__delattr__", 2, 2)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    crate::attr::type_setattr(vm, obj, &name, None)?;
    Ok(Value::None)
}

fn type_dir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let ty = self_type(vm, &args)?;
    let mut names: Vec<String> = Vec::new();
    for t in mro(ty) {
        if let Some(d) = t.dict() {
            for (k, _) in dict::items(&d) {
                if let Some(s) = as_str(&k)
                    && !names.iter().any(|n| n == s)
                {
                    names.push(s.to_string());
                }
            }
        }
    }
    Ok(crate::types::list::new_list(
        vm,
        names.iter().map(|n| vm.new_str(n)).collect(),
    ))
}

fn type_or(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::types::native::make_union(vm, &args.pos[0], &args.pos[1])
}

fn type_ror(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    crate::types::native::make_union(vm, &args.pos[1], &args.pos[0])
}

fn getset_type<'a>(vm: &Vm, obj: &'a Value) -> PyResult<&'a ObjRef> {
    match obj {
        Value::Obj(o) if o.downcast::<TypeData>().is_some() => Ok(o),
        _ => Err(vm.type_error("descriptor requires a 'type' object")),
    }
}

fn type_get_name(vm: &Vm, obj: &Value) -> PyResult<Value> {
    Ok(vm.new_str(&data(getset_type(vm, obj)?).name.borrow()))
}

fn type_set_name(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    let ty = getset_type(vm, obj)?;
    let s = v.as_ref().and_then(as_str).ok_or_else(|| {
        vm.type_error(format!(
            "can only assign string to {}.__name__",
            type_name(ty)
        ))
    })?;
    check_heap(vm, ty, "__name__")?;
    *data(ty).name.borrow_mut() = s.to_string();
    Ok(())
}

fn type_get_qualname(vm: &Vm, obj: &Value) -> PyResult<Value> {
    Ok(vm.new_str(&data(getset_type(vm, obj)?).qualname.borrow()))
}

fn type_set_qualname(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    let ty = getset_type(vm, obj)?;
    let s = v.as_ref().and_then(as_str).ok_or_else(|| {
        vm.type_error(format!(
            "can only assign string to {}.__qualname__",
            type_name(ty)
        ))
    })?;
    check_heap(vm, ty, "__qualname__")?;
    *data(ty).qualname.borrow_mut() = s.to_string();
    Ok(())
}

fn check_heap(vm: &Vm, ty: &ObjRef, attr: &str) -> PyResult<()> {
    if !data(ty).has_flag(flags::HEAPTYPE) {
        return Err(vm.type_error(format!(
            "cannot set '{attr}' attribute of immutable type '{}'",
            type_name(ty)
        )));
    }
    Ok(())
}

fn type_get_bases(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let bases: Vec<Value> = data(ty)
        .bases
        .borrow()
        .iter()
        .cloned()
        .map(Value::Obj)
        .collect();
    Ok(crate::types::tuple::new_tuple(vm, bases))
}

fn type_get_base(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let first = data(ty).bases.borrow().first().cloned();
    Ok(first.map_or(Value::None, Value::Obj))
}

fn type_get_mro(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    Ok(crate::types::tuple::new_tuple(
        vm,
        mro(ty).into_iter().map(Value::Obj).collect(),
    ))
}

/// Pyrite's type flags and the `Py_TPFLAGS_*` bit each reports as in
/// `type.__flags__` (which `inspect.isabstract` and others test).
const CPYTHON_FLAGS: &[(u32, u64)] = &[
    (flags::HEAPTYPE, 1 << 9),
    (flags::BASETYPE, 1 << 10),
    (flags::IS_ABSTRACT, 1 << 20),
    (flags::SEQUENCE, 1 << 5),
    (flags::MAPPING, 1 << 6),
    (flags::LONG_SUBCLASS, 1 << 24),
    (flags::LIST_SUBCLASS, 1 << 25),
    (flags::TUPLE_SUBCLASS, 1 << 26),
    (flags::BYTES_SUBCLASS, 1 << 27),
    (flags::UNICODE_SUBCLASS, 1 << 28),
    (flags::DICT_SUBCLASS, 1 << 29),
    (flags::BASE_EXC_SUBCLASS, 1 << 30),
    (flags::TYPE_SUBCLASS, 1 << 31),
];

fn type_get_flags(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let td = data(ty);
    // Always ready (1 << 12) with a valid version tag (1 << 19); types
    // that are not heap types are immutable (1 << 8).
    let mut bits: u64 = (1 << 12) | (1 << 19);
    if !td.has_flag(flags::HEAPTYPE) {
        bits |= 1 << 8;
    }
    for (ours, theirs) in CPYTHON_FLAGS {
        if td.has_flag(*ours) {
            bits |= theirs;
        }
    }
    Ok(Value::Int(bits as i64))
}

fn type_get_dict(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    Ok(crate::types::iterators::new_mappingproxy(vm, Value::Obj(d)))
}

fn type_get_module(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    if data(ty).has_flag(flags::HEAPTYPE) {
        let d = ty.dict().expect("types have dicts");
        return dict::get_str(vm, &d, &vm.name("__module__"))
            .ok_or_else(|| vm.attribute_error("__module__"));
    }
    let name = type_module_name(vm, ty).unwrap_or_else(|| builtin_module_of(ty).to_string());
    Ok(vm.new_str(&name))
}

/// Sets (or deletes) a writable dunder kept in a heap type's dict.
fn set_heap_dict_entry(vm: &Vm, obj: &Value, key: &str, v: Option<Value>) -> PyResult<()> {
    let ty = getset_type(vm, obj)?;
    check_heap(vm, ty, key)?;
    let d = ty.dict().expect("types have dicts");
    match v {
        Some(v) => dict::set_item(vm, &d, vm.name(key), v)?,
        None => {
            dict::del_item(vm, &d, &vm.name(key))?;
        }
    }
    invalidate(ty);
    Ok(())
}

fn type_set_module(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    set_heap_dict_entry(vm, obj, "__module__", v)
}

fn type_set_doc(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    set_heap_dict_entry(vm, obj, "__doc__", v)
}

fn type_get_doc(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    match dict::get_str(vm, &d, &vm.name("__doc__")) {
        Some(doc) => vm.bind_descriptor(&doc, &Value::None, ty),
        None => Ok(Value::None),
    }
}

fn type_get_abstract(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    dict::get_str(vm, &d, &vm.name("__abstractmethods__"))
        .ok_or_else(|| vm.attribute_error("__abstractmethods__"))
}

fn type_set_abstract(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    let td = data(ty);
    match v {
        Some(v) => {
            let abstract_ = vm.truthy(&v)?;
            dict::set_item(vm, &d, vm.name("__abstractmethods__"), v)?;
            let f = td.flags.get();
            td.flags.set(if abstract_ {
                f | flags::IS_ABSTRACT
            } else {
                f & !flags::IS_ABSTRACT
            });
        }
        None => {
            dict::del_item(vm, &d, &vm.name("__abstractmethods__"))?;
            td.flags.set(td.flags.get() & !flags::IS_ABSTRACT);
        }
    }
    invalidate(ty);
    Ok(())
}

fn type_get_annotations(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    if let Some(a) = dict::get_str(vm, &d, &vm.name("__annotations__")) {
        return Ok(a);
    }
    if !data(ty).has_flag(flags::HEAPTYPE) {
        return Err(vm.attribute_error(format!(
            "type object '{}' has no attribute '__annotations__'",
            type_name(ty)
        )));
    }
    let annotate = dict::get_str(vm, &d, &vm.name("__annotate_func__"))
        .or_else(|| dict::get_str(vm, &d, &vm.name("__annotate__")));
    let result = match annotate {
        Some(f) if !f.is_none() => vm.call(&f, &[Value::Int(1)])?,
        _ => Value::Obj(dict::new_dict(&vm.types)),
    };
    dict::set_item(vm, &d, vm.name("__annotations__"), result.clone())?;
    Ok(result)
}

/// `cls.__annotate__`: the class body's annotate function (PEP 649),
/// None when it has none.
fn type_get_annotate(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    if !data(ty).has_flag(flags::HEAPTYPE) {
        return Err(vm.attribute_error(format!(
            "type object '{}' has no attribute '__annotate__'",
            type_name(ty)
        )));
    }
    let d = ty.dict().expect("types have dicts");
    Ok(dict::get_str(vm, &d, &vm.name("__annotate__"))
        .or_else(|| dict::get_str(vm, &d, &vm.name("__annotate_func__")))
        .unwrap_or(Value::None))
}

fn type_set_annotate(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v else {
        return Err(vm.type_error("cannot delete __annotate__ attribute"));
    };
    if !v.is_none() && !vm.is_callable(&v) {
        return Err(vm.type_error("__annotate__ must be callable or None"));
    }
    set_heap_dict_entry(vm, obj, "__annotate_func__", Some(v))
}

fn type_set_annotations(vm: &Vm, obj: &Value, v: Option<Value>) -> PyResult<()> {
    set_heap_dict_entry(vm, obj, "__annotations__", v)
}

fn type_get_type_params(vm: &Vm, obj: &Value) -> PyResult<Value> {
    let ty = getset_type(vm, obj)?;
    let d = ty.dict().expect("types have dicts");
    Ok(dict::get_str(vm, &d, &vm.name("__type_params__"))
        .unwrap_or_else(|| crate::types::tuple::new_tuple(vm, Vec::new())))
}

/// A new string payload (re-exported for type names).
pub fn name_payload(s: &str) -> StrData {
    StrData::from_str(s)
}
