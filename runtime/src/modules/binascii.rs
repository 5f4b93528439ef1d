//! `binascii`: hex and base64 conversions and the CRC-32 / CRC-CCITT
//! checksums that `base64`, `zipfile`-style code and the email package use,
//! with CPython's argument handling (ASCII str or bytes-like input for the
//! `a2b_*` functions) and `binascii.Error` messages.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::{add_functions, state};
use crate::types::bytes::{bytes_like, new_bytes};
use crate::types::str::str_data;
use crate::types::{dict, module};
use crate::value::Value;
use crate::vm::Vm;

/// `binascii.Error` and `binascii.Incomplete`.
struct Errors {
    error: ObjRef,
    incomplete: ObjRef,
}

fn errors(vm: &Vm) -> std::rc::Rc<Errors> {
    state(vm, |vm| {
        let make = |name: &str, base: &ObjRef| {
            let ns = dict::new_dict(&vm.types);
            dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("binascii"))
                .expect("str keys");
            crate::types::typeobj::new_class(
                vm,
                &vm.types.type_,
                name,
                vec![base.clone()],
                &ns,
                Args::positional(&[]),
            )
            .expect("an exception class")
        };
        Errors {
            error: make("Error", &vm.types.exc.value_error),
            incomplete: make("Incomplete", &vm.types.exc.exception),
        }
    })
}

fn error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    vm.new_exception(&errors(vm).error, msg)
}

/// Input of the `a2b_*` functions: ASCII text or bytes-like data.
fn ascii_data(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = str_data(v) {
        if !s.is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(s.as_bytes().to_vec());
    }
    bytes_like(vm, v).map_err(|_| {
        vm.type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if str_data(v).is_some() {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        )));
    }
    bytes_like(vm, v)
}

/// `hexlify(data, sep=None, bytes_per_sep=1)` (also `b2a_hex`).
fn hexlify(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "hexlify", &["data", "sep", "bytes_per_sep"], 1, 0, 3)?;
    let data = data_arg(vm, a[0].as_ref().expect("required"))?;
    let sep = match a[1].as_ref().filter(|s| !s.is_none()) {
        None => None,
        Some(s) => {
            let b = match str_data(s) {
                Some(t) => t.as_bytes().to_vec(),
                None => bytes_like(vm, s)?,
            };
            if b.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            Some(b[0])
        }
    };
    let per = a[2]
        .as_ref()
        .map_or(Ok(1), |v| crate::types::int::to_i64(vm, v))?;
    let hex: Vec<[u8; 2]> = data
        .iter()
        .map(|b| {
            let h = format!("{b:02x}");
            [h.as_bytes()[0], h.as_bytes()[1]]
        })
        .collect();
    let mut out = Vec::with_capacity(hex.len() * 3);
    let group = per.unsigned_abs() as usize;
    for (i, h) in hex.iter().enumerate() {
        if let Some(s) = sep
            && group > 0
            && i > 0
        {
            // Groups count from the right for positive bytes_per_sep.
            let boundary = if per > 0 {
                (hex.len() - i).is_multiple_of(group)
            } else {
                i.is_multiple_of(group)
            };
            if boundary {
                out.push(s);
            }
        }
        out.extend_from_slice(h);
    }
    Ok(new_bytes(vm, out))
}

/// `unhexlify(hexstr)` (also `a2b_hex`).
fn unhexlify(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "unhexlify", &["hexstr"], 1, 0, 1)?;
    let data = ascii_data(vm, a[0].as_ref().expect("required"))?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let digit = |c: u8| char::from(c).to_digit(16);
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(new_bytes(vm, out))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|i| i as u32)
}

/// `b2a_base64(data, *, newline=True)`.
fn b2a_base64(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "b2a_base64", &["data", "newline"], 1, 0, 1)?;
    let data = data_arg(vm, a[0].as_ref().expect("required"))?;
    let newline = a[1].as_ref().map_or(Ok(true), |v| vm.truthy(v))?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    Ok(new_bytes(vm, out))
}

/// `a2b_base64(data, *, strict_mode=False)`.
fn a2b_base64(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "a2b_base64", &["data", "strict_mode"], 1, 0, 1)?;
    let data = ascii_data(vm, a[0].as_ref().expect("required"))?;
    let strict = a[1].as_ref().map_or(Ok(false), |v| vm.truthy(v))?;
    if strict && data.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    // Bytes come out as characters arrive: one per character after the
    // first of each group of four.
    let mut quad = 0usize;
    let mut left = 0u32;
    let mut pads = 0usize;
    let mut seen = 0usize;
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if strict && quad == 0 {
                return Err(error(vm, "Excess padding not allowed"));
            }
            pads += 1;
            if quad >= 2 && quad + pads >= 4 && strict {
                return match data.get(i + 1) {
                    Some(b'=') => Err(error(vm, "Excess padding not allowed")),
                    Some(_) => Err(error(vm, "Excess data after padding")),
                    None => Ok(new_bytes(vm, out)),
                };
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        seen += 1;
        match quad {
            0 => left = v,
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0xf;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 3;
            }
            _ => out.push(((left << 6) | v) as u8),
        }
        quad = (quad + 1) % 4;
    }
    let padded = quad >= 2 && quad + pads >= 4;
    if quad != 0 && !padded {
        return Err(error(
            vm,
            if quad == 1 {
                format!(
                    "Invalid base64-encoded string: number of data characters ({seen}) cannot be 1 more than a multiple of 4"
                )
            } else {
                "Incorrect padding".to_string()
            },
        ));
    }
    Ok(new_bytes(vm, out))
}

/// CRC-32 (IEEE 802.3, reflected), as zlib computes it.
fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    crc = !crc;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-CCITT (polynomial 0x1021, not reflected), as `crc_hqx` computes it.
fn crc_hqx_update(mut crc: u16, data: &[u8]) -> u16 {
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// `crc32(data, crc=0)` and `crc_hqx(data, crc)`.
fn checksum(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, name, if name == "crc32" { 1 } else { 2 }, 2)?;
    let data = data_arg(vm, &p[0])?;
    let start = match p.get(1) {
        Some(v) => {
            let n = crate::types::int::int_val(&vm.index(v)?).expect("an int");
            match n {
                crate::types::int::IntVal::Small(i) => i as u64,
                crate::types::int::IntVal::Big(b) => {
                    let (_, digits) = b.to_u64_digits();
                    digits.first().copied().unwrap_or(0)
                }
            }
        }
        None => 0,
    };
    Ok(Value::Int(if name == "crc32" {
        i64::from(crc32_update(start as u32, &data))
    } else {
        i64::from(crc_hqx_update(start as u16, &data))
    }))
}

named_fns!(CRC_FNS, checksum, crc32, crc_hqx);

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let e = errors(vm);
    let m = module::new_module(vm, "binascii");
    let d = module::module_dict(&m);
    for (k, v) in [("Error", &e.error), ("Incomplete", &e.incomplete)] {
        dict::set_item(vm, &d, vm.name(k), Value::Obj(v.clone())).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
    ];
    add_functions(vm, &m, "binascii", fns.iter().chain(CRC_FNS));
    m
}
