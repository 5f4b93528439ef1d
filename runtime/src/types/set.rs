//! `set` and `frozenset`: an open-addressing table probed the way CPython
//! probes it (linear runs, then perturbed jumps) and resized at the same
//! fill points, so that iteration order — which programs print — is
//! CPython's for the same hashes.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::CmpOp;
use crate::types::builtin::{add_classmethod, add_methods, add_static, set_attr};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Full(i64, Value),
}

struct Table {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Inserts a key known to be absent into a table without dummies.
    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Full(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if matches!(slots[i + j], Slot::Empty) {
                        slots[i + j] = Slot::Full(hash, key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn resize(&mut self, minused: usize) {
        let mut newsize = MIN_SIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; newsize]);
        self.fill = self.used;
        for s in old {
            if let Slot::Full(h, k) = s {
                Table::insert_clean(&mut self.slots, h, k);
            }
        }
    }
}

/// The payload of a set or frozenset.
pub struct SetData {
    table: RefCell<Table>,
    /// Bumped whenever the table is rebuilt or a slot changes, so that a
    /// probe interrupted by `__eq__` knows to restart.
    generation: Cell<u64>,
    /// Where `pop` looks first.
    finger: Cell<usize>,
    /// The cached hash of a frozenset (-1: not computed).
    hash: Cell<i64>,
}

impl Default for SetData {
    fn default() -> Self {
        SetData {
            table: RefCell::new(Table::new()),
            generation: Cell::new(0),
            finger: Cell::new(0),
            hash: Cell::new(-1),
        }
    }
}

enum Lookup {
    Found(usize),
    Missing,
}

impl SetData {
    fn bump(&self) {
        self.generation.set(self.generation.get() + 1);
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.table.borrow().used
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items in table order, with their hashes.
    pub fn entries(&self) -> Vec<(i64, Value)> {
        self.table
            .borrow()
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Full(h, k) => Some((*h, k.clone())),
                _ => None,
            })
            .collect()
    }

    /// The items in table order.
    pub fn items(&self) -> Vec<Value> {
        self.entries().into_iter().map(|(_, k)| k).collect()
    }

