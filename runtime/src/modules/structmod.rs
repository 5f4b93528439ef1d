//! `_struct`: packing values into bytes and back by `struct` format
//! strings (byte order and alignment prefixes, repeat counts, every format
//! character of CPython on a 64-bit little-endian machine), the `Struct`
//! type, and `struct.error` with CPython's messages.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::{add_functions, new_type, state};
use crate::types::builtin::{add_methods, add_static};
use crate::types::bytes::{ByteArrayData, bytes_like, new_bytes};
use crate::types::descriptor::add_getsets;
use crate::types::int::{IntVal, big_value, int_val};
use crate::types::native::{native, new_native};
use crate::types::str::str_data;
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One format character with its repeat count, placed in the packed bytes.
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    /// Repeat count (the length for `s` and `p`).
    count: usize,
    /// Where the first value goes.
    offset: usize,
    /// Bytes per value (per string for `s` and `p`).
    size: usize,
}

/// A parsed format.
struct Layout {
    format: String,
    items: Vec<Item>,
    size: usize,
    /// Values packed or unpacked.
    values: usize,
    big_endian: bool,
}

/// The size of `code` in native (`@`) or standard mode.
fn code_size(code: u8, native: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    })
}

fn parse(format: &str) -> Result<Layout, &'static str> {
    let bytes = format.as_bytes();
    let (native, big_endian, body) = match bytes.first() {
        Some(b'@') => (true, false, &bytes[1..]),
        Some(b'=' | b'<') => (false, false, &bytes[1..]),
        Some(b'>' | b'!') => (false, true, &bytes[1..]),
        _ => (true, false, bytes),
    };
    let mut items = Vec::new();
    let mut offset = 0usize;
    let mut values = 0usize;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = None;
        while i < body.len() && body[i].is_ascii_digit() {
            let d = usize::from(body[i] - b'0');
            count = Some(
                count
                    .unwrap_or(0usize)
                    .checked_mul(10)
                    .and_then(|n: usize| n.checked_add(d))
                    .ok_or("total struct size too long")?,
            );
            i += 1;
        }
        let Some(&code) = body.get(i) else {
            return Err("repeat count given without format specifier");
        };
        i += 1;
        let size = code_size(code, native).ok_or("bad char in struct format")?;
        let count = count.unwrap_or(1);
        if native && size > 1 {
            offset = offset.div_ceil(size) * size;
        }
        items.push(Item {
            code,
            count,
            offset,
            size,
        });
        let span = if matches!(code, b's' | b'p') {
            values += 1;
            count
        } else {
            if code != b'x' {
                values += count;
            }
            size.checked_mul(count)
                .ok_or("total struct size too long")?
        };
        offset = offset
            .checked_add(span)
            .ok_or("total struct size too long")?;
    }
    Ok(Layout {
        format: format.to_string(),
        items,
        size: offset,
        values,
        big_endian,
    })
}

/// The module's state: `struct.error`, the `Struct` type, parsed formats.
struct StructState {
    error: ObjRef,
    struct_type: ObjRef,
    cache: RefCell<HashMap<String, Rc<Layout>>>,
}

fn struct_state(vm: &Vm) -> Rc<StructState> {
    state(vm, |vm| {
        let ns = dict::new_dict(&vm.types);
        dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("struct")).expect("str keys");
        let error = crate::types::typeobj::new_class(
            vm,
            &vm.types.type_,
            "error",
            vec![vm.types.exc.exception.clone()],
            &ns,
            Args::positional(&[]),
        )
        .expect("an exception class");
        StructState {
            error,
            struct_type: new_type(
                vm,
                "_struct",
                "Struct",
                crate::types::typeobj::flags::BASETYPE,
            ),
            cache: RefCell::new(HashMap::new()),
        }
    })
}

fn error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    vm.new_exception(&struct_state(vm).error, msg)
}

