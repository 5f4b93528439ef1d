//! The methods of `str`. Searching, splitting and replacing work on the
//! generalized UTF-8 bytes (UTF-8 is self-synchronizing, so byte matches
//! fall on code point boundaries); everything that looks at characters
//! works on code points with CPython 3.14's Unicode tables.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::{Kind, ObjRef};
use crate::ops::CmpOp;
use crate::types::builtin::{add_methods, add_static};
use crate::types::slice::SliceData;
use crate::types::str::{StrData, push_cp, str_data};
use crate::types::{dict, list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::text::props;

/// The decimal value of a Unicode decimal digit.
pub fn unicode_decimal(cp: u32) -> Option<u32> {
    props::decimal_value(cp)
}

/// `item in s` for a `str`.
pub fn str_contains(vm: &Vm, s: &ObjRef, item: &Value) -> PyResult<bool> {
    let hay = s.payload::<StrData>();
    let Some(needle) = str_data(item) else {
        return Err(vm.type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            vm.type_name(item)
        )));
    };
    Ok(find_bytes(hay.as_bytes(), needle.as_bytes(), 0).is_some())
}

fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    if from > hay.len() || needle.len() > hay.len() - from {
        return None;
    }
    if needle.len() == 1 {
        return hay[from..]
            .iter()
            .position(|&b| b == needle[0])
            .map(|i| i + from);
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind_bytes(hay: &[u8], needle: &[u8], to: usize) -> Option<usize> {
    let hay = &hay[..to];
    if needle.is_empty() {
        return Some(hay.len());
    }
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Code points before byte offset `b`.
fn cp_index(s: &StrData, b: usize) -> usize {
    if s.is_ascii() {
        return b;
    }
    s.as_bytes()[..b]
        .iter()
        .filter(|&&x| (x & 0xC0) != 0x80)
        .count()
}

fn new_s(vm: &Vm, bytes: Vec<u8>) -> Value {
    vm.new_str_data(StrData::from_wtf8(bytes))
}

pub(crate) fn new_cps(vm: &Vm, cps: impl IntoIterator<Item = u32>) -> Value {
    vm.new_str_data(StrData::from_code_points(cps))
}

pub(crate) fn me<'a>(vm: &Vm, args: &'a Args<'_>, name: &str) -> PyResult<&'a StrData> {
    match args.pos.first() {
        Some(v) => str_data(v).ok_or_else(|| {
            vm.type_error(format!(
                "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
                vm.type_name(v)
            ))
        }),
        None => Err(vm.type_error(format!("unbound method str.{name}() needs an argument"))),
    }
}

fn arg_str<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a StrData> {
    str_data(v).ok_or_else(|| vm.type_error(format!("{what} must be str, not {}", vm.type_name(v))))
}

/// Adds the methods of `str`.
pub fn init(vm: &Vm) {
    let t = &vm.types.str;
    add_static(vm, t, "__new__", str_new);
    add_static(vm, t, "maketrans", str_maketrans);
    add_methods(
        vm,
        t,
        &[
            ("__repr__", str_repr),
            ("__str__", str_str),
            ("__len__", |vm, a| {
                Ok(Value::Int(me(vm, &a, "__len__")?.len() as i64))
            }),
            ("__hash__", |vm, a| {
                Ok(Value::Int(me(vm, &a, "__hash__")?.hash()))
            }),
            ("__getitem__", str_getitem),
            ("__iter__", |vm, a| {
                me(vm, &a, "__iter__")?;
                Ok(crate::types::iterators::new_str_iter(vm, a.pos[0].clone()))
            }),
            ("__contains__", |vm, a| {
                let [s, x] = a.check(vm, "__contains__", 2, 2)? else {
                    unreachable!()
                };
                Ok(Value::Bool(str_contains(vm, s.as_obj().expect("str"), x)?))
            }),
            ("__add__", str_add),
            ("__mul__", str_mul),
            ("__rmul__", str_mul),
            ("__mod__", str_mod),
            ("__rmod__", |vm, _a| Ok(vm.not_implemented())),
            ("__eq__", |vm, a| str_cmp(vm, a, CmpOp::Eq)),
            ("__ne__", |vm, a| str_cmp(vm, a, CmpOp::Ne)),
            ("__lt__", |vm, a| str_cmp(vm, a, CmpOp::Lt)),
            ("__le__", |vm, a| str_cmp(vm, a, CmpOp::Le)),
            ("__gt__", |vm, a| str_cmp(vm, a, CmpOp::Gt)),
            ("__ge__", |vm, a| str_cmp(vm, a, CmpOp::Ge)),
            ("__format__", str_format_method),
            ("__getnewargs__", |vm, a| {
                Ok(tuple::new_tuple(
                    vm,
                    vec![new_s(vm, me(vm, &a, "__getnewargs__")?.as_bytes().to_vec())],
                ))
            }),
            ("__sizeof__", |vm, a| {
                Ok(Value::Int(
                    49 + me(vm, &a, "__sizeof__")?.as_bytes().len() as i64,
                ))
            }),
            ("format", crate::types::strformat::str_format),
            ("format_map", crate::types::strformat::str_format_map),
            ("join", str_join),
            ("split", |vm, a| str_split(vm, a, false)),
            ("rsplit", |vm, a| str_split(vm, a, true)),
            ("splitlines", str_splitlines),
            ("strip", |vm, a| str_strip(vm, a, true, true, "strip")),
            ("lstrip", |vm, a| str_strip(vm, a, true, false, "lstrip")),
            ("rstrip", |vm, a| str_strip(vm, a, false, true, "rstrip")),
            ("startswith", |vm, a| str_startsendswith(vm, a, false)),
            ("endswith", |vm, a| str_startsendswith(vm, a, true)),
            ("find", |vm, a| str_find(vm, a, "find", false, false)),
            ("rfind", |vm, a| str_find(vm, a, "rfind", true, false)),
            ("index", |vm, a| str_find(vm, a, "index", false, true)),
            ("rindex", |vm, a| str_find(vm, a, "rindex", true, true)),
            ("count", str_count),
            ("replace", str_replace),
            ("upper", |vm, a| map_case(vm, a, "upper", Case::Upper)),
            ("lower", |vm, a| map_case(vm, a, "lower", Case::Lower)),
            ("casefold", |vm, a| map_case(vm, a, "casefold", Case::Fold)),
            ("swapcase", |vm, a| map_case(vm, a, "swapcase", Case::Swap)),
            ("capitalize", |vm, a| {
                map_case(vm, a, "capitalize", Case::Capitalize)
            }),
            ("title", |vm, a| map_case(vm, a, "title", Case::Title)),
            ("isdigit", |vm, a| {
                all_chars(vm, a, "isdigit", props::is_digit)
            }),
            ("isdecimal", |vm, a| {
                all_chars(vm, a, "isdecimal", props::is_decimal)
            }),
            ("isnumeric", |vm, a| {
                all_chars(vm, a, "isnumeric", props::is_numeric)
            }),
            ("isalpha", |vm, a| {
                all_chars(vm, a, "isalpha", props::is_alpha)
            }),
            ("isalnum", |vm, a| {
                all_chars(vm, a, "isalnum", |c| {
                    props::is_alpha(c)
                        || props::is_decimal(c)
                        || props::is_digit(c)
                        || props::is_numeric(c)
                })
            }),
            ("isspace", |vm, a| {
                all_chars(vm, a, "isspace", props::is_space)
            }),
            ("isascii", |vm, a| {
                Ok(Value::Bool(me(vm, &a, "isascii")?.is_ascii()))
            }),
            ("isprintable", |vm, a| {
                Ok(Value::Bool(
                    me(vm, &a, "isprintable")?
                        .code_points()
                        .all(pyrite_compiler::text::is_printable),
                ))
            }),
            ("isidentifier", str_isidentifier),
            ("islower", |vm, a| {
                cased_check(vm, a, "islower", props::is_lower, props::is_upper)
            }),
            ("isupper", |vm, a| {
                cased_check(vm, a, "isupper", props::is_upper, props::is_lower)
            }),
            ("istitle", str_istitle),
            ("center", |vm, a| str_pad(vm, a, "center")),
            ("ljust", |vm, a| str_pad(vm, a, "ljust")),
            ("rjust", |vm, a| str_pad(vm, a, "rjust")),
            ("zfill", str_zfill),
            ("expandtabs", str_expandtabs),
            ("partition", |vm, a| str_partition(vm, a, false)),
            ("rpartition", |vm, a| str_partition(vm, a, true)),
            ("removeprefix", |vm, a| str_remove(vm, a, false)),
            ("removesuffix", |vm, a| str_remove(vm, a, true)),
            ("encode", str_encode),
            ("translate", str_translate),
        ],
    );
}

fn str_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(c)) if c.kind() == Kind::Type => c.clone(),
        _ => return Err(vm.type_error("str.__new__(X): X is not a type object")),
    };
    let b = args
        .shift()
        .bind(vm, "str", &["object", "encoding", "errors"], 0, 0, 3)?;
    let value = match (&b[0], &b[1], &b[2]) {
        (None, None, None) => vm.name(""),
        (Some(o), None, None) => vm.str(o)?,
        (o, enc, errors) => {
            let o = o
                .clone()
                .unwrap_or_else(|| crate::types::bytes::new_bytes(vm, Vec::new()));
            let data = match crate::types::bytes::bytes_like(vm, &o) {
                Ok(d) => d,
                Err(_) if str_data(&o).is_some() => {
                    return Err(vm.type_error("decoding str is not supported"));
                }
                Err(_) => {
                    return Err(vm.type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        vm.type_name(&o)
                    )));
                }
            };
            let enc = match enc {
                Some(e) => arg_str(vm, e, "str() argument 'encoding'")?
                    .to_lossy()
                    .into_owned(),
                None => "utf-8".to_string(),
            };
            let errors = match errors {
                Some(e) => arg_str(vm, e, "str() argument 'errors'")?
                    .to_lossy()
                    .into_owned(),
                None => "strict".to_string(),
            };
            crate::codecs::decode(vm, &data, &enc, &errors)?
        }
    };
    if cls.is(&vm.types.str) {
        return Ok(value);
    }
    let data = str_data(&value).expect("str() returns str");
    Ok(Value::Obj(ObjRef::new(
        &cls,
        StrData::from_wtf8(data.as_bytes().to_vec()),
    )))
}

