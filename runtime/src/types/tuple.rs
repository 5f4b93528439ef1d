//! `tuple`, and the sequence algorithms `tuple` and `list` share
//! (lexicographic comparison, repetition, `repr` of items).

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::CmpOp;
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::types::slice::{SliceData, seq_index};
use crate::value::Value;
use crate::vm::Vm;

/// The payload of a tuple.
pub struct TupleData {
    /// The items.
    pub items: Box<[Value]>,
}

impl Drop for TupleData {
    fn drop(&mut self) {
        // Items go last to first, as CPython's tupledealloc releases them.
        let items = std::mem::take(&mut self.items).into_vec();
        let mut items = items;
        while let Some(v) = items.pop() {
            drop(v);
        }
    }
}

/// A new tuple value.
pub fn new_tuple(vm: &Vm, items: Vec<Value>) -> Value {
    Value::Obj(new_tuple_obj(vm, items))
}

/// A new tuple object.
pub fn new_tuple_obj(vm: &Vm, items: Vec<Value>) -> ObjRef {
    ObjRef::new(
        &vm.types.tuple,
        TupleData {
            items: items.into_boxed_slice(),
        },
    )
}

/// The items of a tuple value (or subclass instance).
pub fn tuple_items(v: &Value) -> Option<&[Value]> {
    v.downcast::<TupleData>().map(|t| &*t.items)
}

/// `t[i]` for an int index.
pub fn getitem_int(vm: &Vm, t: &ObjRef, i: i64) -> PyResult<Value> {
    let items = &t.payload::<TupleData>().items;
    match crate::types::slice::normalize_index(i, items.len()) {
        Some(j) => Ok(items[j].clone()),
        None => Err(vm.index_error("tuple index out of range")),
    }
}

/// Lexicographic comparison of two sequences, as tuples and lists do it.
pub fn seq_compare(vm: &Vm, a: &[Value], b: &[Value], op: CmpOp) -> PyResult<bool> {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && a.len() != b.len() {
        return Ok(op == CmpOp::Ne);
    }
    for (x, y) in a.iter().zip(b) {
        if !(x.is(y) || vm.eq(x, y)?) {
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => {
                    let r = vm.compare(x, y, op)?;
                    vm.truthy(&r)
                }
            };
        }
    }
    Ok(op.test(a.len().cmp(&b.len())))
}

/// `repr` of sequence items between `open` and `close`.
pub fn seq_repr(vm: &Vm, items: &[Value], open: &str, close: &str) -> PyResult<String> {
    let mut out = String::from(open);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&vm.repr_string(v)?);
    }
    out.push_str(close);
    Ok(out)
}

/// `items * n` (n from an `__index__`-able value).
pub fn repeat(vm: &Vm, items: &[Value], n: &Value) -> PyResult<Option<Vec<Value>>> {
    if crate::types::int::int_val(n).is_none() && vm.call_special_lookup(n, "__index__").is_none() {
        return Ok(None);
    }
    let n = vm.index_isize(n).map_err(|e| {
        if e.matches(vm, &vm.types.exc.index_error) {
            vm.overflow_error("cannot fit 'int' into an index-sized integer")
        } else {
            e
        }
    })?;
    if n <= 0 || items.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let total = (items.len() as u128) * (n as u128);
    if total > (isize::MAX as u128) / 16 {
        return Err(crate::error::PyErr(vm.new_memory_error()));
    }
    let mut out = Vec::with_capacity(total as usize);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(Some(out))
}

/// `seq.index(x[, start[, stop]])` over items.
pub fn seq_find(vm: &Vm, items: &[Value], args: &[Value], what: &str) -> PyResult<usize> {
    let len = items.len();
    let clamp = |v: Option<&Value>, default: usize| -> PyResult<usize> {
        match v {
            None => Ok(default),
            Some(v) => {
                let i = vm.index_isize(v)?;
                Ok(if i < 0 {
                    (i + len as i64).max(0) as usize
                } else {
                    (i as usize).min(len)
                })
            }
        }
    };
    let start = clamp(args.get(1), 0)?;
    let stop = clamp(args.get(2), len)?;
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if v.is(&args[0]) || vm.eq(v, &args[0])? {
            return Ok(i);
        }
    }
    Err(vm.value_error(format!("{what}.index(x): x not in {what}")))
}

