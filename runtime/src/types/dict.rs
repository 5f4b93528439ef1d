//! `dict`: an insertion-ordered compact hash table (an index table of
//! positions into a dense entry array, CPython's layout) with a version that
//! changes on every mutation and a keys version that changes when keys are
//! added or removed (what cached global lookups check).
//!
//! Keys compare by identity first, then by value for builtin keys, and only
//! then through `__eq__` — which runs with the table unborrowed, the lookup
//! restarting if the table changed meanwhile.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::types::Types;
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
const MIN_SIZE: usize = 8;

/// One key/value pair.
#[derive(Clone)]
struct Entry {
    hash: i64,
    key: Value,
    value: Value,
}

#[derive(Default)]
struct Table {
    indices: Vec<i32>,
    entries: Vec<Option<Entry>>,
    used: usize,
}

/// The payload of a dict.
pub struct DictData {
    table: RefCell<Table>,
    /// Changes on every mutation.
    pub version: Cell<u64>,
    /// Changes when keys are added or removed.
    pub keys_version: Cell<u64>,
    /// What inline caches record of the current keys (0: none given out);
    /// see [`DictData::cache_tag`].
    tag: Cell<u32>,
}

thread_local! {
    static NEXT_TAG: Cell<u32> = const { Cell::new(1) };
    static DICT_VERSIONS: Cell<u64> = const { Cell::new(1) };
}

fn new_version() -> u64 {
    DICT_VERSIONS.with(|v| {
        let n = v.get();
        v.set(n + 1);
        n
    })
}

impl Default for DictData {
    fn default() -> Self {
        DictData {
            table: RefCell::new(Table::default()),
            version: Cell::new(new_version()),
            keys_version: Cell::new(new_version()),
            tag: Cell::new(0),
        }
    }
}

/// What a probe found.
enum Probe {
    /// The entry at this position holds the key.
    Found(usize),
    /// The key is absent; this index slot is where it would go.
    Absent(usize),
    /// The entry at this position has an equal hash and needs `__eq__`.
    Compare(usize, Value),
}

/// Equality that needs no Python code (`None` when it would).
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    match (a, b) {
        (Obj(x), Obj(y)) if x.is(y) => Some(true),
        (Int(x), Int(y)) => Some(x == y),
        (Bool(x), Bool(y)) => Some(x == y),
        (Int(x), Bool(y)) | (Bool(y), Int(x)) => Some(*x == i64::from(*y)),
        (Float(x), Float(y)) => Some(x == y),
        (Int(x), Float(y)) | (Float(y), Int(x)) => Some((*x as f64) == *y && (*y as i64) == *x),
        (None, None) => Some(true),
        (Obj(x), Obj(y))
            if x.kind() == Kind::Str
                && y.kind() == Kind::Str
                && is_exact_builtin(x)
                && is_exact_builtin(y) =>
        {
            Some(
                x.payload::<crate::types::str::StrData>().as_bytes()
                    == y.payload::<crate::types::str::StrData>().as_bytes(),
            )
        }
        (Obj(x), _) | (_, Obj(x)) if !is_exact_builtin(x) => Option::None,
        (Obj(x), Obj(y)) if x.kind() == Kind::Str || y.kind() == Kind::Str => Some(false),
        (None, _) | (_, None) => Some(false),
        _ => Option::None,
    }
}

fn is_exact_builtin(o: &ObjRef) -> bool {
    !crate::types::typeobj::data(&o.ty()).has_flag(crate::types::typeobj::flags::HEAPTYPE)
}

impl Table {
    fn mask(&self) -> usize {
        self.indices.len().wrapping_sub(1)
    }

    fn probe(&self, key: &Value, hash: i64) -> Probe {
        self.probe_skipping(key, hash, &[])
    }

