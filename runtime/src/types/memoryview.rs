//! `memoryview`: a view of the bytes of a `bytes` or `bytearray` (one
//! dimension), sharing them: slices are views too, and writes through a
//! view of a bytearray change the bytearray. A view reads its bytes as
//! items of a `struct` format ('B' unless `cast` says otherwise), in the
//! machine's byte order.

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

/// A view: the exporting object, where its items are, and their format.
pub struct MemoryViewData {
    obj: Value,
    /// Where the first item starts.
    start: usize,
    /// Bytes from one item's start to the next's.
    step: isize,
    /// Number of items.
    len: usize,
    /// The items' `struct` format character.
    format: u8,
    released: Cell<bool>,
}

/// The size of one item of format `f`, for the formats views support.
fn itemsize(f: u8) -> Option<usize> {
    Some(match f {
        b'B' | b'b' | b'c' | b'?' => 1,
        b'H' | b'h' => 2,
        b'I' | b'i' | b'f' => 4,
        b'L' | b'l' | b'Q' | b'q' | b'N' | b'n' | b'd' | b'P' => 8,
        _ => return None,
    })
}

impl MemoryViewData {
    /// The index in the exporter of the view's `k`-th item's first byte.
    fn at(&self, k: usize) -> usize {
        (self.start as isize + k as isize * self.step) as usize
    }

    fn itemsize(&self) -> usize {
        itemsize(self.format).unwrap_or(1)
    }