fn str_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "__repr__")?;
    Ok(vm.new_str(&pyrite_compiler::text::repr_str_code_points(
        s.code_points(),
    )))
}

fn str_str(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let v = &args.pos[0];
    me(vm, &args, "__str__")?;
    if v.as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) {
        return Ok(v.clone());
    }
    Ok(new_s(vm, str_data(v).expect("str").as_bytes().to_vec()))
}

fn str_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [v, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let s = str_data(v).ok_or_else(|| vm.type_error("expected str"))?;
    if let Some(sl) = key.downcast::<SliceData>() {
        let ix = sl.indices(vm, s.len())?;
        if ix.step == 1 {
            if ix.len == s.len() && v.as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) {
                return Ok(v.clone());
            }
            return Ok(vm.new_str_data(s.substring(ix.start as usize, ix.start as usize + ix.len)));
        }
        let cps: Vec<u32> = if s.is_ascii() {
            ix.indices().map(|i| u32::from(s.as_bytes()[i])).collect()
        } else {
            let all: Vec<u32> = s.code_points().collect();
            ix.indices().map(|i| all[i]).collect()
        };
        return Ok(new_cps(vm, cps));
    }
    let i = match vm.index(key) {
        Ok(i) => vm.index_isize(&i)?,
        Err(e) if e.matches(vm, &vm.types.exc.type_error) => {
            return Err(vm.type_error(format!(
                "string indices must be integers, not '{}'",
                vm.type_name(key)
            )));
        }
        Err(e) => return Err(e),
    };
    let n = s.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        return Err(vm.index_error("string index out of range"));
    }
    Ok(vm.new_char(s.char_at(idx as usize)))
}

