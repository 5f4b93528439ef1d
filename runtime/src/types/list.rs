//! `list`: a growable vector of values. Items are cloned out before any
//! Python code runs (comparisons, `__eq__`, key functions), so a list can
//! be mutated by that code without invalidating a borrow.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::CmpOp;
use crate::types::builtin::{add_classmethod, add_methods, add_static, set_attr};
use crate::types::slice::{SliceData, normalize_index, seq_index};
use crate::types::tuple::{repeat, seq_compare, seq_find, seq_repr};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, Ref, RefCell, RefMut};

/// The payload of a list.
#[derive(Default)]
pub struct ListData {
    items: RefCell<Vec<Value>>,
    /// Set while `sort` runs (mutation is an error then).
    sorting: Cell<bool>,
}

impl ListData {
    /// A list holding `items`.
    pub fn new(items: Vec<Value>) -> ListData {
        ListData {
            items: RefCell::new(items),
            sorting: Cell::new(false),
        }
    }

    /// The number of items.
    #[inline]
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the items.
    pub fn to_vec(&self) -> Vec<Value> {
        self.items.borrow().clone()
    }

    /// The item at `i`, if in range.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        self.items.borrow().get(i).cloned()
    }

    /// Appends an item.
    #[inline]
    pub fn push(&self, v: Value) {
        self.items.borrow_mut().push(v);
    }

    /// Borrows the items (no Python code may run meanwhile).
    pub fn borrow(&self) -> Ref<'_, Vec<Value>> {
        self.items.borrow()
    }

    /// Borrows the items mutably (no Python code may run meanwhile).
    pub fn borrow_mut(&self) -> RefMut<'_, Vec<Value>> {
        self.items.borrow_mut()
    }

    /// Replaces all items, dropping the old ones after the borrow ends.
    pub fn set_items(&self, items: Vec<Value>) {
        let old = std::mem::replace(&mut *self.items.borrow_mut(), items);
        drop(old);
    }
}

impl Drop for ListData {
    fn drop(&mut self) {
        // Items go last to first, as CPython's list_dealloc releases them.
        let items = self.items.get_mut();
        while let Some(v) = items.pop() {
            drop(v);
        }
    }
}

/// A new list value.
pub fn new_list(vm: &Vm, items: Vec<Value>) -> Value {
    Value::Obj(ObjRef::new(&vm.types.list, ListData::new(items)))
}

/// The list payload of a value.
pub fn list_data(v: &Value) -> Option<&ListData> {
    v.downcast::<ListData>()
}

/// `l[i]` for an int index.
pub fn getitem_int(vm: &Vm, l: &ObjRef, i: i64) -> PyResult<Value> {
    let d = l.payload::<ListData>();
    let items = d.items.borrow();
    match normalize_index(i, items.len()) {
        Some(j) => Ok(items[j].clone()),
        None => Err(vm.index_error("list index out of range")),
    }
}

/// `l[i] = v` for an int index.
pub fn setitem_int(vm: &Vm, l: &ObjRef, i: i64, v: Value) -> PyResult<()> {
    let d = l.payload::<ListData>();
    let old = {
        let mut items = d.items.borrow_mut();
        match normalize_index(i, items.len()) {
            Some(j) => std::mem::replace(&mut items[j], v),
            None => return Err(vm.index_error("list assignment index out of range")),
        }
    };
    drop(old);
    Ok(())
}

/// A stable merge sort whose comparison may fail (the first error stops
/// the sort). Only `<` is used, as in CPython.
pub fn merge_sort<T: Clone>(
    v: &mut [T],
    lt: &mut dyn FnMut(&T, &T) -> PyResult<bool>,
) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    // Binary insertion sort for short runs, then bottom-up merges.
    const RUN: usize = 32;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = v[i].clone();
            let (mut lo, mut hi) = (start, i);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if lt(&x, &v[mid])? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            v[lo..=i].rotate_right(1);
        }
        start = end;
    }
    let mut width = RUN;
    let mut buf: Vec<T> = Vec::with_capacity(n);
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            if mid < hi && lt(&v[mid], &v[mid - 1])? {
                buf.clear();
                let (mut i, mut j) = (lo, mid);
                while i < mid && j < hi {
                    if lt(&v[j], &v[i])? {
                        buf.push(v[j].clone());
                        j += 1;
                    } else {
                        buf.push(v[i].clone());
                        i += 1;
                    }
                }
                buf.extend_from_slice(&v[i..mid]);
                buf.extend_from_slice(&v[j..hi]);
                v[lo..hi].clone_from_slice(&buf);
            }
            lo = hi;
        }
        width *= 2;
    }
    Ok(())
}

