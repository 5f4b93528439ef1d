//! `_codecs`: the codec registry (`register`, `lookup`, `encode`,
//! `decode`, error handlers) and the codec functions the `encodings`
//! package wraps: UTF-8/16/32, ASCII, Latin-1, the escape codecs and
//! charmaps, each returning `(result, consumed)` and stopping before an
//! incomplete sequence when not `final`, as CPython's do.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::{add_functions, state};
use crate::types::bytes::{bytes_like, new_bytes};
use crate::types::str::{StrData, push_cp, str_data};
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;
use std::rc::Rc;

/// The registry: search functions, found codecs, error handlers.
struct Registry {
    search: RefCell<Vec<Value>>,
    cache: ObjRef,
    handlers: ObjRef,
}

fn registry(vm: &Vm) -> Rc<Registry> {
    state(vm, |vm| Registry {
        search: RefCell::new(Vec::new()),
        cache: dict::new_dict(&vm.types),
        handlers: dict::new_dict(&vm.types),
    })
}

/// An encoding name as the registry keys it: lowercase, runs of other
/// characters than letters, digits and dots as one `_`.
fn normalize(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '.' {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

fn str_arg(vm: &Vm, fname: &str, what: &str, v: &Value) -> PyResult<String> {
    match str_data(v) {
        Some(s) => Ok(s.to_lossy().into_owned()),
        None => Err(vm.type_error(format!(
            "{fname}() argument {what} must be str, not {}",
            vm.type_name(v)
        ))),
    }
}

/// `codecs.lookup(encoding)`: the codec info the search functions give.
pub fn lookup(vm: &Vm, encoding: &str) -> PyResult<Value> {
    let reg = registry(vm);
    let key = vm.new_str(&normalize(encoding));
    if let Some(found) = dict::get_str(vm, &reg.cache, &key) {
        return Ok(found);
    }
    if reg.search.borrow().is_empty() {
        // The registry fills itself by importing `encodings`.
        crate::import::import_module(vm, "encodings")?;
    }
    let funcs = reg.search.borrow().clone();
    for f in funcs {
        let r = vm.call(&f, std::slice::from_ref(&key))?;
        if r.is_none() {
            continue;
        }
        let ok = tuple::tuple_items(&r).is_some_and(|t| t.len() == 4);
        if !ok {
            return Err(vm.type_error("codec search functions must return 4-tuples"));
        }
        dict::set_item(vm, &reg.cache, key, r.clone())?;
        return Ok(r);
    }
    Err(vm.new_exception(
        &vm.types.exc.lookup_error,
        format!("unknown encoding: {encoding}"),
    ))
}

fn register(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [f] = args.check(vm, "register", 1, 1)? else {
        unreachable!()
    };
    if !vm.is_callable(f) {
        return Err(vm.type_error("argument must be callable"));
    }
    registry(vm).search.borrow_mut().push(f.clone());
    Ok(Value::None)
}

fn unregister(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [f] = args.check(vm, "unregister", 1, 1)? else {
        unreachable!()
    };
    let reg = registry(vm);
    reg.search.borrow_mut().retain(|g| !g.is(f));
    vm.call_method(&Value::Obj(reg.cache.clone()), "clear", &[])?;
    Ok(Value::None)
}

/// `encode`/`decode(obj, encoding='utf-8', errors='strict')`: through the
/// registry.
fn transcode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, name, &["obj", "encoding", "errors"], 1, 0, 3)?;
    let obj = a[0].clone().expect("required");
    let encoding = match &a[1] {
        Some(e) => str_arg(vm, name, "'encoding'", e)?,
        None => "utf-8".to_string(),
    };
    let errors = a[2].clone().unwrap_or_else(|| vm.new_str("strict"));
    let info = lookup(vm, &encoding)?;
    let items = tuple::tuple_items(&info).unwrap_or_default();
    let f = &items[if name == "encode" { 0 } else { 1 }];
    let r = vm.call(f, &[obj, errors])?;
    match tuple::tuple_items(&r) {
        Some(t) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(vm.type_error(format!("{name}r must return a tuple (object, integer)"))),
    }
}

named_fns!(TRANSCODE_FNS, transcode, encode, decode);

/// The error handlers every interpreter has, by name.
const BUILTIN_HANDLERS: &[&str] = &[
    "strict",
    "ignore",
    "replace",
    "xmlcharrefreplace",
    "backslashreplace",
    "namereplace",
    "surrogateescape",
    "surrogatepass",
];