fn str_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__add__", 2, 2)? else {
        unreachable!()
    };
    let x = str_data(a).ok_or_else(|| vm.type_error("expected str"))?;
    let Some(y) = str_data(b) else {
        return Err(vm.type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            vm.type_name(b)
        )));
    };
    let mut out = Vec::with_capacity(x.as_bytes().len() + y.as_bytes().len());
    out.extend_from_slice(x.as_bytes());
    out.extend_from_slice(y.as_bytes());
    Ok(new_s(vm, out))
}

fn str_mul(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, n] = args.check(vm, "__mul__", 2, 2)? else {
        unreachable!()
    };
    let s = str_data(a).ok_or_else(|| vm.type_error("expected str"))?;
    let count = match vm.index(n) {
        Ok(c) => vm.index_isize(&c)?,
        Err(_) => {
            return Err(vm.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                vm.type_name(n)
            )));
        }
    };
    if count <= 0 || s.is_empty() {
        return Ok(vm.name(""));
    }
    let total = (s.as_bytes().len() as u128) * (count as u128);
    if total > (isize::MAX as u128) / 2 {
        return Err(crate::error::PyErr(vm.new_memory_error()));
    }
    Ok(new_s(vm, s.as_bytes().repeat(count as usize)))
}

fn str_mod(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, b] = args.check(vm, "__mod__", 2, 2)? else {
        unreachable!()
    };
    let s = str_data(a).ok_or_else(|| vm.type_error("expected str"))?;
    let fmt: Vec<u32> = s.code_points().collect();
    let out = crate::format::percent::percent_format(vm, &fmt, b, false)?;
    Ok(new_cps(vm, out))
}

fn str_cmp(vm: &Vm, args: Args<'_>, op: CmpOp) -> PyResult<Value> {
    let [a, b] = args.check(vm, op.dunder(), 2, 2)? else {
        unreachable!()
    };
    let x = str_data(a).ok_or_else(|| vm.type_error("expected str"))?;
    let Some(y) = str_data(b) else {
        return Ok(vm.not_implemented());
    };
    // Generalized UTF-8 orders like the code points.
    Ok(Value::Bool(op.test(x.as_bytes().cmp(y.as_bytes()))))
}

fn str_format_method(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [a, spec] = args.check(vm, "__format__", 2, 2)? else {
        unreachable!()
    };
    let s = str_data(a).ok_or_else(|| vm.type_error("expected str"))?;
    let spec = arg_str(vm, spec, "format_spec")?.to_lossy().into_owned();
    if spec.is_empty() {
        return str_str(vm, Args::positional(std::slice::from_ref(a)));
    }
    Ok(vm.new_str(&crate::format::spec::format_str(vm, &s.to_lossy(), &spec)?))
}

fn str_join(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [sep, iterable] = args.check(vm, "join", 2, 2)? else {
        unreachable!()
    };
    let sep = str_data(sep).ok_or_else(|| vm.type_error("expected str"))?;
    let items = vm.iterate(iterable)?;
    if items.len() == 1
        && let Value::Obj(o) = &items[0]
        && o.ty_is(&vm.types.str)
    {
        return Ok(items[0].clone());
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(s) = str_data(item) else {
            return Err(vm.type_error(format!(
                "sequence item {i}: expected str instance, {} found",
                vm.type_name(item)
            )));
        };
        if i > 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        out.extend_from_slice(s.as_bytes());
    }
    Ok(new_s(vm, out))
}