/// `list.sort(key=None, reverse=False)` on a list object.
pub fn sort_list(vm: &Vm, l: &ObjRef, key: Option<&Value>, reverse: bool) -> PyResult<()> {
    let d = l.payload::<ListData>();
    let mut items = std::mem::take(&mut *d.items.borrow_mut());
    d.sorting.set(true);
    let result = (|| -> PyResult<Vec<Value>> {
        let keys: Vec<Value> = match key {
            Some(k) if !k.is_none() => items
                .iter()
                .map(|v| vm.call(k, std::slice::from_ref(v)))
                .collect::<PyResult<_>>()?,
            _ => Vec::new(),
        };
        let keyed = !keys.is_empty() || items.is_empty();
        let mut pairs: Vec<(Value, usize)> = if keyed {
            keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect()
        } else {
            items
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, v)| (v, i))
                .collect()
        };
        if reverse {
            pairs.reverse();
        }
        merge_sort(&mut pairs, &mut |a, b| vm.lt(&a.0, &b.0))?;
        if reverse {
            pairs.reverse();
        }
        Ok(pairs.into_iter().map(|(_, i)| items[i].clone()).collect())
    })();
    d.sorting.set(false);
    let modified = !d.items.borrow().is_empty();
    match result {
        Ok(sorted) => {
            let junk = std::mem::replace(&mut *d.items.borrow_mut(), sorted);
            drop(junk);
            if modified {
                return Err(vm.value_error("list modified during sort"));
            }
            Ok(())
        }
        Err(e) => {
            let junk = std::mem::replace(&mut *d.items.borrow_mut(), std::mem::take(&mut items));
            drop(junk);
            Err(e)
        }
    }
}

/// Adds the methods of `list`.
pub fn init(vm: &Vm) {
    let t = &vm.types.list;
    add_methods(
        vm,
        t,
        &[
            ("__init__", list_init),
            ("__len__", list_len),
            ("__getitem__", list_getitem),
            ("__setitem__", list_setitem),
            ("__delitem__", list_delitem),
            ("__contains__", list_contains),
            ("__iter__", list_iter),
            ("__reversed__", list_reversed),
            ("__add__", list_add),
            ("__iadd__", list_iadd),
            ("__mul__", list_mul),
            ("__rmul__", list_mul),
            ("__imul__", list_imul),
            ("__repr__", list_repr),
            ("__sizeof__", list_sizeof),
            ("__eq__", |vm, a| list_cmp(vm, a, CmpOp::Eq)),
            ("__ne__", |vm, a| list_cmp(vm, a, CmpOp::Ne)),
            ("__lt__", |vm, a| list_cmp(vm, a, CmpOp::Lt)),
            ("__le__", |vm, a| list_cmp(vm, a, CmpOp::Le)),
            ("__gt__", |vm, a| list_cmp(vm, a, CmpOp::Gt)),
            ("__ge__", |vm, a| list_cmp(vm, a, CmpOp::Ge)),
            ("append", list_append),
            ("extend", list_extend),
            ("insert", list_insert),
            ("pop", list_pop),
            ("remove", list_remove),
            ("index", list_index),
            ("count", list_count),
            ("clear", list_clear),
            ("copy", list_copy),
            ("reverse", list_reverse),
            ("sort", list_sort),
        ],
    );
    add_static(vm, t, "__new__", list_new);
    add_classmethod(
        vm,
        t,
        "__class_getitem__",
        crate::types::native::generic_alias_classmethod,
    );
    set_attr(vm, t, "__hash__", Value::None);
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ListData> {
    list_data(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            vm.type_name(v)
        ))
    })
}

fn list_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("list.__new__(X): X is not a type object"))?;
    Ok(Value::Obj(ObjRef::new(&cls, ListData::default())))
}

fn list_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let l = this(vm, &args.pos[0])?;
    if args.has_kwargs() {
        return Err(vm.type_error("list() takes no keyword arguments"));
    }
    let rest = &args.pos[1..];
    if rest.len() > 1 {
        return Err(vm.type_error(format!(
            "list expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    let items = match rest.first() {
        Some(x) => vm.iterate(x)?,
        None => Vec::new(),
    };
    l.set_items(items);
    Ok(Value::None)
}

fn list_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.pos[0])?.len() as i64))
}

