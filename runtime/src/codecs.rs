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
        | "surrogatepass" | "xmlcharrefreplace" | "namereplace" => Ok(()),
        _ => Err(vm.new_exception(
            &vm.types.exc.lookup_error,
            format!("unknown error handler name '{errors}'"),
        )),
    }
}

/// A codec the runtime does not implement, found in the codec registry
/// (`codecs.lookup`, which imports `encodings`); `missing` is raised if
/// the registry cannot be reached. Only text encodings qualify, and the
/// result must be bytes (encoding) or str (decoding), as CPython checks.
fn through_registry(
    vm: &Vm,
    missing: crate::error::PyErr,
    obj: &Value,
    encoding: &str,
    errors: &str,
    encoding_dir: bool,
) -> PyResult<Value> {
    let info = match crate::modules::codecs::lookup(vm, encoding) {
        Ok(info) => info,
        Err(e) if e.matches(vm, &vm.types.exc.import_error) => return Err(missing),
        Err(e) => return Err(e),
    };
    if let Some(flag) = vm.getattr_opt(&info, "_is_text_encoding")?
        && !vm.truthy(&flag)?
    {
        let how = if encoding_dir { "encode" } else { "decode" };
        return Err(vm.new_exception(
            &vm.types.exc.lookup_error,
            format!(
                "'{encoding}' is not a text encoding; use codecs.{how}() to handle arbitrary codecs"
            ),
        ));
    }
    let items = crate::types::tuple::tuple_items(&info).unwrap_or_default();
    let f = &items[if encoding_dir { 0 } else { 1 }];
    let r = vm.call(f, &[obj.clone(), vm.new_str(errors)])?;
    let out = crate::types::tuple::tuple_items(&r)
        .filter(|t| t.len() == 2)
        .map(|t| t[0].clone())
        .ok_or_else(|| {
            vm.type_error(format!(
                "{}r must return a tuple (object, integer)",
                if encoding_dir { "encode" } else { "decode" }
            ))
        })?;
    let ok = if encoding_dir {
        vm.is_instance(&out, &vm.types.bytes)
    } else {
        vm.is_instance(&out, &vm.types.str)
    };
    if !ok {
        let (what, want) = if encoding_dir {
            ("encoder", "bytes")
        } else {
            ("decoder", "str")
        };
        let hint = if encoding_dir { "encode" } else { "decode" };
        return Err(vm.type_error(format!(
            "'{encoding}' {what} returned '{}' instead of '{want}'; use codecs.{hint}() to {hint} to arbitrary types",
            vm.type_name(&out)
        )));
    }
    Ok(out)
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(vm: &Vm, data: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    let codec = match lookup(vm, encoding) {
        Ok(c) => c,
        Err(e) => {
            let data = crate::types::bytes::new_bytes(vm, data.to_vec());
            return through_registry(vm, e, &data, encoding, errors, false);
        }
    };
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
    let codec = match lookup(vm, encoding) {
        Ok(c) => c,
        Err(e) => {
            let b = through_registry(vm, e, orig, encoding, errors, true)?;
            return crate::types::bytes::bytes_like(vm, &b);
        }
    };
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
            "namereplace" => {
                let esc = match char::from_u32(cp).and_then(pyrite_compiler::text::char_name) {
                    Some(name) => format!("\\N{{{name}}}"),
                    None if cp < 0x100 => format!("\\x{cp:02x}"),
                    None if cp < 0x10000 => format!("\\u{cp:04x}"),
                    None => format!("\\U{cp:08x}"),
                };
                out.extend_from_slice(esc.as_bytes());
            }
            "surrogateescape" if (0xDC80..0xDD00).contains(&cp) => out.push((cp - 0xDC00) as u8),
            "surrogatepass" if codec == Codec::Utf8 && (0xD800..0xE000).contains(&cp) => {
                push_cp(&mut out, cp)
            }
            _ => return Err(encode_error(vm, codec, orig, i, i + 1, reason)),
        }
    }
    Ok(out)
}