    /// Like `probe`, but an entry that `__eq__` found unequal is skipped.
    fn probe_skipping(&self, key: &Value, hash: i64, skip: &[usize]) -> Probe {
        if self.indices.is_empty() {
            return Probe::Absent(usize::MAX);
        }
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut free = None;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return Probe::Absent(free.unwrap_or(i));
            }
            if ix == DUMMY {
                free.get_or_insert(i);
            } else if !skip.contains(&(ix as usize))
                && let Some(e) = &self.entries[ix as usize]
            {
                if e.key.is(key) {
                    return Probe::Found(ix as usize);
                }
                if e.hash == hash {
                    match fast_eq(&e.key, key) {
                        Some(true) => return Probe::Found(ix as usize),
                        Some(false) => {}
                        None => return Probe::Compare(ix as usize, e.key.clone()),
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }

    fn index_slot_of(&self, ix: usize, hash: i64) -> usize {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if self.indices[i] == ix as i32 {
                return i;
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size * 2 < min_used * 3 {
            size *= 2;
        }
        let entries: Vec<Option<Entry>> = std::mem::take(&mut self.entries)
            .into_iter()
            .filter(Option::is_some)
            .collect();
        self.indices = vec![EMPTY; size];
        let mask = size - 1;
        for (ix, e) in entries.iter().enumerate() {
            let hash = e.as_ref().expect("filtered").hash;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            while self.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
            self.indices[i] = ix as i32;
        }
        self.entries = entries;
    }

    fn insert_new(&mut self, slot: usize, hash: i64, key: Value, value: Value) {
        let usable = self.indices.len() * 2 / 3;
        if slot == usize::MAX || self.entries.len() >= usable {
            self.resize(self.used + 1);
            let mask = self.mask();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            while self.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
            self.indices[i] = self.entries.len() as i32;
        } else {
            self.indices[slot] = self.entries.len() as i32;
        }
        self.entries.push(Some(Entry { hash, key, value }));
        self.used += 1;
    }
}

impl DictData {
    fn touch(&self, keys_changed: bool) {
        self.version.set(new_version());
        if keys_changed {
            self.keys_version.set(new_version());
            self.tag.set(0);
        }
    }

    /// Finds the entry of `key`, running `__eq__` where needed.
    fn find(&self, vm: &Vm, key: &Value, hash: i64) -> PyResult<Result<usize, usize>> {
        let mut skip: Vec<usize> = Vec::new();
        loop {
            let probe = self.table.borrow().probe_skipping(key, hash, &skip);
            match probe {
                Probe::Found(ix) => return Ok(Ok(ix)),
                Probe::Absent(slot) => return Ok(Err(slot)),
                Probe::Compare(ix, other) => {
                    let version = self.version.get();
                    let equal = vm.eq(&other, key)?;
                    if self.version.get() != version {
                        skip.clear();
                        continue;
                    }
                    if equal {
                        return Ok(Ok(ix));
                    }
                    skip.push(ix);
                }
            }
        }
    }

    /// `d[key]` (or `None` when absent).
    pub fn get(&self, vm: &Vm, key: &Value) -> PyResult<Option<Value>> {
        let hash = key_hash(vm, key)?;
        self.get_hashed(vm, key, hash)
    }

    /// `d[key]` with the key's hash known.
    pub fn get_hashed(&self, vm: &Vm, key: &Value, hash: i64) -> PyResult<Option<Value>> {
        if let Probe::Found(ix) = self.table.borrow().probe(key, hash) {
            return Ok(self.table.borrow().entries[ix]
                .as_ref()
                .map(|e| e.value.clone()));
        }
        Ok(match self.find(vm, key, hash)? {
            Ok(ix) => self.table.borrow().entries[ix]
                .as_ref()
                .map(|e| e.value.clone()),
            Err(_) => None,
        })
    }

    /// `d[key] = value`.
    pub fn set(&self, vm: &Vm, key: Value, value: Value) -> PyResult<()> {
        let hash = key_hash(vm, &key)?;
        self.set_hashed(vm, key, hash, value)
    }

    /// `d[key] = value` with the key's hash known.
    pub fn set_hashed(&self, vm: &Vm, key: Value, hash: i64, value: Value) -> PyResult<()> {
        let found = self.find(vm, &key, hash)?;
        let old;
        {
            let mut t = self.table.borrow_mut();
            match found {
                Ok(ix) => {
                    let e = t.entries[ix].as_mut().expect("found entries are live");
                    old = Some(std::mem::replace(&mut e.value, value));
                    drop(t);
                    self.touch(false);
                }
                Err(slot) => {
                    t.insert_new(slot, hash, key, value);
                    old = None;
                    drop(t);
                    self.touch(true);
                }
            }
        }
        drop(old);
        Ok(())
    }

    /// `del d[key]`; whether the key was there.
    pub fn remove(&self, vm: &Vm, key: &Value) -> PyResult<Option<Value>> {
        if self.is_empty() {
            return Ok(None);
        }
        let hash = key_hash(vm, key)?;
        let Ok(ix) = self.find(vm, key, hash)? else {
            return Ok(None);
        };
        let removed = {
            let mut t = self.table.borrow_mut();
            let slot = t.index_slot_of(ix, hash);
            t.indices[slot] = DUMMY;
            t.used -= 1;
            t.entries[ix].take()
        };
        self.touch(true);
        Ok(removed.map(|e| e.value))
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    /// Whether the dict is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items, in insertion order.
    pub fn items(&self) -> Vec<(Value, Value)> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// The keys, in insertion order.
    pub fn keys(&self) -> Vec<Value> {
        self.table
            .borrow()
            .entries
            .iter()
            .flatten()
            .map(|e| e.key.clone())
            .collect()
    }

    /// The item at or after entry position `pos` (for iterators), with the
    /// position after it.
    pub fn entry_from(&self, pos: usize) -> Option<(usize, Value, Value)> {
        let t = self.table.borrow();
        t.entries
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, e)| e.as_ref().map(|e| (i + 1, e.key.clone(), e.value.clone())))
    }

    /// The item at or before entry position `pos` (reverse iteration).
    pub fn entry_before(&self, pos: usize) -> Option<(usize, Value, Value)> {
        let t = self.table.borrow();
        let end = pos.min(t.entries.len());
        t.entries[..end]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e.key.clone(), e.value.clone())))
    }

    /// The number of entry positions (live and deleted).
    pub fn entry_count(&self) -> usize {
        self.table.borrow().entries.len()
    }

    /// Removes everything.
    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.table.borrow_mut());
        self.touch(true);
        drop(old);
    }

    /// Removes and returns the last item.
    pub fn pop_last(&self) -> Option<(Value, Value)> {
        let e = {
            let mut t = self.table.borrow_mut();
            let ix = t.entries.iter().rposition(Option::is_some)?;
            let hash = t.entries[ix].as_ref().expect("live").hash;
            let slot = t.index_slot_of(ix, hash);
            t.indices[slot] = DUMMY;
            t.used -= 1;
            let e = t.entries[ix].take();
            t.entries.truncate(ix);
            e
        };
        self.touch(true);
        e.map(|e| (e.key, e.value))
    }

    /// A copy of the table.
    pub fn copy(&self) -> DictData {
        let t = self.table.borrow();
        DictData {
            table: RefCell::new(Table {
                indices: t.indices.clone(),
                entries: t.entries.clone(),
                used: t.used,
            }),
            ..DictData::default()
        }
    }

    /// Stores a `str` key without a `Vm` (while the interpreter boots: str
    /// keys never need `__eq__`).
    pub fn set_str_raw(&self, key: Value, value: Value) {
        let hash = match &key {
            Value::Obj(k) if k.kind() == Kind::Str => {
                k.payload::<crate::types::str::StrData>().hash()
            }
            _ => panic!("set_str_raw needs a str key"),
        };
        let mut t = self.table.borrow_mut();
        match t.probe(&key, hash) {
            Probe::Found(ix) => {
                let e = t.entries[ix].as_mut().expect("found entries are live");
                e.value = value;
                drop(t);
                self.touch(false);
            }
            Probe::Absent(slot) => {
                t.insert_new(slot, hash, key, value);
                drop(t);
                self.touch(true);
            }
            Probe::Compare(..) => panic!("str keys compare without __eq__"),
        }
    }

    /// A 16-bit tag of the current keys for inline caches (as CPython's
    /// global caches record dict keys versions): given out on first
    /// request, dropped when a key is added or removed. 0 once all tags are
    /// used up (nothing gets cached then).
    pub fn cache_tag(&self) -> u16 {
        let t = crate::types::typeobj::give_tag(&self.tag, &NEXT_TAG, u32::from(u16::MAX));
        t as u16
    }

    /// The current tag, without giving one out.
    #[inline]
    pub fn current_tag(&self) -> u16 {
        // Tags stay below `u16::MAX` (see `cache_tag`).
        self.tag.get() as u16
    }

    /// Where a `str` key's entry is (stable while the tag is).
    pub fn str_index(&self, key: &Value, hash: i64) -> Option<usize> {
        match self.table.borrow().probe(key, hash) {
            Probe::Found(ix) => Some(ix),
            _ => None,
        }
    }

    /// The value of the entry at `ix` (from `str_index`).
    #[inline]
    pub fn value_at(&self, ix: usize) -> Option<Value> {
        let t = self.table.borrow();
        t.entries.get(ix)?.as_ref().map(|e| e.value.clone())
    }

    /// A fast lookup of a `str` key (no `__eq__` calls: attribute and
    /// global dicts).
    pub fn get_str(&self, key: &Value, hash: i64) -> Option<Value> {
        let t = self.table.borrow();
        match t.probe(key, hash) {
            Probe::Found(ix) => t.entries[ix].as_ref().map(|e| e.value.clone()),
            Probe::Compare(..) => {
                drop(t);
                Vm::with_current(|vm| self.get_hashed(vm, key, hash).ok().flatten()).flatten()
            }
            Probe::Absent(_) => None,
        }
    }
}