/// The layout of `format` (a str or bytes), parsed once.
fn layout(vm: &Vm, format: &Value) -> PyResult<Rc<Layout>> {
    let text = match str_data(format) {
        Some(s) => s.to_lossy().into_owned(),
        None if vm.is_instance(format, &vm.types.bytes) => {
            String::from_utf8_lossy(&bytes_like(vm, format)?).into_owned()
        }
        None => {
            return Err(vm.type_error(format!(
                "Struct() argument 1 must be a str or bytes object, not {}",
                vm.type_name(format)
            )));
        }
    };
    let st = struct_state(vm);
    if let Some(l) = st.cache.borrow().get(&text) {
        return Ok(l.clone());
    }
    let l = Rc::new(parse(&text).map_err(|m| error(vm, m))?);
    st.cache.borrow_mut().insert(text, l.clone());
    Ok(l)
}

/// The integer range of an integer format character.
fn int_range(code: u8, size: usize) -> (BigInt, BigInt) {
    let bits = size * 8;
    let signed = code.is_ascii_lowercase();
    if signed {
        let half = BigInt::from(1) << (bits - 1);
        (-half.clone(), half - 1)
    } else {
        (BigInt::from(0), (BigInt::from(1) << bits) - 1)
    }
}

/// Writes `n` as `size` bytes.
fn put_uint(out: &mut [u8], n: u64, size: usize, big: bool) {
    let b = n.to_le_bytes();
    for k in 0..size {
        out[if big { size - 1 - k } else { k }] = b[k];
    }
}

fn get_uint(data: &[u8], size: usize, big: bool) -> u64 {
    let mut b = [0u8; 8];
    for k in 0..size {
        b[k] = data[if big { size - 1 - k } else { k }];
    }
    u64::from_le_bytes(b)
}

/// Packs a float as IEEE 754 half precision (round half to even).
fn f16_bits(vm: &Vm, x: f64) -> PyResult<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Ok(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Ok(sign | 0x7c00);
    }
    if a == 0.0 {
        return Ok(sign);
    }
    // In units of the smallest subnormal (2**-24), rounded half to even.
    let scaled = a * f64::powi(2.0, 24);
    if scaled < 1024.0 {
        let m = scaled.round_ties_even() as u16;
        return Ok(sign | m);
    }
    let e = a.log2().floor() as i32;
    let e = if f64::powi(2.0, e) > a { e - 1 } else { e };
    let mant = a / f64::powi(2.0, e) - 1.0;
    let mut m = (mant * 1024.0).round_ties_even() as u32;
    let mut e = e + 15;
    if m == 1024 {
        m = 0;
        e += 1;
    }
    if e >= 31 {
        return Err(vm.overflow_error("float too large to pack with e format"));
    }
    Ok(sign | ((e as u16) << 10) | m as u16)
}