    /// The item at or after table position `pos`, with the next position.
    pub fn entry_from(&self, pos: usize) -> Option<(usize, Value)> {
        let t = self.table.borrow();
        t.slots
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, s)| match s {
                Slot::Full(_, k) => Some((i + 1, k.clone())),
                _ => None,
            })
    }

    fn lookup(&self, vm: &Vm, key: &Value, hash: i64) -> PyResult<Lookup> {
        'restart: loop {
            let mask = self.table.borrow().mask();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in 0..=probes {
                    let candidate = {
                        let t = self.table.borrow();
                        match &t.slots[i + j] {
                            Slot::Empty => return Ok(Lookup::Missing),
                            Slot::Full(h, k) if *h == hash => {
                                if k.is(key) {
                                    return Ok(Lookup::Found(i + j));
                                }
                                if let Some(eq) = crate::types::dict::fast_eq(k, key) {
                                    if eq {
                                        return Ok(Lookup::Found(i + j));
                                    }
                                    None
                                } else {
                                    Some(k.clone())
                                }
                            }
                            _ => None,
                        }
                    };
                    if let Some(k) = candidate {
                        let generation = self.generation.get();
                        let eq = vm.eq(&k, key)?;
                        if self.generation.get() != generation {
                            continue 'restart;
                        }
                        if eq {
                            return Ok(Lookup::Found(i + j));
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }

    /// Adds `key` (hash known); whether it was new.
    pub fn add_hashed(&self, vm: &Vm, key: Value, hash: i64) -> PyResult<bool> {
        'restart: loop {
            let mask = self.table.borrow().mask();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut freeslot: Option<usize> = None;
            let empty_at = 'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in 0..=probes {
                    let candidate = {
                        let t = self.table.borrow();
                        match &t.slots[i + j] {
                            Slot::Empty => break 'probe i + j,
                            Slot::Dummy => {
                                freeslot = Some(i + j);
                                None
                            }
                            Slot::Full(h, k) if *h == hash => {
                                if k.is(&key) {
                                    return Ok(false);
                                }
                                match crate::types::dict::fast_eq(k, &key) {
                                    Some(true) => return Ok(false),
                                    Some(false) => None,
                                    None => Some(k.clone()),
                                }
                            }
                            _ => None,
                        }
                    };
                    if let Some(k) = candidate {
                        let generation = self.generation.get();
                        let eq = vm.eq(&k, &key)?;
                        if eq {
                            return Ok(false);
                        }
                        if self.generation.get() != generation {
                            continue 'restart;
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            };
            let mut t = self.table.borrow_mut();
            self.bump();
            self.hash.set(-1);
            if let Some(f) = freeslot {
                t.slots[f] = Slot::Full(hash, key);
                t.used += 1;
                return Ok(true);
            }
            t.slots[empty_at] = Slot::Full(hash, key);
            t.fill += 1;
            t.used += 1;
            if t.fill * 5 >= mask * 3 {
                let used = t.used;
                t.resize(if used > 50000 { used * 2 } else { used * 4 });
            }
            return Ok(true);
        }
    }

    /// Adds `key`; whether it was new.
    pub fn add(&self, vm: &Vm, key: Value) -> PyResult<bool> {
        let hash = element_hash(vm, &key, "a set element")?;
        self.add_hashed(vm, key, hash)
    }

    /// Whether `key` (hash known) is in the set.
    pub fn contains_hashed(&self, vm: &Vm, key: &Value, hash: i64) -> PyResult<bool> {
        Ok(matches!(self.lookup(vm, key, hash)?, Lookup::Found(_)))
    }

    /// `key in s`.
    pub fn contains(&self, vm: &Vm, key: &Value) -> PyResult<bool> {
        let hash = lookup_hash(vm, key)?;
        self.contains_hashed(vm, key, hash)
    }

    /// Removes `key` (hash known); whether it was there.
    pub fn discard_hashed(&self, vm: &Vm, key: &Value, hash: i64) -> PyResult<bool> {
        let Lookup::Found(i) = self.lookup(vm, key, hash)? else {
            return Ok(false);
        };
        let old = {
            let mut t = self.table.borrow_mut();
            t.used -= 1;
            std::mem::replace(&mut t.slots[i], Slot::Dummy)
        };
        self.bump();
        self.hash.set(-1);
        drop(old);
        Ok(true)
    }

    /// Removes `key`; whether it was there.
    pub fn discard(&self, vm: &Vm, key: &Value) -> PyResult<bool> {
        let hash = lookup_hash(vm, key)?;
        self.discard_hashed(vm, key, hash)
    }

    /// Removes everything.
    pub fn clear(&self) {
        let old = std::mem::replace(&mut *self.table.borrow_mut(), Table::new());
        self.bump();
        self.hash.set(-1);
        drop(old);
    }

    /// `set.pop()`.
    pub fn pop(&self) -> Option<Value> {
        let key = {
            let mut t = self.table.borrow_mut();
            if t.used == 0 {
                return None;
            }
            let mask = t.mask();
            let mut i = self.finger.get() & mask;
            while !matches!(t.slots[i], Slot::Full(..)) {
                i = if i >= mask { 0 } else { i + 1 };
            }
            t.used -= 1;
            self.finger.set(i + 1);
            match std::mem::replace(&mut t.slots[i], Slot::Dummy) {
                Slot::Full(_, k) => k,
                _ => unreachable!("the loop stopped on a full slot"),
            }
        };
        self.bump();
        self.hash.set(-1);
        Some(key)
    }

    /// Adds every element of another set (CPython's `set_merge`).
    pub fn merge(&self, vm: &Vm, other: &SetData) -> PyResult<()> {
        if std::ptr::eq(self, other) || other.is_empty() {
            return Ok(());
        }
        let (other_slots, other_mask, other_clean, other_used) = {
            let o = other.table.borrow();
            (o.slots.clone(), o.mask(), o.fill == o.used, o.used)
        };
        {
            let mut t = self.table.borrow_mut();
            if (t.fill + other_used) * 5 >= t.mask() * 3 {
                let used = t.used;
                t.resize((used + other_used) * 2);
            }
            if t.fill == 0 {
                self.bump();
                self.hash.set(-1);
                if t.mask() == other_mask && other_clean {
                    t.slots = other_slots;
                } else {
                    for s in other_slots {
                        if let Slot::Full(h, k) = s {
                            Table::insert_clean(&mut t.slots, h, k);
                        }
                    }
                }
                t.fill = other_used;
                t.used = other_used;
                return Ok(());
            }
        }
        for s in other_slots {
            if let Slot::Full(h, k) = s {
                self.add_hashed(vm, k, h)?;
            }
        }
        Ok(())
    }

    /// Adds the keys of a dict (sizing the table once first).
    fn update_from_dict(&self, vm: &Vm, d: &crate::types::dict::DictData) -> PyResult<()> {
        let n = d.len();
        {
            let mut t = self.table.borrow_mut();
            if (t.fill + n) * 5 >= t.mask() * 3 {
                let used = t.used;
                t.resize((used + n) * 2);
                self.bump();
            }
        }
        for k in d.keys() {
            self.add(vm, k)?;
        }
        Ok(())
    }

    /// Adds every element of an iterable (`set.update`).
    pub fn update(&self, vm: &Vm, other: &Value) -> PyResult<()> {
        if let Some(o) = other.downcast::<SetData>() {
            return self.merge(vm, o);
        }
        if let Value::Obj(o) = other
            && o.kind() == Kind::Dict
            && o.ty_is(&vm.types.dict)
        {
            return self.update_from_dict(vm, o.payload());
        }
        let it = vm.iter(other)?;
        while let Some(x) = vm.next(&it)? {
            self.add(vm, x)?;
        }
        Ok(())
    }

    /// Shrinks away dummies when more than a quarter of the table holds them.
    fn maybe_compact(&self) {
        let mut t = self.table.borrow_mut();
        if t.fill - t.used <= t.mask() / 4 {
            return;
        }
        let used = t.used;
        t.resize(if used > 50000 { used * 2 } else { used * 4 });
        self.bump();
    }

    /// Swaps the contents of two sets.
    fn swap_bodies(&self, other: &SetData) {
        std::mem::swap(
            &mut *self.table.borrow_mut(),
            &mut *other.table.borrow_mut(),
        );
        self.bump();
        other.bump();
        self.hash.set(-1);
        other.hash.set(-1);
    }

    /// The frozenset hash of the contents.
    pub fn frozen_hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let entries = self.entries();
        let n = entries.len();
        let h = crate::hash::hash_frozenset(entries.into_iter().map(|(h, _)| h), n);
        self.hash.set(h);
        h
    }
}

/// The hash of a would-be element, with 3.14's message for unhashables.
pub fn element_hash(vm: &Vm, key: &Value, what: &str) -> PyResult<i64> {
    vm.hash(key).map_err(|e| {
        if e.value().ty_is(&vm.types.exc.type_error) {
            let inner = crate::types::exception::exception_str(vm, e.value());
            vm.type_error(format!(
                "cannot use '{}' as {what} ({inner})",
                vm.type_name(key)
            ))
        } else {
            e
        }
    })
}

/// The hash used to look a key up: a `set` key is looked up as the
/// equivalent frozenset.
fn lookup_hash(vm: &Vm, key: &Value) -> PyResult<i64> {
    if let Value::Obj(o) = key
        && o.kind() == Kind::Set
        && crate::types::typeobj::is_subtype(&o.ty(), &vm.types.set)
    {
        return Ok(o.payload::<SetData>().frozen_hash());
    }
    element_hash(vm, key, "a set element")
}

/// Whether `v` is a set or frozenset (or subclass instance).
pub fn is_anyset(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.kind() == Kind::Set)
}