fn register_error(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [name, handler] = args.check(vm, "register_error", 2, 2)? else {
        unreachable!()
    };
    let name = str_arg(vm, "register_error", "1", name)?;
    if !vm.is_callable(handler) {
        return Err(vm.type_error("handler must be callable"));
    }
    dict::set_item(
        vm,
        &registry(vm).handlers,
        vm.new_str(&name),
        handler.clone(),
    )?;
    Ok(Value::None)
}

fn lookup_error(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [name] = args.check(vm, "lookup_error", 1, 1)? else {
        unreachable!()
    };
    let n = str_arg(vm, "lookup_error", "1", name)?;
    if let Some(h) = dict::get_str(vm, &registry(vm).handlers, name) {
        return Ok(h);
    }
    if BUILTIN_HANDLERS.contains(&n.as_str()) {
        let (fname, f) = handler_fn(&n);
        let f = crate::types::builtin::free_builtin(vm, fname, f, Some("_codecs"));
        dict::set_item(vm, &registry(vm).handlers, name.clone(), f.clone())?;
        return Ok(f);
    }
    Err(vm.new_exception(
        &vm.types.exc.lookup_error,
        format!("unknown error handler name '{n}'"),
    ))
}

/// The builtin handler functions, by the name `lookup_error` gives them.
fn handler_fn(n: &str) -> (&'static str, NativeFn) {
    let name = format!("{n}_errors");
    HANDLER_FNS
        .iter()
        .find(|(f, _)| *f == name)
        .copied()
        .expect("a builtin handler")
}

/// A builtin error handler called from Python with a Unicode error: the
/// replacement and the position to go on from, as CPython's do.
fn builtin_handler(vm: &Vm, fname: &str, args: Args<'_>) -> PyResult<Value> {
    let [exc] = args.check(vm, fname, 1, 1)? else {
        unreachable!()
    };
    let x = &vm.types.exc;
    let encoding = vm.is_instance(exc, &x.unicode_encode_error);
    let decoding = vm.is_instance(exc, &x.unicode_decode_error);
    let wrong = || {
        vm.type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name(exc)
        ))
    };
    if !vm.is_instance(exc, &x.base_exception) {
        return Err(wrong());
    }
    if fname == "strict_errors" {
        return Err(PyErr(exc.as_obj().cloned().expect("an exception object")));
    }
    if !encoding && !decoding && !vm.is_instance(exc, &x.unicode_translate_error) {
        return Err(wrong());
    }
    let start = crate::types::int::to_i64(vm, &vm.getattr(exc, "start")?)?.max(0) as usize;
    let end = crate::types::int::to_i64(vm, &vm.getattr(exc, "end")?)?.max(0) as usize;
    let object = vm.getattr(exc, "object")?;
    let text_cps: Vec<u32> = str_data(&object)
        .map(|s| s.code_points().collect())
        .unwrap_or_default();
    let bytes = if decoding {
        bytes_like(vm, &object)?
    } else {
        Vec::new()
    };
    let end_c = end.min(if decoding {
        bytes.len()
    } else {
        text_cps.len()
    });
    let start_c = start.min(end_c);
    let mut out: Vec<u32> = Vec::new();
    let mut resume = end;
    let push_str = |out: &mut Vec<u32>, s: &str| out.extend(s.chars().map(u32::from));
    match (fname, decoding) {
        ("ignore_errors", _) => {}
        ("replace_errors", true) => out.push(0xFFFD),
        ("replace_errors", false) => {
            out.extend(std::iter::repeat_n(u32::from(b'?'), end_c - start_c))
        }
        ("backslashreplace_errors", true) => {
            for b in &bytes[start_c..end_c] {
                push_str(&mut out, &format!("\\x{b:02x}"));
            }
        }
        ("backslashreplace_errors", false) | ("namereplace_errors", false) => {
            for &c in &text_cps[start_c..end_c] {
                let named = (fname == "namereplace_errors")
                    .then(|| char::from_u32(c).and_then(pyrite_compiler::text::char_name))
                    .flatten();
                let esc = match named {
                    Some(n) => format!("\\N{{{n}}}"),
                    None if c < 0x100 => format!("\\x{c:02x}"),
                    None if c < 0x10000 => format!("\\u{c:04x}"),
                    None => format!("\\U{c:08x}"),
                };
                push_str(&mut out, &esc);
            }
        }
        ("xmlcharrefreplace_errors", false) => {
            for &c in &text_cps[start_c..end_c] {
                push_str(&mut out, &format!("&#{c};"));
            }
        }
        ("surrogateescape_errors", true) => {
            let run = &bytes[start_c..end_c];
            let n = run.iter().take_while(|&&b| b >= 128).count().min(4);
            if n == 0 {
                return Err(PyErr(exc.as_obj().cloned().expect("an exception object")));
            }
            out.extend(run[..n].iter().map(|&b| 0xDC00 + u32::from(b)));
            resume = start_c + n;
        }
        ("surrogateescape_errors", false) => {
            let mut raw = Vec::new();
            for &c in &text_cps[start_c..end_c] {
                if !(0xDC80..0xDD00).contains(&c) {
                    return Err(PyErr(exc.as_obj().cloned().expect("an exception object")));
                }
                raw.push((c - 0xDC00) as u8);
            }
            return Ok(tuple::new_tuple(
                vm,
                vec![new_bytes(vm, raw), Value::Int(end as i64)],
            ));
        }
        ("surrogatepass_errors", true) => {
            let run = &bytes[start_c..];
            let is_surrogate = run.len() >= 3
                && run[0] == 0xED
                && (0xA0..=0xBF).contains(&run[1])
                && (0x80..=0xBF).contains(&run[2]);
            if !is_surrogate {
                return Err(PyErr(exc.as_obj().cloned().expect("an exception object")));
            }
            out.push(0xD000 | (u32::from(run[1] & 0x3F) << 6) | u32::from(run[2] & 0x3F));
            resume = start_c + 3;
        }
        ("surrogatepass_errors", false) => {
            let mut raw = Vec::new();
            for &c in &text_cps[start_c..end_c] {
                if !(0xD800..0xE000).contains(&c) {
                    return Err(PyErr(exc.as_obj().cloned().expect("an exception object")));
                }
                push_cp(&mut raw, c);
            }
            return Ok(tuple::new_tuple(
                vm,
                vec![new_bytes(vm, raw), Value::Int(end as i64)],
            ));
        }
        _ => return Err(wrong()),
    }
    Ok(tuple::new_tuple(
        vm,
        vec![
            vm.new_str_data(StrData::from_code_points(out)),
            Value::Int(resume as i64),
        ],
    ))
}

