//! Instances of classes that extend `object` directly, and the methods of
//! `object` itself (the defaults every class inherits).

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::typeobj::{self, TypeData, flags, lookup, type_name};
use crate::types::{dict, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// The payload of a plain instance: its `__slots__` values and, while it
/// has no dict of its own, its attribute values kept inline (addressed
/// through the keys its type shares among all its instances).
#[derive(Default)]
pub struct InstanceData {
    slots: RefCell<Vec<Option<Value>>>,
    /// `None` once the instance has a real `__dict__` (or has none at all).
    inline: RefCell<Option<InlineValues>>,
}

/// How many attribute values live inside the instance itself (more move
/// to one heap block).
const INLINE_CAPACITY: usize = 6;

/// Attribute values of one instance, by shared-key index.
#[derive(Default)]
struct InlineValues {
    values: smallvec::SmallVec<[Option<Value>; INLINE_CAPACITY]>,
    /// Key indices in the order this instance first set them (what its
    /// `__dict__` shows), or empty while that order is the index order
    /// (the common case, which then needs no second allocation).
    order: Vec<u8>,
}

impl InlineValues {
    /// Stores at index `i`; returns the old value.
    fn store(&mut self, i: usize, v: Value) -> Option<Value> {
        let Some(slot) = self.values.get_mut(i) else {
            // A new highest index keeps the index order, if it held.
            while self.values.len() < i {
                self.values.push(None);
            }
            self.values.push(Some(v));
            if !self.order.is_empty() {
                self.order.push(i as u8);
            }
            return None;
        };
        let old = slot.replace(v);
        if old.is_none() {
            if self.order.is_empty() {
                // Set after higher indices: record the order from now on.
                self.order = (0..self.values.len())
                    .filter(|&k| k != i && self.values[k].is_some())
                    .map(|k| k as u8)
                    .collect();
            }
            self.order.push(i as u8);
        }
        old
    }

    /// Removes the value at index `i`.
    fn remove(&mut self, i: usize) -> Option<Value> {
        let old = self.values.get_mut(i).and_then(Option::take)?;
        self.order.retain(|&k| usize::from(k) != i);
        Some(old)
    }

    /// The present indices in insertion order.
    fn in_order(&self) -> Vec<usize> {
        if self.order.is_empty() {
            (0..self.values.len())
                .filter(|&k| self.values[k].is_some())
                .collect()
        } else {
            self.order.iter().map(|&k| usize::from(k)).collect()
        }
    }
}

/// The attribute names all instances of a type share: each instance keeps
/// values at these indices, so a lookup is a scan of a few interned
/// pointers, no hashing. Names are only ever added.
#[derive(Default)]
pub struct SharedKeys {
    names: RefCell<Vec<ObjRef>>,
}

/// The most attributes kept inline; an instance with more gets a dict.
const MAX_SHARED_KEYS: usize = 30;

impl SharedKeys {
    /// The index of `name` (an interned string).
    #[inline]
    fn find(&self, name: &ObjRef) -> Option<usize> {
        self.names.borrow().iter().position(|n| n.is(name))
    }

    /// The index of `name`, added if there is room.
    fn find_or_add(&self, name: &ObjRef) -> Option<usize> {
        if let Some(i) = self.find(name) {
            return Some(i);
        }
        let mut names = self.names.borrow_mut();
        if names.len() >= MAX_SHARED_KEYS {
            return None;
        }
        names.push(name.clone());
        Some(names.len() - 1)
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.names.borrow().len()
    }

    /// Whether there are none yet.
    pub fn is_empty(&self) -> bool {
        self.names.borrow().is_empty()
    }

    fn name(&self, i: usize) -> ObjRef {
        self.names.borrow()[i].clone()
    }
}

/// The value in slot `index` of `obj`.
pub fn slot(obj: &Value, index: usize) -> Option<Value> {
    let Some(data) = obj.downcast::<InstanceData>() else {
        // A subclass of another builtin type keeps its slots aside.
        return crate::object::side_slot(obj.as_obj()?, index);
    };
    data.slots.borrow().get(index).cloned().flatten()
}

/// Stores (or clears) slot `index` of `obj`; returns the old value.
pub fn set_slot(obj: &Value, index: usize, value: Option<Value>) -> Option<Value> {
    let Some(data) = obj.downcast::<InstanceData>() else {
        return crate::object::set_side_slot(obj.as_obj()?, index, value);
    };
    let mut slots = data.slots.borrow_mut();
    if slots.len() <= index {
        slots.resize(index + 1, None);
    }
    std::mem::replace(&mut slots[index], value)
}

/// A new instance of `cls` with the payload its layout needs.
pub fn new_instance(cls: &ObjRef) -> ObjRef {
    let data = typeobj::data(cls);
    let nslots = data.slot_names.borrow().len();
    // Room for the attributes earlier instances had: inside the instance
    // for a few, else one heap block for the instance's whole life.
    let inline = data.has_flag(flags::HAS_DICT).then(|| InlineValues {
        values: smallvec::SmallVec::with_capacity(data.shared_keys.len()),
        order: Vec::new(),
    });
    let slots = if nslots == 0 {
        Vec::new()
    } else {
        vec![None; nslots]
    };
    ObjRef::new(
        cls,
        InstanceData {
            slots: RefCell::new(slots),
            inline: RefCell::new(inline),
        },
    )
}

/// An interned name as the shared keys compare them.
fn interned(vm: &Vm, name: &ObjRef) -> ObjRef {
    if name.is_immortal() {
        name.clone()
    } else {
        vm.intern(crate::attr::as_str_obj(name))
    }
}

/// Attribute `name` from the instance's own storage (inline values or its
/// dict), if there.
#[inline]
pub fn own_attr(vm: &Vm, o: &ObjRef, name: &ObjRef) -> Option<Value> {
    if let Some(data) = o.downcast::<InstanceData>()
        && let Some(inline) = data.inline.borrow().as_ref()
    {
        let ty = o.ty();
        let i = typeobj::data(&ty).shared_keys.find(&interned(vm, name))?;
        return inline.values.get(i).cloned().flatten();
    }
    let d = o.dict()?;
    dict::get_str(vm, &d, &Value::Obj(name.clone()))
}

/// The index of `name` in the keys shared by instances of `ty` (added if
/// there is room): what attribute caches record.
pub fn shared_key_index(vm: &Vm, ty: &ObjRef, name: &ObjRef) -> Option<usize> {
    typeobj::data(ty)
        .shared_keys
        .find_or_add(&interned(vm, name))
}

/// Whether some instance of `ty` has stored `name` among the shared keys
/// (never adds it).
pub fn is_shared_key(vm: &Vm, ty: &ObjRef, name: &ObjRef) -> bool {
    typeobj::data(ty)
        .shared_keys
        .find(&interned(vm, name))
        .is_some()
}

/// How many keys instances of `ty` share (they only grow).
pub fn shared_key_count(ty: &ObjRef) -> usize {
    typeobj::data(ty).shared_keys.len()
}

/// Whether `o` keeps its attributes inline (an instance without a dict of
/// its own).
#[inline]
pub fn has_inline_values(o: &ObjRef) -> bool {
    o.downcast::<InstanceData>()
        .is_some_and(|d| d.inline.borrow().is_some())
}

/// The inline value at shared-key index `i` (`None` when `o` keeps no
/// inline values or has no value there).
#[inline]
pub fn inline_value(o: &ObjRef, i: usize) -> Option<Value> {
    let data = o.downcast::<InstanceData>()?;
    let inline = data.inline.borrow();
    inline.as_ref()?.values.get(i).cloned().flatten()
}

/// Stores the inline value at shared-key index `i`; gives the value back
/// when `o` keeps no inline values.
#[inline]
pub fn set_inline_value(o: &ObjRef, i: usize, v: Value) -> Result<(), Value> {
    let Some(data) = o.downcast::<InstanceData>() else {
        return Err(v);
    };
    let old = {
        let mut guard = data.inline.borrow_mut();
        let Some(inline) = guard.as_mut() else {
            return Err(v);
        };
        inline.store(i, v)
    };
    // Released after the borrow ends: a `__del__` may touch the instance.
    drop(old);
    Ok(())
}

/// What `set_own_attr` did.
pub enum OwnSet {
    /// Stored, or deleted.
    Done,
    /// Deleting an attribute the instance does not have.
    Missing,
    /// The object keeps no attributes inline: the caller stores into its
    /// dict (the value comes back).
    NotInline(Option<Value>),
}

/// Stores (or deletes, given `None`) attribute `name` in the instance's
/// inline values. An instance past the shared keys' capacity moves to a
/// dict of its own.
pub fn set_own_attr(vm: &Vm, o: &ObjRef, name: &ObjRef, value: Option<Value>) -> OwnSet {
    let Some(data) = o.downcast::<InstanceData>() else {
        return OwnSet::NotInline(value);
    };
    let old;
    {
        let mut guard = data.inline.borrow_mut();
        let Some(inline) = guard.as_mut() else {
            return OwnSet::NotInline(value);
        };
        let ty = o.ty();
        let keys = &typeobj::data(&ty).shared_keys;
        let name = interned(vm, name);
        match value {
            Some(v) => {
                let Some(i) = keys.find_or_add(&name) else {
                    drop(guard);
                    materialize(vm, o);
                    return OwnSet::NotInline(Some(v));
                };
                old = inline.store(i, v);
            }
            None => {
                let Some(i) = keys.find(&name) else {
                    return OwnSet::Missing;
                };
                old = inline.remove(i);
                if old.is_none() {
                    return OwnSet::Missing;
                }
            }
        }
    }
    // Released after the borrow ends: a `__del__` may touch the instance.
    drop(old);
    OwnSet::Done
}

/// Gives an instance with inline values a real dict holding them (for
/// `__dict__`, `vars()`, a class change, or too many attributes); later
/// attribute accesses go through the dict.
pub fn materialize(vm: &Vm, o: &ObjRef) {
    let Some(data) = o.downcast::<InstanceData>() else {
        return;
    };
    let Some(inline) = data.inline.borrow_mut().take() else {
        return;
    };
    let d = dict::new_dict(&vm.types);
    let ty = o.ty();
    let keys = &typeobj::data(&ty).shared_keys;
    let order = inline.in_order();
    let mut values = inline.values;
    for i in order {
        if let Some(v) = values[i].take() {
            dict::set_item(vm, &d, Value::Obj(keys.name(i)), v).expect("str keys never fail");
        }
    }
    o.set_dict(Some(d));
}

/// The instance's dict, made from its inline values if needed.
pub fn own_dict(vm: &Vm, o: &ObjRef) -> Option<ObjRef> {
    materialize(vm, o);
    o.dict()
}

/// Runs `__del__` (or closes a generator) when the last reference to an
/// object goes; errors are reported as "Exception ignored".
pub fn run_finalizer(obj: &ObjRef) {
    Vm::with_current(|vm| {
        let v = Value::Obj(obj.clone());
        let result = if obj.kind() == Kind::Generator {
            crate::types::generator::finalize(vm, obj)
        } else {
            match lookup(vm, &obj.ty(), "__del__") {
                Some(del) => vm
                    .call_with_self(&del, &v, Args::positional(&[]))
                    .map(|_| ()),
                None => Ok(()),
            }
        };
        if let Err(e) = result {
            let what = match lookup(vm, &obj.ty(), "__del__") {
                Some(del) => vm.repr_string(&del).unwrap_or_default(),
                None => vm.repr_string(&v).unwrap_or_default(),
            };
            crate::sys::unraisable(
                vm,
                &e,
                &format!("Exception ignored while calling deallocator {what}"),
            );
        }
    });
}

/// Adds the methods of `object`.
pub fn init(vm: &Vm) {
    let t = &vm.types.object;
    add_static(vm, t, "__new__", object_new);
    add_methods(
        vm,
        t,
        &[
            ("__init__", object_init),
            ("__repr__", object_repr),
            ("__str__", object_str),
            ("__hash__", object_hash),
            ("__eq__", object_eq),
            ("__ne__", object_ne),
            ("__lt__", not_implemented),
            ("__le__", not_implemented),
            ("__gt__", not_implemented),
            ("__ge__", not_implemented),
            ("__getattribute__", object_getattribute),
            ("__setattr__", object_setattr),
            ("__delattr__", object_delattr),
            ("__format__", object_format),
            ("__dir__", object_dir),
            ("__sizeof__", object_sizeof),
            ("__reduce__", object_reduce),
            ("__reduce_ex__", object_reduce_ex),
            ("__getstate__", object_getstate),
        ],
    );
    add_classmethod(vm, t, "__init_subclass__", object_init_subclass);
    add_classmethod(vm, t, "__subclasshook__", object_subclasshook);
    add_getsets(
        vm,
        t,
        &[("__class__", object_class, Some(object_set_class))],
    );
    // A plain class attribute, as in CPython: instances (modules among
    // them) may shadow it with their own `__doc__`.
    crate::types::builtin::set_attr(
        vm,
        t,
        "__doc__",
        vm.new_str("The base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new featureless\ninstance that has no instance attributes and cannot be given any.\n"),
    );
    // Classes get __dict__ through their instances' type: one getset on object
    // that refuses objects without a dict.
    add_getsets(
        vm,
        t,
        &[("__dict__", instance_dict, Some(set_instance_dict))],
    );
}

fn cls_arg(vm: &Vm, args: &Args<'_>, who: &str) -> PyResult<ObjRef> {
    match args.pos.first() {
        Some(Value::Obj(c)) if c.downcast::<TypeData>().is_some() => Ok(c.clone()),
        Some(v) => Err(vm.type_error(format!(
            "{who}(X): X is not a type object ({})",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error(format!("{who}(): not enough arguments"))),
    }
}

fn object_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = cls_arg(vm, &args, "object.__new__")?;
    let extra = args.pos.len() > 1 || args.has_kwargs();
    if extra {
        let bits = typeobj::specials(vm, &cls);
        if bits & typeobj::special::NEW != 0 {
            return Err(vm.type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if bits & typeobj::special::INIT == 0 {
            return Err(vm.type_error(format!("{}() takes no arguments", type_name(&cls))));
        }
    }
    let td = typeobj::data(&cls);
    if td.has_flag(flags::IS_ABSTRACT) {
        let names = match dict::get_str(
            vm,
            &cls.dict().expect("types have dicts"),
            &vm.name("__abstractmethods__"),
        ) {
            Some(a) => {
                let mut v: Vec<String> = vm
                    .iterate(&a)?
                    .iter()
                    .map(|n| vm.str_string(n))
                    .collect::<PyResult<_>>()?;
                v.sort();
                v
            }
            None => Vec::new(),
        };
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        return Err(vm.type_error(format!(
            "Can't instantiate abstract class {} without an implementation for abstract method{} {}",
            type_name(&cls),
            if names.len() == 1 { "" } else { "s" },
            quoted.join(", ")
        )));
    }
    if td.layout.get() != Kind::Instance {
        let builtin = typeobj::mro(&cls)
            .into_iter()
            .find(|t| !typeobj::data(t).has_flag(flags::HEAPTYPE))
            .unwrap_or_else(|| cls.clone());
        return Err(vm.type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            type_name(&cls),
            type_name(&builtin)
        )));
    }
    Ok(Value::Obj(new_instance(&cls)))
}

fn object_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.pos.len() > 1 || args.has_kwargs() {
        let ty = vm.type_of(&args.pos[0]);
        let bits = typeobj::specials(vm, &ty);
        if bits & typeobj::special::INIT != 0 {
            return Err(vm.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if bits & typeobj::special::NEW == 0 {
            return Err(vm.type_error(format!("{}() takes no arguments", type_name(&ty))));
        }
    }
    Ok(Value::None)
}

/// `<module.Class object at 0x...>`.
pub fn default_repr(vm: &Vm, v: &Value) -> String {
    let ty = vm.type_of(v);
    let qual = typeobj::data(&ty).qualname.borrow().clone();
    match typeobj::type_module_name(vm, &ty) {
        Some(m) if m != "builtins" => format!("<{m}.{qual} object at {:#x}>", vm.id_of(v)),
        _ => format!("<{qual} object at {:#x}>", vm.id_of(v)),
    }
}

fn object_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(vm.new_str(&default_repr(vm, &args.pos[0])))
}

fn object_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    vm.repr(&args.pos[0])
}

fn object_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(crate::hash::hash_pointer(
        vm.id_of(&args.pos[0]),
    )))
}

