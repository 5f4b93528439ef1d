//! Text encodings built into the runtime: UTF-8, ASCII and Latin-1, with the
//! common error handlers (`strict`, `ignore`, `replace`, `backslashreplace`,
//! `surrogateescape`, `surrogatepass`) and CPython's error messages.

use crate::error::PyResult;
use crate::types::str::{StrData, push_cp};
use crate::value::Value;
use crate::vm::Vm;

/// A codec the runtime implements itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// ASCII.
    Ascii,
    /// ISO-8859-1.
    Latin1,
}

impl Codec {
    /// CPython's canonical name (used in error messages).
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

/// Finds a codec by any of its aliases.
pub fn lookup(vm: &Vm, encoding: &str) -> PyResult<Codec> {
    let norm: String = encoding
        .trim()
        .to_ascii_lowercase()
        .replace(['_', ' '], "-");
    match norm.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" | "utf-8-sig" => Ok(Codec::Utf8),
        "ascii" | "us-ascii" | "646" | "us" => Ok(Codec::Ascii),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" | "l1" | "latin" => {
            Ok(Codec::Latin1)
        }
        _ => Err(vm.new_exception(
            &vm.types.exc.lookup_error,
            format!("unknown encoding: {encoding}"),
        )),
    }
}

fn decode_error(
    vm: &Vm,
    codec: Codec,
    data: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> crate::error::PyErr {
    vm.new_exception_args(
        &vm.types.exc.unicode_decode_error,
        vec![
            vm.new_str(codec.name()),
            crate::types::bytes::new_bytes(vm, data.to_vec()),
            Value::Int(start as i64),
            Value::Int(end as i64),
            vm.new_str(reason),
        ],
    )
}

fn encode_error(
    vm: &Vm,
    codec: Codec,
    orig: &Value,
    start: usize,
    end: usize,
    reason: &str,
) -> crate::error::PyErr {
    vm.new_exception_args(
        &vm.types.exc.unicode_encode_error,
        vec![
            vm.new_str(codec.name()),
            orig.clone(),
            Value::Int(start as i64),
            Value::Int(end as i64),
            vm.new_str(reason),
        ],
    )
}

fn check_handler(vm: &Vm, errors: &str) -> PyResult<()> {
    match errors {
        "strict" | "ignore" | "replace" | "backslashreplace" | "surrogateescape"
        | "surrogatepass" | "xmlcharrefreplace" => Ok(()),
        _ => Err(vm.new_exception(
            &vm.types.exc.lookup_error,
            format!("unknown error handler name '{errors}'"),
        )),
    }
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(vm: &Vm, data: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    let codec = lookup(vm, encoding)?;
    let sig = encoding.to_ascii_lowercase().replace('_', "-") == "utf-8-sig";
    let data = if sig {
        data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
    } else {
        data
    };
    if codec == Codec::Utf8
        && let Ok(s) = std::str::from_utf8(data)
    {
        return Ok(vm.new_str(s));
    }
    check_handler(vm, errors)?;
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let (cp, len, bad) = match codec {
            Codec::Latin1 => (u32::from(data[i]), 1, None),
            Codec::Ascii => {
                if data[i] < 0x80 {
                    (u32::from(data[i]), 1, None)
                } else {
                    (0, 1, Some("ordinal not in range(128)"))
                }
            }
            Codec::Utf8 => match std::str::from_utf8(&data[i..]) {
                Ok(s) => {
                    out.extend_from_slice(s.as_bytes());
                    break;
                }
                Err(e) if e.valid_up_to() > 0 => {
                    out.extend_from_slice(&data[i..i + e.valid_up_to()]);
                    i += e.valid_up_to();
                    continue;
                }
                Err(e) => {
                    let b = data[i];
                    let surrogate = errors == "surrogatepass"
                        && b == 0xED
                        && data.len() >= i + 3
                        && (0xA0..=0xBF).contains(&data[i + 1])
                        && (0x80..=0xBF).contains(&data[i + 2]);
                    if surrogate {
                        let cp = (u32::from(b & 0x0F) << 12)
                            | (u32::from(data[i + 1] & 0x3F) << 6)
                            | u32::from(data[i + 2] & 0x3F);
                        (cp, 3, None)
                    } else {
                        let (len, reason) = match e.error_len() {
                            None => (data.len() - i, "unexpected end of data"),
                            Some(n) => {
                                if (0x80..0xC2).contains(&b) || b > 0xF4 {
                                    (n, "invalid start byte")
                                } else {
                                    (n, "invalid continuation byte")
                                }
                            }
                        };
                        (0, len, Some(reason))
                    }
                }
            },
        };
        match bad {
            None => push_cp(&mut out, cp),
            Some(reason) => match errors {
                "strict" | "surrogatepass" => {
                    return Err(decode_error(vm, codec, data, i, i + len, reason));
                }
                "ignore" => {}
                "replace" => push_cp(&mut out, 0xFFFD),
                "backslashreplace" => {
                    for b in &data[i..i + len] {
                        out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                    }
                }
                "surrogateescape" => {
                    for &b in &data[i..i + len] {
                        if b < 128 {
                            return Err(decode_error(vm, codec, data, i, i + len, reason));
                        }
                        push_cp(&mut out, 0xDC00 + u32::from(b));
                    }
                }
                _ => return Err(decode_error(vm, codec, data, i, i + len, reason)),
            },
        }
        i += len;
    }
    Ok(vm.new_str_data(StrData::from_wtf8(out)))
}

/// `str.encode(encoding, errors)`; `orig` is the string (for errors).
pub fn encode(
    vm: &Vm,
    orig: &Value,
    s: &StrData,
    encoding: &str,
    errors: &str,
) -> PyResult<Vec<u8>> {
    let codec = lookup(vm, encoding)?;
    if codec == Codec::Utf8 && !s.has_surrogates() {
        return Ok(s.as_bytes().to_vec());
    }
    if codec == Codec::Ascii && s.is_ascii() {
        return Ok(s.as_bytes().to_vec());
    }
    check_handler(vm, errors)?;
    let limit = match codec {
        Codec::Utf8 => 0x110000,
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
    };
    let reason = match codec {
        Codec::Utf8 => "surrogates not allowed",
        Codec::Ascii => "ordinal not in range(128)",
        Codec::Latin1 => "ordinal not in range(256)",
    };
    let mut out = Vec::with_capacity(s.as_bytes().len());
    for (i, cp) in s.code_points().enumerate() {
        let ok = cp < limit && !(codec == Codec::Utf8 && (0xD800..0xE000).contains(&cp));
        if ok {
            match codec {
                Codec::Utf8 => push_cp(&mut out, cp),
                _ => out.push(cp as u8),
            }
            continue;
        }
        match errors {
            "strict" => return Err(encode_error(vm, codec, orig, i, i + 1, reason)),
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => {
                let esc = if cp < 0x100 {
                    format!("\\x{cp:02x}")
                } else if cp < 0x10000 {
                    format!("\\u{cp:04x}")
                } else {
                    format!("\\U{cp:08x}")
                };
                out.extend_from_slice(esc.as_bytes());
            }
            "xmlcharrefreplace" => out.extend_from_slice(format!("&#{cp};").as_bytes()),
            "surrogateescape" if (0xDC80..0xDD00).contains(&cp) => out.push((cp - 0xDC00) as u8),
            "surrogatepass" if codec == Codec::Utf8 && (0xD800..0xE000).contains(&cp) => {
                push_cp(&mut out, cp)
            }
            _ => return Err(encode_error(vm, codec, orig, i, i + 1, reason)),
        }
    }
    Ok(out)
}