fn maxsplit_arg(vm: &Vm, v: &Option<Value>) -> PyResult<i64> {
    match v {
        Some(m) => vm.index_i64(m),
        None => Ok(-1),
    }
}

/// Splits on runs of whitespace (`sep=None`).
fn split_whitespace(s: &StrData, maxsplit: i64, from_right: bool) -> Vec<Vec<u8>> {
    let cps: Vec<(usize, u32)> = {
        let b = s.as_bytes();
        let mut v = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < b.len() {
            let (cp, w) = crate::types::str::decode_at(b, i);
            v.push((i, cp));
            i += w;
        }
        v
    };
    let bytes = s.as_bytes();
    let end_of = |k: usize| if k < cps.len() { cps[k].0 } else { bytes.len() };
    let mut parts = Vec::new();
    let mut splits = 0;
    if !from_right {
        let mut k = 0;
        loop {
            while k < cps.len() && props::is_space(cps[k].1) {
                k += 1;
            }
            if k == cps.len() {
                break;
            }
            if maxsplit >= 0 && splits == maxsplit {
                // The rest, as is.
                parts.push(bytes[end_of(k)..].to_vec());
                break;
            }
            let start = k;
            while k < cps.len() && !props::is_space(cps[k].1) {
                k += 1;
            }
            parts.push(bytes[end_of(start)..end_of(k)].to_vec());
            splits += 1;
        }
    } else {
        let mut k = cps.len();
        loop {
            while k > 0 && props::is_space(cps[k - 1].1) {
                k -= 1;
            }
            if k == 0 {
                break;
            }
            if maxsplit >= 0 && splits == maxsplit {
                parts.push(bytes[..end_of(k)].to_vec());
                break;
            }
            let end = k;
            while k > 0 && !props::is_space(cps[k - 1].1) {
                k -= 1;
            }
            parts.push(bytes[end_of(k)..end_of(end)].to_vec());
            splits += 1;
        }
        parts.reverse();
    }
    parts
}

/// Splits `hay` on `sep` (non-empty), at most `maxsplit` times.
pub fn split_on(hay: &[u8], sep: &[u8], maxsplit: i64, from_right: bool) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    if !from_right {
        let mut pos = 0;
        let mut n = 0;
        while maxsplit < 0 || n < maxsplit {
            match find_bytes(hay, sep, pos) {
                Some(i) => {
                    parts.push(hay[pos..i].to_vec());
                    pos = i + sep.len();
                    n += 1;
                }
                None => break,
            }
        }
        parts.push(hay[pos..].to_vec());
    } else {
        let mut end = hay.len();
        let mut n = 0;
        while maxsplit < 0 || n < maxsplit {
            match rfind_bytes(hay, sep, end) {
                Some(i) => {
                    parts.push(hay[i + sep.len()..end].to_vec());
                    end = i;
                    n += 1;
                }
                None => break,
            }
        }
        parts.push(hay[..end].to_vec());
        parts.reverse();
    }
    parts
}

fn str_split(vm: &Vm, args: Args<'_>, from_right: bool) -> PyResult<Value> {
    let name = if from_right { "rsplit" } else { "split" };
    let s = me(vm, &args, name)?;
    let b = args.shift().bind(vm, name, &["sep", "maxsplit"], 0, 0, 2)?;
    let maxsplit = maxsplit_arg(vm, &b[1])?;
    let parts = match &b[0] {
        None | Some(Value::None) => split_whitespace(s, maxsplit, from_right),
        Some(sep) => {
            let sep = arg_str(vm, sep, "must be str or None").map_err(|_| {
                vm.type_error(format!("must be str or None, not {}", vm.type_name(sep)))
            })?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            split_on(s.as_bytes(), sep.as_bytes(), maxsplit, from_right)
        }
    };
    Ok(list::new_list(
        vm,
        parts.into_iter().map(|p| new_s(vm, p)).collect(),
    ))
}

fn is_line_break(cp: u32) -> bool {
    matches!(
        cp,
        0x0A | 0x0B | 0x0C | 0x0D | 0x1C | 0x1D | 0x1E | 0x85 | 0x2028 | 0x2029
    )
}

fn str_splitlines(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "splitlines")?;
    let b = args
        .shift()
        .bind(vm, "splitlines", &["keepends"], 0, 0, 1)?;
    let keep = match &b[0] {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let cps: Vec<u32> = s.code_points().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cps.len() {
        let start = i;
        while i < cps.len() && !is_line_break(cps[i]) {
            i += 1;
        }
        let mut eol = i;
        if i < cps.len() {
            if cps[i] == 0x0D && cps.get(i + 1) == Some(&0x0A) {
                i += 2;
            } else {
                i += 1;
            }
            if keep {
                eol = i;
            }
        }
        out.push(new_cps(vm, cps[start..eol].iter().copied()));
    }
    Ok(list::new_list(vm, out))
}