fn is_frozen(vm: &Vm, o: &ObjRef) -> bool {
    crate::types::typeobj::is_subtype(&o.ty(), &vm.types.frozenset)
}

/// A new empty set or frozenset object of class `cls`.
fn new_of(cls: &ObjRef) -> ObjRef {
    ObjRef::new(cls, SetData::default())
}

/// The builtin class a set operation's result has: `set` or `frozenset`.
fn base_class(vm: &Vm, o: &ObjRef) -> ObjRef {
    if is_frozen(vm, o) {
        vm.types.frozenset.clone()
    } else {
        vm.types.set.clone()
    }
}

/// A new `set` from items.
pub fn new_set(vm: &Vm, items: Vec<Value>) -> PyResult<Value> {
    let s = new_of(&vm.types.set);
    let d = s.payload::<SetData>();
    for x in items {
        d.add(vm, x)?;
    }
    Ok(Value::Obj(s))
}

/// A new `frozenset` from items.
pub fn new_frozenset(vm: &Vm, items: Vec<Value>) -> PyResult<Value> {
    let s = new_of(&vm.types.frozenset);
    let d = s.payload::<SetData>();
    for x in items {
        d.add(vm, x)?;
    }
    Ok(Value::Obj(s))
}

fn copy_of(vm: &Vm, o: &ObjRef) -> PyResult<ObjRef> {
    let r = new_of(&base_class(vm, o));
    r.payload::<SetData>().merge(vm, o.payload())?;
    Ok(r)
}