fn list_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let d = this(vm, l)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let items = d.to_vec();
        let ix = s.indices(vm, items.len())?;
        return Ok(new_list(
            vm,
            ix.indices().map(|i| items[i].clone()).collect(),
        ));
    }
    let i = seq_index(vm, key, d.len(), "list")?;
    d.get(i)
        .ok_or_else(|| vm.index_error("list index out of range"))
}

fn list_setitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, key, value] = args.check(vm, "__setitem__", 3, 3)? else {
        unreachable!()
    };
    let d = this(vm, l)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let new_items = if value
            .as_obj()
            .is_some_and(|o| l.as_obj().is_some_and(|lo| lo.is(o)))
        {
            d.to_vec()
        } else {
            vm.iterate(value).map_err(|e| {
                if e.matches(vm, &vm.types.exc.type_error)
                    && vm.call_special_lookup(value, "__iter__").is_none()
                {
                    vm.type_error("must assign iterable to extended slice")
                } else {
                    e
                }
            })?
        };
        let len = d.len();
        let ix = s.indices(vm, len)?;
        if ix.step == 1 {
            let start = ix.start.max(0) as usize;
            let stop = (ix.stop.max(ix.start)).max(0) as usize;
            let removed: Vec<Value> = d
                .borrow_mut()
                .splice(start..stop.min(len), new_items)
                .collect();
            drop(removed);
            return Ok(Value::None);
        }
        if new_items.len() != ix.len {
            return Err(vm.value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new_items.len(),
                ix.len
            )));
        }
        let mut old = Vec::with_capacity(ix.len);
        {
            let mut items = d.borrow_mut();
            for (i, v) in ix.indices().zip(new_items) {
                old.push(std::mem::replace(&mut items[i], v));
            }
        }
        drop(old);
        return Ok(Value::None);
    }
    let i = vm.index_isize(key).map_err(|e| {
        if e.matches(vm, &vm.types.exc.type_error) {
            vm.type_error(format!(
                "list indices must be integers or slices, not {}",
                vm.type_name(key)
            ))
        } else {
            e
        }
    })?;
    let o = l.as_obj().expect("a list");
    setitem_int(vm, o, i, value.clone())?;
    Ok(Value::None)
}

fn list_delitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, key] = args.check(vm, "__delitem__", 2, 2)? else {
        unreachable!()
    };
    let d = this(vm, l)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let ix = s.indices(vm, d.len())?;
        let mut doomed: Vec<usize> = ix.indices().collect();
        doomed.sort_unstable();
        let removed: Vec<Value> = {
            let mut items = d.borrow_mut();
            let mut keep = Vec::with_capacity(items.len() - doomed.len());
            let mut gone = Vec::with_capacity(doomed.len());
            let mut k = 0;
            for (i, v) in std::mem::take(&mut *items).into_iter().enumerate() {
                if k < doomed.len() && doomed[k] == i {
                    gone.push(v);
                    k += 1;
                } else {
                    keep.push(v);
                }
            }
            *items = keep;
            gone
        };
        drop(removed);
        return Ok(Value::None);
    }
    let len = d.len();
    let i = vm.index_isize(key).map_err(|e| {
        if e.matches(vm, &vm.types.exc.type_error) {
            vm.type_error(format!(
                "list indices must be integers or slices, not {}",
                vm.type_name(key)
            ))
        } else {
            e
        }
    })?;
    let Some(j) = normalize_index(i, len) else {
        return Err(vm.index_error("list assignment index out of range"));
    };
    let removed = d.borrow_mut().remove(j);
    drop(removed);
    Ok(Value::None)
}

fn list_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(vm, &args.pos[0])?;
    let x = &args.pos[1];
    let mut i = 0;
    while let Some(v) = d.get(i) {
        if v.is(x) || vm.eq(&v, x)? {
            return Ok(Value::Bool(true));
        }
        i += 1;
    }
    Ok(Value::Bool(false))
}

fn list_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_seq_iter(
        vm,
        &vm.types.list_iterator,
        args.pos[0].clone(),
    ))
}

fn list_reversed(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_list_reverse_iter(
        vm,
        args.pos[0].clone(),
    ))
}

fn list_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let Some(b) = list_data(&args.pos[1]) else {
        return Ok(vm.not_implemented());
    };
    let mut v = a.to_vec();
    v.extend(b.to_vec());
    Ok(new_list(vm, v))
}

fn list_iadd(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let extra = vm.iterate(&args.pos[1])?;
    a.borrow_mut().extend(extra);
    Ok(args.pos[0].clone())
}