fn str_strip(vm: &Vm, args: Args<'_>, left: bool, right: bool, name: &str) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    let chars = args.shift().check(vm, name, 0, 1)?;
    let set: Option<Vec<u32>> = match chars.first() {
        None | Some(Value::None) => None,
        Some(c) => Some(
            str_data(c)
                .ok_or_else(|| vm.type_error(format!("{name} arg must be None or str")))?
                .code_points()
                .collect(),
        ),
    };
    let strip = |cp: u32| match &set {
        None => props::is_space(cp),
        Some(v) => v.contains(&cp),
    };
    let cps: Vec<u32> = s.code_points().collect();
    let mut a = 0;
    let mut b = cps.len();
    if left {
        while a < b && strip(cps[a]) {
            a += 1;
        }
    }
    if right {
        while b > a && strip(cps[b - 1]) {
            b -= 1;
        }
    }
    if a == 0 && b == cps.len() && args.pos[0].as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) {
        return Ok(args.pos[0].clone());
    }
    Ok(vm.new_str_data(s.substring(a, b)))
}

/// Resolves `start`/`end` arguments to a code point range of `len`.
fn slice_bounds(
    vm: &Vm,
    len: usize,
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<(usize, usize)> {
    let get = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(x) => match vm.index(x) {
                Ok(i) => vm.index_isize(&i),
                Err(_) => Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        }
    };
    let n = len as i64;
    let fix = |i: i64| -> usize {
        if i < 0 {
            (i + n).max(0) as usize
        } else {
            i.min(n) as usize
        }
    };
    // A start past the end stays there: searches from it find nothing.
    let s = get(start, 0)?;
    let s = if s < 0 {
        (s + n).max(0) as usize
    } else {
        s as usize
    };
    Ok((s, fix(get(end, n)?)))
}

fn str_startsendswith(vm: &Vm, args: Args<'_>, ends: bool) -> PyResult<Value> {
    let name = if ends { "endswith" } else { "startswith" };
    let s = me(vm, &args, name)?;
    let a = args.shift().check(vm, name, 1, 3)?;
    let (start, end) = slice_bounds(vm, s.len(), a.get(1), a.get(2))?;
    let check = |p: &StrData| -> bool {
        if start > s.len() || start > end {
            return p.is_empty() && start <= s.len();
        }
        let (bs, be) = (s.byte_offset(start), s.byte_offset(end));
        let hay = &s.as_bytes()[bs..be];
        if ends {
            hay.ends_with(p.as_bytes())
        } else {
            hay.starts_with(p.as_bytes())
        }
    };
    if let Some(items) = tuple::tuple_items(&a[0]) {
        for it in items {
            let p = str_data(it).ok_or_else(|| {
                vm.type_error(format!(
                    "tuple for {name} must only contain str, not {}",
                    vm.type_name(it)
                ))
            })?;
            if check(p) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let p = str_data(&a[0]).ok_or_else(|| {
        vm.type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            vm.type_name(&a[0])
        ))
    })?;
    Ok(Value::Bool(check(p)))
}

fn str_find(vm: &Vm, args: Args<'_>, name: &str, from_right: bool, raise: bool) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    let a = args.shift().check(vm, name, 1, 3)?;
    let sub = str_data(&a[0])
        .ok_or_else(|| vm.type_error(format!("must be str, not {}", vm.type_name(&a[0]))))?;
    let (start, end) = slice_bounds(vm, s.len(), a.get(1), a.get(2))?;
    let found = if start > end || start > s.len() {
        None
    } else {
        let (bs, be) = (s.byte_offset(start), s.byte_offset(end));
        let hay = &s.as_bytes()[..be];
        let r = if from_right {
            rfind_bytes(hay, sub.as_bytes(), be).filter(|&i| i >= bs)
        } else {
            find_bytes(hay, sub.as_bytes(), bs)
        };
        r.map(|b| cp_index(s, b))
    };
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(vm.value_error("substring not found")),
        None => Ok(Value::Int(-1)),
    }
}

fn str_count(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "count")?;
    let a = args.shift().check(vm, "count", 1, 3)?;
    let sub = str_data(&a[0])
        .ok_or_else(|| vm.type_error(format!("must be str, not {}", vm.type_name(&a[0]))))?;
    let (start, end) = slice_bounds(vm, s.len(), a.get(1), a.get(2))?;
    if start > end || start > s.len() {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int((end - start + 1) as i64));
    }
    let (bs, be) = (s.byte_offset(start), s.byte_offset(end));
    let hay = &s.as_bytes()[bs..be];
    let mut n = 0;
    let mut pos = 0;
    while let Some(i) = find_bytes(hay, sub.as_bytes(), pos) {
        n += 1;
        pos = i + sub.as_bytes().len();
    }
    Ok(Value::Int(n))
}