/// Adds the methods of `set` and `frozenset`.
pub fn init(vm: &Vm) {
    for (t, frozen) in [(&vm.types.set, false), (&vm.types.frozenset, true)] {
        add_methods(
            vm,
            t,
            &[
                ("__len__", set_len),
                ("__contains__", set_contains),
                ("__iter__", set_iter),
                ("__repr__", set_repr),
                ("__or__", set_or),
                ("__ror__", set_or),
                ("__and__", set_and),
                ("__rand__", set_and),
                ("__sub__", set_sub),
                ("__rsub__", set_rsub),
                ("__xor__", set_xor),
                ("__rxor__", set_xor),
                ("__eq__", |vm, a| set_cmp(vm, a, CmpOp::Eq)),
                ("__ne__", |vm, a| set_cmp(vm, a, CmpOp::Ne)),
                ("__lt__", |vm, a| set_cmp(vm, a, CmpOp::Lt)),
                ("__le__", |vm, a| set_cmp(vm, a, CmpOp::Le)),
                ("__gt__", |vm, a| set_cmp(vm, a, CmpOp::Gt)),
                ("__ge__", |vm, a| set_cmp(vm, a, CmpOp::Ge)),
                ("union", set_union),
                ("intersection", set_intersection_multi),
                ("difference", set_difference_multi),
                ("symmetric_difference", set_symmetric_difference),
                ("issubset", set_issubset),
                ("issuperset", set_issuperset),
                ("isdisjoint", set_isdisjoint),
                ("copy", set_copy),
                ("__reduce__", set_reduce),
                ("__sizeof__", set_sizeof),
            ],
        );
        add_classmethod(
            vm,
            t,
            "__class_getitem__",
            crate::types::native::generic_alias_classmethod,
        );
        if frozen {
            add_methods(vm, t, &[("__hash__", frozenset_hash)]);
            add_static(vm, t, "__new__", frozenset_new);
        } else {
            add_methods(
                vm,
                t,
                &[
                    ("__init__", set_init),
                    ("__ior__", set_ior),
                    ("__iand__", set_iand),
                    ("__isub__", set_isub),
                    ("__ixor__", set_ixor),
                    ("add", set_add),
                    ("remove", set_remove),
                    ("discard", set_discard),
                    ("pop", set_pop),
                    ("clear", set_clear),
                    ("update", set_update),
                    ("intersection_update", set_intersection_update),
                    ("difference_update", set_difference_update),
                    (
                        "symmetric_difference_update",
                        set_symmetric_difference_update,
                    ),
                ],
            );
            add_static(vm, t, "__new__", set_new);
            set_attr(vm, t, "__hash__", Value::None);
        }
    }
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<(&'a ObjRef, &'a SetData)> {
    match v {
        Value::Obj(o) if o.kind() == Kind::Set => Ok((o, o.payload())),
        _ => Err(vm.type_error(format!(
            "descriptor requires a 'set' object but received a '{}'",
            vm.type_name(v)
        ))),
    }
}

fn set_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("set.__new__(X): X is not a type object"))?;
    Ok(Value::Obj(new_of(&cls)))
}

