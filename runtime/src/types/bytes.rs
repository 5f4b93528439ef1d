//! `bytes` and `bytearray`. The read-only methods are written once over a
//! byte slice and shared by both types (results take the receiver's type);
//! `bytearray` adds the mutating ones.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::CmpOp;
use crate::types::builtin::{add_classmethod, add_methods, add_static};
use crate::types::slice::SliceData;
use crate::types::strmethods::split_on;
use crate::types::{list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

/// The payload of `bytes`.
pub struct BytesData {
    /// The bytes.
    pub data: Box<[u8]>,
    hash: Cell<i64>,
}

impl BytesData {
    /// A payload holding `data`.
    pub fn new(data: Vec<u8>) -> BytesData {
        BytesData {
            data: data.into_boxed_slice(),
            hash: Cell::new(-1),
        }
    }

    /// The (cached) hash.
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = crate::hash::hash_bytes(&self.data);
        self.hash.set(h);
        h
    }
}

/// The payload of `bytearray`.
#[derive(Default)]
pub struct ByteArrayData {
    /// The bytes.
    pub data: RefCell<Vec<u8>>,
}

/// A new `bytes` value.
pub fn new_bytes(vm: &Vm, data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(&vm.types.bytes, BytesData::new(data)))
}

/// A new `bytearray` value.
pub fn new_bytearray(vm: &Vm, data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.bytearray,
        ByteArrayData {
            data: RefCell::new(data),
        },
    ))
}

/// The bytes of a bytes-like object (`bytes`, `bytearray`, `memoryview`).
pub fn bytes_like(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.to_vec());
    }
    if let Some(b) = v.downcast::<ByteArrayData>() {
        return Ok(b.data.borrow().clone());
    }
    if let Some(b) = crate::types::memoryview::memoryview_bytes(v) {
        return Ok(b);
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name(v)
    )))
}

/// Runs `f` on the bytes of a `bytes` or `bytearray` without copying them
/// (`None` for other objects). `f` must not run Python code: a bytearray
/// stays borrowed while it runs.
fn with_own_bytes<R>(v: &Value, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Some(f(&b.data));
    }
    v.downcast::<ByteArrayData>().map(|b| f(&b.data.borrow()))
}

fn is_bytearray(v: &Value) -> bool {
    v.downcast::<ByteArrayData>().is_some()
}

/// A result of the receiver's kind.
fn same_kind(vm: &Vm, me: &Value, data: Vec<u8>) -> Value {
    if is_bytearray(me) {
        new_bytearray(vm, data)
    } else {
        new_bytes(vm, data)
    }
}

fn me(vm: &Vm, args: &Args<'_>) -> PyResult<Vec<u8>> {
    bytes_like(vm, &args.pos[0])
}

/// `repr()` of bytes content.
pub fn repr_content(data: &[u8]) -> String {
    pyrite_compiler::text::repr_bytes(data)
}

/// `repr()` of bytearray content: like bytes, but a single quote is
/// escaped even inside double quotes (CPython's bytearray_repr).
fn repr_bytearray_content(data: &[u8]) -> String {
    let r = repr_content(data);
    match r.strip_prefix("b\"").and_then(|x| x.strip_suffix('"')) {
        Some(inner) => format!("b\"{}\"", inner.replace('\'', "\\'")),
        None => r,
    }
}