fn object_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__eq__", 2, 2)? else {
        unreachable!()
    };
    Ok(if a.is(b) {
        Value::Bool(true)
    } else {
        vm.not_implemented()
    })
}

fn object_ne(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__ne__", 2, 2)? else {
        unreachable!()
    };
    // `__ne__` inverts `__eq__` unless that is NotImplemented.
    let eq = match lookup(vm, &vm.type_of(a), "__eq__") {
        Some(f) => vm.call_with_self(&f, a, Args::positional(std::slice::from_ref(b)))?,
        None => vm.not_implemented(),
    };
    if vm.is_not_implemented(&eq) {
        return Ok(eq);
    }
    Ok(Value::Bool(!vm.truthy(&eq)?))
}

fn not_implemented(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn object_getattribute(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name] = args.check(vm, "__getattribute__", 2, 2)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    vm.generic_getattr_any(obj, &vm.type_of(obj), &name)
}

fn object_setattr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name, value] = args.check(vm, "__setattr__", 3, 3)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    crate::attr::generic_setattr(vm, obj, &vm.type_of(obj), &name, Some(value.clone()))?;
    Ok(Value::None)
}

fn object_delattr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, name] = args.check(vm, "__delattr__", 2, 2)? else {
        unreachable!()
    };
    let name = crate::attr::attr_name(vm, name)?;
    crate::attr::generic_setattr(vm, obj, &vm.type_of(obj), &name, None)?;
    Ok(Value::None)
}