fn set_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (o, s) = this(vm, &args.pos[0])?;
    if args.has_kwargs() && o.ty_is(&vm.types.set) {
        return Err(vm.type_error("set() takes no keyword arguments"));
    }
    let rest = &args.pos[1..];
    if rest.len() > 1 {
        return Err(vm.type_error(format!(
            "set expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    s.clear();
    if let Some(x) = rest.first() {
        s.update(vm, x)?;
    }
    Ok(Value::None)
}

fn frozenset_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("frozenset.__new__(X): X is not a type object"))?;
    let rest = args.shift();
    if rest.has_kwargs() && cls.is(&vm.types.frozenset) {
        return Err(vm.type_error("frozenset() takes no keyword arguments"));
    }
    let iterable = match rest.pos {
        [] => None,
        [x] => Some(x),
        _ => {
            return Err(vm.type_error(format!(
                "frozenset expected at most 1 argument, got {}",
                rest.pos.len()
            )));
        }
    };
    if cls.is(&vm.types.frozenset)
        && let Some(Value::Obj(x)) = iterable
        && x.ty_is(&vm.types.frozenset)
    {
        return Ok(Value::Obj(x.clone()));
    }
    let r = new_of(&cls);
    if let Some(x) = iterable {
        r.payload::<SetData>().update(vm, x)?;
    }
    Ok(Value::Obj(r))
}

fn set_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.pos[0])?.1.len() as i64))
}

fn set_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, s) = this(vm, &args.pos[0])?;
    Ok(Value::Bool(s.contains(vm, &args.pos[1])?))
}

fn set_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_set_iter(
        vm,
        args.pos[0].clone(),
    ))
}

fn set_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (o, s) = this(vm, &args.pos[0])?;
    let name = crate::types::typeobj::type_name(&o.ty());
    let Some(_guard) = vm.repr_enter(o) else {
        return Ok(vm.new_str(&format!("{name}(...)")));
    };
    if s.is_empty() {
        return Ok(vm.new_str(&format!("{name}()")));
    }
    let inner = crate::types::tuple::seq_repr(vm, &s.items(), "{", "}")?;
    if o.ty_is(&vm.types.set) {
        Ok(vm.new_str(&inner))
    } else {
        Ok(vm.new_str(&format!("{name}({inner})")))
    }
}

fn binop_operands<'a>(args: &'a Args<'_>) -> Option<(&'a ObjRef, &'a ObjRef)> {
    match (&args.pos[0], &args.pos[1]) {
        (Value::Obj(a), Value::Obj(b)) if a.kind() == Kind::Set && b.kind() == Kind::Set => {
            Some((a, b))
        }
        _ => None,
    }
}

fn set_or(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    let r = copy_of(vm, a)?;
    if !a.is(b) {
        r.payload::<SetData>().merge(vm, b.payload())?;
    }
    Ok(Value::Obj(r))
}

/// `a & other`: iterate the smaller set (CPython's `set_intersection`).
fn intersection(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<ObjRef> {
    if let Value::Obj(b) = other
        && a.is(b)
    {
        return copy_of(vm, a);
    }
    let r = new_of(&base_class(vm, a));
    let rd = r.payload::<SetData>();
    if let Some(bd) = other.downcast::<SetData>() {
        let ad = a.payload::<SetData>();
        let (big, small) = if bd.len() > ad.len() {
            (bd, ad)
        } else {
            (ad, bd)
        };
        for (h, k) in small.entries() {
            if big.contains_hashed(vm, &k, h)? {
                rd.add_hashed(vm, k, h)?;
            }
        }
        return Ok(r);
    }
    let ad = a.payload::<SetData>();
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        let h = element_hash(vm, &k, "a set element")?;
        if ad.contains_hashed(vm, &k, h)? {
            rd.add_hashed(vm, k, h)?;
            if rd.len() >= ad.len() {
                break;
            }
        }
    }
    Ok(r)
}

fn set_and(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Obj(intersection(vm, a, &Value::Obj(b.clone()))?))
}