named_fns!(
    HANDLER_FNS,
    builtin_handler,
    strict_errors,
    ignore_errors,
    replace_errors,
    xmlcharrefreplace_errors,
    backslashreplace_errors,
    namereplace_errors,
    surrogateescape_errors,
    surrogatepass_errors
);

/// Decodes UTF-8: the text and how many bytes it used (an incomplete
/// sequence at the end is left for later unless `final`).
fn utf8_decode(vm: &Vm, data: &[u8], errors: &str, fin: bool) -> PyResult<(Value, usize)> {
    let mut cut = data.len();
    if !fin
        && let Err(e) = std::str::from_utf8(data)
        && e.error_len().is_none()
    {
        cut = e.valid_up_to();
    }
    let text = crate::codecs::decode(vm, &data[..cut], "utf-8", errors)?;
    Ok((text, cut))
}

fn result(vm: &Vm, v: Value, n: usize) -> Value {
    tuple::new_tuple(vm, vec![v, Value::Int(n as i64)])
}

/// The `(data, errors=None, final=False)` arguments of a decoder.
fn decode_args(vm: &Vm, name: &str, args: &Args<'_>) -> PyResult<(Vec<u8>, String, bool)> {
    let a = args.bind(vm, name, &["data", "errors", "final"], 1, 3, 3)?;
    let data = bytes_like(vm, a[0].as_ref().expect("required"))?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let fin = a[2].as_ref().map_or(Ok(false), |v| vm.truthy(v))?;
    Ok((data, errors, fin))
}

fn errors_arg(vm: &Vm, v: Option<&Value>) -> PyResult<String> {
    match v {
        None => Ok("strict".to_string()),
        Some(v) if v.is_none() => Ok("strict".to_string()),
        Some(v) => str_arg(vm, "codec", "'errors'", v),
    }
}

/// The `(str, errors=None)` arguments of an encoder.
fn encode_args<'a>(vm: &Vm, name: &str, args: &Args<'a>) -> PyResult<(Value, String)> {
    let a = args.bind(vm, name, &["str", "errors"], 1, 2, 2)?;
    let s = a[0].clone().expect("required");
    if str_data(&s).is_none() {
        return Err(vm.type_error(format!(
            "{name}() argument 1 must be str, not {}",
            vm.type_name(&s)
        )));
    }
    Ok((s, errors_arg(vm, a[1].as_ref())?))
}

