//! `memoryview`: a view of the bytes of a `bytes` or `bytearray` (format
//! 'B', one dimension), sharing them: slices are views too, and writes
//! through a view of a bytearray change the bytearray.

use crate::call::Args;
use crate::error::PyResult;
use crate::types::builtin::{add_methods, add_static};
use crate::types::bytes::{ByteArrayData, BytesData, new_bytes};
use crate::types::descriptor::add_getsets;
use crate::types::native::{native, new_native};
use crate::types::slice::SliceData;
use crate::types::{list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::Cell;

/// A view: the exporting object and which of its bytes, in order.
pub struct MemoryViewData {
    obj: Value,
    start: usize,
    step: isize,
    len: usize,
    released: Cell<bool>,
}

impl MemoryViewData {
    /// The index in the exporter of the view's `k`-th byte.
    fn at(&self, k: usize) -> usize {
        (self.start as isize + k as isize * self.step) as usize
    }

    /// The viewed bytes, copied out.
    pub fn bytes(&self) -> Vec<u8> {
        let read = |all: &[u8]| (0..self.len).map(|k| all[self.at(k)]).collect();
        if let Some(b) = self.obj.downcast::<BytesData>() {
            return read(&b.data);
        }
        match self.obj.downcast::<ByteArrayData>() {
            Some(b) => read(&b.data.borrow()),
            None => Vec::new(),
        }
    }

    fn readonly(&self) -> bool {
        self.obj.downcast::<ByteArrayData>().is_none()
    }
}

/// The view of a method call, not released.
fn view<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MemoryViewData> {
    let m = native::<MemoryViewData>(v)
        .ok_or_else(|| vm.type_error("descriptor requires a 'memoryview' object"))?;
    if m.released.get() {
        return Err(vm.value_error("operation forbidden on released memoryview object"));
    }
    Ok(m)
}

/// The viewed bytes of `v` if it is a memoryview (for `bytes_like`).
pub fn memoryview_bytes(v: &Value) -> Option<Vec<u8>> {
    native::<MemoryViewData>(v).map(MemoryViewData::bytes)
}

fn new_view(vm: &Vm, obj: Value, start: usize, step: isize, len: usize) -> Value {
    new_native(
        &vm.types.memoryview,
        MemoryViewData {
            obj,
            start,
            step,
            len,
            released: Cell::new(false),
        },
    )
}

fn mv_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.shift();
    let [obj] = p.check(vm, "memoryview", 1, 1)? else {
        unreachable!()
    };
    if let Some(m) = native::<MemoryViewData>(obj) {
        let m = view(vm, obj).map(|_| m)?;
        return Ok(new_view(vm, m.obj.clone(), m.start, m.step, m.len));
    }
    let len = if let Some(b) = obj.downcast::<BytesData>() {
        b.data.len()
    } else if let Some(b) = obj.downcast::<ByteArrayData>() {
        b.data.borrow().len()
    } else {
        return Err(vm.type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            vm.type_name(obj)
        )));
    };
    Ok(new_view(vm, obj.clone(), 0, 1, len))
}

/// An index into a view of `len` items.
fn item_index(vm: &Vm, key: &Value, len: usize) -> PyResult<usize> {
    let i = vm.index_isize(key)?;
    let k = if i < 0 { i + len as i64 } else { i };
    if k < 0 || k >= len as i64 {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    Ok(k as usize)
}

fn mv_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let m = view(vm, me)?;
    if let Some(s) = key.downcast::<SliceData>() {
        let ix = s.indices(vm, m.len)?;
        let start = if ix.len == 0 {
            m.start
        } else {
            m.at(ix.start as usize)
        };
        return Ok(new_view(
            vm,
            m.obj.clone(),
            start,
            m.step * ix.step as isize,
            ix.len,
        ));
    }
    if !matches!(key, Value::Int(_) | Value::Bool(_)) && vm.index(key).is_err() {
        return Err(vm.type_error("memoryview: invalid slice key"));
    }
    let k = item_index(vm, key, m.len)?;
    Ok(Value::Int(i64::from(m.bytes()[k])))
}