/// Adds the methods of `bytes` and `bytearray`.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [&t.bytes, &t.bytearray] {
        add_methods(
            vm,
            ty,
            &[
                ("__len__", |vm, a| Ok(Value::Int(me(vm, &a)?.len() as i64))),
                ("__getitem__", bytes_getitem),
                ("__iter__", |vm, a| {
                    let d = me(vm, &a)?;
                    let items: Vec<Value> =
                        d.into_iter().map(|b| Value::Int(i64::from(b))).collect();
                    vm.iter(&tuple::new_tuple(vm, items))
                }),
                ("__contains__", bytes_contains),
                ("__add__", bytes_add),
                ("__mul__", bytes_mul),
                ("__rmul__", bytes_mul),
                ("__mod__", bytes_mod),
                ("__eq__", |vm, a| bytes_cmp(vm, a, CmpOp::Eq)),
                ("__ne__", |vm, a| bytes_cmp(vm, a, CmpOp::Ne)),
                ("__lt__", |vm, a| bytes_cmp(vm, a, CmpOp::Lt)),
                ("__le__", |vm, a| bytes_cmp(vm, a, CmpOp::Le)),
                ("__gt__", |vm, a| bytes_cmp(vm, a, CmpOp::Gt)),
                ("__ge__", |vm, a| bytes_cmp(vm, a, CmpOp::Ge)),
                ("decode", bytes_decode),
                ("hex", bytes_hex),
                ("join", bytes_join),
                ("split", |vm, a| bytes_split(vm, a, false)),
                ("rsplit", |vm, a| bytes_split(vm, a, true)),
                ("strip", |vm, a| bytes_strip(vm, a, true, true)),
                ("lstrip", |vm, a| bytes_strip(vm, a, true, false)),
                ("rstrip", |vm, a| bytes_strip(vm, a, false, true)),
                ("startswith", |vm, a| bytes_affix(vm, a, false)),
                ("endswith", |vm, a| bytes_affix(vm, a, true)),
                ("find", |vm, a| bytes_find(vm, a, false, false)),
                ("rfind", |vm, a| bytes_find(vm, a, true, false)),
                ("index", |vm, a| bytes_find(vm, a, false, true)),
                ("rindex", |vm, a| bytes_find(vm, a, true, true)),
                ("count", bytes_count),
                ("replace", bytes_replace),
                ("upper", |vm, a| {
                    Ok(same_kind(vm, &a.pos[0], me(vm, &a)?.to_ascii_uppercase()))
                }),
                ("lower", |vm, a| {
                    Ok(same_kind(vm, &a.pos[0], me(vm, &a)?.to_ascii_lowercase()))
                }),
                ("isdigit", |vm, a| bytes_all(vm, a, |b| b.is_ascii_digit())),
                ("isalpha", |vm, a| {
                    bytes_all(vm, a, |b| b.is_ascii_alphabetic())
                }),
                ("isalnum", |vm, a| {
                    bytes_all(vm, a, |b| b.is_ascii_alphanumeric())
                }),
                ("isspace", |vm, a| {
                    bytes_all(vm, a, |b| b" \t\n\r\x0b\x0c".contains(&b))
                }),
                ("islower", |vm, a| {
                    let d = me(vm, &a)?;
                    Ok(Value::Bool(
                        d.iter().any(u8::is_ascii_lowercase)
                            && !d.iter().any(u8::is_ascii_uppercase),
                    ))
                }),
                ("isupper", |vm, a| {
                    let d = me(vm, &a)?;
                    Ok(Value::Bool(
                        d.iter().any(u8::is_ascii_uppercase)
                            && !d.iter().any(u8::is_ascii_lowercase),
                    ))
                }),
                ("isascii", |vm, a| Ok(Value::Bool(me(vm, &a)?.is_ascii()))),
                ("partition", |vm, a| bytes_partition(vm, a, false)),
                ("rpartition", |vm, a| bytes_partition(vm, a, true)),
                ("removeprefix", |vm, a| bytes_remove(vm, a, false)),
                ("removesuffix", |vm, a| bytes_remove(vm, a, true)),
                ("center", |vm, a| bytes_pad(vm, a, 0)),
                ("ljust", |vm, a| bytes_pad(vm, a, 1)),
                ("rjust", |vm, a| bytes_pad(vm, a, 2)),
                ("splitlines", bytes_splitlines),
                ("translate", bytes_translate),
            ],
        );
        add_classmethod(vm, ty, "fromhex", bytes_fromhex);
        add_static(vm, ty, "maketrans", bytes_maketrans);
    }
    add_static(vm, &t.bytes, "__new__", bytes_new);
    add_methods(
        vm,
        &t.bytes,
        &[
            ("__repr__", |vm, a| {
                Ok(vm.new_str(&repr_content(&me(vm, &a)?)))
            }),
            ("__hash__", |vm, a| {
                Ok(Value::Int(
                    a.pos[0]
                        .downcast::<BytesData>()
                        .ok_or_else(|| vm.type_error("expected bytes"))?
                        .hash(),
                ))
            }),
            ("__bytes__", |vm, a| Ok(new_bytes(vm, me(vm, &a)?))),
            ("__getnewargs__", |vm, a| {
                Ok(tuple::new_tuple(vm, vec![new_bytes(vm, me(vm, &a)?)]))
            }),
        ],
    );
    add_static(vm, &t.bytearray, "__new__", bytearray_new);
    add_methods(
        vm,
        &t.bytearray,
        &[
            ("__init__", bytearray_init),
            ("__repr__", |vm, a| {
                Ok(vm.new_str(&format!(
                    "{}({})",
                    vm.type_name(&a.pos[0]),
                    repr_bytearray_content(&me(vm, &a)?)
                )))
            }),
            ("__setitem__", bytearray_setitem),
            ("__delitem__", bytearray_delitem),
            ("__iadd__", |vm, a| {
                let extra = bytes_like(vm, &a.pos[1])?;
                ba(vm, &a.pos[0])?.data.borrow_mut().extend(extra);
                Ok(a.pos[0].clone())
            }),
            ("append", |vm, a| {
                let [me, x] = a.check(vm, "append", 2, 2)? else {
                    unreachable!()
                };
                let b = byte_value(vm, x)?;
                ba(vm, me)?.data.borrow_mut().push(b);
                Ok(Value::None)
            }),
            ("extend", |vm, a| {
                let [me, x] = a.check(vm, "extend", 2, 2)? else {
                    unreachable!()
                };
                let extra = bytes_from_iterable(vm, x)?;
                ba(vm, me)?.data.borrow_mut().extend(extra);
                Ok(Value::None)
            }),
            ("pop", |vm, a| {
                let pos = a.check(vm, "pop", 1, 2)?;
                let d = ba(vm, &pos[0])?;
                let mut v = d.data.borrow_mut();
                if v.is_empty() {
                    return Err(vm.index_error("pop from empty bytearray"));
                }
                let n = v.len() as i64;
                let i = match pos.get(1) {
                    Some(i) => vm.index_i64(i)?,
                    None => -1,
                };
                let i = if i < 0 { i + n } else { i };
                if i < 0 || i >= n {
                    return Err(vm.index_error("pop index out of range"));
                }
                Ok(Value::Int(i64::from(v.remove(i as usize))))
            }),
            ("insert", |vm, a| {
                let [me, i, x] = a.check(vm, "insert", 3, 3)? else {
                    unreachable!()
                };
                let b = byte_value(vm, x)?;
                let d = ba(vm, me)?;
                let mut v = d.data.borrow_mut();
                let n = v.len() as i64;
                let i = vm.index_i64(i)?;
                let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
                v.insert(i as usize, b);
                Ok(Value::None)
            }),
            ("remove", |vm, a| {
                let [me, x] = a.check(vm, "remove", 2, 2)? else {
                    unreachable!()
                };
                let b = byte_value(vm, x)?;
                let d = ba(vm, me)?;
                let mut v = d.data.borrow_mut();
                match v.iter().position(|&c| c == b) {
                    Some(i) => {
                        v.remove(i);
                        Ok(Value::None)
                    }
                    None => Err(vm.value_error("value not found in bytearray")),
                }
            }),
            ("clear", |vm, a| {
                ba(vm, &a.pos[0])?.data.borrow_mut().clear();
                Ok(Value::None)
            }),
            ("copy", |vm, a| Ok(new_bytearray(vm, me(vm, &a)?))),
            ("resize", |vm, a| {
                let [me, size] = a.check(vm, "resize", 2, 2)? else {
                    unreachable!()
                };
                let n = crate::types::int::to_i64(vm, &vm.index(size)?)?;
                if n < 0 {
                    return Err(
                        vm.value_error(format!("Can only resize to positive sizes, got {n}"))
                    );
                }
                ba(vm, me)?.data.borrow_mut().resize(n as usize, 0);
                Ok(Value::None)
            }),
            ("reverse", |vm, a| {
                ba(vm, &a.pos[0])?.data.borrow_mut().reverse();
                Ok(Value::None)
            }),
        ],
    );
    vm.types
        .bytearray
        .payload::<crate::types::typeobj::TypeData>();
    crate::types::builtin::set_attr(vm, &t.bytearray, "__hash__", Value::None);
}