/// UTF-8, ASCII and Latin-1 through the runtime's own codecs.
fn simple_encode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (s, errors) = encode_args(vm, name, &args)?;
    let sd = str_data(&s).expect("checked");
    let enc = name.trim_end_matches("_encode").replace('_', "-");
    let b = crate::codecs::encode(vm, &s, sd, &enc, &errors)?;
    Ok(result(vm, new_bytes(vm, b), sd.len()))
}

fn simple_decode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (data, errors, fin) = decode_args(vm, name, &args)?;
    if name == "utf_8_decode" {
        let (text, n) = utf8_decode(vm, &data, &errors, fin)?;
        return Ok(result(vm, text, n));
    }
    let enc = name.trim_end_matches("_decode").replace('_', "-");
    let text = crate::codecs::decode(vm, &data, &enc, &errors)?;
    Ok(result(vm, text, data.len()))
}

named_fns!(
    SIMPLE_ENCODE_FNS,
    simple_encode,
    utf_8_encode,
    ascii_encode,
    latin_1_encode
);
named_fns!(
    SIMPLE_DECODE_FNS,
    simple_decode,
    utf_8_decode,
    ascii_decode,
    latin_1_decode
);

/// The byte order of a UTF-16/32 codec: from its name, or (0) from a
/// byte order mark, else the machine's (little-endian).
fn order_of(name: &str) -> i64 {
    if name.contains("_le_") {
        -1
    } else if name.contains("_be_") {
        1
    } else {
        0
    }
}

fn unicode_error(
    vm: &Vm,
    decode: bool,
    encoding: &str,
    obj: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let ty = if decode {
        &vm.types.exc.unicode_decode_error
    } else {
        &vm.types.exc.unicode_encode_error
    };
    vm.new_exception_args(
        ty,
        vec![
            vm.new_str(encoding),
            obj,
            Value::Int(start as i64),
            Value::Int(end as i64),
            vm.new_str(reason),
        ],
    )
}

/// The codec a function implements, as errors name it (`utf-16-le`).
fn codec_name(fname: &str) -> String {
    fname
        .trim_end_matches("_encode")
        .trim_end_matches("_decode")
        .trim_end_matches("_ex")
        .replace('_', "-")
}