/// The hash of a dict key, with 3.14's message for unhashable keys.
fn key_hash(vm: &Vm, key: &Value) -> PyResult<i64> {
    match key {
        Value::Obj(k) if k.ty_is(&vm.types.str) => {
            Ok(k.payload::<crate::types::str::StrData>().hash())
        }
        Value::Int(i) => Ok(crate::hash::hash_i64(*i)),
        _ => crate::types::set::element_hash(vm, key, "a dict key"),
    }
}

/// A new empty dict of type `dict` (before a `Vm` exists).
pub fn new_dict(types: &Types) -> ObjRef {
    ObjRef::new(&types.dict, DictData::default())
}

/// A new dict with the given type object as its class (for the first
/// dicts, made while the types are being created).
pub fn new_dict_with_type_raw(dict_type: &ObjRef) -> ObjRef {
    ObjRef::new(dict_type, DictData::default())
}

/// A new dict value.
pub fn new_dict_value(vm: &Vm) -> Value {
    Value::Obj(new_dict(&vm.types))
}

/// The dict payload of a dict object (or subclass instance).
pub fn data(d: &ObjRef) -> &DictData {
    d.payload::<DictData>()
}

/// Looks up a `str` key in a dict object.
pub fn get_str(vm: &Vm, d: &ObjRef, key: &Value) -> Option<Value> {
    let dd = d.downcast::<DictData>()?;
    let hash = match key {
        Value::Obj(k) if k.kind() == Kind::Str => k.payload::<crate::types::str::StrData>().hash(),
        _ => vm.hash(key).ok()?,
    };
    dd.get_str(key, hash)
}