fn ba<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ByteArrayData> {
    v.downcast::<ByteArrayData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'bytearray' object"))
}

fn byte_value(vm: &Vm, v: &Value) -> PyResult<u8> {
    let i = vm.index_i64(v).map_err(|_| {
        vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ))
    })?;
    u8::try_from(i).map_err(|_| vm.value_error("byte must be in range(0, 256)"))
}

fn bytes_from_iterable(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Ok(b) = bytes_like(vm, v) {
        return Ok(b);
    }
    if crate::types::str::str_data(v).is_some() {
        return Err(vm.type_error("cannot extend bytearray with str"));
    }
    vm.iterate(v)?.iter().map(|x| byte_value(vm, x)).collect()
}

/// The bytes `bytes(x)` makes from one argument.
fn bytes_from_object(vm: &Vm, x: &Value) -> PyResult<Vec<u8>> {
    if let Ok(b) = bytes_like(vm, x) {
        return Ok(b);
    }
    if crate::types::str::str_data(x).is_some() {
        return Err(vm.type_error("string argument without an encoding"));
    }
    if let Some(f) = vm.call_special_lookup(x, "__bytes__") {
        let r = vm.call_with_self(&f, x, Args::positional(&[]))?;
        return bytes_like(vm, &r).map_err(|_| {
            vm.type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                vm.type_name(&r)
            ))
        });
    }
    if matches!(x, Value::Int(_) | Value::Bool(_))
        || x.as_obj().is_some_and(|o| o.kind() == Kind::Int)
        || vm.call_special_lookup(x, "__index__").is_some()
    {
        let n = vm.index_i64(x)?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        return Ok(vec![0; n as usize]);
    }
    if vm.iter(x).is_err() {
        return Err(vm.type_error(format!(
            "cannot convert '{}' object to bytes",
            vm.type_name(x)
        )));
    }
    vm.iterate(x)?
        .iter()
        .map(|v| {
            byte_value(vm, v).map_err(|e| {
                if e.matches(vm, &vm.types.exc.value_error) {
                    vm.value_error("bytes must be in range(0, 256)")
                } else {
                    e
                }
            })
        })
        .collect()
}