fn f16_value(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = i32::from((bits >> 10) & 0x1f);
    let m = f64::from(bits & 0x3ff);
    sign * match e {
        0 => m * f64::powi(2.0, -24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * f64::powi(2.0, e - 15),
    }
}

fn float_arg(vm: &Vm, v: &Value) -> PyResult<f64> {
    if int_val(v).is_none()
        && !vm.is_instance(v, &vm.types.float)
        && vm.call_special_lookup(v, "__float__").is_none()
        && vm.call_special_lookup(v, "__index__").is_none()
    {
        return Err(error(vm, "required argument is not a float"));
    }
    crate::types::float::to_f64(vm, v)
}

/// Packs one value of `item` at `at`.
fn pack_one(vm: &Vm, l: &Layout, item: &Item, v: &Value, out: &mut [u8]) -> PyResult<()> {
    let big = l.big_endian;
    match item.code {
        b'?' => out[0] = u8::from(vm.truthy(v)?),
        b'c' => match bytes_like(vm, v) {
            Ok(b) if b.len() == 1 && str_data(v).is_none() => out[0] = b[0],
            _ => return Err(error(vm, "char format requires a bytes object of length 1")),
        },
        b'e' => put_uint(out, u64::from(f16_bits(vm, float_arg(vm, v)?)?), 2, big),
        b'f' => {
            let x = float_arg(vm, v)?;
            let y = x as f32;
            if y.is_infinite() && x.is_finite() {
                return Err(vm.overflow_error("float too large to pack with f format"));
            }
            put_uint(out, u64::from(y.to_bits()), 4, big);
        }
        b'd' => put_uint(out, float_arg(vm, v)?.to_bits(), 8, big),
        code => {
            let n = match int_val(v) {
                Some(n) => n,
                None => {
                    if vm.call_special_lookup(v, "__index__").is_none() {
                        return Err(error(vm, "required argument is not an integer"));
                    }
                    int_val(&vm.index(v)?).expect("an int")
                }
            };
            let n = match n {
                IntVal::Small(i) => BigInt::from(i),
                IntVal::Big(b) => b,
            };
            let (lo, hi) = int_range(code, item.size);
            let min_ptr = BigInt::from(i64::MIN);
            let n = if code == b'P' && n < BigInt::from(0) && n >= min_ptr {
                n + (BigInt::from(1) << 64)
            } else {
                n
            };
            if n < lo || n > hi {
                let (lo, hi) = if code == b'P' {
                    int_range(b'Q', 8)
                } else {
                    (lo, hi)
                };
                return Err(error(
                    vm,
                    format!(
                        "'{}' format requires {lo} <= number <= {hi}",
                        char::from(code)
                    ),
                ));
            }
            let (_, digits) = n.to_u64_digits();
            let bits = if n.sign() == num_bigint::Sign::Minus {
                (digits.first().copied().unwrap_or(0)).wrapping_neg()
            } else {
                digits.first().copied().unwrap_or(0)
            };
            put_uint(out, bits, item.size, big);
        }
    }
    Ok(())
}

/// Packs `values` by layout `l` into `out` (of `l.size` bytes).
fn pack_into_slice(vm: &Vm, l: &Layout, values: &[Value], out: &mut [u8]) -> PyResult<()> {
    if values.len() != l.values {
        return Err(error(
            vm,
            format!(
                "pack expected {} items for packing (got {})",
                l.values,
                values.len()
            ),
        ));
    }
    let mut next = values.iter();
    for item in &l.items {
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let v = next.next().expect("counted");
                if str_data(v).is_some() || bytes_like(vm, v).is_err() {
                    return Err(error(
                        vm,
                        format!(
                            "argument for '{}' must be a bytes object",
                            char::from(item.code)
                        ),
                    ));
                }
                let data = bytes_like(vm, v)?;
                let dst = &mut out[item.offset..item.offset + item.count];
                if item.code == b's' {
                    let n = data.len().min(item.count);
                    dst[..n].copy_from_slice(&data[..n]);
                } else if item.count > 0 {
                    let n = data.len().min(item.count - 1).min(255);
                    dst[0] = n as u8;
                    dst[1..=n].copy_from_slice(&data[..n]);
                }
            }
            _ => {
                for k in 0..item.count {
                    let v = next.next().expect("counted");
                    let at = item.offset + k * item.size;
                    pack_one(vm, l, item, v, &mut out[at..at + item.size])?;
                }
            }
        }
    }
    Ok(())
}

/// Unpacks `data` (exactly `l.size` bytes) into values.
fn unpack_slice(vm: &Vm, l: &Layout, data: &[u8]) -> Vec<Value> {
    let big = l.big_endian;
    let mut out = Vec::with_capacity(l.values);
    for item in &l.items {
        match item.code {
            b'x' => {}
            b's' => out.push(new_bytes(
                vm,
                data[item.offset..item.offset + item.count].to_vec(),
            )),
            b'p' => {
                let field = &data[item.offset..item.offset + item.count];
                let n = field
                    .first()
                    .map_or(0, |&n| usize::from(n).min(item.count.saturating_sub(1)));
                out.push(new_bytes(vm, field.get(1..=n).unwrap_or(&[]).to_vec()));
            }
            code => {
                for k in 0..item.count {
                    let at = item.offset + k * item.size;
                    let raw = &data[at..at + item.size];
                    let u = get_uint(raw, item.size, big);
                    out.push(match code {
                        b'?' => Value::Bool(u != 0),
                        b'c' => new_bytes(vm, raw.to_vec()),
                        b'e' => Value::Float(f16_value(u as u16)),
                        b'f' => Value::Float(f64::from(f32::from_bits(u as u32))),
                        b'd' => Value::Float(f64::from_bits(u)),
                        c if c.is_ascii_lowercase() => {
                            let shift = 64 - 8 * item.size as u32;
                            Value::Int(((u << shift) as i64) >> shift)
                        }
                        _ => match i64::try_from(u) {
                            Ok(i) => Value::Int(i),
                            Err(_) => big_value(vm, BigInt::from(u)),
                        },
                    });
                }
            }
        }
    }
    out
}