/// `d[key] = value` on a dict object.
pub fn set_item(vm: &Vm, d: &ObjRef, key: Value, value: Value) -> PyResult<()> {
    data(d).set(vm, key, value)
}

/// `del d[key]` on a dict object; whether it was there.
pub fn del_item(vm: &Vm, d: &ObjRef, key: &Value) -> PyResult<bool> {
    Ok(data(d).remove(vm, key)?.is_some())
}

/// The items of a dict object.
pub fn items(d: &ObjRef) -> Vec<(Value, Value)> {
    data(d).items()
}

/// Adds the methods of `dict`.
pub fn init(vm: &Vm) {
    let t = &vm.types.dict;
    add_methods(
        vm,
        t,
        &[
            ("__init__", dict_init),
            ("__getitem__", dict_getitem),
            ("__setitem__", dict_setitem),
            ("__delitem__", dict_delitem),
            ("__contains__", dict_contains),
            ("__len__", dict_len),
            ("__iter__", dict_iter),
            ("__reversed__", dict_reversed),
            ("__repr__", dict_repr),
            ("__eq__", dict_eq),
            ("__ne__", dict_ne),
            ("__or__", dict_or),
            ("__ror__", dict_ror),
            ("__ior__", dict_ior),
            ("get", dict_get),
            ("setdefault", dict_setdefault),
            ("pop", dict_pop),
            ("popitem", dict_popitem),
            ("keys", dict_keys),
            ("values", dict_values),
            ("items", dict_items),
            ("update", dict_update),
            ("clear", dict_clear),
            ("copy", dict_copy),
            ("__sizeof__", dict_sizeof),
        ],
    );
    add_static(vm, t, "__new__", dict_new);
    add_classmethod(vm, t, "fromkeys", dict_fromkeys);
    add_classmethod(
        vm,
        t,
        "__class_getitem__",
        crate::types::native::generic_alias_classmethod,
    );
    crate::types::builtin::set_attr(vm, t, "__hash__", Value::None);
}