fn object_format(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, spec] = args.check(vm, "__format__", 2, 2)? else {
        unreachable!()
    };
    let Some(s) = crate::types::str::str_data(spec) else {
        return Err(vm.type_error(format!(
            "__format__() argument must be str, not {}",
            vm.type_name(spec)
        )));
    };
    if !s.is_empty() {
        return Err(vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(obj)
        )));
    }
    vm.str(obj)
}

fn object_dir(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = &args.pos[0];
    let mut names: Vec<Value> = Vec::new();
    let seen = crate::types::set::new_set(vm, Vec::new())?;
    let set = seen.downcast::<crate::types::set::SetData>().expect("set");
    let mut add = |vm: &Vm, k: Value| -> PyResult<()> {
        if set.add(vm, k.clone())? {
            names.push(k);
        }
        Ok(())
    };
    if let Value::Obj(o) = obj
        && let Some(d) = own_dict(vm, o)
    {
        for k in dict::data(&d).keys() {
            add(vm, k)?;
        }
    }
    for t in typeobj::mro(&vm.type_of(obj)) {
        if let Some(d) = t.dict() {
            for k in dict::data(&d).keys() {
                add(vm, k)?;
            }
        }
    }
    Ok(crate::types::list::new_list(vm, names))
}

fn object_sizeof(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let _ = vm;
    let base = 16
        + 16 * typeobj::data(&vm.type_of(&args.pos[0]))
            .slot_names
            .borrow()
            .len();
    Ok(Value::Int(base as i64))
}