fn pack_with(vm: &Vm, l: &Layout, values: &[Value]) -> PyResult<Value> {
    let mut out = vec![0u8; l.size];
    pack_into_slice(vm, l, values, &mut out)?;
    Ok(new_bytes(vm, out))
}

fn unpack_with(vm: &Vm, l: &Layout, buffer: &Value) -> PyResult<Value> {
    let data = bytes_like(vm, buffer)?;
    if data.len() != l.size {
        return Err(error(
            vm,
            format!("unpack requires a buffer of {} bytes", l.size),
        ));
    }
    Ok(tuple::new_tuple(vm, unpack_slice(vm, l, &data)))
}

/// Where `size` bytes at `offset` (negative: from the end) start in a
/// buffer of `len` bytes, with CPython's errors; `op` is "unpack_from"
/// or "pack_into".
fn buffer_start(vm: &Vm, op: &str, offset: i64, len: usize, size: usize) -> PyResult<usize> {
    let len = len as i64;
    let start = if offset < 0 {
        if offset + len < 0 {
            return Err(error(
                vm,
                format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        offset + len
    } else {
        offset
    };
    if len - start < size as i64 {
        let what = if op == "pack_into" {
            "packing"
        } else {
            "unpacking"
        };
        return Err(error(
            vm,
            format!(
                "{op} requires a buffer of at least {} bytes for {what} {size} bytes at offset {start} (actual buffer size is {len})",
                start + size as i64
            ),
        ));
    }
    Ok(start as usize)
}

fn unpack_from_with(vm: &Vm, l: &Layout, buffer: &Value, offset: i64) -> PyResult<Value> {
    let data = bytes_like(vm, buffer)?;
    let start = buffer_start(vm, "unpack_from", offset, data.len(), l.size)?;
    Ok(tuple::new_tuple(
        vm,
        unpack_slice(vm, l, &data[start..start + l.size]),
    ))
}

fn pack_into_with(
    vm: &Vm,
    l: &Layout,
    buffer: &Value,
    offset: &Value,
    values: &[Value],
) -> PyResult<Value> {
    let Some(target) = buffer.downcast::<ByteArrayData>() else {
        return Err(vm.type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            vm.type_name(buffer)
        )));
    };
    let offset = crate::types::int::to_i64(vm, &vm.index(offset)?)?;
    let len = target.data.borrow().len();
    let start = buffer_start(vm, "pack_into", offset, len, l.size)?;
    let mut out = vec![0u8; l.size];
    pack_into_slice(vm, l, values, &mut out)?;
    target.data.borrow_mut()[start..start + l.size].copy_from_slice(&out);
    Ok(Value::None)
}

fn iter_unpack_with(vm: &Vm, l: &Layout, buffer: &Value) -> PyResult<Value> {
    let data = bytes_like(vm, buffer)?;
    if l.size == 0 {
        return Err(error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % l.size != 0 {
        return Err(error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                l.size
            ),
        ));
    }
    let items = data
        .chunks(l.size)
        .map(|c| tuple::new_tuple(vm, unpack_slice(vm, l, c)))
        .collect();
    vm.iter(&crate::types::list::new_list(vm, items))
}

/// The first positional argument as a format, the rest as given.
fn with_format<'a>(
    vm: &Vm,
    args: &Args<'a>,
    fname: &str,
    min: usize,
) -> PyResult<(Rc<Layout>, &'a [Value])> {
    args.no_kwargs(vm, fname)?;
    if args.pos.len() < min {
        return Err(vm.type_error(format!(
            "{fname}() missing required argument 'format' (pos 1)"
        )));
    }
    Ok((layout(vm, &args.pos[0])?, &args.pos[1..]))
}

