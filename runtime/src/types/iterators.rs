//! Builtin iterators (over lists, tuples, strings, ranges, dicts, sets,
//! sequences with `__getitem__`, callables), the iterator types the
//! builtins module exposes (`enumerate`, `zip`, `map`, `filter`,
//! `reversed`), dict views and `mappingproxy`: one payload with a state
//! enum, so `next()` dispatches once on the state.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::dict::{self, DictData};
use crate::types::set::SetData;
use crate::types::{list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// Which part of a dict's items an iterator or view yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictIterKind {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` pairs.
    Items,
}

/// Where an iterator is.
pub enum IterState {
    /// A list or tuple (or any sequence through `__getitem__`) by index.
    Seq {
        /// The sequence.
        seq: Value,
        /// The next index.
        index: usize,
    },
    /// A list backwards.
    ListReverse {
        /// The list.
        list: Value,
        /// One past the next index.
        index: usize,
    },
    /// A `str` by byte offset.
    Str {
        /// The string.
        s: Value,
        /// The byte offset of the next character.
        offset: usize,
    },
    /// A range past machine ints (`longrange_iterator`).
    LongRange {
        /// The next value.
        next: num_bigint::BigInt,
        /// The step.
        step: num_bigint::BigInt,
        /// Values left.
        left: num_bigint::BigInt,
    },
    /// A range of machine ints.
    Range {
        /// The next value.
        next: i64,
        /// The step.
        step: i64,
        /// Values left.
        left: u64,
    },
    /// A dict's entries.
    Dict {
        /// The dict.
        dict: ObjRef,
        /// The next entry position.
        pos: usize,
        /// The size when iteration began.
        len: usize,
        /// What to yield.
        kind: DictIterKind,
        /// Backwards.
        reverse: bool,
    },
    /// A set's table.
    Set {
        /// The set.
        set: ObjRef,
        /// The next table position.
        pos: usize,
        /// The size when iteration began.
        len: usize,
    },
    /// `enumerate`.
    Enumerate {
        /// The underlying iterator.
        it: Value,
        /// The next count.
        count: Value,
    },
    /// `zip`.
    Zip {
        /// The underlying iterators.
        its: Vec<Value>,
        /// `strict=True`.
        strict: bool,
    },
    /// `map`.
    Map {
        /// The function.
        func: Value,
        /// The underlying iterators.
        its: Vec<Value>,
    },
    /// `filter`.
    Filter {
        /// The predicate (`None`: truthiness).
        func: Value,
        /// The underlying iterator.
        it: Value,
    },
    /// `reversed` over a sequence.
    Reversed {
        /// The sequence.
        seq: Value,
        /// One past the next index.
        index: usize,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        /// The callable.
        func: Value,
        /// The value that ends iteration.
        sentinel: Value,
    },
    /// A dict view (not an iterator: `dict.keys()` and friends).
    View {
        /// The dict.
        dict: ObjRef,
        /// What it shows.
        kind: DictIterKind,
    },
    /// A read-only view of a mapping.
    Proxy {
        /// The mapping.
        mapping: Value,
    },
    /// Wraps one object (a coroutine's `__await__` iterator).
    Wrapper {
        /// The wrapped object.
        inner: Value,
    },
    /// Done.
    Exhausted,
}

/// The payload of builtin iterators, views and proxies.
pub struct IteratorData {
    /// Where it is.
    pub state: RefCell<IterState>,
}

fn make(vm: &Vm, ty: &ObjRef, state: IterState) -> Value {
    let _ = vm;
    Value::Obj(ObjRef::new(
        ty,
        IteratorData {
            state: RefCell::new(state),
        },
    ))
}

/// An iterator over a sequence by index.
pub fn new_seq_iter(vm: &Vm, ty: &ObjRef, seq: Value) -> Value {
    make(vm, ty, IterState::Seq { seq, index: 0 })
}

/// `reversed(list)`.
pub fn new_list_reverse_iter(vm: &Vm, list: Value) -> Value {
    let index = list::list_data(&list).map_or(0, list::ListData::len);
    make(
        vm,
        &vm.types.list_reverseiterator,
        IterState::ListReverse { list, index },
    )
}