fn object_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    object_reduce_impl(vm, &args.pos[0], 0)
}

fn object_reduce_ex(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [obj, proto] = args.check(vm, "__reduce_ex__", 2, 2)? else {
        unreachable!()
    };
    let ty = vm.type_of(obj);
    let own = lookup(vm, &vm.types.object, "__reduce__");
    if let Some(r) = lookup(vm, &ty, "__reduce__")
        && !own.is_some_and(|o| o.is(&r))
    {
        return vm.call_with_self(&r, obj, Args::positional(&[]));
    }
    object_reduce_impl(vm, obj, vm.index_i64(proto)?)
}

fn object_reduce_impl(vm: &Vm, obj: &Value, proto: i64) -> PyResult<Value> {
    let copyreg = crate::import::import_module(vm, "copyreg")?;
    if proto >= 2 {
        let f = vm.getattr(&copyreg, "__reduce_ex__")?;
        return vm.call(&f, &[obj.clone(), Value::Int(proto)]);
    }
    let f = vm.getattr(&copyreg, "_reduce_ex")?;
    vm.call(&f, &[obj.clone(), Value::Int(proto)])
}

fn object_getstate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = &args.pos[0];
    let state = match obj {
        Value::Obj(o) => own_dict(vm, o).map_or(Value::None, |d| {
            if dict::data(&d).is_empty() {
                Value::None
            } else {
                Value::Obj(d)
            }
        }),
        _ => Value::None,
    };
    let names = typeobj::data(&vm.type_of(obj)).slot_names.borrow().clone();
    if names.is_empty() {
        return Ok(state);
    }
    let slots = dict::new_dict(&vm.types);
    for (i, n) in names.iter().enumerate() {
        if let Some(v) = slot(obj, i) {
            dict::set_item(vm, &slots, vm.new_str(n), v)?;
        }
    }
    Ok(tuple::new_tuple(vm, vec![state, Value::Obj(slots)]))
}

