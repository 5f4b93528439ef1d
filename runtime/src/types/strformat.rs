//! `str.format` and `str.format_map`: the replacement-field grammar
//! (`{name.attr[key]!conv:spec}`, nested fields in specs, automatic and
//! manual numbering) on top of each value's `__format__`.

use crate::call::Args;
use crate::error::{PyErr, PyResult};
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

/// One piece of a format string, as CPython's markup iterator cuts it:
/// literal text, then the replacement field that ends it (if any).
pub(crate) struct Piece {
    /// The literal text (an escaped `{{` or `}}` ends a piece and counts
    /// as one brace of it).
    pub literal: Vec<u32>,
    /// The replacement field.
    pub field: Option<FieldSpec>,
}

/// A replacement field `{name!conv:spec}` (ranges into the format).
pub(crate) struct FieldSpec {
    /// The field name (`0`, `a.b[c]`, or empty for automatic numbering).
    pub name: std::ops::Range<usize>,
    /// The conversion character, unchecked.
    pub conversion: Option<u32>,
    /// The format spec, with its nested fields unexpanded.
    pub spec: std::ops::Range<usize>,
}

const fn cp(c: u8) -> u32 {
    c as u32
}

/// Cuts `fmt` into pieces, with CPython's errors for unbalanced braces.
pub(crate) fn parse_format(vm: &Vm, fmt: &[u32]) -> PyResult<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == cp(b'}') {
            if fmt.get(i + 1) != Some(&cp(b'}')) {
                return Err(vm.value_error("Single '}' encountered in format string"));
            }
            literal.push(c);
            pieces.push(Piece {
                literal: std::mem::take(&mut literal),
                field: None,
            });
            i += 2;
        } else if c != cp(b'{') {
            literal.push(c);
            i += 1;
        } else if fmt.get(i + 1) == Some(&cp(b'{')) {
            literal.push(c);
            pieces.push(Piece {
                literal: std::mem::take(&mut literal),
                field: None,
            });
            i += 2;
        } else if i + 1 == fmt.len() {
            return Err(vm.value_error("Single '{' encountered in format string"));
        } else {
            let (field, end) = parse_field(vm, fmt, i + 1)?;
            pieces.push(Piece {
                literal: std::mem::take(&mut literal),
                field: Some(field),
            });
            i = end + 1;
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece {
            literal,
            field: None,
        });
    }
    Ok(pieces)
}

/// The field starting at `start` (after its `{`), and where its `}` is.
fn parse_field(vm: &Vm, fmt: &[u32], start: usize) -> PyResult<(FieldSpec, usize)> {
    let unmatched = || vm.value_error("unmatched '{' in format spec");
    let mut i = start;
    let mut in_brackets = false;
    while i < fmt.len() {
        let c = fmt[i];
        if c == cp(b'[') {
            in_brackets = true;
        } else if c == cp(b']') {
            in_brackets = false;
        } else if !in_brackets && (c == cp(b'}') || c == cp(b':') || c == cp(b'!')) {
            break;
        }
        i += 1;
    }
    if i == fmt.len() {
        return Err(vm.value_error("expected '}' before end of string"));
    }
    let name = start..i;
    let mut conversion = None;
    if fmt[i] == cp(b'!') {
        // The character after `!` is the conversion, whatever it is.
        conversion = Some(*fmt.get(i + 1).ok_or_else(unmatched)?);
        i += 2;
        match fmt.get(i) {
            None => return Err(unmatched()),
            Some(&c) if c == cp(b'}') || c == cp(b':') => {}
            Some(_) => return Err(vm.value_error("expected ':' after conversion specifier")),
        }
    }
    if fmt[i] == cp(b'}') {
        let field = FieldSpec {
            name,
            conversion,
            spec: i..i,
        };
        return Ok((field, i));
    }
    // A spec, which may hold nested fields.
    let spec_start = i + 1;
    let mut level = 1;
    let mut j = spec_start;
    while j < fmt.len() {
        if fmt[j] == cp(b'{') {
            level += 1;
        } else if fmt[j] == cp(b'}') {
            level -= 1;
            if level == 0 {
                let field = FieldSpec {
                    name,
                    conversion,
                    spec: spec_start..j,
                };
                return Ok((field, j));
            }
        }
        j += 1;
    }
    Err(unmatched())
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
    for piece in parse_format(vm, fmt)? {
        out.extend(piece.literal);
        if let Some(field) = piece.field {
            out.extend(format_field(vm, fmt, &field, lookup, auto, depth)?);
        }
    }
    Ok(out)
}