fn self_dict<'a>(vm: &Vm, args: &'a Args<'_>, name: &str) -> PyResult<&'a ObjRef> {
    match args.pos.first() {
        Some(Value::Obj(o)) if o.downcast::<DictData>().is_some() => Ok(o),
        Some(other) => Err(vm.type_error(format!(
            "descriptor '{name}' requires a 'dict' object but received a '{}'",
            vm.type_name(other)
        ))),
        None => Err(vm.type_error(format!(
            "descriptor '{name}' of 'dict' object needs an argument"
        ))),
    }
}

fn dict_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("dict.__new__(X): X is not a type object"))?;
    let d = ObjRef::new(&cls, DictData::default());
    if !cls.is(&vm.types.dict)
        && crate::types::typeobj::data(&cls).has_flag(crate::types::typeobj::flags::HAS_DICT)
    {
        d.set_dict(Some(new_dict(&vm.types)));
    }
    Ok(Value::Obj(d))
}

fn dict_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__init__")?.clone();
    if args.pos.len() > 2 {
        return Err(vm.type_error(format!(
            "dict expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    if let Some(src) = args.pos.get(1) {
        update_from(vm, &d, src)?;
    }
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        data(&d).set(vm, k.clone(), v.clone())?;
    }
    Ok(Value::None)
}

/// `d.update(src)`: from a mapping (anything with `keys`) or an iterable
/// of pairs.
pub fn update_from(vm: &Vm, d: &ObjRef, src: &Value) -> PyResult<()> {
    // A dict (or a subclass that keeps dict's iteration) is copied from
    // its table, as CPython's dict_merge does.
    let dict_iter = crate::types::typeobj::lookup(vm, &vm.types.dict, "__iter__");
    if let Some(sd) = src.downcast::<DictData>()
        && (vm.type_of(src).is(&vm.types.dict)
            || crate::types::typeobj::lookup(vm, &vm.type_of(src), "__iter__")
                .is_some_and(|i| dict_iter.as_ref().is_some_and(|d| d.is(&i))))
    {
        for (k, v) in sd.items() {
            data(d).set(vm, k, v)?;
        }
        return Ok(());
    }
    if vm.getattr_opt(src, "keys")?.is_some() {
        let keys = vm.call_method(src, "keys", &[])?;
        for k in vm.iterate(&keys)? {
            let v = vm.getitem(src, &k)?;
            data(d).set(vm, k, v)?;
        }
        return Ok(());
    }
    for (i, item) in vm.iterate(src)?.into_iter().enumerate() {
        let pair = vm.iterate(&item).map_err(|e| {
            if e.matches(vm, &vm.types.exc.type_error) {
                vm.type_error("object is not iterable")
            } else {
                e
            }
        })?;
        if pair.len() != 2 {
            return Err(vm.value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut it = pair.into_iter();
        let k = it.next().expect("two");
        let v = it.next().expect("two");
        data(d).set(vm, k, v)?;
    }
    Ok(())
}

fn dict_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__getitem__")?;
    let key = args
        .pos
        .get(1)
        .ok_or_else(|| vm.type_error("expected 1 argument"))?;
    match data(d).get(vm, key)? {
        Some(v) => Ok(v),
        None => {
            if !d.ty().is(&vm.types.dict)
                && let Some(missing) = crate::types::typeobj::lookup(vm, &d.ty(), "__missing__")
            {
                return vm.call_with_self(
                    &missing,
                    &args.pos[0],
                    Args::positional(std::slice::from_ref(key)),
                );
            }
            Err(vm.key_error(key.clone()))
        }
    }
}

fn dict_setitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__setitem__")?;
    let [_, k, v] = args.check(vm, "__setitem__", 3, 3)? else {
        unreachable!()
    };
    data(d).set(vm, k.clone(), v.clone())?;
    Ok(Value::None)
}

fn dict_delitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__delitem__")?;
    let key = &args.pos[1];
    match data(d).remove(vm, key)? {
        Some(_) => Ok(Value::None),
        None => Err(vm.key_error(key.clone())),
    }
}