/// Removes the elements of `other` from set `s` in place.
fn difference_update(vm: &Vm, so: &ObjRef, other: &Value) -> PyResult<()> {
    let s = so.payload::<SetData>();
    if let Value::Obj(o) = other
        && o.is(so)
    {
        s.clear();
        return Ok(());
    }
    if let Some(od) = other.downcast::<SetData>() {
        let source = if (od.len() >> 3) > s.len() {
            intersection(vm, so, other)?.payload::<SetData>().entries()
        } else {
            od.entries()
        };
        for (h, k) in source {
            s.discard_hashed(vm, &k, h)?;
        }
    } else {
        let it = vm.iter(other)?;
        while let Some(k) = vm.next(&it)? {
            s.discard(vm, &k)?;
        }
    }
    s.maybe_compact();
    Ok(())
}

/// `a - other` (CPython's `set_difference`).
fn difference(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<ObjRef> {
    let ad = a.payload::<SetData>();
    let other_size = match other {
        Value::Obj(o) if o.kind() == Kind::Set => Some(o.payload::<SetData>().len()),
        Value::Obj(o) if o.kind() == Kind::Dict && o.ty_is(&vm.types.dict) => {
            Some(o.payload::<crate::types::dict::DictData>().len())
        }
        _ => None,
    };
    let copy_then_remove = match other_size {
        None => true,
        Some(n) => (ad.len() >> 2) > n,
    };
    if copy_then_remove {
        let r = copy_of(vm, a)?;
        difference_update(vm, &r, other)?;
        return Ok(r);
    }
    let r = new_of(&base_class(vm, a));
    let rd = r.payload::<SetData>();
    for (h, k) in ad.entries() {
        let present = match other {
            Value::Obj(o) if o.kind() == Kind::Set => {
                o.payload::<SetData>().contains_hashed(vm, &k, h)?
            }
            Value::Obj(o) => o
                .payload::<crate::types::dict::DictData>()
                .get_hashed(vm, &k, h)?
                .is_some(),
            _ => false,
        };
        if !present {
            rd.add_hashed(vm, k, h)?;
        }
    }
    Ok(r)
}

fn set_sub(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Obj(difference(vm, a, &Value::Obj(b.clone()))?))
}

fn set_rsub(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Obj(difference(vm, b, &Value::Obj(a.clone()))?))
}

/// Toggles each element of `other` in `s`.
fn symmetric_update_from(vm: &Vm, s: &SetData, other: &SetData) -> PyResult<()> {
    for (h, k) in other.entries() {
        if !s.discard_hashed(vm, &k, h)? {
            s.add_hashed(vm, k, h)?;
        }
    }
    Ok(())
}

fn symmetric_difference(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<ObjRef> {
    let r = new_of(&base_class(vm, a));
    let rd = r.payload::<SetData>();
    rd.update(vm, other)?;
    symmetric_update_from(vm, rd, a.payload())?;
    Ok(r)
}

fn set_xor(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Obj(symmetric_difference(
        vm,
        a,
        &Value::Obj(b.clone()),
    )?))
}

