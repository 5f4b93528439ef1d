//! printf-style formatting: `str % args` and `bytes % args`.

use crate::error::PyResult;
use crate::format::spec::{FormatSpec, format_float_spec};
use crate::object::Kind;
use crate::types::int::{IntVal, int_val};
use crate::types::tuple::TupleData;
use crate::value::Value;
use crate::vm::Vm;

/// Where conversion arguments come from.
enum Source<'a> {
    Positional(&'a [Value], usize),
    Mapping(&'a Value),
}

/// Formats `fmt` (code points) with `args`; `bytes_mode` selects the
/// `bytes % args` rules (`%s` takes bytes, `%r`/`%a` give ASCII).
pub fn percent_format(vm: &Vm, fmt: &[u32], args: &Value, bytes_mode: bool) -> PyResult<Vec<u32>> {
    let tuple_items: Option<&[Value]> = match args {
        Value::Obj(o) if o.kind() == Kind::Tuple => Some(&o.payload::<TupleData>().items),
        _ => None,
    };
    let single = std::slice::from_ref(args);
    let is_mapping = tuple_items.is_none()
        && matches!(args, Value::Obj(o) if o.kind() != Kind::Str && o.kind() != Kind::Bytes && o.kind() != Kind::ByteArray)
        && vm.call_special_lookup(args, "__getitem__").is_some();
    let mut src = match tuple_items {
        Some(items) => Source::Positional(items, 0),
        None => Source::Positional(single, 0),
    };
    let mut used_mapping = false;
    let mut out: Vec<u32> = Vec::with_capacity(fmt.len());
    let mut i = 0;
    let n = fmt.len();
    let ch = |i: usize| char::from_u32(fmt[i]).unwrap_or('\u{FFFD}');
    while i < n {
        if fmt[i] != '%' as u32 {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if i >= n {
            return Err(vm.value_error("incomplete format"));
        }
        // %(key)
        let mut keyed: Option<Value> = None;
        if ch(i) == '(' {
            if !is_mapping {
                return Err(vm.type_error("format requires a mapping"));
            }
            let mut depth = 1;
            let kstart = i + 1;
            i += 1;
            while i < n && depth > 0 {
                match ch(i) {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(vm.value_error("incomplete format key"));
            }
            let key: Vec<u32> = fmt[kstart..i - 1].to_vec();
            let key_value = if bytes_mode {
                crate::types::bytes::new_bytes(vm, key.iter().map(|&c| c as u8).collect())
            } else {
                vm.new_str_data(crate::types::str::StrData::from_code_points(key))
            };
            keyed = Some(vm.getitem(args, &key_value)?);
            used_mapping = true;
            src = Source::Mapping(args);
        }
        let mut spec = FormatSpec::default();
        let mut left = false;
        loop {
            if i >= n {
                return Err(vm.value_error("incomplete format"));
            }
            match ch(i) {
                '-' => left = true,
                '+' => spec.sign = Some('+'),
                ' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut next_arg = |vm: &Vm| -> PyResult<Value> {
            if let Some(k) = keyed.take() {
                return Ok(k);
            }
            match &mut src {
                Source::Positional(items, pos) => {
                    let v = items
                        .get(*pos)
                        .cloned()
                        .ok_or_else(|| vm.type_error("not enough arguments for format string"))?;
                    *pos += 1;
                    Ok(v)
                }
                Source::Mapping(m) => Ok((*m).clone()),
            }
        };
        // Width.
        if i < n && ch(i) == '*' {
            i += 1;
            let w = next_arg(vm)?;
            let w = match w {
                Value::Int(w) => w,
                _ => return Err(vm.type_error("* wants int")),
            };
            if w < 0 {
                left = true;
            }
            spec.width = Some(w.unsigned_abs() as usize);
        } else {
            let mut w: Option<usize> = None;
            while i < n && ch(i).is_ascii_digit() {
                w = Some(
                    w.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(ch(i) as usize - '0' as usize),
                );
                i += 1;
            }
            spec.width = w;
        }
        // Precision.
        if i < n && ch(i) == '.' {
            i += 1;
            if i < n && ch(i) == '*' {
                i += 1;
                let p = next_arg(vm)?;
                let p = match p {
                    Value::Int(p) => p,
                    _ => return Err(vm.type_error("* wants int")),
                };
                spec.precision = Some(p.max(0) as usize);
            } else {
                let mut p = 0usize;
                while i < n && ch(i).is_ascii_digit() {
                    p = p
                        .saturating_mul(10)
                        .saturating_add(ch(i) as usize - '0' as usize);
                    i += 1;
                }
                spec.precision = Some(p);
            }
        }
        // Length modifiers are accepted and ignored.
        while i < n && matches!(ch(i), 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= n {
            return Err(vm.value_error("incomplete format"));
        }
        let conv = ch(i);
        i += 1;
        if conv == '%' {
            out.push('%' as u32);
            continue;
        }
        let arg = next_arg(vm)?;
        if left {
            spec.align = Some('<');
            spec.fill = Some(' ');
        } else if spec.zero
            && matches!(
                conv,
                'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G'
            )
        {
            spec.align = Some('=');
            spec.fill = Some('0');
        } else {
            spec.align = Some('>');
        }
        let piece: Vec<u32> = match conv {
            's' | 'r' | 'a' if bytes_mode => {
                let raw = match conv {
                    's' => bytes_for_s(vm, &arg)?,
                    _ => ascii_repr(vm, &arg)?.bytes().collect(),
                };
                let raw: Vec<u32> = match spec.precision {
                    Some(p) => raw.into_iter().take(p).map(u32::from).collect(),
                    None => raw.into_iter().map(u32::from).collect(),
                };
                pad_cps(&raw, spec.width, left)
            }
            's' | 'r' | 'a' => {
                let text = match conv {
                    's' => vm.str(&arg)?,
                    'r' => vm.repr(&arg)?,
                    _ => vm.new_str(&ascii_repr(vm, &arg)?),
                };
                let sd = text.downcast::<crate::types::str::StrData>().expect("str");
                let cps: Vec<u32> = match spec.precision {
                    Some(p) => sd.code_points().take(p).collect(),
                    None => sd.code_points().collect(),
                };
                pad_cps(&cps, spec.width, left)
            }
            'c' => {
                let cp = match &arg {
                    Value::Obj(o) if o.kind() == Kind::Str && !bytes_mode => {
                        let sd = o.payload::<crate::types::str::StrData>();
                        if sd.len() != 1 {
                            return Err(vm.type_error(format!(
                                "%c requires an int or a unicode character, not a string of length {}",
                                sd.len()
                            )));
                        }
                        sd.char_at(0)
                    }
                    Value::Obj(o)
                        if bytes_mode
                            && (o.kind() == Kind::Bytes || o.kind() == Kind::ByteArray) =>
                    {
                        let b = crate::types::bytes::bytes_like(vm, &arg)?;
                        if b.len() != 1 {
                            return Err(vm.type_error(format!(
                                "%c requires an integer in range(256) or a single byte, not a bytes object of length {}",
                                b.len()
                            )));
                        }
                        u32::from(b[0])
                    }
                    _ => {
                        let Some(iv) = int_val(&arg) else {
                            return Err(vm.type_error(if bytes_mode {
                                format!(
                                    "%c requires an integer in range(256) or a single byte, not {}",
                                    vm.type_name(&arg)
                                )
                            } else {
                                format!(
                                    "%c requires an int or a unicode character, not {}",
                                    vm.type_name(&arg)
                                )
                            }));
                        };
                        let limit = if bytes_mode { 256 } else { 0x110000 };
                        match iv {
                            IntVal::Small(c) if (0..limit).contains(&c) => c as u32,
                            _ => {
                                return Err(vm.overflow_error(if bytes_mode {
                                    "%c arg not in range(256)"
                                } else {
                                    "%c arg not in range(0x110000)"
                                }));
                            }
                        }
                    }
                };
                pad_cps(&[cp], spec.width, left)
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                let iv = percent_int(vm, &arg, conv)?;
                let text = format_percent_int(&iv, conv, &spec);
                text.chars().map(|c| c as u32).collect()
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match crate::types::float::to_f64(vm, &arg) {
                    Ok(x) => x,
                    Err(e) if e.matches(vm, &vm.types.exc.type_error) => {
                        return Err(vm.type_error(format!(
                            "must be real number, not {}",
                            vm.type_name(&arg)
                        )));
                    }
                    Err(e) => return Err(e),
                };
                spec.ty = Some(conv);
                if spec.precision.is_none() {
                    spec.precision = Some(6);
                }
                format_float_spec(vm, x, &spec, "float")?
                    .chars()
                    .map(|c| c as u32)
                    .collect()
            }
            _ => {
                let shown = if conv.is_ascii_graphic() || conv == ' ' {
                    conv.to_string()
                } else {
                    "?".into()
                };
                return Err(vm.value_error(format!(
                    "unsupported format character '{shown}' (0x{:x}) at index {}",
                    conv as u32,
                    i - 1
                )));
            }
        };
        let _ = start;
        out.extend(piece);
    }
    if let Source::Positional(items, pos) = src
        && pos < items.len()
        && !used_mapping
        && !(tuple_items.is_none() && is_mapping)
    {
        return Err(vm.type_error(if bytes_mode {
            "not all arguments converted during bytes formatting"
        } else {
            "not all arguments converted during string formatting"
        }));
    }
    Ok(out)
}

fn pad_cps(cps: &[u32], width: Option<usize>, left: bool) -> Vec<u32> {
    let w = width.unwrap_or(0);
    if cps.len() >= w {
        return cps.to_vec();
    }
    let pad = std::iter::repeat_n(' ' as u32, w - cps.len());
    if left {
        cps.iter().copied().chain(pad).collect()
    } else {
        pad.chain(cps.iter().copied()).collect()
    }
}

/// `ascii(x)`.
pub fn ascii_repr(vm: &Vm, v: &Value) -> PyResult<String> {
    let r = vm.repr(v)?;
    let sd = r.downcast::<crate::types::str::StrData>().expect("str");
    let mut out = String::new();
    for cp in sd.code_points() {
        match cp {
            0..0x80 => out.push(cp as u8 as char),
            0x80..0x100 => out.push_str(&format!("\\x{cp:02x}")),
            0x100..0x10000 => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    Ok(out)
}

fn bytes_for_s(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Ok(b) = crate::types::bytes::bytes_like(vm, v) {
        return Ok(b);
    }
    if let Some(r) = vm.call_special(v, "__bytes__", &[])? {
        return crate::types::bytes::bytes_like(vm, &r);
    }
    Err(vm.type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        vm.type_name(v)
    )))
}

fn percent_int(vm: &Vm, v: &Value, conv: char) -> PyResult<IntVal> {
    if let Some(i) = int_val(v) {
        return Ok(i);
    }
    if matches!(conv, 'd' | 'i' | 'u') {
        if let Some(f) = crate::types::float::float_val(v) {
            return int_val(&crate::types::int::float_to_int(vm, f)?)
                .ok_or_else(|| vm.type_error("int"));
        }
        if vm.call_special_lookup(v, "__int__").is_some()
            || vm.call_special_lookup(v, "__index__").is_some()
        {
            let r = crate::types::int::to_int(vm, v)?;
            return int_val(&r).ok_or_else(|| vm.type_error("int"));
        }
        return Err(vm.type_error(format!(
            "%{conv} format: a real number is required, not {}",
            vm.type_name(v)
        )));
    }
    if vm.call_special_lookup(v, "__index__").is_some() {
        let r = vm.index(v)?;
        return int_val(&r).ok_or_else(|| vm.type_error("int"));
    }
    Err(vm.type_error(format!(
        "%{conv} format: an integer is required, not {}",
        vm.type_name(v)
    )))
}

fn format_percent_int(iv: &IntVal, conv: char, spec: &FormatSpec) -> String {
    let big = iv.big();
    let negative = big.sign() == num_bigint::Sign::Minus;
    let (radix, prefix) = match conv {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = big.magnitude().to_str_radix(radix);
    if conv == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(p) = spec.precision
        && digits.len() < p
    {
        digits = "0".repeat(p - digits.len()) + &digits;
    }
    let sign = match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    let prefix = if spec.alternate { prefix } else { "" };
    let head = format!("{sign}{prefix}");
    let len = head.len() + digits.len();
    let w = spec.width.unwrap_or(0);
    if len >= w {
        return head + &digits;
    }
    match spec.align {
        Some('<') => format!("{head}{digits}{}", " ".repeat(w - len)),
        Some('=') => format!("{head}{}{digits}", "0".repeat(w - len)),
        _ => format!("{}{head}{digits}", " ".repeat(w - len)),
    }
}