fn encode_arg(
    vm: &Vm,
    x: &Value,
    enc: &Option<Value>,
    errors: &Option<Value>,
    who: &str,
) -> PyResult<Vec<u8>> {
    let s = crate::types::str::str_data(x)
        .ok_or_else(|| vm.type_error("encoding without a string argument"))?;
    let enc = enc
        .as_ref()
        .map_or(Ok("utf-8".to_string()), |e| vm.str_string(e))?;
    let errors = errors
        .as_ref()
        .map_or(Ok("strict".to_string()), |e| vm.str_string(e))?;
    let _ = who;
    crate::codecs::encode(vm, x, s, &enc, &errors)
}

fn bytes_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("bytes.__new__(X): X is not a type object")),
    };
    let b = args
        .shift()
        .bind(vm, "bytes", &["source", "encoding", "errors"], 0, 0, 3)?;
    let data = match &b[0] {
        None => {
            if b[1].is_some() || b[2].is_some() {
                return Err(vm.type_error("encoding or errors without sequence argument"));
            }
            Vec::new()
        }
        Some(x) if b[1].is_some() || b[2].is_some() => encode_arg(vm, x, &b[1], &b[2], "bytes")?,
        Some(x) => bytes_from_object(vm, x)?,
    };
    Ok(Value::Obj(ObjRef::new(&cls, BytesData::new(data))))
}

fn bytearray_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("bytearray.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(ObjRef::new(&cls, ByteArrayData::default())))
}

fn bytearray_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let b = args
        .shift()
        .bind(vm, "bytearray", &["source", "encoding", "errors"], 0, 0, 3)?;
    let data = match &b[0] {
        None => Vec::new(),
        Some(x) if b[1].is_some() || b[2].is_some() => {
            encode_arg(vm, x, &b[1], &b[2], "bytearray")?
        }
        Some(x) => bytes_from_object(vm, x)?,
    };
    *ba(vm, &args.pos[0])?.data.borrow_mut() = data;
    Ok(Value::None)
}

fn bytes_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    if let Some(s) = key.downcast::<SliceData>() {
        // Run the bounds' `__index__` first (it may resize a bytearray),
        // then take the length, then copy out only the selected bytes.
        let plain = |p: &Value| match p {
            Value::None | Value::Int(_) | Value::Bool(_) => Ok(p.clone()),
            other => vm.index(other).map_err(|_| {
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            }),
        };
        let s = SliceData {
            start: plain(&s.start)?,
            stop: plain(&s.stop)?,
            step: plain(&s.step)?,
        };
        let len = match with_own_bytes(v, <[u8]>::len) {
            Some(n) => n,
            None => bytes_like(vm, v)?.len(),
        };
        let ix = s.indices(vm, len)?;
        let picked = match with_own_bytes(v, |d| {
            ix.indices().filter_map(|i| d.get(i).copied()).collect()
        }) {
            Some(p) => p,
            None => {
                let d = bytes_like(vm, v)?;
                ix.indices().map(|i| d[i]).collect()
            }
        };
        return Ok(same_kind(vm, v, picked));
    }
    let d = bytes_like(vm, v)?;
    let i = match vm.index(key) {
        Ok(i) => vm.index_isize(&i)?,
        Err(_) => {
            let what = if is_bytearray(v) { "bytearray" } else { "byte" };
            return Err(vm.type_error(format!(
                "{what} indices must be integers or slices, not {}",
                vm.type_name(key)
            )));
        }
    };
    let n = d.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        let what = if is_bytearray(v) {
            "bytearray"
        } else {
            "index"
        };
        return Err(
            vm.index_error(format!("{what} index out of range").replace("index index", "index"))
        );
    }
    Ok(Value::Int(i64::from(d[idx as usize])))
}