/// The module's functions and `Struct`'s methods share one body each:
/// `which` says how the layout is found (a format argument, or `self`).
fn struct_op(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (l, rest) = match native::<Rc<Layout>>(&args.pos[0]) {
        Some(l) => (l.clone(), &args.pos[1..]),
        None => with_format(vm, &args, name, 1)?,
    };
    let need = |n: usize| -> PyResult<()> {
        if rest.len() < n {
            return Err(vm.type_error(format!(
                "{name}() missing required argument (pos {})",
                rest.len() + 2
            )));
        }
        Ok(())
    };
    match name {
        "pack" => pack_with(vm, &l, rest),
        "unpack" => {
            need(1)?;
            unpack_with(vm, &l, &rest[0])
        }
        "unpack_from" => {
            need(1)?;
            let offset = match (rest.get(1), args.kwnames.first()) {
                (Some(o), _) => crate::types::int::to_i64(vm, &vm.index(o)?)?,
                (None, Some(_)) => crate::types::int::to_i64(vm, &args.kwvalues[0])?,
                _ => 0,
            };
            unpack_from_with(vm, &l, &rest[0], offset)
        }
        "pack_into" => {
            need(2)?;
            pack_into_with(vm, &l, &rest[0], &rest[1], &rest[2..])
        }
        "iter_unpack" => {
            need(1)?;
            iter_unpack_with(vm, &l, &rest[0])
        }
        _ => Ok(Value::Int(l.size as i64)),
    }
}

named_fns!(
    OP_FNS,
    struct_op,
    pack,
    unpack,
    unpack_from,
    pack_into,
    iter_unpack,
    calcsize
);

fn struct_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0].as_obj().cloned().expect("a type");
    let a = args.shift().bind(vm, "Struct", &["format"], 1, 0, 1)?;
    let l = layout(vm, a[0].as_ref().expect("required"))?;
    Ok(new_native(&cls, l))
}

fn layout_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Rc<Layout>> {
    native::<Rc<Layout>>(v)
        .ok_or_else(|| vm.type_error("descriptor requires a '_struct.Struct' object"))
}

fn init_struct_type(vm: &Vm, ty: &ObjRef) {
    add_static(vm, ty, "__new__", struct_new);
    let methods: Vec<(&'static str, NativeFn)> = OP_FNS
        .iter()
        .filter(|(n, _)| *n != "calcsize")
        .copied()
        .collect();
    add_methods(vm, ty, &methods);
    add_methods(
        vm,
        ty,
        &[
            ("__init__", |_, _| Ok(Value::None)),
            ("__repr__", |vm, a| {
                let l = layout_of(vm, &a.pos[0])?;
                Ok(vm.new_str(&format!(
                    "Struct({})",
                    vm.repr_string(&vm.new_str(&l.format))?
                )))
            }),
        ],
    );
    add_getsets(
        vm,
        ty,
        &[
            (
                "format",
                |vm, v| Ok(vm.new_str(&layout_of(vm, v)?.format)),
                None,
            ),
            (
                "size",
                |vm, v| Ok(Value::Int(layout_of(vm, v)?.size as i64)),
                None,
            ),
        ],
    );
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let st = struct_state(vm);
    init_struct_type(vm, &st.struct_type);
    let m = module::new_module(vm, "_struct");
    let d = module::module_dict(&m);
    for (k, v) in [("error", &st.error), ("Struct", &st.struct_type)] {
        dict::set_item(vm, &d, vm.name(k), Value::Obj(v.clone())).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[("_clearcache", |vm, _| {
        struct_state(vm).cache.borrow_mut().clear();
        Ok(Value::None)
    })];
    add_functions(vm, &m, "_struct", fns.iter().chain(OP_FNS));
    m
}