fn issubset(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<bool> {
    let ad = a.payload::<SetData>();
    let Some(bd) = other.downcast::<SetData>() else {
        let tmp = intersection(vm, a, other)?;
        return Ok(tmp.payload::<SetData>().len() == ad.len());
    };
    if ad.len() > bd.len() {
        return Ok(false);
    }
    for (h, k) in ad.entries() {
        if !bd.contains_hashed(vm, &k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issuperset(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<bool> {
    if let Value::Obj(b) = other
        && b.kind() == Kind::Set
    {
        return issubset(vm, b, &Value::Obj(a.clone()));
    }
    let ad = a.payload::<SetData>();
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        if !ad.contains(vm, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let Some((a, b)) = binop_operands(&args) else {
        return Ok(vm.not_implemented());
    };
    let (la, lb) = (a.payload::<SetData>().len(), b.payload::<SetData>().len());
    let bv = Value::Obj(b.clone());
    let r = match op {
        CmpOp::Eq => la == lb && issubset(vm, a, &bv)?,
        CmpOp::Ne => !(la == lb && issubset(vm, a, &bv)?),
        CmpOp::Le => issubset(vm, a, &bv)?,
        CmpOp::Ge => issuperset(vm, a, &bv)?,
        CmpOp::Lt => la < lb && issubset(vm, a, &bv)?,
        CmpOp::Gt => la > lb && issuperset(vm, a, &bv)?,
    };
    Ok(Value::Bool(r))
}

fn set_union(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "union")?;
    let (a, _) = this(vm, &args.pos[0])?;
    let r = copy_of(vm, a)?;
    for other in &args.pos[1..] {
        if other.as_obj().is_some_and(|o| o.is(a)) {
            continue;
        }
        r.payload::<SetData>().update(vm, other)?;
    }
    Ok(Value::Obj(r))
}

fn set_intersection_multi(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "intersection")?;
    let (a, _) = this(vm, &args.pos[0])?;
    let mut result = if args.pos.len() == 1 {
        copy_of(vm, a)?
    } else {
        a.clone()
    };
    for other in &args.pos[1..] {
        result = intersection(vm, &result, other)?;
    }
    Ok(Value::Obj(result))
}

fn set_difference_multi(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "difference")?;
    let (a, _) = this(vm, &args.pos[0])?;
    let Some(first) = args.pos.get(1) else {
        return Ok(Value::Obj(copy_of(vm, a)?));
    };
    let r = difference(vm, a, first)?;
    for other in &args.pos[2..] {
        difference_update(vm, &r, other)?;
    }
    Ok(Value::Obj(r))
}

fn set_symmetric_difference(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, other] = args.check(vm, "symmetric_difference", 2, 2)? else {
        unreachable!()
    };
    let (a, _) = this(vm, s)?;
    Ok(Value::Obj(symmetric_difference(vm, a, other)?))
}

fn set_issubset(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, other] = args.check(vm, "issubset", 2, 2)? else {
        unreachable!()
    };
    let (a, _) = this(vm, s)?;
    Ok(Value::Bool(issubset(vm, a, other)?))
}

fn set_issuperset(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, other] = args.check(vm, "issuperset", 2, 2)? else {
        unreachable!()
    };
    let (a, _) = this(vm, s)?;
    Ok(Value::Bool(issuperset(vm, a, other)?))
}

fn set_isdisjoint(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, other] = args.check(vm, "isdisjoint", 2, 2)? else {
        unreachable!()
    };
    let (a, ad) = this(vm, s)?;
    if other.as_obj().is_some_and(|o| o.is(a)) {
        return Ok(Value::Bool(ad.is_empty()));
    }
    if let Some(bd) = other.downcast::<SetData>() {
        let (big, small) = if bd.len() > ad.len() {
            (bd, ad)
        } else {
            (ad, bd)
        };
        for (h, k) in small.entries() {
            if big.contains_hashed(vm, &k, h)? {
                return Ok(Value::Bool(false));
            }
        }
        return Ok(Value::Bool(true));
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        if ad.contains(vm, &k)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn set_copy(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, _) = this(vm, &args.pos[0])?;
    if a.ty_is(&vm.types.frozenset) {
        return Ok(args.pos[0].clone());
    }
    Ok(Value::Obj(copy_of(vm, a)?))
}

fn set_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, s) = this(vm, &args.pos[0])?;
    let items = crate::types::list::new_list(vm, s.items());
    let state = match a.dict() {
        Some(d) => Value::Obj(d),
        None => Value::None,
    };
    Ok(crate::types::tuple::new_tuple(
        vm,
        vec![
            Value::Obj(a.ty()),
            crate::types::tuple::new_tuple(vm, vec![items]),
            state,
        ],
    ))
}

fn set_sizeof(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, s) = this(vm, &args.pos[0])?;
    let slots = s.table.borrow().slots.len();
    Ok(Value::Int(
        200 + if slots > MIN_SIZE {
            16 * slots as i64
        } else {
            0
        },
    ))
}

fn frozenset_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, s) = this(vm, &args.pos[0])?;
    Ok(Value::Int(s.frozen_hash()))
}