fn dict_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__contains__")?;
    Ok(Value::Bool(data(d).get(vm, &args.pos[1])?.is_some()))
}

fn dict_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__len__")?;
    Ok(Value::Int(data(d).len() as i64))
}

fn dict_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__iter__")?;
    Ok(crate::types::iterators::new_dict_iter(
        vm,
        d,
        crate::types::iterators::DictIterKind::Keys,
        false,
    ))
}

fn dict_reversed(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__reversed__")?;
    Ok(crate::types::iterators::new_dict_iter(
        vm,
        d,
        crate::types::iterators::DictIterKind::Keys,
        true,
    ))
}

fn dict_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__repr__")?;
    if data(d).is_empty() {
        return Ok(vm.new_str("{}"));
    }
    let Some(_guard) = vm.repr_enter(d) else {
        return Ok(vm.new_str("{...}"));
    };
    let mut out = String::from("{");
    for (i, (k, v)) in data(d).items().into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&vm.repr_string(&k)?);
        out.push_str(": ");
        out.push_str(&vm.repr_string(&v)?);
    }
    out.push('}');
    Ok(vm.new_str(&out))
}

/// `a == b` for two dicts.
pub fn dicts_equal(vm: &Vm, a: &ObjRef, b: &ObjRef) -> PyResult<bool> {
    if data(a).len() != data(b).len() {
        return Ok(false);
    }
    for (k, v) in data(a).items() {
        match data(b).get(vm, &k)? {
            Some(bv) => {
                if !vm.eq(&v, &bv)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

fn dict_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__eq__")?;
    match &args.pos[1] {
        Value::Obj(o) if o.downcast::<DictData>().is_some() => {
            Ok(Value::Bool(dicts_equal(vm, d, o)?))
        }
        _ => Ok(Value::Obj(vm.not_implemented.clone())),
    }
}

fn dict_ne(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__ne__")?;
    match &args.pos[1] {
        Value::Obj(o) if o.downcast::<DictData>().is_some() => {
            Ok(Value::Bool(!dicts_equal(vm, d, o)?))
        }
        _ => Ok(Value::Obj(vm.not_implemented.clone())),
    }
}

fn dict_or(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__or__")?;
    if args.pos[1].downcast::<DictData>().is_none() {
        return Ok(Value::Obj(vm.not_implemented.clone()));
    }
    let new = ObjRef::new(&d.ty(), data(d).copy());
    update_from(vm, &new, &args.pos[1])?;
    Ok(Value::Obj(new))
}

fn dict_ror(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__ror__")?;
    let Some(other) = args.pos[1].downcast::<DictData>() else {
        return Ok(Value::Obj(vm.not_implemented.clone()));
    };
    let new = ObjRef::new(&vm.type_of(&args.pos[1]), other.copy());
    update_from(vm, &new, &Value::Obj(d.clone()))?;
    Ok(Value::Obj(new))
}

fn dict_ior(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__ior__")?;
    update_from(vm, d, &args.pos[1])?;
    Ok(args.pos[0].clone())
}

fn dict_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "get")?;
    let rest = args.shift().check(vm, "get", 1, 2)?;
    Ok(data(d)
        .get(vm, &rest[0])?
        .unwrap_or_else(|| rest.get(1).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "setdefault")?;
    let rest = args.shift().check(vm, "setdefault", 1, 2)?;
    if let Some(v) = data(d).get(vm, &rest[0])? {
        return Ok(v);
    }
    let v = rest.get(1).cloned().unwrap_or(Value::None);
    data(d).set(vm, rest[0].clone(), v.clone())?;
    Ok(v)
}

fn dict_pop(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "pop")?;
    let rest = args.shift().check(vm, "pop", 1, 2)?;
    match data(d).remove(vm, &rest[0])? {
        Some(v) => Ok(v),
        None => rest
            .get(1)
            .cloned()
            .ok_or_else(|| vm.key_error(rest[0].clone())),
    }
}

fn dict_popitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "popitem")?;
    match data(d).pop_last() {
        Some((k, v)) => Ok(crate::types::tuple::new_tuple(vm, vec![k, v])),
        None => Err(vm.new_exception(&vm.types.exc.key_error, "popitem(): dictionary is empty")),
    }
}