/// UTF-16 (`width` 2) or UTF-32 (`width` 4) encoding.
fn wide_encode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let width = if name.starts_with("utf_16") { 2 } else { 4 };
    let a = args.bind(vm, name, &["str", "errors", "byteorder"], 1, 3, 3)?;
    let s = a[0].clone().expect("required");
    let Some(sd) = str_data(&s) else {
        return Err(vm.type_error(format!(
            "{name}() argument 1 must be str, not {}",
            vm.type_name(&s)
        )));
    };
    let errors = errors_arg(vm, a[1].as_ref())?;
    let mut order = order_of(name);
    if order == 0 {
        order = a[2]
            .as_ref()
            .map_or(Ok(0), |v| crate::types::int::to_i64(vm, v))?;
    }
    let encoding = codec_name(name);
    let encoding = encoding.as_str();
    let mut out = Vec::new();
    let push = |out: &mut Vec<u8>, unit: u32| {
        if width == 2 {
            let u = unit as u16;
            out.extend_from_slice(&if order > 0 {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        } else {
            out.extend_from_slice(&if order > 0 {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
    };
    if order == 0 {
        push(&mut out, 0xFEFF);
    }
    for (i, cp) in sd.code_points().enumerate() {
        if (0xD800..0xE000).contains(&cp) {
            match errors.as_str() {
                "surrogatepass" => {}
                "ignore" => continue,
                "replace" => {
                    push(&mut out, u32::from(b'?'));
                    continue;
                }
                _ => {
                    return Err(unicode_error(
                        vm,
                        false,
                        encoding,
                        s.clone(),
                        i,
                        i + 1,
                        "surrogates not allowed",
                    ));
                }
            }
        }
        if width == 2 && cp >= 0x10000 {
            let v = cp - 0x10000;
            push(&mut out, 0xD800 + (v >> 10));
            push(&mut out, 0xDC00 + (v & 0x3FF));
        } else {
            push(&mut out, cp);
        }
    }
    Ok(result(vm, new_bytes(vm, out), sd.len()))
}

/// UTF-16/32 decoding; returns the text, bytes used and the byte order.
fn wide_decode_core(
    vm: &Vm,
    encoding: &str,
    data: &[u8],
    errors: &str,
    mut order: i64,
    fin: bool,
) -> PyResult<(Value, usize, i64)> {
    let width = if encoding.starts_with("utf-16") { 2 } else { 4 };
    let mut i = 0;
    if order == 0 && data.len() >= width {
        let bom_le: &[u8] = if width == 2 {
            b"\xff\xfe"
        } else {
            b"\xff\xfe\x00\x00"
        };
        let bom_be: &[u8] = if width == 2 {
            b"\xfe\xff"
        } else {
            b"\x00\x00\xfe\xff"
        };
        if data.starts_with(bom_le) {
            order = -1;
            i = width;
        } else if data.starts_with(bom_be) {
            order = 1;
            i = width;
        }
    }
    let unit_at = |at: usize| -> u32 {
        let b = &data[at..at + width];
        match (width, order > 0) {
            (2, true) => u32::from(u16::from_be_bytes([b[0], b[1]])),
            (2, false) => u32::from(u16::from_le_bytes([b[0], b[1]])),
            (_, true) => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            (_, false) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        }
    };
    let mut out: Vec<u8> = Vec::new();
    let bad = |out: &mut Vec<u8>, start: usize, end: usize, reason: &str| -> PyResult<()> {
        match errors {
            "ignore" => Ok(()),
            "replace" => {
                push_cp(out, 0xFFFD);
                Ok(())
            }
            "backslashreplace" => {
                for b in &data[start..end] {
                    out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                }
                Ok(())
            }
            _ => Err(unicode_error(
                vm,
                true,
                encoding,
                new_bytes(vm, data.to_vec()),
                start,
                end,
                reason,
            )),
        }
    };
    while i < data.len() {
        if data.len() - i < width {
            if !fin {
                break;
            }
            bad(&mut out, i, data.len(), "truncated data")?;
            i = data.len();
            break;
        }
        let u = unit_at(i);
        if width == 4 {
            if u > 0x10FFFF || ((0xD800..0xE000).contains(&u) && errors != "surrogatepass") {
                let reason = if u > 0x10FFFF {
                    "code point not in range(0x110000)"
                } else {
                    "code point in surrogate code point range(0xd800, 0xe000)"
                };
                bad(&mut out, i, i + 4, reason)?;
            } else {
                push_cp(&mut out, u);
            }
            i += 4;
            continue;
        }
        if !(0xD800..0xE000).contains(&u) {
            push_cp(&mut out, u);
            i += 2;
            continue;
        }
        if u >= 0xDC00 {
            if errors == "surrogatepass" {
                push_cp(&mut out, u);
            } else {
                bad(&mut out, i, i + 2, "illegal encoding")?;
            }
            i += 2;
            continue;
        }
        if data.len() - i < 4 {
            if !fin {
                break;
            }
            bad(&mut out, i, data.len(), "unexpected end of data")?;
            i = data.len();
            break;
        }
        let low = unit_at(i + 2);
        if (0xDC00..0xE000).contains(&low) {
            push_cp(&mut out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
            i += 4;
        } else {
            if errors == "surrogatepass" {
                push_cp(&mut out, u);
            } else {
                bad(&mut out, i, i + 2, "illegal UTF-16 surrogate")?;
            }
            i += 2;
        }
    }
    Ok((vm.new_str_data(StrData::from_wtf8(out)), i, order))
}

fn wide_decode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    if name.ends_with("_ex_decode") {
        let a = args.bind(vm, name, &["data", "errors", "byteorder", "final"], 1, 4, 4)?;
        let data = bytes_like(vm, a[0].as_ref().expect("required"))?;
        let errors = errors_arg(vm, a[1].as_ref())?;
        let order = a[2]
            .as_ref()
            .map_or(Ok(0), |v| crate::types::int::to_i64(vm, v))?;
        let fin = a[3].as_ref().map_or(Ok(false), |v| vm.truthy(v))?;
        let (text, n, order) = wide_decode_core(vm, &codec_name(name), &data, &errors, order, fin)?;
        return Ok(tuple::new_tuple(
            vm,
            vec![text, Value::Int(n as i64), Value::Int(order)],
        ));
    }
    let (data, errors, fin) = decode_args(vm, name, &args)?;
    let (text, n, _) =
        wide_decode_core(vm, &codec_name(name), &data, &errors, order_of(name), fin)?;
    Ok(result(vm, text, n))
}

named_fns!(
    WIDE_ENCODE_FNS,
    wide_encode,
    utf_16_encode,
    utf_16_le_encode,
    utf_16_be_encode,
    utf_32_encode,
    utf_32_le_encode,
    utf_32_be_encode
);
named_fns!(
    WIDE_DECODE_FNS,
    wide_decode,
    utf_16_decode,
    utf_16_le_decode,
    utf_16_be_decode,
    utf_16_ex_decode,
    utf_32_decode,
    utf_32_le_decode,
    utf_32_be_decode,
    utf_32_ex_decode
);

/// `unicode_escape_encode` and `raw_unicode_escape_encode`.
fn escape_text_encode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (s, _errors) = encode_args(vm, name, &args)?;
    let sd = str_data(&s).expect("checked");
    let raw = name.starts_with("raw");
    let mut out = Vec::new();
    for cp in sd.code_points() {
        let esc = match cp {
            0x10000.. => format!("\\U{cp:08x}"),
            0x100.. => format!("\\u{cp:04x}"),
            _ if raw => {
                out.push(cp as u8);
                continue;
            }
            0x5c => "\\\\".to_string(),
            0x09 => "\\t".to_string(),
            0x0a => "\\n".to_string(),
            0x0d => "\\r".to_string(),
            0x20..0x7f => {
                out.push(cp as u8);
                continue;
            }
            _ => format!("\\x{cp:02x}"),
        };
        out.extend_from_slice(esc.as_bytes());
    }
    Ok(result(vm, new_bytes(vm, out), sd.len()))
}

/// The byte a one-character escape (`\\n`, `\\t`, `\\'`, ...) stands for, in
/// both text and bytes literals.
fn simple_escape(c: u8) -> Option<u8> {
    Some(match c {
        b'\\' | b'\'' | b'"' => c,
        b'a' => 7,
        b'b' => 8,
        b'f' => 12,
        b'n' => 10,
        b'r' => 13,
        b't' => 9,
        b'v' => 11,
        _ => return None,
    })
}

/// The bytes of an argument the escape and buffer codecs take as str
/// (its UTF-8) or as a bytes-like object.
fn text_or_bytes(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    match str_data(v) {
        Some(s) => Ok(s.as_bytes().to_vec()),
        None => bytes_like(vm, v),
    }
}

/// Reads `n` hex digits at `i`.
fn hex_at(data: &[u8], i: usize, n: usize) -> Option<u32> {
    let digits = data.get(i..i + n)?;
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

/// `unicode_escape_decode` and `raw_unicode_escape_decode`.
fn escape_text_decode(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, name, &["data", "errors", "final"], 1, 3, 3)?;
    let v = a[0].as_ref().expect("required");
    let data = text_or_bytes(vm, v)?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let fin = a[2].as_ref().map_or(Ok(true), |v| vm.truthy(v))?;
    let raw = name.starts_with("raw");
    let encoding = if raw {
        "rawunicodeescape"
    } else {
        "unicodeescape"
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b != b'\\' {
            push_cp(&mut out, u32::from(b));
            i += 1;
            continue;
        }
        if i + 1 >= data.len() {
            if !fin {
                break;
            }
            if raw {
                out.push(b'\\');
                i += 1;
                continue;
            }
            return Err(unicode_error(
                vm,
                true,
                encoding,
                new_bytes(vm, data.clone()),
                i,
                data.len(),
                "\\ at end of string",
            ));
        }
        let c = data[i + 1];
        let (cp, len, what): (Option<u32>, usize, &str) = match c {
            b'u' => (hex_at(&data, i + 2, 4), 6, "truncated \\uXXXX escape"),
            b'U' => (hex_at(&data, i + 2, 8), 10, "truncated \\UXXXXXXXX escape"),
            _ if raw => {
                out.push(b'\\');
                i += 1;
                continue;
            }
            b'x' => (hex_at(&data, i + 2, 2), 4, "truncated \\xXX escape"),
            b'N' => {
                let close = data[i..].iter().position(|&x| x == b'}').map(|p| i + p);
                let named = match (data.get(i + 2), close) {
                    (Some(b'{'), Some(end)) => std::str::from_utf8(&data[i + 3..end])
                        .ok()
                        .and_then(pyrite_compiler::text::lookup_char_name)
                        .map(|ch| (u32::from(ch), end + 1 - i)),
                    _ => None,
                };
                match named {
                    Some((cp, len)) => (Some(cp), len, ""),
                    None => (
                        None,
                        close.map_or(2, |e| e + 1 - i),
                        "malformed \\N character escape",
                    ),
                }
            }
            b'0'..=b'7' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 3 && matches!(data.get(i + 1 + n), Some(b'0'..=b'7')) {
                    v = v * 8 + u32::from(data[i + 1 + n] - b'0');
                    n += 1;
                }
                (Some(v), 1 + n, "")
            }
            b'\n' => (None, 2, "line continuation"),
            _ => match simple_escape(c) {
                Some(v) => (Some(u32::from(v)), 2, ""),
                None => {
                    out.push(b'\\');
                    i += 1;
                    continue;
                }
            },
        };
        if what == "line continuation" {
            i += len;
            continue;
        }
        match cp.filter(|c| *c <= 0x10FFFF) {
            Some(cp) => push_cp(&mut out, cp),
            None => {
                if !fin && i + len > data.len() {
                    break;
                }
                let end = (i + len).min(data.len());
                let reason = if cp.is_some() {
                    "illegal Unicode character"
                } else {
                    what
                };
                match errors.as_str() {
                    "ignore" => {}
                    "replace" => push_cp(&mut out, 0xFFFD),
                    _ => {
                        return Err(unicode_error(
                            vm,
                            true,
                            encoding,
                            new_bytes(vm, data.clone()),
                            i,
                            end,
                            reason,
                        ));
                    }
                }
            }
        }
        i += len;
    }
    Ok(result(vm, vm.new_str_data(StrData::from_wtf8(out)), i))
}

named_fns!(
    ESCAPE_FNS,
    escape_text_encode,
    unicode_escape_encode,
    raw_unicode_escape_encode
);
named_fns!(
    UNESCAPE_FNS,
    escape_text_decode,
    unicode_escape_decode,
    raw_unicode_escape_decode
);

/// `escape_encode(bytes)`: the bytes as a bytes literal's body.
fn escape_encode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "escape_encode", &["data", "errors"], 1, 2, 2)?;
    let v = a[0].as_ref().expect("required");
    if !vm.is_instance(v, &vm.types.bytes) {
        return Err(vm.type_error(format!(
            "escape_encode() argument 1 must be bytes, not {}",
            vm.type_name(v)
        )));
    }
    let data = bytes_like(vm, v)?;
    let mut out = Vec::new();
    for &b in &data {
        match b {
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..0x7f => out.push(b),
            _ => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
        }
    }
    Ok(result(vm, new_bytes(vm, out), data.len()))
}