fn str_replace(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "replace")?;
    let b = args
        .shift()
        .bind(vm, "replace", &["old", "new", "count"], 2, 2, 3)?;
    let old = arg_str(vm, b[0].as_ref().expect("required"), "replace() argument 1")?;
    let new = arg_str(vm, b[1].as_ref().expect("required"), "replace() argument 2")?;
    let count = match &b[2] {
        Some(c) => vm.index_i64(c)?,
        None => -1,
    };
    let hay = s.as_bytes();
    let mut out = Vec::with_capacity(hay.len());
    if old.is_empty() {
        // Insert `new` between characters (and at both ends).
        let mut n = 0;
        let mut i = 0;
        loop {
            if count < 0 || n < count {
                out.extend_from_slice(new.as_bytes());
                n += 1;
            }
            if i >= hay.len() {
                break;
            }
            let w = crate::types::str::decode_at(hay, i).1;
            out.extend_from_slice(&hay[i..i + w]);
            i += w;
        }
        return Ok(new_s(vm, out));
    }
    let mut pos = 0;
    let mut n = 0;
    while count < 0 || n < count {
        match find_bytes(hay, old.as_bytes(), pos) {
            Some(i) => {
                out.extend_from_slice(&hay[pos..i]);
                out.extend_from_slice(new.as_bytes());
                pos = i + old.as_bytes().len();
                n += 1;
            }
            None => break,
        }
    }
    if n == 0 && args.pos[0].as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) {
        return Ok(args.pos[0].clone());
    }
    out.extend_from_slice(&hay[pos..]);
    Ok(new_s(vm, out))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Fold,
    Swap,
    Capitalize,
    Title,
}

fn push_upper(out: &mut Vec<u32>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => out.extend(c.to_uppercase().map(u32::from)),
        None => out.push(cp),
    }
}

fn push_lower(out: &mut Vec<u32>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => out.extend(c.to_lowercase().map(u32::from)),
        None => out.push(cp),
    }
}

fn push_title(out: &mut Vec<u32>, cp: u32) {
    // Titlecase differs from uppercase only for a few digraphs.
    let t: &[u32] = match cp {
        0x01C4..=0x01C6 => &[0x01C5],
        0x01C7..=0x01C9 => &[0x01C8],
        0x01CA..=0x01CC => &[0x01CB],
        0x01F1..=0x01F3 => &[0x01F2],
        // Titlecase mappings of SpecialCasing.txt that differ from uppercase.
        0xDF => &[0x53, 0x73],
        0xFB00 => &[0x46, 0x66],
        0xFB01 => &[0x46, 0x69],
        0xFB02 => &[0x46, 0x6C],
        0xFB03 => &[0x46, 0x66, 0x69],
        0xFB04 => &[0x46, 0x66, 0x6C],
        0xFB05 | 0xFB06 => &[0x53, 0x74],
        0x0587 => &[0x0535, 0x0582],
        0xFB13 => &[0x0544, 0x0576],
        0xFB14 => &[0x0544, 0x0565],
        0xFB15 => &[0x0544, 0x056B],
        0xFB16 => &[0x054E, 0x0576],
        0xFB17 => &[0x0544, 0x056D],
        _ => &[],
    };
    if t.is_empty() {
        push_upper(out, cp);
    } else {
        out.extend_from_slice(t);
    }
}

/// Appends the lowercase of `cps[i]`, with the final-sigma rule looking
/// at its neighbours (as `str.lower()` does).
fn push_lower_at(out: &mut Vec<u32>, cps: &[u32], i: usize) {
    if cps[i] == 0x03A3 {
        let before = cps[..i]
            .iter()
            .rev()
            .find(|&&c| !is_case_ignorable(c))
            .is_some_and(|&c| props::is_cased(c));
        let after = cps[i + 1..]
            .iter()
            .find(|&&c| !is_case_ignorable(c))
            .is_some_and(|&c| props::is_cased(c));
        out.push(if before && !after { 0x03C2 } else { 0x03C3 });
        return;
    }
    push_lower(out, cps[i]);
}

fn is_case_ignorable(cp: u32) -> bool {
    matches!(
        cp,
        0x27 | 0x2E | 0x3A | 0x5E | 0x60 | 0xA8 | 0xAD | 0xAF | 0xB4 | 0xB7 | 0xB8 | 0x2019
    ) || (0x0300..=0x036F).contains(&cp)
}