fn mv_setitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, key, value] = args.check(vm, "__setitem__", 3, 3)? else {
        unreachable!()
    };
    let m = view(vm, me)?;
    let Some(target) = m.obj.downcast::<ByteArrayData>() else {
        return Err(vm.type_error("cannot modify read-only memory"));
    };
    if let Some(s) = key.downcast::<SliceData>() {
        let ix = s.indices(vm, m.len)?;
        let src = crate::types::bytes::bytes_like(vm, value)?;
        if src.len() != ix.len {
            return Err(vm.value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        let mut data = target.data.borrow_mut();
        for (b, k) in src.iter().zip(ix.indices()) {
            data[m.at(k)] = *b;
        }
        return Ok(Value::None);
    }
    let k = item_index(vm, key, m.len)?;
    let b = match value {
        Value::Int(i) if (0..=255).contains(i) => *i as u8,
        _ => return Err(vm.value_error("memoryview: invalid value for format 'B'")),
    };
    target.data.borrow_mut()[m.at(k)] = b;
    Ok(Value::None)
}

fn mv_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    let other = &args.pos[1];
    let theirs = match memoryview_bytes(other) {
        Some(b) => b,
        None => match crate::types::bytes::bytes_like(vm, other) {
            Ok(b) => b,
            Err(_) => return Ok(Value::Obj(vm.not_implemented.clone())),
        },
    };
    Ok(Value::Bool(m.bytes() == theirs))
}

fn mv_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    if !m.readonly() {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    Ok(Value::Int(vm.hash(&new_bytes(vm, m.bytes()))?))
}

fn mv_tolist(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    let items = m
        .bytes()
        .into_iter()
        .map(|b| Value::Int(i64::from(b)))
        .collect();
    Ok(list::new_list(vm, items))
}

fn mv_release(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if let Some(m) = native::<MemoryViewData>(&args.pos[0]) {
        m.released.set(true);
    } else {
        return Err(vm.type_error("descriptor requires a 'memoryview' object"));
    }
    Ok(Value::None)
}

/// Adds `memoryview`'s methods.
pub fn init(vm: &Vm) {
    let t = &vm.types.memoryview;
    add_static(vm, t, "__new__", mv_new);
    add_methods(
        vm,
        t,
        &[
            ("__len__", |vm, a| {
                Ok(Value::Int(view(vm, &a.pos[0])?.len as i64))
            }),
            ("__getitem__", mv_getitem),
            ("__setitem__", mv_setitem),
            ("__eq__", mv_eq),
            ("__hash__", mv_hash),
            ("__repr__", |vm, a| {
                Ok(vm.new_str(&format!("<memory at {:#x}>", vm.id_of(&a.pos[0]))))
            }),
            ("__iter__", |vm, a| {
                let l = mv_tolist(vm, a)?;
                Ok(crate::types::iterators::new_seq_iter(
                    vm,
                    &vm.types.list_iterator,
                    l,
                ))
            }),
            ("__enter__", |vm, a| {
                view(vm, &a.pos[0])?;
                Ok(a.pos[0].clone())
            }),
            ("__exit__", mv_release),
            ("release", mv_release),
            ("tobytes", |vm, a| {
                Ok(new_bytes(vm, view(vm, &a.pos[0])?.bytes()))
            }),
            ("tolist", mv_tolist),
            ("hex", |vm, a| {
                let b = view(vm, &a.pos[0])?.bytes();
                Ok(vm.new_str(&b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
            }),
        ],
    );
    add_getsets(
        vm,
        t,
        &[
            ("obj", |vm, v| Ok(view(vm, v)?.obj.clone()), None),
            (
                "readonly",
                |vm, v| Ok(Value::Bool(view(vm, v)?.readonly())),
                None,
            ),
            ("format", |vm, v| view(vm, v).map(|_| vm.new_str("B")), None),
            ("itemsize", |vm, v| view(vm, v).map(|_| Value::Int(1)), None),
            (
                "nbytes",
                |vm, v| Ok(Value::Int(view(vm, v)?.len as i64)),
                None,
            ),
            ("ndim", |vm, v| view(vm, v).map(|_| Value::Int(1)), None),
            (
                "shape",
                |vm, v| {
                    let n = view(vm, v)?.len as i64;
                    Ok(tuple::new_tuple(vm, vec![Value::Int(n)]))
                },
                None,
            ),
            (
                "strides",
                |vm, v| {
                    let s = view(vm, v)?.step as i64;
                    Ok(tuple::new_tuple(vm, vec![Value::Int(s)]))
                },
                None,
            ),
            (
                "contiguous",
                |vm, v| Ok(Value::Bool(view(vm, v)?.step == 1)),
                None,
            ),
            (
                "c_contiguous",
                |vm, v| Ok(Value::Bool(view(vm, v)?.step == 1)),
                None,
            ),
            (
                "f_contiguous",
                |vm, v| Ok(Value::Bool(view(vm, v)?.step == 1)),
                None,
            ),
        ],
    );
}