fn format_field(
    vm: &Vm,
    fmt: &[u32],
    field: &FieldSpec,
    lookup: &Lookup<'_>,
    auto: &mut AutoNumber,
    depth: u32,
) -> PyResult<Vec<u32>> {
    let name: String = fmt[field.name.clone()]
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let value = resolve_field(vm, &name, lookup, auto)?;
    let value = match field.conversion.and_then(char::from_u32) {
        None => value,
        Some('r') => vm.repr(&value)?,
        Some('s') => vm.str(&value)?,
        Some('a') => vm.new_str(&crate::format::percent::ascii_repr(vm, &value)?),
        Some(c) => {
            return Err(vm.value_error(format!("Unknown conversion specifier {c}")));
        }
    };
    let spec = format_string(vm, &fmt[field.spec.clone()], lookup, auto, depth + 1)?;
    let spec: String = spec
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let r = vm.format(&value, &spec)?;
    Ok(str_data(&r)
        .map(|s| s.code_points().collect())
        .unwrap_or_default())
}

/// The first part of a field name: automatic numbering, an index, or a
/// keyword.
pub(crate) enum FieldFirst<'a> {
    /// `{}`.
    Auto,
    /// `{0}`.
    Index(usize),
    /// `{name}`.
    Name(&'a str),
}

/// What follows the first part: `.attr` or `[key]` (a key of digits is
/// an int).
pub(crate) enum FieldRest<'a> {
    /// `.attr`.
    Attr(&'a str),
    /// `[0]`.
    Index(i64),
    /// `[key]`.
    Key(&'a str),
}

/// A split field name: the first part, the parts that follow, and the
/// error met after them, if any (CPython looks the earlier parts up
/// before it sees a malformed later one).
pub(crate) type SplitName<'a> = (FieldFirst<'a>, Vec<FieldRest<'a>>, Option<PyErr>);

/// Splits a field name (CPython's `formatter_field_name_split`).
pub(crate) fn split_field_name<'a>(vm: &Vm, name: &'a str) -> PyResult<SplitName<'a>> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(first_end);
    let first = if first.is_empty() {
        FieldFirst::Auto
    } else if digits(first) {
        match first.parse::<usize>() {
            Ok(i) => FieldFirst::Index(i),
            Err(_) => return Err(vm.value_error("Too many decimal digits in format string")),
        }
    } else {
        FieldFirst::Name(first)
    };
    let mut parts = Vec::new();
    let follow = "Only '.' or '[' may follow ']' in format field specifier";
    let error = loop {
        if rest.is_empty() {
            break None;
        }
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                break Some(vm.value_error("Empty attribute in format string"));
            }
            parts.push(FieldRest::Attr(&r[..end]));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                break Some(vm.value_error("Missing ']' in format string"));
            };
            let key = &r[..end];
            if key.is_empty() {
                break Some(vm.value_error("Empty attribute in format string"));
            }
            parts.push(match key.parse::<i64>() {
                Ok(i) if digits(key) => FieldRest::Index(i),
                _ => FieldRest::Key(key),
            });
            rest = &r[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                break Some(vm.value_error(follow));
            }
        } else {
            break Some(vm.value_error(follow));
        }
    };
    Ok((first, parts, error))
}

fn resolve_field(
    vm: &Vm,
    name: &str,
    lookup: &Lookup<'_>,
    auto: &mut AutoNumber,
) -> PyResult<Value> {
    let (first, rest, error) = split_field_name(vm, name)?;
    let mut value = match first {
        FieldFirst::Auto => {
            if auto.manual {
                return Err(vm.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            auto.auto = true;
            let i = auto.next;
            auto.next += 1;
            lookup.by_index(vm, i)?
        }
        FieldFirst::Index(i) => {
            if auto.auto {
                return Err(vm.value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            auto.manual = true;
            lookup.by_index(vm, i)?
        }
        FieldFirst::Name(n) => lookup.by_name(vm, n)?,
    };
    for part in rest {
        value = match part {
            FieldRest::Attr(a) => vm.getattr(&value, a)?,
            FieldRest::Index(i) => vm.getitem(&value, &Value::Int(i))?,
            FieldRest::Key(k) => vm.getitem(&value, &vm.new_str(k))?,
        };
    }
    match error {
        Some(e) => Err(e),
        None => Ok(value),
    }
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