fn map_case(vm: &Vm, args: Args<'_>, name: &str, case: Case) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    args.shift().check(vm, name, 0, 0)?;
    if s.is_ascii() {
        let b = s.as_bytes();
        let out: Vec<u8> = match case {
            Case::Upper => b.to_ascii_uppercase(),
            Case::Lower | Case::Fold => b.to_ascii_lowercase(),
            Case::Swap => b
                .iter()
                .map(|&c| {
                    if c.is_ascii_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect(),
            Case::Capitalize => b
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    if i == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect(),
            Case::Title => {
                let mut prev_cased = false;
                b.iter()
                    .map(|&c| {
                        let r = if prev_cased {
                            c.to_ascii_lowercase()
                        } else {
                            c.to_ascii_uppercase()
                        };
                        prev_cased = c.is_ascii_alphabetic();
                        r
                    })
                    .collect()
            }
        };
        return Ok(new_s(vm, out));
    }
    let cps: Vec<u32> = s.code_points().collect();
    let mut out = Vec::with_capacity(cps.len());
    match case {
        Case::Upper => cps.iter().for_each(|&c| push_upper(&mut out, c)),
        Case::Lower => (0..cps.len()).for_each(|i| push_lower_at(&mut out, &cps, i)),
        Case::Fold => {
            for &c in &cps {
                match c {
                    0xDF | 0x1E9E => out.extend([0x73, 0x73]),
                    0x03C2 => out.push(0x03C3),
                    _ => push_lower(&mut out, c),
                }
            }
        }
        Case::Swap => {
            for (i, &c) in cps.iter().enumerate() {
                if props::is_upper(c) {
                    push_lower_at(&mut out, &cps, i);
                } else if props::is_lower(c) {
                    push_upper(&mut out, c);
                } else {
                    out.push(c);
                }
            }
        }
        Case::Capitalize => {
            if !cps.is_empty() {
                push_title(&mut out, cps[0]);
                (1..cps.len()).for_each(|i| push_lower_at(&mut out, &cps, i));
            }
        }
        Case::Title => {
            let mut prev_cased = false;
            for (i, &c) in cps.iter().enumerate() {
                if prev_cased {
                    push_lower_at(&mut out, &cps, i);
                } else {
                    push_title(&mut out, c);
                }
                prev_cased = props::is_cased(c);
            }
        }
    }
    Ok(new_cps(vm, out))
}

fn all_chars(vm: &Vm, args: Args<'_>, name: &str, pred: fn(u32) -> bool) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    Ok(Value::Bool(!s.is_empty() && s.code_points().all(pred)))
}

fn cased_check(
    vm: &Vm,
    args: Args<'_>,
    name: &str,
    want: fn(u32) -> bool,
    reject: fn(u32) -> bool,
) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    let mut any = false;
    for c in s.code_points() {
        if reject(c) || props::is_title(c) {
            return Ok(Value::Bool(false));
        }
        any |= want(c);
    }
    Ok(Value::Bool(any))
}

fn str_istitle(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "istitle")?;
    let mut prev_cased = false;
    let mut any = false;
    for c in s.code_points() {
        if props::is_upper(c) || props::is_title(c) {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if props::is_lower(c) {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}

fn str_isidentifier(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "isidentifier")?;
    let mut it = s.code_points();
    let ok = match it.next() {
        Some(c) => {
            (c == u32::from(b'_') || pyrite_compiler::text::is_xid_start(c))
                && it.all(pyrite_compiler::text::is_xid_continue)
        }
        None => false,
    };
    Ok(Value::Bool(ok))
}

fn fill_char(vm: &Vm, v: Option<&Value>, name: &str) -> PyResult<u32> {
    match v {
        None => Ok(u32::from(b' ')),
        Some(f) => {
            let s = str_data(f).ok_or_else(|| {
                vm.type_error(format!(
                    "{name}() argument 2 must be str, not {}",
                    vm.type_name(f)
                ))
            })?;
            if s.len() != 1 {
                return Err(vm.type_error("The fill character must be exactly one character long"));
            }
            Ok(s.char_at(0))
        }
    }
}

fn str_pad(vm: &Vm, args: Args<'_>, name: &str) -> PyResult<Value> {
    let s = me(vm, &args, name)?;
    let a = args.shift().check(vm, name, 1, 2)?;
    let width = vm.index_i64(&a[0])?;
    let fill = fill_char(vm, a.get(1), name)?;
    let n = s.len() as i64;
    if width <= n {
        if args.pos[0].as_obj().is_some_and(|o| o.ty_is(&vm.types.str)) {
            return Ok(args.pos[0].clone());
        }
        return Ok(new_s(vm, s.as_bytes().to_vec()));
    }
    let total = (width - n) as usize;
    let (left, right) = match name {
        "ljust" => (0, total),
        "rjust" => (total, 0),
        _ => {
            // CPython's centering puts the odd character on the left when
            // the width is odd.
            let left = total / 2 + (total & width as usize & 1);
            (left, total - left)
        }
    };
    let mut out = Vec::new();
    for _ in 0..left {
        push_cp(&mut out, fill);
    }
    out.extend_from_slice(s.as_bytes());
    for _ in 0..right {
        push_cp(&mut out, fill);
    }
    Ok(new_s(vm, out))
}

fn str_zfill(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "zfill")?;
    let a = args.shift().check(vm, "zfill", 1, 1)?;
    let width = vm.index_i64(&a[0])?;
    let n = s.len() as i64;
    if width <= n {
        return Ok(new_s(vm, s.as_bytes().to_vec()));
    }
    let pad = (width - n) as usize;
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() + pad);
    let sign = !b.is_empty() && (b[0] == b'+' || b[0] == b'-');
    if sign {
        out.push(b[0]);
    }
    out.extend(std::iter::repeat_n(b'0', pad));
    out.extend_from_slice(&b[usize::from(sign)..]);
    Ok(new_s(vm, out))
}

fn str_expandtabs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "expandtabs")?;
    let b = args.shift().bind(vm, "expandtabs", &["tabsize"], 0, 0, 1)?;
    let tab = match &b[0] {
        Some(t) => vm.index_i64(t)?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col: i64 = 0;
    for c in s.code_points() {
        if c == u32::from(b'\t') {
            if tab > 0 {
                let n = tab - col % tab;
                out.extend(std::iter::repeat_n(u32::from(b' '), n as usize));
                col += n;
            }
        } else {
            out.push(c);
            col = if c == 0x0A || c == 0x0D { 0 } else { col + 1 };
        }
    }
    Ok(new_cps(vm, out))
}