/// `escape_decode(data)`: a bytes literal's body to its bytes.
fn escape_decode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "escape_decode", &["data", "errors"], 1, 2, 2)?;
    let v = a[0].as_ref().expect("required");
    let data = text_or_bytes(vm, v)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'\\' {
            out.push(data[i]);
            i += 1;
            continue;
        }
        let Some(&c) = data.get(i + 1) else {
            return Err(vm.value_error("Trailing \\ in string"));
        };
        i += 2;
        if let Some(b) = simple_escape(c) {
            out.push(b);
            continue;
        }
        match c {
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                let mut n = 0;
                while n < 2 && matches!(data.get(i), Some(b'0'..=b'7')) {
                    v = v * 8 + u32::from(data[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'x' => match hex_at(&data, i, 2) {
                Some(v) => {
                    out.push(v as u8);
                    i += 2;
                }
                None => {
                    return Err(vm.value_error(format!("invalid \\x escape at position {}", i - 2)));
                }
            },
            _ => {
                out.push(b'\\');
                out.push(c);
            }
        }
    }
    Ok(result(vm, new_bytes(vm, out), data.len()))
}

/// `charmap_build(decoding_table)`: character to byte.
fn charmap_build(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [table] = args.check(vm, "charmap_build", 1, 1)? else {
        unreachable!()
    };
    let Some(sd) = str_data(table) else {
        return Err(vm.type_error("charmap_build() argument must be str"));
    };
    let d = dict::new_dict(&vm.types);
    for (i, cp) in sd.code_points().enumerate() {
        if cp != 0xFFFE {
            dict::set_item(vm, &d, Value::Int(i64::from(cp)), Value::Int(i as i64))?;
        }
    }
    Ok(Value::Obj(d))
}

/// `charmap_decode(data, errors=None, mapping=None)`.
fn charmap_decode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(
        vm,
        "charmap_decode",
        &["data", "errors", "mapping"],
        1,
        3,
        3,
    )?;
    let data = bytes_like(vm, a[0].as_ref().expect("required"))?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let mapping = a[2].clone().filter(|m| !m.is_none());
    let mut out = Vec::new();
    for (i, &b) in data.iter().enumerate() {
        let cp = match &mapping {
            None => Some(u32::from(b)),
            Some(m) => {
                if let Some(sd) = str_data(m) {
                    (usize::from(b) < sd.len())
                        .then(|| sd.char_at(usize::from(b)))
                        .filter(|c| *c != 0xFFFE)
                } else {
                    match vm.getitem(m, &Value::Int(i64::from(b))) {
                        Ok(Value::None) => None,
                        Ok(v) => match str_data(&v) {
                            Some(s) if s.len() == 1 => Some(s.char_at(0)),
                            Some(s) => {
                                out.extend_from_slice(s.as_bytes());
                                continue;
                            }
                            None => Some(crate::types::int::to_i64(vm, &v)? as u32),
                        },
                        Err(e) if e.matches(vm, &vm.types.exc.lookup_error) => None,
                        Err(e) => return Err(e),
                    }
                }
            }
        };
        match cp {
            Some(c) => push_cp(&mut out, c),
            None => match errors.as_str() {
                "ignore" => {}
                "replace" => push_cp(&mut out, 0xFFFD),
                _ => {
                    return Err(unicode_error(
                        vm,
                        true,
                        "charmap",
                        new_bytes(vm, data.clone()),
                        i,
                        i + 1,
                        "character maps to <undefined>",
                    ));
                }
            },
        }
    }
    Ok(result(
        vm,
        vm.new_str_data(StrData::from_wtf8(out)),
        data.len(),
    ))
}