fn object_init_subclass(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() || args.pos.len() > 1 {
        let cls = cls_arg(vm, &args, "__init_subclass__")?;
        return Err(vm.type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            type_name(&cls)
        )));
    }
    Ok(Value::None)
}

fn object_subclasshook(vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn object_class(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(vm.type_of(v)))
}

fn object_set_class(vm: &Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    let Some(new) = new else {
        return Err(vm.type_error("can't delete __class__ attribute"));
    };
    let Value::Obj(nt) = &new else {
        return Err(vm.type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            vm.type_name(&new)
        )));
    };
    if nt.downcast::<TypeData>().is_none() {
        return Err(vm.type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            vm.type_name(&new)
        )));
    }
    let Value::Obj(o) = v else {
        return Err(vm.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    };
    let old = o.ty();
    let (od, nd) = (typeobj::data(&old), typeobj::data(nt));
    if (!od.has_flag(flags::HEAPTYPE) || !nd.has_flag(flags::HEAPTYPE)) && o.kind() != Kind::Module
    {
        return Err(vm.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    if od.layout.get() != nd.layout.get() || *od.slot_names.borrow() != *nd.slot_names.borrow() {
        return Err(vm.type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            type_name(nt),
            type_name(&old)
        )));
    }
    // Inline values are addressed through the old type's keys.
    materialize(vm, o);
    o.set_ty(nt);
    Ok(())
}

fn instance_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    let ty = vm.type_of(v);
    match v {
        Value::Obj(o) if typeobj::data(&ty).has_flag(flags::HAS_DICT) => {
            materialize(vm, o);
            if o.dict().is_none() {
                o.set_dict(Some(dict::new_dict(&vm.types)));
            }
            Ok(Value::Obj(o.dict().expect("just set")))
        }
        _ => Err(vm.attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            type_name(&ty)
        ))),
    }
}

fn set_instance_dict(vm: &Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    let ty = vm.type_of(v);
    let Value::Obj(o) = v else {
        return Err(vm.attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            type_name(&ty)
        )));
    };
    if !typeobj::data(&ty).has_flag(flags::HAS_DICT) {
        return Err(vm.attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            type_name(&ty)
        )));
    }
    match new {
        Some(Value::Obj(d)) if d.kind() == Kind::Dict => {
            materialize(vm, o);
            o.set_dict(Some(d));
            Ok(())
        }
        Some(x) => Err(vm.type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            vm.type_name(&x)
        ))),
        None => Err(vm.type_error("cannot delete __dict__")),
    }
}
