//! `str.format` and `str.format_map`: the replacement-field grammar
//! (`{name.attr[key]!conv:spec}`, nested fields in specs, automatic and
//! manual numbering) on top of each value's `__format__`.

use crate::call::Args;
use crate::error::PyResult;
use crate::types::str::{as_str, str_data};
use crate::types::strmethods::{me, new_cps};
use crate::value::Value;
use crate::vm::Vm;

/// How `str.format` finds a field's value.
enum Lookup<'a> {
    /// Positional and keyword arguments.
    Args(&'a [Value], &'a [Value], &'a [Value]),
    /// A mapping (`format_map`).
    Map(&'a Value),
}

impl Lookup<'_> {
    fn by_name(&self, vm: &Vm, name: &str) -> PyResult<Value> {
        match self {
            Lookup::Args(_, names, values) => {
                for (k, v) in names.iter().zip(values.iter()) {
                    if as_str(k) == Some(name) {
                        return Ok(v.clone());
                    }
                }
                Err(vm.key_error(vm.new_str(name)))
            }
            Lookup::Map(m) => vm.getitem(m, &vm.new_str(name)),
        }
    }

    fn by_index(&self, vm: &Vm, i: usize) -> PyResult<Value> {
        match self {
            Lookup::Args(pos, ..) => pos.get(i).cloned().ok_or_else(|| {
                vm.index_error(format!(
                    "Replacement index {i} out of range for positional args tuple"
                ))
            }),
            Lookup::Map(_) => Err(vm.value_error("Format string contains positional fields")),
        }
    }
}

/// Numbering state of `{}` fields.
struct AutoNumber {
    next: usize,
    manual: bool,
    auto: bool,
}

fn format_string(
    vm: &Vm,
    fmt: &[u32],
    lookup: &Lookup<'_>,
    auto: &mut AutoNumber,
    depth: u32,
) -> PyResult<Vec<u32>> {
    if depth > 2 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    let mut out = Vec::with_capacity(fmt.len());
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == u32::from(b'}') {
            if fmt.get(i + 1) == Some(&u32::from(b'}')) {
                out.push(c);
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if c != u32::from(b'{') {
            out.push(c);
            i += 1;
            continue;
        }
        if fmt.get(i + 1) == Some(&u32::from(b'{')) {
            out.push(c);
            i += 2;
            continue;
        }
        // Find the matching '}' (format specs may nest one level of fields).
        let start = i + 1;
        let mut level = 1;
        let mut j = start;
        let mut in_brackets = false;
        while j < fmt.len() {
            let d = fmt[j];
            if d == u32::from(b'[') {
                in_brackets = true;
            } else if d == u32::from(b']') {
                in_brackets = false;
            } else if !in_brackets && d == u32::from(b'{') {
                level += 1;
            } else if !in_brackets && d == u32::from(b'}') {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            j += 1;
        }
        if level != 0 {
            return Err(vm.value_error(
                if fmt[start..].iter().any(|&d| d == u32::from(b'}')) || j > start {
                    "expected '}' before end of string"
                } else {
                    "Single '{' encountered in format string"
                },
            ));
        }
        let field = &fmt[start..j];
        out.extend(format_field(vm, field, lookup, auto, depth)?);
        i = j + 1;
    }
    Ok(out)
}

fn format_field(
    vm: &Vm,
    field: &[u32],
    lookup: &Lookup<'_>,
    auto: &mut AutoNumber,
    depth: u32,
) -> PyResult<Vec<u32>> {
    // field_name [! conversion] [: spec]
    let mut k = 0;
    let mut in_brackets = false;
    while k < field.len() {
        let d = field[k];
        if d == u32::from(b'[') {
            in_brackets = true;
        } else if d == u32::from(b']') {
            in_brackets = false;
        } else if !in_brackets && (d == u32::from(b'!') || d == u32::from(b':')) {
            break;
        }
        k += 1;
    }
    let name: String = field[..k]
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let mut conversion = None;
    let mut spec: &[u32] = &[];
    if k < field.len() && field[k] == u32::from(b'!') {
        let conv = field.get(k + 1).copied();
        match field.get(k + 2) {
            None => {}
            Some(&c) if c == u32::from(b':') => spec = &field[k + 3..],
            Some(_) => return Err(vm.value_error("expected ':' after conversion specifier")),
        }
        match conv {
            Some(c) if c == u32::from(b'r') || c == u32::from(b's') || c == u32::from(b'a') => {
                conversion = char::from_u32(c)
            }
            Some(c) if c != u32::from(b':') => {
                return Err(vm.value_error(format!(
                    "Unknown conversion specifier {}",
                    char::from_u32(c).unwrap_or('?')
                )));
            }
            _ => return Err(vm.value_error("end of string while looking for conversion specifier")),
        }
    } else if k < field.len() {
        spec = &field[k + 1..];
    }
    let value = resolve_field(vm, &name, lookup, auto)?;
    let value = match conversion {
        Some('r') => vm.repr(&value)?,
        Some('s') => vm.str(&value)?,
        Some('a') => vm.new_str(&crate::format::percent::ascii_repr(vm, &value)?),
        _ => value,
    };
    let spec = format_string(vm, spec, lookup, auto, depth + 1)?;
    let spec: String = spec
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let r = vm.format(&value, &spec)?;
    Ok(str_data(&r)
        .map(|s| s.code_points().collect())
        .unwrap_or_default())
}

fn resolve_field(
    vm: &Vm,
    name: &str,
    lookup: &Lookup<'_>,
    auto: &mut AutoNumber,
) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(first_end);
    let mut value = if first.is_empty() {
        if auto.manual {
            return Err(vm.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        auto.auto = true;
        let i = auto.next;
        auto.next += 1;
        lookup.by_index(vm, i)?
    } else if let Ok(i) = first.parse::<usize>() {
        if auto.auto {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        auto.manual = true;
        lookup.by_index(vm, i)?
    } else {
        lookup.by_name(vm, first)?
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            value = vm.getattr(&value, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Err(vm.value_error("Missing ']' in format string"));
            };
            let key = &r[..end];
            if key.is_empty() {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            let k = match key.parse::<i64>() {
                Ok(i) if !key.starts_with(['-', '+']) => Value::Int(i),
                _ => vm.new_str(key),
            };
            value = vm.getitem(&value, &k)?;
            rest = &r[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(
                    vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        } else {
            return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(value)
}

/// Formats `fmt` with fields looked up in `lookup`.
fn format_with(vm: &Vm, fmt: &[u32], lookup: &Lookup<'_>) -> PyResult<Value> {
    let mut auto = AutoNumber {
        next: 0,
        manual: false,
        auto: false,
    };
    Ok(new_cps(vm, format_string(vm, fmt, lookup, &mut auto, 0)?))
}

/// `str.format(*args, **kwargs)`.
pub(crate) fn str_format(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let fmt: Vec<u32> = me(vm, &args, "format")?.code_points().collect();
    format_with(
        vm,
        &fmt,
        &Lookup::Args(&args.pos[1..], args.kwnames, args.kwvalues),
    )
}

/// `str.format_map(mapping)`.
pub(crate) fn str_format_map(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [s, m] = args.check(vm, "format_map", 2, 2)? else {
        unreachable!()
    };
    let fmt: Vec<u32> = str_data(s)
        .ok_or_else(|| vm.type_error("expected str"))?
        .code_points()
        .collect();
    format_with(vm, &fmt, &Lookup::Map(m))
}