/// `charmap_encode(str, errors=None, mapping=None)`.
fn charmap_encode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "charmap_encode", &["str", "errors", "mapping"], 1, 3, 3)?;
    let s = a[0].clone().expect("required");
    let Some(sd) = str_data(&s) else {
        return Err(vm.type_error("charmap_encode() argument 1 must be str"));
    };
    let errors = errors_arg(vm, a[1].as_ref())?;
    let mapping = a[2].clone().filter(|m| !m.is_none());
    let mut out = Vec::new();
    for (i, cp) in sd.code_points().enumerate() {
        let mapped: Option<Vec<u8>> = match &mapping {
            None => (cp < 256).then(|| vec![cp as u8]),
            Some(m) => match vm.getitem(m, &Value::Int(i64::from(cp))) {
                Ok(Value::None) => None,
                Ok(Value::Int(n)) => Some(vec![n as u8]),
                Ok(v) => Some(bytes_like(vm, &v)?),
                Err(e) if e.matches(vm, &vm.types.exc.lookup_error) => None,
                Err(e) => return Err(e),
            },
        };
        match mapped {
            Some(b) => out.extend(b),
            None => match errors.as_str() {
                "ignore" => {}
                "replace" => out.push(b'?'),
                _ => {
                    return Err(unicode_error(
                        vm,
                        false,
                        "charmap",
                        s.clone(),
                        i,
                        i + 1,
                        "character maps to <undefined>",
                    ));
                }
            },
        }
    }
    Ok(result(vm, new_bytes(vm, out), sd.len()))
}