fn str_partition(vm: &Vm, args: Args<'_>, from_right: bool) -> PyResult<Value> {
    let name = if from_right {
        "rpartition"
    } else {
        "partition"
    };
    let s = me(vm, &args, name)?;
    let a = args.shift().check(vm, name, 1, 1)?;
    let sep = str_data(&a[0])
        .ok_or_else(|| vm.type_error(format!("must be str, not {}", vm.type_name(&a[0]))))?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let hay = s.as_bytes();
    let found = if from_right {
        rfind_bytes(hay, sep.as_bytes(), hay.len())
    } else {
        find_bytes(hay, sep.as_bytes(), 0)
    };
    let empty = || vm.name("");
    let parts = match found {
        Some(i) => vec![
            new_s(vm, hay[..i].to_vec()),
            a[0].clone(),
            new_s(vm, hay[i + sep.as_bytes().len()..].to_vec()),
        ],
        None if from_right => vec![empty(), empty(), args.pos[0].clone()],
        None => vec![args.pos[0].clone(), empty(), empty()],
    };
    Ok(tuple::new_tuple(vm, parts))
}

fn str_remove(vm: &Vm, args: Args<'_>, suffix: bool) -> PyResult<Value> {
    let name = if suffix {
        "removesuffix"
    } else {
        "removeprefix"
    };
    let s = me(vm, &args, name)?;
    let a = args.shift().check(vm, name, 1, 1)?;
    let p = arg_str(vm, &a[0], &format!("{name}() argument"))?;
    let b = s.as_bytes();
    let out = if suffix {
        b.strip_suffix(p.as_bytes())
    } else {
        b.strip_prefix(p.as_bytes())
    };
    match out {
        Some(rest) if !p.is_empty() => Ok(new_s(vm, rest.to_vec())),
        _ => Ok(new_s(vm, b.to_vec())),
    }
}

fn str_encode(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "encode")?;
    let b = args
        .shift()
        .bind(vm, "encode", &["encoding", "errors"], 0, 0, 2)?;
    let enc = match &b[0] {
        Some(e) => arg_str(vm, e, "encode() argument 'encoding'")?
            .to_lossy()
            .into_owned(),
        None => "utf-8".to_string(),
    };
    let errors = match &b[1] {
        Some(e) => arg_str(vm, e, "encode() argument 'errors'")?
            .to_lossy()
            .into_owned(),
        None => "strict".to_string(),
    };
    let bytes = crate::codecs::encode(vm, &args.pos[0], s, &enc, &errors)?;
    Ok(crate::types::bytes::new_bytes(vm, bytes))
}

fn str_maketrans(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.check(vm, "maketrans", 1, 3)?;
    let d = dict::new_dict(&vm.types);
    if a.len() == 1 {
        let Value::Obj(src) = &a[0] else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        if src.kind() != Kind::Dict {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        }
        for (k, v) in dict::items(src) {
            let key = match str_data(&k) {
                Some(s) if s.len() == 1 => Value::Int(i64::from(s.char_at(0))),
                Some(_) => {
                    return Err(
                        vm.value_error("string keys in translate table must be of length 1")
                    );
                }
                None => match k {
                    Value::Int(_) | Value::Bool(_) => k,
                    _ => {
                        return Err(
                            vm.type_error("keys in translate table must be strings or integers")
                        );
                    }
                },
            };
            dict::set_item(vm, &d, key, v)?;
        }
        return Ok(Value::Obj(d));
    }
    let x = arg_str(vm, &a[0], "maketrans() argument 1")?;
    let y = arg_str(vm, &a[1], "maketrans() argument 2")?;
    if x.len() != y.len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (c, r) in x.code_points().zip(y.code_points()) {
        dict::set_item(vm, &d, Value::Int(i64::from(c)), Value::Int(i64::from(r)))?;
    }
    if let Some(z) = a.get(2) {
        for c in arg_str(vm, z, "maketrans() argument 3")?.code_points() {
            dict::set_item(vm, &d, Value::Int(i64::from(c)), Value::None)?;
        }
    }
    Ok(Value::Obj(d))
}

fn str_translate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let s = me(vm, &args, "translate")?;
    let a = args.shift().check(vm, "translate", 1, 1)?;
    let table = &a[0];
    let mut out = Vec::with_capacity(s.len());
    for c in s.code_points() {
        match vm.getitem(table, &Value::Int(i64::from(c))) {
            Ok(Value::None) => {}
            Ok(Value::Int(n)) => {
                if !(0..=0x10FFFF).contains(&n) {
                    return Err(vm.value_error("character mapping must be in range(0x110000)"));
                }
                out.push(n as u32);
            }
            Ok(v) => match str_data(&v) {
                Some(r) => out.extend(r.code_points()),
                None => {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            },
            Err(e) if e.matches(vm, &vm.types.exc.lookup_error) => out.push(c),
            Err(e) => return Err(e),
        }
    }
    Ok(new_cps(vm, out))
}