fn bytearray_setitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v, key, value] = args.check(vm, "__setitem__", 3, 3)? else {
        unreachable!()
    };
    let d = ba(vm, v)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let new = bytes_from_iterable(vm, value)?;
        let len = d.data.borrow().len();
        let ix = s.indices(vm, len)?;
        let mut data = d.data.borrow_mut();
        if ix.step == 1 {
            let start = ix.start as usize;
            data.splice(start..start + ix.len, new);
        } else {
            if new.len() != ix.len {
                return Err(vm.value_error(format!(
                    "attempt to assign bytes of size {} to extended slice of size {}",
                    new.len(),
                    ix.len
                )));
            }
            for (i, b) in ix.indices().zip(new) {
                data[i] = b;
            }
        }
        return Ok(Value::None);
    }
    let i = vm.index_isize(key)?;
    let b = byte_value(vm, value)?;
    let mut data = d.data.borrow_mut();
    let n = data.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        return Err(vm.index_error("bytearray index out of range"));
    }
    data[idx as usize] = b;
    Ok(Value::None)
}

fn bytearray_delitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v, key] = args.check(vm, "__delitem__", 2, 2)? else {
        unreachable!()
    };
    let d = ba(vm, v)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let len = d.data.borrow().len();
        let ix = s.indices(vm, len)?;
        let drop: std::collections::HashSet<usize> = ix.indices().collect();
        let mut data = d.data.borrow_mut();
        let kept: Vec<u8> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, &b)| b)
            .collect();
        *data = kept;
        return Ok(Value::None);
    }
    let i = vm.index_isize(key)?;
    let mut data = d.data.borrow_mut();
    let n = data.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        return Err(vm.index_error("bytearray index out of range"));
    }
    data.remove(idx as usize);
    Ok(Value::None)
}

fn find_sub(h: &[u8], n: &[u8], from: usize) -> Option<usize> {
    if n.is_empty() {
        return (from <= h.len()).then_some(from);
    }
    if from > h.len() || n.len() > h.len() - from {
        return None;
    }
    h[from..]
        .windows(n.len())
        .position(|w| w == n)
        .map(|i| i + from)
}

fn needle(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Int(_) | Value::Bool(_) => Ok(vec![byte_value(vm, v)?]),
        _ => bytes_like(vm, v).map_err(|_| {
            vm.type_error(format!(
                "argument should be integer or bytes-like object, not '{}'",
                vm.type_name(v)
            ))
        }),
    }
}

fn bytes_contains(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v, x] = args.check(vm, "__contains__", 2, 2)? else {
        unreachable!()
    };
    let d = bytes_like(vm, v)?;
    let n = match x {
        Value::Int(_) | Value::Bool(_) => vec![byte_value(vm, x)?],
        _ => bytes_like(vm, x)?,
    };
    Ok(Value::Bool(find_sub(&d, &n, 0).is_some()))
}

fn bytes_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__add__", 2, 2)? else {
        unreachable!()
    };
    let mut x = bytes_like(vm, a)?;
    let y = bytes_like(vm, b).map_err(|_| {
        vm.type_error(format!(
            "can't concat {} to {}",
            vm.type_name(b),
            vm.type_name(a)
        ))
    })?;
    x.extend(y);
    Ok(same_kind(vm, a, x))
}

fn bytes_mul(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, n] = args.check(vm, "__mul__", 2, 2)? else {
        unreachable!()
    };
    let x = bytes_like(vm, a)?;
    let count = match vm.index(n) {
        Ok(c) => vm.index_isize(&c)?,
        Err(_) => {
            return Err(vm.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                vm.type_name(n)
            )));
        }
    };
    Ok(same_kind(
        vm,
        a,
        if count <= 0 {
            Vec::new()
        } else {
            x.repeat(count as usize)
        },
    ))
}

fn bytes_mod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__mod__", 2, 2)? else {
        unreachable!()
    };
    let fmt: Vec<u32> = bytes_like(vm, a)?.into_iter().map(u32::from).collect();
    let out = crate::format::percent::percent_format(vm, &fmt, b, true)?;
    Ok(same_kind(vm, a, out.into_iter().map(|c| c as u8).collect()))
}

fn bytes_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let [a, b] = args.check(vm, op.dunder(), 2, 2)? else {
        unreachable!()
    };
    let x = bytes_like(vm, a)?;
    let Ok(y) = bytes_like(vm, b) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(op.test(x.cmp(&y))))
}

fn bytes_decode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let b = args
        .shift()
        .bind(vm, "decode", &["encoding", "errors"], 0, 0, 2)?;
    let enc = b[0]
        .as_ref()
        .map_or(Ok("utf-8".to_string()), |e| vm.str_string(e))?;
    let errors = b[1]
        .as_ref()
        .map_or(Ok("strict".to_string()), |e| vm.str_string(e))?;
    crate::codecs::decode(vm, &d, &enc, &errors)
}