    /// The viewed bytes, copied out.
    pub fn bytes(&self) -> Vec<u8> {
        let n = self.itemsize();
        let read = |all: &[u8]| {
            (0..self.len)
                .flat_map(|k| {
                    // A bytearray shrunk under the view reads as zeros.
                    let at = self.at(k);
                    all.get(at..at + n)
                        .map_or_else(|| vec![0; n], <[u8]>::to_vec)
                })
                .collect()
        };
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

fn new_view(vm: &Vm, obj: Value, start: usize, step: isize, len: usize, format: u8) -> Value {
    new_native(
        &vm.types.memoryview,
        MemoryViewData {
            obj,
            start,
            step,
            len,
            format,
            released: Cell::new(false),
        },
    )
}

/// Item `k` as a Python value.
fn item(vm: &Vm, m: &MemoryViewData, all: &[u8], k: usize) -> Value {
    let at = m.at(k);
    let zeros = [0u8; 8];
    let raw = all
        .get(at..at + m.itemsize())
        .unwrap_or(&zeros[..m.itemsize()]);
    let mut buf = [0u8; 8];
    buf[..raw.len()].copy_from_slice(raw);
    let u = u64::from_ne_bytes(buf);
    let signed = |bits: u32| Value::Int(((u << (64 - bits)) as i64) >> (64 - bits));
    match m.format {
        b'b' => signed(8),
        b'h' => signed(16),
        b'i' => signed(32),
        b'l' | b'q' | b'n' => Value::Int(u as i64),
        b'L' | b'Q' | b'N' | b'P' => match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => crate::types::int::big_value(vm, num_bigint::BigInt::from(u)),
        },
        b'c' => new_bytes(vm, raw.to_vec()),
        b'?' => Value::Bool(u != 0),
        b'f' => Value::Float(f64::from(f32::from_ne_bytes([
            raw[0], raw[1], raw[2], raw[3],
        ]))),
        b'd' => Value::Float(f64::from_bits(u)),
        _ => Value::Int(u as i64),
    }
}

/// All items as Python values.
fn items(vm: &Vm, m: &MemoryViewData) -> Vec<Value> {
    let all = m.exporter_bytes();
    (0..m.len).map(|k| item(vm, m, &all, k)).collect()
}

impl MemoryViewData {
    /// The exporter's bytes (all of them).
    fn exporter_bytes(&self) -> Vec<u8> {
        if let Some(b) = self.obj.downcast::<BytesData>() {
            return b.data.to_vec();
        }
        match self.obj.downcast::<ByteArrayData>() {
            Some(b) => b.data.borrow().clone(),
            None => Vec::new(),
        }
    }
}

/// `memoryview.cast(format, shape=None)`: the same bytes as items of
/// another format (one dimension).
fn mv_cast(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    let a = args
        .shift()
        .bind(vm, "cast", &["format", "shape"], 1, 0, 2)?;
    let fmt = a[0].as_ref().expect("required");
    let Some(f) = crate::types::str::as_str(fmt) else {
        return Err(vm.type_error(format!(
            "cast() argument 'format' must be str, not {}",
            vm.type_name(fmt)
        )));
    };
    let f = f.strip_prefix('@').unwrap_or(f);
    let (code, size) = match f.as_bytes() {
        [c] => (*c, itemsize(*c)),
        _ => (0, None),
    };
    let Some(size) = size else {
        return Err(vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    if m.step != m.itemsize() as isize {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    let byte_format = |c: u8| matches!(c, b'B' | b'b' | b'c');
    if !byte_format(m.format) && !byte_format(code) {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let nbytes = m.len * m.itemsize();
    if nbytes % size != 0 {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let len = nbytes / size;
    if let Some(shape) = a[1].as_ref() {
        let dims = vm.iterate(shape)?;
        let one = dims.len() == 1 && matches!(&dims[0], Value::Int(n) if *n as usize == len);
        if !one {
            return Err(vm.not_implemented_error(
                "memoryview: cast to a multi-dimensional shape is not supported",
            ));
        }
    }
    Ok(new_view(
        vm,
        m.obj.clone(),
        m.start,
        size as isize,
        len,
        code,
    ))
}

fn mv_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.shift();
    let [obj] = p.check(vm, "memoryview", 1, 1)? else {
        unreachable!()
    };
    if let Some(m) = native::<MemoryViewData>(obj) {
        let m = view(vm, obj).map(|_| m)?;
        return Ok(new_view(
            vm,
            m.obj.clone(),
            m.start,
            m.step,
            m.len,
            m.format,
        ));
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
    Ok(new_view(vm, obj.clone(), 0, 1, len, b'B'))
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
            m.format,
        ));
    }
    if !matches!(key, Value::Int(_) | Value::Bool(_)) && vm.index(key).is_err() {
        return Err(vm.type_error("memoryview: invalid slice key"));
    }
    let k = item_index(vm, key, m.len)?;
    Ok(item(vm, m, &m.exporter_bytes(), k))
}

fn mv_setitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, key, value] = args.check(vm, "__setitem__", 3, 3)? else {
        unreachable!()
    };
    let m = view(vm, me)?;
    let Some(target) = m.obj.downcast::<ByteArrayData>() else {
        return Err(vm.type_error("cannot modify read-only memory"));
    };
    if m.format != b'B' {
        return Err(vm.not_implemented_error(format!(
            "memoryview: assignment to items of format '{}' is not supported",
            char::from(m.format)
        )));
    }
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
    if let Some(o) = native::<MemoryViewData>(other)
        && (o.format != m.format)
    {
        let (a, b) = (items(vm, m), items(vm, o));
        if a.len() != b.len() {
            return Ok(Value::Bool(false));
        }
        for (x, y) in a.iter().zip(&b) {
            if !vm.eq(x, y)? {
                return Ok(Value::Bool(false));
            }
        }
        return Ok(Value::Bool(true));
    }
    Ok(Value::Bool(m.bytes() == theirs))
}

fn mv_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    if !m.readonly() {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    if !matches!(m.format, b'B' | b'b' | b'c') {
        return Err(vm.value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    Ok(Value::Int(vm.hash(&new_bytes(vm, m.bytes()))?))
}

fn mv_tolist(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = view(vm, &args.pos[0])?;
    Ok(list::new_list(vm, items(vm, m)))
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
            ("cast", mv_cast),
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
            (
                "format",
                |vm, v| {
                    let f = view(vm, v)?.format;
                    Ok(vm.new_str(&char::from(f).to_string()))
                },
                None,
            ),
            (
                "itemsize",
                |vm, v| Ok(Value::Int(view(vm, v)?.itemsize() as i64)),
                None,
            ),
            (
                "nbytes",
                |vm, v| {
                    let m = view(vm, v)?;
                    Ok(Value::Int((m.len * m.itemsize()) as i64))
                },
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
                |vm, v| {
                    let m = view(vm, v)?;
                    Ok(Value::Bool(m.step == m.itemsize() as isize))
                },
                None,
            ),
            (
                "c_contiguous",
                |vm, v| {
                    let m = view(vm, v)?;
                    Ok(Value::Bool(m.step == m.itemsize() as isize))
                },
                None,
            ),
            (
                "f_contiguous",
                |vm, v| {
                    let m = view(vm, v)?;
                    Ok(Value::Bool(m.step == m.itemsize() as isize))
                },
                None,
            ),
        ],
    );
}