fn set_ior(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, s) = this(vm, &args.pos[0])?;
    if !is_anyset(&args.pos[1]) {
        return Ok(vm.not_implemented());
    }
    s.update(vm, &args.pos[1])?;
    Ok(args.pos[0].clone())
}

fn set_iand(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, s) = this(vm, &args.pos[0])?;
    if !is_anyset(&args.pos[1]) {
        return Ok(vm.not_implemented());
    }
    let tmp = intersection(vm, a, &args.pos[1])?;
    s.swap_bodies(tmp.payload());
    Ok(args.pos[0].clone())
}

fn set_isub(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, _) = this(vm, &args.pos[0])?;
    if !is_anyset(&args.pos[1]) {
        return Ok(vm.not_implemented());
    }
    difference_update(vm, a, &args.pos[1])?;
    Ok(args.pos[0].clone())
}

fn symmetric_difference_update(vm: &Vm, a: &ObjRef, other: &Value) -> PyResult<()> {
    let s = a.payload::<SetData>();
    if other.as_obj().is_some_and(|o| o.is(a)) {
        s.clear();
        return Ok(());
    }
    if let Some(od) = other.downcast::<SetData>() {
        return symmetric_update_from(vm, s, od);
    }
    if let Value::Obj(o) = other
        && o.kind() == Kind::Dict
        && o.ty_is(&vm.types.dict)
    {
        for k in o.payload::<crate::types::dict::DictData>().keys() {
            if !s.discard(vm, &k)? {
                s.add(vm, k)?;
            }
        }
        return Ok(());
    }
    let tmp = new_of(&base_class(vm, a));
    tmp.payload::<SetData>().update(vm, other)?;
    symmetric_update_from(vm, s, tmp.payload())
}

fn set_ixor(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, _) = this(vm, &args.pos[0])?;
    if !is_anyset(&args.pos[1]) {
        return Ok(vm.not_implemented());
    }
    symmetric_difference_update(vm, a, &args.pos[1])?;
    Ok(args.pos[0].clone())
}

fn set_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, x] = args.check(vm, "add", 2, 2)? else {
        unreachable!()
    };
    this(vm, s)?.1.add(vm, x.clone())?;
    Ok(Value::None)
}

fn set_remove(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, x] = args.check(vm, "remove", 2, 2)? else {
        unreachable!()
    };
    if !this(vm, s)?.1.discard(vm, x)? {
        return Err(vm.key_error(x.clone()));
    }
    Ok(Value::None)
}

fn set_discard(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, x] = args.check(vm, "discard", 2, 2)? else {
        unreachable!()
    };
    this(vm, s)?.1.discard(vm, x)?;
    Ok(Value::None)
}

fn set_pop(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s] = args.check(vm, "pop", 1, 1)? else {
        unreachable!()
    };
    this(vm, s)?
        .1
        .pop()
        .ok_or_else(|| vm.new_exception(&vm.types.exc.key_error, "pop from an empty set"))
}

fn set_clear(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?.1.clear();
    Ok(Value::None)
}

fn set_update(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "update")?;
    let (_, s) = this(vm, &args.pos[0])?;
    for other in &args.pos[1..] {
        s.update(vm, other)?;
    }
    Ok(Value::None)
}

fn set_intersection_update(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = set_intersection_multi(vm, args)?;
    let (_, s) = this(vm, &args.pos[0])?;
    if let Some(rd) = r.downcast::<SetData>()
        && !r
            .as_obj()
            .is_some_and(|o| args.pos[0].as_obj().is_some_and(|a| a.is(o)))
    {
        s.swap_bodies(rd);
    }
    Ok(Value::None)
}

fn set_difference_update(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.no_kwargs(vm, "difference_update")?;
    let (a, _) = this(vm, &args.pos[0])?;
    for other in &args.pos[1..] {
        difference_update(vm, a, other)?;
    }
    Ok(Value::None)
}

fn set_symmetric_difference_update(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, other] = args.check(vm, "symmetric_difference_update", 2, 2)? else {
        unreachable!()
    };
    let (a, _) = this(vm, s)?;
    symmetric_difference_update(vm, a, other)?;
    Ok(Value::None)
}