fn bytes_hex(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let b = args
        .shift()
        .bind(vm, "hex", &["sep", "bytes_per_sep"], 0, 0, 2)?;
    let hex: Vec<String> = d.iter().map(|b| format!("{b:02x}")).collect();
    let Some(sep) = &b[0] else {
        return Ok(vm.new_str(&hex.concat()));
    };
    let sep = vm.str_string(sep)?;
    let per = match &b[1] {
        Some(n) => vm.index_i64(n)?,
        None => 1,
    };
    if per == 0 {
        return Ok(vm.new_str(&hex.concat()));
    }
    let k = per.unsigned_abs() as usize;
    let groups: Vec<String> = if per > 0 {
        // Groups count from the right.
        let first = hex.len() % k;
        let mut out = Vec::new();
        if first > 0 {
            out.push(hex[..first].concat());
        }
        out.extend(hex[first..].chunks(k).map(<[String]>::concat));
        out
    } else {
        hex.chunks(k).map(<[String]>::concat).collect()
    };
    Ok(vm.new_str(&groups.join(&sep)))
}

fn bytes_fromhex(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [cls, s] = args.check(vm, "fromhex", 2, 2)? else {
        unreachable!()
    };
    let text = vm.str_string(s)?;
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (Some(_), None) if i + 1 >= chars.len() => {
                return Err(vm.value_error(
                    "fromhex() arg must contain an even number of hexadecimal digits",
                ));
            }
            (Some(_), None) => {
                return Err(vm.value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )));
            }
            _ => {
                return Err(vm.value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {i}"
                )));
            }
        }
        i += 2;
    }
    let r = new_bytes(vm, out);
    if cls.as_obj().is_some_and(|c| c.is(&vm.types.bytes)) {
        return Ok(r);
    }
    vm.call(cls, &[r])
}

fn bytes_maketrans(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "maketrans", 2, 2)?;
    let (x, y) = (bytes_like(vm, &a[0])?, bytes_like(vm, &a[1])?);
    if x.len() != y.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in x.into_iter().zip(y) {
        table[f as usize] = t;
    }
    Ok(new_bytes(vm, table))
}