/// `iter(str)`.
pub fn new_str_iter(vm: &Vm, s: Value) -> Value {
    make(vm, &vm.types.str_iterator, IterState::Str { s, offset: 0 })
}

/// `iter(range)`.
pub fn new_range_iter(vm: &Vm, next: i64, step: i64, left: u64) -> Value {
    make(
        vm,
        &vm.types.range_iterator,
        IterState::Range { next, step, left },
    )
}

/// `iter(range)` for a range past machine ints.
pub fn new_long_range_iter(
    vm: &Vm,
    next: num_bigint::BigInt,
    step: num_bigint::BigInt,
    left: num_bigint::BigInt,
) -> Value {
    make(
        vm,
        &vm.types.longrange_iterator,
        IterState::LongRange { next, step, left },
    )
}

/// The next step of a range iterator: `None` when `o` is not one,
/// `Some(None)` once exhausted (the `FOR_ITER` fast path).
#[inline]
pub fn range_next(o: &ObjRef) -> Option<Option<i64>> {
    let data = o.downcast::<IteratorData>()?;
    let mut state = data.state.borrow_mut();
    let IterState::Range { next, step, left } = &mut *state else {
        return None;
    };
    if *left == 0 {
        return Some(None);
    }
    let v = *next;
    *left -= 1;
    *next = next.wrapping_add(*step);
    Some(Some(v))
}

/// The next step of an iterator over an exact list or tuple: `None` when
/// `o` is not one (or has another state), `Some(None)` once exhausted
/// (`FOR_ITER_LIST` and `FOR_ITER_TUPLE`).
#[inline]
pub fn seq_next(o: &ObjRef) -> Option<Option<Value>> {
    let data = o.downcast::<IteratorData>()?;
    let mut state = data.state.borrow_mut();
    let IterState::Seq { seq, index } = &mut *state else {
        return matches!(*state, IterState::Exhausted).then_some(None);
    };
    let item = if let Some(l) = list::list_data(seq) {
        l.get(*index)
    } else {
        tuple::tuple_items(seq)?.get(*index).cloned()
    };
    match item {
        Some(v) => {
            *index += 1;
            Some(Some(v))
        }
        None => {
            *state = IterState::Exhausted;
            Some(None)
        }
    }
}

/// `iter(set)`.
pub fn new_set_iter(vm: &Vm, set: Value) -> Value {
    let Value::Obj(s) = set else {
        unreachable!("sets are objects")
    };
    let len = s.payload::<SetData>().len();
    make(
        vm,
        &vm.types.set_iterator,
        IterState::Set {
            set: s,
            pos: 0,
            len,
        },
    )
}

/// An iterator over a dict.
pub fn new_dict_iter(vm: &Vm, d: &ObjRef, kind: DictIterKind, reverse: bool) -> Value {
    let data = d.payload::<DictData>();
    let ty = match (kind, reverse) {
        (DictIterKind::Keys, false) => &vm.types.dict_keyiterator,
        (DictIterKind::Values, false) => &vm.types.dict_valueiterator,
        (DictIterKind::Items, false) => &vm.types.dict_itemiterator,
        (DictIterKind::Keys, true) => &vm.types.dict_reversekeyiterator,
        (DictIterKind::Values, true) => &vm.types.dict_reversevalueiterator,
        (DictIterKind::Items, true) => &vm.types.dict_reverseitemiterator,
    };
    let pos = if reverse { data.entry_count() } else { 0 };
    make(
        vm,
        ty,
        IterState::Dict {
            dict: d.clone(),
            pos,
            len: data.len(),
            kind,
            reverse,
        },
    )
}

/// `dict.keys()`, `dict.values()`, `dict.items()`.
pub fn new_dict_view(vm: &Vm, d: &ObjRef, kind: DictIterKind) -> Value {
    let ty = match kind {
        DictIterKind::Keys => &vm.types.dict_keys,
        DictIterKind::Values => &vm.types.dict_values,
        DictIterKind::Items => &vm.types.dict_items,
    };
    make(
        vm,
        ty,
        IterState::View {
            dict: d.clone(),
            kind,
        },
    )
}