fn list_mul(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    match repeat(vm, &a.to_vec(), &args.pos[1])? {
        Some(v) => Ok(new_list(vm, v)),
        None => Ok(vm.not_implemented()),
    }
}

fn list_imul(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    match repeat(vm, &a.to_vec(), &args.pos[1])? {
        Some(v) => {
            a.set_items(v);
            Ok(args.pos[0].clone())
        }
        None => Ok(vm.not_implemented()),
    }
}

fn list_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(vm, &args.pos[0])?;
    if d.is_empty() {
        return Ok(vm.new_str("[]"));
    }
    let Some(_guard) = args.pos[0].as_obj().and_then(|o| vm.repr_enter(o)) else {
        return Ok(vm.new_str("[...]"));
    };
    Ok(vm.new_str(&seq_repr(vm, &d.to_vec(), "[", "]")?))
}

fn list_sizeof(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(vm, &args.pos[0])?;
    Ok(Value::Int(40 + 8 * d.borrow().capacity() as i64))
}

fn list_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let Some(b) = list_data(&args.pos[1]) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(seq_compare(vm, &a.to_vec(), &b.to_vec(), op)?))
}

fn list_append(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, x] = args.check(vm, "append", 2, 2).map_err(|_| {
        vm.type_error(format!(
            "list.append() takes exactly one argument ({} given)",
            args.pos.len().saturating_sub(1)
        ))
    })?
    else {
        unreachable!()
    };
    this(vm, l)?.push(x.clone());
    Ok(Value::None)
}

fn list_extend(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, x] = args.check(vm, "extend", 2, 2)? else {
        unreachable!()
    };
    let d = this(vm, l)?;
    let extra = vm.iterate(x)?;
    d.borrow_mut().extend(extra);
    Ok(Value::None)
}

fn list_insert(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let all = args.check(vm, "insert", 3, 3).map_err(|_| {
        vm.type_error(format!(
            "insert expected 2 arguments, got {}",
            args.pos.len().saturating_sub(1)
        ))
    })?;
    let d = this(vm, &all[0])?;
    let i = vm.index_isize(&all[1])?;
    let mut items = d.borrow_mut();
    let len = items.len() as i64;
    let pos = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    items.insert(pos, all[2].clone());
    Ok(Value::None)
}

fn list_pop(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let all = args.check(vm, "pop", 1, 2)?;
    let d = this(vm, &all[0])?;
    let len = d.len();
    if len == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match all.get(1) {
        Some(v) => vm.index_isize(v)?,
        None => -1,
    };
    let Some(j) = normalize_index(i, len) else {
        return Err(vm.index_error("pop index out of range"));
    };
    Ok(d.borrow_mut().remove(j))
}

fn list_remove(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, x] = args.check(vm, "remove", 2, 2)? else {
        unreachable!()
    };
    let d = this(vm, l)?;
    let mut i = 0;
    while let Some(v) = d.get(i) {
        if v.is(x) || vm.eq(&v, x)? {
            let mut items = d.borrow_mut();
            if i < items.len() {
                let removed = items.remove(i);
                drop(items);
                drop(removed);
            }
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(vm.value_error("list.remove(x): x not in list"))
}

fn list_index(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let all = args.check(vm, "index", 2, 4)?;
    let d = this(vm, &all[0])?;
    Ok(Value::Int(
        seq_find(vm, &d.to_vec(), &all[1..], "list")? as i64
    ))
}

fn list_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [l, x] = args.check(vm, "count", 2, 2)? else {
        unreachable!()
    };
    let mut n = 0;
    for v in this(vm, l)?.to_vec() {
        if v.is(x) || vm.eq(&v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn list_clear(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?.set_items(Vec::new());
    Ok(Value::None)
}

fn list_copy(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_list(vm, this(vm, &args.pos[0])?.to_vec()))
}

fn list_reverse(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?.borrow_mut().reverse();
    Ok(Value::None)
}

fn list_sort(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.pos.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let l = args.pos[0]
        .as_obj()
        .filter(|o| o.kind() == Kind::List)
        .ok_or_else(|| vm.type_error("descriptor 'sort' requires a 'list' object"))?;
    let bound = args
        .shift()
        .bind(vm, "sort", &["key", "reverse"], 0, 0, 0)?;
    let reverse = match &bound[1] {
        Some(r) => vm.truthy(r)?,
        None => false,
    };
    sort_list(vm, l, bound[0].as_ref(), reverse)?;
    Ok(Value::None)
}