fn dict_keys(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "keys")?;
    Ok(crate::types::iterators::new_dict_view(
        vm,
        d,
        crate::types::iterators::DictIterKind::Keys,
    ))
}

fn dict_values(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "values")?;
    Ok(crate::types::iterators::new_dict_view(
        vm,
        d,
        crate::types::iterators::DictIterKind::Values,
    ))
}

fn dict_items(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "items")?;
    Ok(crate::types::iterators::new_dict_view(
        vm,
        d,
        crate::types::iterators::DictIterKind::Items,
    ))
}

fn dict_update(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "update")?.clone();
    if args.pos.len() > 2 {
        return Err(vm.type_error(format!(
            "update expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    if let Some(src) = args.pos.get(1) {
        update_from(vm, &d, src)?;
    }
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        data(&d).set(vm, k.clone(), v.clone())?;
    }
    Ok(Value::None)
}

fn dict_clear(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "clear")?;
    data(d).clear();
    Ok(Value::None)
}

fn dict_copy(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "copy")?;
    Ok(Value::Obj(ObjRef::new(&vm.types.dict, data(d).copy())))
}

fn dict_sizeof(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = self_dict(vm, &args, "__sizeof__")?;
    Ok(Value::Int(48 + 24 * data(d).entry_count() as i64))
}

fn dict_fromkeys(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let rest = args.shift().check(vm, "fromkeys", 1, 2)?;
    let cls = args.pos[0].clone();
    let d = vm.call(&cls, &[])?;
    let value = rest.get(1).cloned().unwrap_or(Value::None);
    for k in vm.iterate(&rest[0])? {
        vm.setitem(&d, k, value.clone())?;
    }
    Ok(d)
}