/// `types.MappingProxyType(mapping)`.
pub fn new_mappingproxy(vm: &Vm, mapping: Value) -> Value {
    make(vm, &vm.types.mappingproxy, IterState::Proxy { mapping })
}

/// An object of type `ty` wrapping `inner`.
pub fn new_wrapper(vm: &Vm, ty: &ObjRef, inner: Value) -> Value {
    make(vm, ty, IterState::Wrapper { inner })
}

/// What a wrapper wraps.
pub fn wrapped(v: &Value) -> Option<Value> {
    let d = v.downcast::<IteratorData>()?;
    match &*d.state.borrow() {
        IterState::Wrapper { inner } => Some(inner.clone()),
        _ => None,
    }
}

fn pair(vm: &Vm, a: Value, b: Value) -> Value {
    tuple::new_tuple(vm, vec![a, b])
}

/// Marks an iterator exhausted, dropping what it iterated only after the
/// borrow ends (the last reference going may run `__del__`, which may
/// touch this iterator again).
fn exhaust(mut st: std::cell::RefMut<'_, IterState>) {
    let old = std::mem::replace(&mut *st, IterState::Exhausted);
    drop(st);
    drop(old);
}

impl IteratorData {
    /// The next item, or `None` when exhausted.
    pub fn next(&self, vm: &Vm, me: &ObjRef) -> PyResult<Option<Value>> {
        let _ = me;
        // Steps that call Python code release the borrow first.
        let mut st = self.state.borrow_mut();
        match &mut *st {
            IterState::Seq { seq, index } => {
                if let Some(l) = list::list_data(seq) {
                    let r = l.get(*index);
                    match r {
                        Some(v) => {
                            *index += 1;
                            return Ok(Some(v));
                        }
                        None => {
                            exhaust(st);
                            return Ok(None);
                        }
                    }
                }
                if let Some(items) = tuple::tuple_items(seq) {
                    match items.get(*index).cloned() {
                        Some(v) => {
                            *index += 1;
                            return Ok(Some(v));
                        }
                        None => {
                            exhaust(st);
                            return Ok(None);
                        }
                    }
                }
                let (seq, i) = (seq.clone(), *index);
                drop(st);
                match vm.getitem(&seq, &Value::Int(i as i64)) {
                    Ok(v) => {
                        if let IterState::Seq { index, .. } = &mut *self.state.borrow_mut() {
                            *index += 1;
                        }
                        Ok(Some(v))
                    }
                    Err(e)
                        if e.matches(vm, &vm.types.exc.index_error)
                            || e.matches(vm, &vm.types.exc.stop_iteration) =>
                    {
                        let old =
                            std::mem::replace(&mut *self.state.borrow_mut(), IterState::Exhausted);
                        drop(old);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            IterState::ListReverse { list, index } => {
                let l = list::list_data(list).expect("list");
                if *index == 0 || *index > l.len() {
                    exhaust(st);
                    return Ok(None);
                }
                *index -= 1;
                Ok(l.get(*index))
            }
            IterState::Str { s, offset } => {
                let data = crate::types::str::str_data(s).expect("str");
                let bytes = data.as_bytes();
                if *offset >= bytes.len() {
                    exhaust(st);
                    return Ok(None);
                }
                let (cp, w) = crate::types::str::decode_at(bytes, *offset);
                *offset += w;
                Ok(Some(vm.new_char(cp)))
            }
            IterState::LongRange { next, step, left } => {
                use num_traits::{One, Zero};
                if left.is_zero() {
                    return Ok(None);
                }
                let v = next.clone();
                *left -= num_bigint::BigInt::one();
                *next += &*step;
                Ok(Some(crate::types::int::big_value(vm, v)))
            }
            IterState::Range { next, step, left } => {
                if *left == 0 {
                    return Ok(None);
                }
                let v = *next;
                *left -= 1;
                *next = next.wrapping_add(*step);
                Ok(Some(Value::Int(v)))
            }
            IterState::Dict {
                dict,
                pos,
                len,
                kind,
                reverse,
            } => {
                let data = dict.payload::<DictData>();
                if data.len() != *len {
                    *len = usize::MAX;
                    return Err(vm.runtime_error("dictionary changed size during iteration"));
                }
                let found = if *reverse {
                    data.entry_before(*pos)
                } else {
                    data.entry_from(*pos)
                };
                match found {
                    Some((p, k, v)) => {
                        *pos = p;
                        Ok(Some(match kind {
                            DictIterKind::Keys => k,
                            DictIterKind::Values => v,
                            DictIterKind::Items => pair(vm, k, v),
                        }))
                    }
                    None => {
                        exhaust(st);
                        Ok(None)
                    }
                }
            }
            IterState::Set { set, pos, len } => {
                let data = set.payload::<SetData>();
                if data.len() != *len {
                    *len = usize::MAX;
                    return Err(vm.runtime_error("Set changed size during iteration"));
                }
                match data.entry_from(*pos) {
                    Some((p, k)) => {
                        *pos = p;
                        Ok(Some(k))
                    }
                    None => {
                        exhaust(st);
                        Ok(None)
                    }
                }
            }
            IterState::Enumerate { it, count } => {
                let (it, c) = (it.clone(), count.clone());
                drop(st);
                let Some(v) = vm.next(&it)? else {
                    return Ok(None);
                };
                let next_count = match &c {
                    Value::Int(i) if *i < i64::MAX => Value::Int(i + 1),
                    _ => vm.binary_op(&c, &Value::Int(1), crate::ops::BinOp::Add)?,
                };
                if let IterState::Enumerate { count, .. } = &mut *self.state.borrow_mut() {
                    *count = next_count;
                }
                Ok(Some(pair(vm, c, v)))
            }
            IterState::Zip { its, strict } => {
                let (its, strict) = (its.clone(), *strict);
                drop(st);
                if its.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(its.len());
                for (i, it) in its.iter().enumerate() {
                    match vm.next(it)? {
                        Some(v) => out.push(v),
                        None => {
                            let old = std::mem::replace(
                                &mut *self.state.borrow_mut(),
                                IterState::Exhausted,
                            );
                            drop(old);
                            if strict {
                                if i > 0 {
                                    let plural = if i == 1 { " " } else { "s 1-" };
                                    return Err(vm.value_error(format!(
                                        "zip() argument {} is shorter than argument{plural}{i}",
                                        i + 1
                                    )));
                                }
                                for (j, other) in its.iter().enumerate().skip(1) {
                                    if vm.next(other)?.is_some() {
                                        let plural = if j == 1 { " " } else { "s 1-" };
                                        return Err(vm.value_error(format!(
                                            "zip() argument {} is longer than argument{plural}{j}",
                                            j + 1
                                        )));
                                    }
                                }
                            }
                            return Ok(None);
                        }
                    }
                }
                Ok(Some(tuple::new_tuple(vm, out)))
            }
            IterState::Map { func, its } => {
                let (func, its) = (func.clone(), its.clone());
                drop(st);
                let mut args = Vec::with_capacity(its.len());
                for it in &its {
                    match vm.next(it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                Ok(Some(vm.call(&func, &args)?))
            }
            IterState::Filter { func, it } => {
                let (func, it) = (func.clone(), it.clone());
                drop(st);
                while let Some(v) = vm.next(&it)? {
                    let keep =
                        if func.is_none() || func.as_obj().is_some_and(|f| f.is(&vm.types.bool_)) {
                            vm.truthy(&v)?
                        } else {
                            let r = vm.call(&func, std::slice::from_ref(&v))?;
                            vm.truthy(&r)?
                        };
                    if keep {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
            IterState::Reversed { seq, index } => {
                if *index == 0 {
                    exhaust(st);
                    return Ok(None);
                }
                let (seq, i) = (seq.clone(), *index - 1);
                drop(st);
                match vm.getitem(&seq, &Value::Int(i as i64)) {
                    Ok(v) => {
                        if let IterState::Reversed { index, .. } = &mut *self.state.borrow_mut() {
                            *index = i;
                        }
                        Ok(Some(v))
                    }
                    Err(e)
                        if e.matches(vm, &vm.types.exc.index_error)
                            || e.matches(vm, &vm.types.exc.stop_iteration) =>
                    {
                        let old =
                            std::mem::replace(&mut *self.state.borrow_mut(), IterState::Exhausted);
                        drop(old);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            IterState::Callable { func, sentinel } => {
                let (func, sentinel) = (func.clone(), sentinel.clone());
                drop(st);
                let v = match vm.call(&func, &[]) {
                    Ok(v) => v,
                    Err(e) if e.matches(vm, &vm.types.exc.stop_iteration) => {
                        let old =
                            std::mem::replace(&mut *self.state.borrow_mut(), IterState::Exhausted);
                        drop(old);
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                if vm.eq(&v, &sentinel)? {
                    let old =
                        std::mem::replace(&mut *self.state.borrow_mut(), IterState::Exhausted);
                    drop(old);
                    return Ok(None);
                }
                Ok(Some(v))
            }
            IterState::View { .. } | IterState::Proxy { .. } | IterState::Wrapper { .. } => Err(vm
                .type_error(format!(
                    "'{}' object is not an iterator",
                    crate::types::typeobj::type_name(&me.ty())
                ))),
            IterState::Exhausted => Ok(None),
        }
    }

    /// `__length_hint__`.
    pub fn length_hint(&self) -> Option<usize> {
        match &*self.state.borrow() {
            IterState::Seq { seq, index } => {
                let n = list::list_data(seq)
                    .map(list::ListData::len)
                    .or_else(|| tuple::tuple_items(seq).map(<[Value]>::len))?;
                Some(n.saturating_sub(*index))
            }
            IterState::ListReverse { index, .. } | IterState::Reversed { index, .. } => {
                Some(*index)
            }
            IterState::Range { left, .. } => Some(*left as usize),
            IterState::Dict { dict, len, .. } => Some(dict.payload::<DictData>().len().min(*len)),
            IterState::Set { set, .. } => Some(set.payload::<SetData>().len()),
            IterState::Str { s, offset } => Some(crate::types::str::str_data(s).map_or(0, |d| {
                d.as_bytes().len().saturating_sub(*offset).min(d.len())
            })),
            IterState::Exhausted => Some(0),
            _ => None,
        }
    }
}

/// Adds the methods of iterators, views and the iterator builtins.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [
        &t.list_iterator,
        &t.list_reverseiterator,
        &t.tuple_iterator,
        &t.range_iterator,
        &t.longrange_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.bytearray_iterator,
        &t.dict_keyiterator,
        &t.dict_valueiterator,
        &t.dict_itemiterator,
        &t.dict_reversekeyiterator,
        &t.dict_reversevalueiterator,
        &t.dict_reverseitemiterator,
        &t.set_iterator,
        &t.enumerate,
        &t.zip,
        &t.map,
        &t.filter,
        &t.reversed,
        &t.callable_iterator,
        &t.seq_iterator,
        &t.template_iter,
    ] {
        add_methods(
            vm,
            ty,
            &[
                ("__iter__", iter_self),
                ("__next__", iter_next),
                ("__length_hint__", iter_length_hint),
            ],
        );
    }
    add_static(vm, &t.enumerate, "__new__", enumerate_new);
    add_static(vm, &t.zip, "__new__", zip_new);
    add_static(vm, &t.map, "__new__", map_new);
    add_static(vm, &t.filter, "__new__", filter_new);
    add_static(vm, &t.reversed, "__new__", reversed_new);
    for ty in [&t.enumerate, &t.zip, &t.map, &t.filter, &t.reversed] {
        crate::types::builtin::add_classmethod(
            vm,
            ty,
            "__class_getitem__",
            crate::types::native::generic_alias_classmethod,
        );
    }
    for ty in [&t.dict_keys, &t.dict_values, &t.dict_items] {
        add_methods(
            vm,
            ty,
            &[
                ("__len__", view_len),
                ("__iter__", view_iter),
                ("__reversed__", view_reversed),
                ("__repr__", view_repr),
            ],
        );
        crate::types::descriptor::add_getsets(vm, ty, &[("mapping", view_mapping, None)]);
    }
    for ty in [&t.dict_keys, &t.dict_items] {
        add_methods(
            vm,
            ty,
            &[
                ("__contains__", view_contains),
                ("__eq__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Eq)),
                ("__ne__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Ne)),
                ("__lt__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Lt)),
                ("__le__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Le)),
                ("__gt__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Gt)),
                ("__ge__", |vm, a| view_compare(vm, a, crate::ops::CmpOp::Ge)),
                ("__and__", |vm, a| view_setop(vm, a, "__and__", false)),
                ("__or__", |vm, a| view_setop(vm, a, "__or__", false)),
                ("__sub__", |vm, a| view_setop(vm, a, "__sub__", false)),
                ("__xor__", |vm, a| view_setop(vm, a, "__xor__", false)),
                ("__rand__", |vm, a| view_setop(vm, a, "__and__", true)),
                ("__ror__", |vm, a| view_setop(vm, a, "__or__", true)),
                ("__rsub__", |vm, a| view_setop(vm, a, "__sub__", true)),
                ("__rxor__", |vm, a| view_setop(vm, a, "__xor__", true)),
                ("isdisjoint", view_isdisjoint),
            ],
        );
    }
    add_static(vm, &t.mappingproxy, "__new__", proxy_new);
    add_methods(
        vm,
        &t.mappingproxy,
        &[
            ("__getitem__", proxy_getitem),
            ("__len__", |vm, a| {
                Ok(Value::Int(vm.len(&proxied(vm, &a.pos[0])?)? as i64))
            }),
            ("__iter__", |vm, a| vm.iter(&proxied(vm, &a.pos[0])?)),
            ("__contains__", |vm, a| {
                Ok(Value::Bool(
                    vm.contains(&proxied(vm, &a.pos[0])?, &a.pos[1])?,
                ))
            }),
            ("__repr__", |vm, a| {
                Ok(vm.new_str(&format!(
                    "mappingproxy({})",
                    vm.repr_string(&proxied(vm, &a.pos[0])?)?
                )))
            }),
            ("__str__", |vm, a| vm.str(&proxied(vm, &a.pos[0])?)),
            ("__eq__", |vm, a| {
                vm.compare(&proxied(vm, &a.pos[0])?, &a.pos[1], crate::ops::CmpOp::Eq)
            }),
            ("__or__", |vm, a| {
                vm.binary_op(&proxied(vm, &a.pos[0])?, &a.pos[1], crate::ops::BinOp::Or)
            }),
            ("keys", |vm, a| {
                vm.call_method(&proxied(vm, &a.pos[0])?, "keys", &[])
            }),
            ("values", |vm, a| {
                vm.call_method(&proxied(vm, &a.pos[0])?, "values", &[])
            }),
            ("items", |vm, a| {
                vm.call_method(&proxied(vm, &a.pos[0])?, "items", &[])
            }),
            ("copy", |vm, a| {
                vm.call_method(&proxied(vm, &a.pos[0])?, "copy", &[])
            }),
            ("get", |vm, a| {
                vm.call_method(&proxied(vm, &a.pos[0])?, "get", &a.pos[1..])
            }),
        ],
    );
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a IteratorData> {
    v.downcast::<IteratorData>()
        .ok_or_else(|| vm.type_error("descriptor requires an iterator"))
}

fn iter_self(_vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(args.pos[0].clone())
}

fn iter_next(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = data(vm, &args.pos[0])?;
    match d.next(vm, args.pos[0].as_obj().expect("object"))? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(None)),
    }
}

fn iter_length_hint(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = data(vm, &args.pos[0])?;
    match d.length_hint() {
        Some(n) => Ok(Value::Int(n as i64)),
        None => Ok(vm.not_implemented()),
    }
}

fn cls_of(vm: &Vm, args: &Args<'_>) -> PyResult<ObjRef> {
    match args.pos.first() {
        Some(Value::Obj(c)) if c.kind() == Kind::Type => Ok(c.clone()),
        _ => Err(vm.type_error("__new__(X): X is not a type object")),
    }
}

fn enumerate_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let b = args
        .shift()
        .bind(vm, "enumerate", &["iterable", "start"], 1, 0, 2)?;
    let it = vm.iter(b[0].as_ref().expect("required"))?;
    let count = match &b[1] {
        Some(s) => vm.index(s).map_err(|_| {
            vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(s)
            ))
        })?,
        None => Value::Int(0),
    };
    Ok(make(vm, &cls, IterState::Enumerate { it, count }))
}

fn zip_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let mut strict = false;
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        if crate::types::str::as_str(k) == Some("strict") {
            strict = vm.truthy(v)?;
        } else {
            return Err(vm.type_error(format!(
                "zip() got an unexpected keyword argument '{}'",
                crate::types::str::as_str(k).unwrap_or("?")
            )));
        }
    }
    let its = args.pos[1..].iter().map(|a| vm.iter(a));
    let its = its.collect::<PyResult<Vec<_>>>()?;
    Ok(make(vm, &cls, IterState::Zip { its, strict }))
}

/// The class a `map`/`filter`/`reversed` constructor makes, refusing
/// keywords for the builtin type itself (subclasses may take them).
fn positional_cls(vm: &Vm, args: &Args<'_>, builtin: &ObjRef, name: &str) -> PyResult<ObjRef> {
    let cls = cls_of(vm, args)?;
    if args.has_kwargs() && cls.is(builtin) {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    Ok(cls)
}

fn map_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = positional_cls(vm, &args, &vm.types.map, "map")?;
    if args.pos.len() < 3 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let its = args.pos[2..]
        .iter()
        .map(|a| vm.iter(a))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(make(
        vm,
        &cls,
        IterState::Map {
            func: args.pos[1].clone(),
            its,
        },
    ))
}

fn filter_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = positional_cls(vm, &args, &vm.types.filter, "filter")?;
    if args.pos.len() != 3 {
        return Err(crate::call::arity_error(
            vm,
            "filter",
            2,
            2,
            args.pos.len() - 1,
        ));
    }
    let it = vm.iter(&args.pos[2])?;
    Ok(make(
        vm,
        &cls,
        IterState::Filter {
            func: args.pos[1].clone(),
            it,
        },
    ))
}

fn reversed_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = positional_cls(vm, &args, &vm.types.reversed, "reversed")?;
    if args.pos.len() != 2 {
        return Err(crate::call::arity_error(
            vm,
            "reversed",
            1,
            1,
            args.pos.len() - 1,
        ));
    }
    let seq = &args.pos[1];
    if let Some(f) = crate::types::typeobj::lookup(vm, &vm.type_of(seq), "__reversed__") {
        if f.is_none() {
            return Err(vm.type_error(format!("'{}' object is not reversible", vm.type_name(seq))));
        }
        return vm.call_with_self(&f, seq, Args::positional(&[]));
    }
    let ty = vm.type_of(seq);
    let has_getitem = crate::types::typeobj::lookup(vm, &ty, "__getitem__").is_some();
    let is_mapping = seq.as_obj().is_some_and(|o| o.kind() == Kind::Dict);
    if !has_getitem || is_mapping || crate::types::typeobj::lookup(vm, &ty, "__len__").is_none() {
        return Err(vm.type_error(format!("'{}' object is not reversible", vm.type_name(seq))));
    }
    let n = vm.len(seq)?;
    Ok(make(
        vm,
        &cls,
        IterState::Reversed {
            seq: seq.clone(),
            index: n,
        },
    ))
}

/// `iter(callable, sentinel)`.
pub fn new_callable_iter(vm: &Vm, func: Value, sentinel: Value) -> Value {
    make(
        vm,
        &vm.types.callable_iterator,
        IterState::Callable { func, sentinel },
    )
}

fn view(vm: &Vm, v: &Value) -> PyResult<(ObjRef, DictIterKind)> {
    let d = data(vm, v)?;
    match &*d.state.borrow() {
        IterState::View { dict, kind } => Ok((dict.clone(), *kind)),
        _ => Err(vm.type_error("expected a dict view")),
    }
}

fn view_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (d, _) = view(vm, &args.pos[0])?;
    Ok(Value::Int(dict::data(&d).len() as i64))
}

fn view_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (d, kind) = view(vm, &args.pos[0])?;
    Ok(new_dict_iter(vm, &d, kind, false))
}

fn view_reversed(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (d, kind) = view(vm, &args.pos[0])?;
    Ok(new_dict_iter(vm, &d, kind, true))
}

fn view_mapping(vm: &Vm, v: &Value) -> PyResult<Value> {
    let (d, _) = view(vm, v)?;
    Ok(new_mappingproxy(vm, Value::Obj(d)))
}

fn view_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (d, kind) = view(vm, &args.pos[0])?;
    let name = vm.type_name(&args.pos[0]);
    let Some(_guard) = vm.repr_enter(args.pos[0].as_obj().expect("object")) else {
        return Ok(vm.new_str("..."));
    };
    let items: Vec<Value> = dict::items(&d)
        .into_iter()
        .map(|(k, v)| match kind {
            DictIterKind::Keys => k,
            DictIterKind::Values => v,
            DictIterKind::Items => pair(vm, k, v),
        })
        .collect();
    let inner = tuple::seq_repr(vm, &items, "[", "]")?;
    Ok(vm.new_str(&format!("{name}({inner})")))
}

fn view_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (d, kind) = view(vm, &args.pos[0])?;
    let x = &args.pos[1];
    let data = dict::data(&d);
    Ok(Value::Bool(match kind {
        DictIterKind::Keys => data.get(vm, x)?.is_some(),
        DictIterKind::Items => match tuple::tuple_items(x) {
            Some([k, v]) => match data.get(vm, k)? {
                Some(found) => found.is(v) || vm.eq(&found, v)?,
                None => false,
            },
            _ => false,
        },
        DictIterKind::Values => false,
    }))
}

fn view_as_set(vm: &Vm, v: &Value) -> PyResult<Value> {
    crate::types::set::new_set(vm, vm.iterate(v)?)
}

fn view_compare(vm: &Vm, args: Args<'_>, op: crate::ops::CmpOp) -> PyResult<Value> {
    let other = &args.pos[1];
    let other_ok = crate::types::set::is_anyset(other)
        || other.downcast::<IteratorData>().is_some_and(|d| matches!(&*d.state.borrow(), IterState::View { kind, .. } if *kind != DictIterKind::Values));
    if !other_ok {
        return Ok(vm.not_implemented());
    }
    let a = view_as_set(vm, &args.pos[0])?;
    let b = if crate::types::set::is_anyset(other) {
        other.clone()
    } else {
        view_as_set(vm, other)?
    };
    vm.compare(&a, &b, op)
}

fn view_setop(vm: &Vm, args: Args<'_>, op: &str, reflected: bool) -> PyResult<Value> {
    let (me, other) = (&args.pos[0], &args.pos[1]);
    if vm.iter(other).is_err() {
        return Ok(vm.not_implemented());
    }
    let (a, b) = if reflected {
        (view_as_set(vm, other)?, me.clone())
    } else {
        (view_as_set(vm, me)?, other.clone())
    };
    let b = view_as_set(vm, &b)?;
    vm.call_method(&a, op, &[b])
}

fn view_isdisjoint(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, other] = args.check(vm, "isdisjoint", 2, 2)? else {
        unreachable!()
    };
    for x in vm.iterate(other)? {
        if vm.contains(me, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn proxied(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = data(vm, v)?;
    match &*d.state.borrow() {
        IterState::Proxy { mapping } => Ok(mapping.clone()),
        _ => Err(vm.type_error("expected a mappingproxy")),
    }
}

fn proxy_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args
        .shift()
        .bind(vm, "mappingproxy", &["mapping"], 1, 0, 1)?;
    let m = b[0].clone().expect("required");
    let is_mapping = crate::types::typeobj::lookup(vm, &vm.type_of(&m), "__getitem__").is_some()
        && !m
            .as_obj()
            .is_some_and(|o| matches!(o.kind(), Kind::List | Kind::Tuple));
    if !is_mapping {
        return Err(vm.type_error(format!(
            "mappingproxy() argument must be a mapping, not {}",
            vm.type_name(&m)
        )));
    }
    Ok(new_mappingproxy(vm, m))
}

fn proxy_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = proxied(vm, &args.pos[0])?;
    vm.getitem(&m, &args.pos[1])
}
