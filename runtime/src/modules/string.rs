//! `_string`: the parsers behind `string.Formatter`, sharing `str.format`'s
//! own (`types::strformat`), so both read a format string the same way.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::strformat::{FieldFirst, FieldRest, parse_format, split_field_name};
use crate::types::strmethods::new_cps;
use crate::types::{iterators, list, module, str::str_data, tuple};
use crate::value::Value;
use crate::vm::Vm;

/// The one `str` argument, with CPython's message for anything else.
fn str_arg(vm: &Vm, args: &Args<'_>, name: &str) -> PyResult<Vec<u32>> {
    let [s] = args.check(vm, name, 1, 1)? else {
        unreachable!()
    };
    match s {
        Value::Obj(o) if o.ty_is(&vm.types.str) || vm.is_instance(s, &vm.types.str) => {
            Ok(str_data(s)
                .map(|d| d.code_points().collect())
                .unwrap_or_default())
        }
        _ => Err(vm.type_error(format!("expected str, got {}", vm.type_name(s)))),
    }
}

/// An iterator over `items` (the pieces are all found up front, so a
/// malformed format raises at the call rather than mid-iteration).
fn iterate(vm: &Vm, items: Vec<Value>) -> PyResult<Value> {
    let l = list::new_list(vm, items);
    Ok(iterators::new_seq_iter(vm, &vm.types.list_iterator, l))
}

/// `formatter_parser(s)`: `(literal, field_name, format_spec, conversion)`
/// for each piece; the last three are `None` after literal-only pieces.
fn formatter_parser(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let fmt = str_arg(vm, &args, "formatter_parser")?;
    let pieces = parse_format(vm, &fmt)?;
    let items = pieces
        .into_iter()
        .map(|p| {
            let literal = new_cps(vm, p.literal);
            let (name, spec, conv) = match p.field {
                None => (Value::None, Value::None, Value::None),
                Some(f) => (
                    new_cps(vm, fmt[f.name].iter().copied()),
                    new_cps(vm, fmt[f.spec].iter().copied()),
                    f.conversion.map_or(Value::None, |c| new_cps(vm, [c])),
                ),
            };
            tuple::new_tuple(vm, vec![literal, name, spec, conv])
        })
        .collect();
    iterate(vm, items)
}

/// `formatter_field_name_split(name)`: the first part (an int when it is
/// all digits) and an iterator of `(is_attribute, key)`.
fn formatter_field_name_split(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cps = str_arg(vm, &args, "formatter_field_name_split")?;
    let name: String = cps
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let (first, rest, error) = split_field_name(vm, &name)?;
    if let Some(e) = error {
        return Err(e);
    }
    let first = match first {
        FieldFirst::Auto => vm.new_str(""),
        FieldFirst::Index(i) => Value::Int(i as i64),
        FieldFirst::Name(n) => vm.new_str(n),
    };
    let parts = rest
        .into_iter()
        .map(|p| {
            let (is_attr, key) = match p {
                FieldRest::Attr(a) => (true, vm.new_str(a)),
                FieldRest::Index(i) => (false, Value::Int(i)),
                FieldRest::Key(k) => (false, vm.new_str(k)),
            };
            tuple::new_tuple(vm, vec![Value::Bool(is_attr), key])
        })
        .collect();
    Ok(tuple::new_tuple(vm, vec![first, iterate(vm, parts)?]))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_string");
    let fns: &[(&'static str, NativeFn)] = &[
        ("formatter_parser", formatter_parser),
        ("formatter_field_name_split", formatter_field_name_split),
    ];
    super::add_functions(vm, &m, "_string", fns);
    m
}