fn readbuffer_encode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "readbuffer_encode", &["data", "errors"], 1, 2, 2)?;
    let v = a[0].as_ref().expect("required");
    let data = text_or_bytes(vm, v)?;
    let n = data.len();
    Ok(result(vm, new_bytes(vm, data), n))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_codecs");
    let fns: &[(&'static str, NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("lookup", |vm, a| {
            let [e] = a.check(vm, "lookup", 1, 1)? else {
                unreachable!()
            };
            let e = str_arg(vm, "lookup", "1", e)?;
            lookup(vm, &e)
        }),
        ("register_error", register_error),
        ("lookup_error", lookup_error),
        ("_unregister_error", |vm, a| {
            let [name] = a.check(vm, "_unregister_error", 1, 1)? else {
                unreachable!()
            };
            let n = str_arg(vm, "_unregister_error", "1", name)?;
            if BUILTIN_HANDLERS.contains(&n.as_str()) {
                return Err(
                    vm.value_error(format!("cannot un-register built-in error handler '{n}'"))
                );
            }
            let reg = registry(vm);
            let had = dict::get_str(vm, &reg.handlers, name).is_some();
            if had {
                vm.call_method(
                    &Value::Obj(reg.handlers.clone()),
                    "pop",
                    std::slice::from_ref(name),
                )?;
            }
            Ok(Value::Bool(had))
        }),
        ("escape_encode", escape_encode),
        ("escape_decode", escape_decode),
        ("charmap_build", charmap_build),
        ("charmap_decode", charmap_decode),
        ("charmap_encode", charmap_encode),
        ("readbuffer_encode", readbuffer_encode),
    ];
    let all = fns
        .iter()
        .chain(TRANSCODE_FNS)
        .chain(SIMPLE_ENCODE_FNS)
        .chain(SIMPLE_DECODE_FNS)
        .chain(WIDE_ENCODE_FNS)
        .chain(WIDE_DECODE_FNS)
        .chain(ESCAPE_FNS)
        .chain(UNESCAPE_FNS);
    add_functions(vm, &m, "_codecs", all);
    m
}