/// Adds the methods of `tuple`.
pub fn init(vm: &Vm) {
    let t = &vm.types.tuple;
    add_methods(
        vm,
        t,
        &[
            ("__len__", tuple_len),
            ("__getitem__", tuple_getitem),
            ("__contains__", tuple_contains),
            ("__iter__", tuple_iter),
            ("__add__", tuple_add),
            ("__mul__", tuple_mul),
            ("__rmul__", tuple_mul),
            ("__hash__", tuple_hash),
            ("__repr__", tuple_repr),
            ("__getnewargs__", tuple_getnewargs),
            ("count", tuple_count),
            ("index", tuple_index),
            ("__eq__", |vm, a| tuple_cmp(vm, a, CmpOp::Eq)),
            ("__ne__", |vm, a| tuple_cmp(vm, a, CmpOp::Ne)),
            ("__lt__", |vm, a| tuple_cmp(vm, a, CmpOp::Lt)),
            ("__le__", |vm, a| tuple_cmp(vm, a, CmpOp::Le)),
            ("__gt__", |vm, a| tuple_cmp(vm, a, CmpOp::Gt)),
            ("__ge__", |vm, a| tuple_cmp(vm, a, CmpOp::Ge)),
        ],
    );
    add_static(vm, t, "__new__", tuple_new);
    add_classmethod(
        vm,
        t,
        "__class_getitem__",
        crate::types::native::generic_alias_classmethod,
    );
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a [Value]> {
    tuple_items(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 'tuple' object but received a '{}'",
            vm.type_name(v)
        ))
    })
}

fn tuple_len(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.pos[0])?.len() as i64))
}

fn tuple_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [t, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let items = this(vm, t)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let ix = s.indices(vm, items.len())?;
        if ix.step == 1
            && ix.len == items.len()
            && t.as_obj().is_some_and(|o| o.ty_is(&vm.types.tuple))
        {
            return Ok(t.clone());
        }
        return Ok(new_tuple(
            vm,
            ix.indices().map(|i| items[i].clone()).collect(),
        ));
    }
    let i = seq_index(vm, key, items.len(), "tuple")?;
    Ok(items[i].clone())
}

fn tuple_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let items = this(vm, &args.pos[0])?;
    let x = &args.pos[1];
    for v in items {
        if v.is(x) || vm.eq(v, x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn tuple_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    this(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_seq_iter(
        vm,
        &vm.types.tuple_iterator,
        args.pos[0].clone(),
    ))
}

fn tuple_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let Some(b) = tuple_items(&args.pos[1]) else {
        return Ok(vm.not_implemented());
    };
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    Ok(new_tuple(vm, v))
}

fn tuple_mul(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    match repeat(vm, a, &args.pos[1])? {
        Some(v) => Ok(new_tuple(vm, v)),
        None => Ok(vm.not_implemented()),
    }
}

fn tuple_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let items = this(vm, &args.pos[0])?;
    let hashes = items
        .iter()
        .map(|v| vm.hash(v))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Value::Int(crate::hash::hash_tuple(hashes.into_iter())))
}

fn tuple_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let items = this(vm, &args.pos[0])?;
    if items.is_empty() {
        return Ok(vm.new_str("()"));
    }
    let Some(_guard) = args.pos[0].as_obj().and_then(|o| vm.repr_enter(o)) else {
        return Ok(vm.new_str("(...)"));
    };
    let close = if items.len() == 1 { ",)" } else { ")" };
    Ok(vm.new_str(&seq_repr(vm, items, "(", close)?))
}

fn tuple_getnewargs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let items = this(vm, &args.pos[0])?;
    let copy = new_tuple(vm, items.to_vec());
    Ok(new_tuple(vm, vec![copy]))
}

fn tuple_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [t, x] = args.check(vm, "count", 2, 2)? else {
        unreachable!()
    };
    let mut n = 0;
    for v in this(vm, t)? {
        if v.is(x) || vm.eq(v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn tuple_index(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let all = args.check(vm, "index", 2, 4)?;
    let items = this(vm, &all[0])?;
    Ok(Value::Int(seq_find(vm, items, &all[1..], "tuple")? as i64))
}

fn tuple_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let a = this(vm, &args.pos[0])?;
    let Some(b) = tuple_items(&args.pos[1]) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(seq_compare(vm, a, b, op)?))
}

fn tuple_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("tuple.__new__(X): X is not a type object"))?;
    let rest = args.shift();
    if rest.has_kwargs() && cls.is(&vm.types.tuple) {
        return Err(vm.type_error("tuple() takes no keyword arguments"));
    }
    let items = match rest.pos {
        [] => Vec::new(),
        [x] => {
            if cls.is(&vm.types.tuple)
                && let Value::Obj(o) = x
                && o.kind() == Kind::Tuple
                && o.ty_is(&vm.types.tuple)
            {
                return Ok(x.clone());
            }
            vm.iterate(x)?
        }
        _ => {
            return Err(vm.type_error(format!(
                "tuple expected at most 1 argument, got {}",
                rest.pos.len()
            )));
        }
    };
    if cls.is(&vm.types.tuple) {
        return Ok(new_tuple(vm, items));
    }
    Ok(Value::Obj(ObjRef::new(
        &cls,
        TupleData {
            items: items.into_boxed_slice(),
        },
    )))
}