fn bytes_translate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let b = args
        .shift()
        .bind(vm, "translate", &["table", "delete"], 1, 1, 2)?;
    let table = match &b[0] {
        Some(Value::None) | None => None,
        Some(t) => {
            let t = bytes_like(vm, t)?;
            if t.len() != 256 {
                return Err(vm.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = match &b[1] {
        Some(x) => bytes_like(vm, x)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = d
        .into_iter()
        .filter(|c| !delete.contains(c))
        .map(|c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    Ok(same_kind(vm, &args.pos[0], out))
}

fn bytes_join(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [sep, it] = args.check(vm, "join", 2, 2)? else {
        unreachable!()
    };
    let sep_b = bytes_like(vm, sep)?;
    let mut out = Vec::new();
    for (i, item) in vm.iterate(it)?.iter().enumerate() {
        let b = bytes_like(vm, item).map_err(|_| {
            vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                vm.type_name(item)
            ))
        })?;
        if i > 0 {
            out.extend_from_slice(&sep_b);
        }
        out.extend(b);
    }
    Ok(same_kind(vm, sep, out))
}

const WS: &[u8] = b" \t\n\r\x0b\x0c";

fn bytes_split(vm: &Vm, args: Args<'_>, right: bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let b = args.shift().bind(
        vm,
        if right { "rsplit" } else { "split" },
        &["sep", "maxsplit"],
        0,
        0,
        2,
    )?;
    let maxsplit = match &b[1] {
        Some(m) => vm.index_i64(m)?,
        None => -1,
    };
    let parts: Vec<Vec<u8>> = match &b[0] {
        None | Some(Value::None) => {
            let words: Vec<&[u8]> = d
                .split(|c| WS.contains(c))
                .filter(|w| !w.is_empty())
                .collect();
            if maxsplit < 0 || words.len() as i64 <= maxsplit + 1 {
                words.into_iter().map(<[u8]>::to_vec).collect()
            } else if !right {
                // Keep the remainder after `maxsplit` words intact.
                let mut out = Vec::new();
                let mut rest: &[u8] = &d;
                for _ in 0..maxsplit {
                    let start = rest
                        .iter()
                        .position(|c| !WS.contains(c))
                        .unwrap_or(rest.len());
                    rest = &rest[start..];
                    let end = rest
                        .iter()
                        .position(|c| WS.contains(c))
                        .unwrap_or(rest.len());
                    out.push(rest[..end].to_vec());
                    rest = &rest[end..];
                }
                let start = rest
                    .iter()
                    .position(|c| !WS.contains(c))
                    .unwrap_or(rest.len());
                let mut tail = rest[start..].to_vec();
                while tail.last().is_some_and(|c| WS.contains(c)) {
                    tail.pop();
                }
                out.push(tail);
                out
            } else {
                let mut out = Vec::new();
                let mut rest: &[u8] = &d;
                for _ in 0..maxsplit {
                    let end = rest
                        .iter()
                        .rposition(|c| !WS.contains(c))
                        .map_or(0, |i| i + 1);
                    rest = &rest[..end];
                    let start = rest
                        .iter()
                        .rposition(|c| WS.contains(c))
                        .map_or(0, |i| i + 1);
                    out.push(rest[start..].to_vec());
                    rest = &rest[..start];
                }
                let end = rest
                    .iter()
                    .rposition(|c| !WS.contains(c))
                    .map_or(0, |i| i + 1);
                let mut head = rest[..end].to_vec();
                while head.first().is_some_and(|c| WS.contains(c)) {
                    head.remove(0);
                }
                out.push(head);
                out.reverse();
                out
            }
        }
        Some(sep) => {
            let sep = bytes_like(vm, sep)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            split_on(&d, &sep, maxsplit, right)
        }
    };
    Ok(list::new_list(
        vm,
        parts
            .into_iter()
            .map(|p| same_kind(vm, &args.pos[0], p))
            .collect(),
    ))
}

fn bytes_splitlines(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let b = args
        .shift()
        .bind(vm, "splitlines", &["keepends"], 0, 0, 1)?;
    let keep = match &b[0] {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < d.len() {
        let start = i;
        while i < d.len() && d[i] != b'\n' && d[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < d.len() {
            i += if d[i] == b'\r' && d.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            if keep {
                eol = i;
            }
        }
        out.push(same_kind(vm, &args.pos[0], d[start..eol].to_vec()));
    }
    Ok(list::new_list(vm, out))
}

fn bytes_strip(vm: &Vm, args: Args<'_>, left: bool, right: bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "strip", 0, 1)?;
    let set = match a.first() {
        None | Some(Value::None) => WS.to_vec(),
        Some(c) => bytes_like(vm, c)?,
    };
    let mut s = 0;
    let mut e = d.len();
    if left {
        while s < e && set.contains(&d[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && set.contains(&d[e - 1]) {
            e -= 1;
        }
    }
    Ok(same_kind(vm, &args.pos[0], d[s..e].to_vec()))
}

fn bounds(vm: &Vm, len: usize, a: &[Value]) -> PyResult<(usize, usize)> {
    let get = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(x) => vm.index_isize(x),
        }
    };
    let n = len as i64;
    let fix = |i: i64| {
        if i < 0 {
            (i + n).max(0) as usize
        } else {
            i.min(n) as usize
        }
    };
    // A start past the end stays past it (so nothing is found there, not
    // even the empty string); the end is clamped.
    let start = get(a.first(), 0)?;
    let start = if start > n { len + 1 } else { fix(start) };
    Ok((start, fix(get(a.get(1), n)?)))
}

fn bytes_affix(vm: &Vm, args: Args<'_>, ends: bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args
        .shift()
        .check(vm, if ends { "endswith" } else { "startswith" }, 1, 3)?;
    let (s, e) = bounds(vm, d.len(), &a[1..])?;
    let hay: &[u8] = if s <= e { &d[s..e] } else { &[] };
    let test = |p: &[u8]| {
        if s > e {
            // CPython's tailmatch: an empty or reversed window matches nothing.
            false
        } else if ends {
            hay.ends_with(p)
        } else {
            hay.starts_with(p)
        }
    };
    if let Some(items) = tuple::tuple_items(&a[0]) {
        for it in items {
            if test(&bytes_like(vm, it)?) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(test(&bytes_like(vm, &a[0])?)))
}

fn bytes_find(vm: &Vm, args: Args<'_>, right: bool, raise: bool) -> PyResult<Value> {
    let a = args.shift().check(vm, "find", 1, 3)?;
    let n = needle(vm, &a[0])?;
    let me_v = &args.pos[0];
    let len = match with_own_bytes(me_v, <[u8]>::len) {
        Some(len) => len,
        None => bytes_like(vm, me_v)?.len(),
    };
    let (s, e) = bounds(vm, len, &a[1..])?;
    let search = |d: &[u8]| find_in(d, &n, s, e.min(d.len()), right);
    let found = match with_own_bytes(me_v, search) {
        Some(f) => f,
        None => search(&bytes_like(vm, me_v)?),
    };
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(vm.value_error("subsection not found")),
        None => Ok(Value::Int(-1)),
    }
}

/// The first (or, `right`, last) place of `n` within `d[s..e]`.
fn find_in(d: &[u8], n: &[u8], s: usize, e: usize, right: bool) -> Option<usize> {
    if s > e || s > d.len() {
        None
    } else if right {
        let hay = &d[s..e];
        if n.is_empty() {
            Some(e)
        } else {
            hay.windows(n.len()).rposition(|w| w == n).map(|i| i + s)
        }
    } else {
        find_sub(&d[..e], n, s)
    }
}

fn bytes_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "count", 1, 3)?;
    let n = needle(vm, &a[0])?;
    let (s, e) = bounds(vm, d.len(), &a[1..])?;
    if s > e {
        return Ok(Value::Int(0));
    }
    let hay = &d[s..e];
    if n.is_empty() {
        return Ok(Value::Int(hay.len() as i64 + 1));
    }
    let mut count = 0;
    let mut pos = 0;
    while let Some(i) = find_sub(hay, &n, pos) {
        count += 1;
        pos = i + n.len();
    }
    Ok(Value::Int(count))
}

fn bytes_replace(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "replace", 2, 3)?;
    let (old, new) = (bytes_like(vm, &a[0])?, bytes_like(vm, &a[1])?);
    let count = match a.get(2) {
        Some(c) => vm.index_i64(c)?,
        None => -1,
    };
    let mut out = Vec::new();
    if old.is_empty() {
        let mut n = 0;
        for (i, &b) in d.iter().enumerate() {
            if count < 0 || n < count {
                out.extend_from_slice(&new);
                n += 1;
            }
            out.push(b);
            let _ = i;
        }
        if count < 0 || n < count {
            out.extend_from_slice(&new);
        }
        return Ok(same_kind(vm, &args.pos[0], out));
    }
    let mut pos = 0;
    let mut n = 0;
    while count < 0 || n < count {
        match find_sub(&d, &old, pos) {
            Some(i) => {
                out.extend_from_slice(&d[pos..i]);
                out.extend_from_slice(&new);
                pos = i + old.len();
                n += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&d[pos..]);
    Ok(same_kind(vm, &args.pos[0], out))
}

fn bytes_all(vm: &Vm, args: Args<'_>, pred: fn(u8) -> bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    Ok(Value::Bool(!d.is_empty() && d.into_iter().all(pred)))
}

fn bytes_partition(vm: &Vm, args: Args<'_>, right: bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "partition", 1, 1)?;
    let sep = bytes_like(vm, &a[0])?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let found = if right {
        d.windows(sep.len()).rposition(|w| w == sep.as_slice())
    } else {
        find_sub(&d, &sep, 0)
    };
    let k = |v: Vec<u8>| same_kind(vm, &args.pos[0], v);
    let parts = match found {
        Some(i) => vec![
            k(d[..i].to_vec()),
            k(sep.clone()),
            k(d[i + sep.len()..].to_vec()),
        ],
        None if right => vec![k(Vec::new()), k(Vec::new()), k(d)],
        None => vec![k(d), k(Vec::new()), k(Vec::new())],
    };
    Ok(tuple::new_tuple(vm, parts))
}

fn bytes_remove(vm: &Vm, args: Args<'_>, suffix: bool) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "removeprefix", 1, 1)?;
    let p = bytes_like(vm, &a[0])?;
    let out = if suffix {
        d.strip_suffix(p.as_slice())
    } else {
        d.strip_prefix(p.as_slice())
    };
    Ok(same_kind(vm, &args.pos[0], out.unwrap_or(&d).to_vec()))
}

fn bytes_pad(vm: &Vm, args: Args<'_>, which: u8) -> PyResult<Value> {
    let d = me(vm, &args)?;
    let a = args.shift().check(vm, "center", 1, 2)?;
    let width = vm.index_i64(&a[0])?;
    let fill = match a.get(1) {
        Some(f) => {
            let f = bytes_like(vm, f)?;
            if f.len() != 1 {
                return Err(vm.type_error("argument 2 must be a byte string of length 1"));
            }
            f[0]
        }
        None => b' ',
    };
    if width <= d.len() as i64 {
        return Ok(same_kind(vm, &args.pos[0], d));
    }
    let total = width as usize - d.len();
    let (l, r) = match which {
        1 => (0, total),
        2 => (total, 0),
        _ => {
            let l = total / 2 + (total & width as usize & 1);
            (l, total - l)
        }
    };
    let mut out = vec![fill; l];
    out.extend(d);
    out.extend(std::iter::repeat_n(fill, r));
    Ok(same_kind(vm, &args.pos[0], out))
}
