//! PEP 750 template strings: `string.templatelib.Template` (what a
//! `t"..."` literal evaluates to) and `Interpolation` (one `{...}` field of
//! it, with the value already evaluated but neither converted nor formatted).

use crate::call::Args;
use crate::error::PyResult;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::iterators::new_seq_iter;
use crate::types::native::{native, new_native};
use crate::types::str::as_str;
use crate::types::tuple::{new_tuple, tuple_items};
use crate::value::Value;
use crate::vm::Vm;

/// A template: `strings` always has one more item than `interpolations`
/// (the text before, between and after the fields, possibly empty).
pub struct TemplateData {
    strings: Value,
    interpolations: Value,
}

/// One replacement field of a template.
pub struct InterpolationData {
    value: Value,
    expression: Value,
    /// `None`, or one of `'s'`, `'r'`, `'a'`.
    conversion: Value,
    format_spec: Value,
}

/// The conversion of a `BUILD_INTERPOLATION` oparg (bits 2 and up: 0 none,
/// 1 `!s`, 2 `!r`, 3 `!a`).
pub fn conversion_of_oparg(vm: &Vm, oparg: u32) -> Value {
    match oparg >> 2 {
        1 => vm.new_str("s"),
        2 => vm.new_str("r"),
        3 => vm.new_str("a"),
        _ => Value::None,
    }
}

/// A new `Interpolation`; the arguments are trusted (the compiler's or
/// checked by `Interpolation.__new__`).
pub fn new_interpolation(
    vm: &Vm,
    value: Value,
    expression: Value,
    conversion: Value,
    format_spec: Value,
) -> Value {
    new_native(
        &vm.types.interpolation,
        InterpolationData {
            value,
            expression,
            conversion,
            format_spec,
        },
    )
}

/// `BUILD_TEMPLATE`: a template from a tuple of strings and one of
/// interpolations.
pub fn build_template(vm: &Vm, strings: Value, interpolations: Value) -> PyResult<Value> {
    let (Some(s), Some(i)) = (tuple_items(&strings), tuple_items(&interpolations)) else {
        return Err(vm.new_exception(
            &vm.types.exc.system_error,
            "BUILD_TEMPLATE expects two tuples",
        ));
    };
    if s.len() != i.len() + 1 {
        return Err(vm.new_exception(
            &vm.types.exc.system_error,
            "BUILD_TEMPLATE: strings must be one longer",
        ));
    }
    Ok(new_template(vm, strings, interpolations))
}

fn new_template(vm: &Vm, strings: Value, interpolations: Value) -> Value {
    new_native(
        &vm.types.template,
        TemplateData {
            strings,
            interpolations,
        },
    )
}

/// Builds a template from parts in order: adjacent strings join, and an
/// empty string stands between (and around) interpolations.
struct Parts {
    strings: Vec<Value>,
    interpolations: Vec<Value>,
    pending: String,
}

impl Parts {
    fn new() -> Parts {
        Parts {
            strings: Vec::new(),
            interpolations: Vec::new(),
            pending: String::new(),
        }
    }

    fn text(&mut self, s: &str) {
        self.pending.push_str(s);
    }

    fn field(&mut self, vm: &Vm, interpolation: Value) {
        let s = std::mem::take(&mut self.pending);
        self.strings.push(vm.new_str(&s));
        self.interpolations.push(interpolation);
    }

    fn finish(mut self, vm: &Vm) -> Value {
        let s = std::mem::take(&mut self.pending);
        self.strings.push(vm.new_str(&s));
        new_template(
            vm,
            new_tuple(vm, self.strings),
            new_tuple(vm, self.interpolations),
        )
    }
}

fn template<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TemplateData> {
    native::<TemplateData>(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 'string.templatelib.Template' object but received a '{}'",
            vm.type_name(v)
        ))
    })
}

fn interpolation<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a InterpolationData> {
    native::<InterpolationData>(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 'string.templatelib.Interpolation' object but received a '{}'",
            vm.type_name(v)
        ))
    })
}

fn items(v: &Value) -> &[Value] {
    tuple_items(v).unwrap_or(&[])
}

/// `Template(*args)`: strings and interpolations in any order.
fn template_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(vm.type_error("Template.__new__ only accepts *args arguments"));
    }
    let mut parts = Parts::new();
    for a in args.pos.iter().skip(1) {
        if let Some(s) = as_str(a) {
            parts.text(s);
        } else if native::<InterpolationData>(a).is_some() {
            parts.field(vm, a.clone());
        } else {
            return Err(vm.type_error(format!(
                "Template.__new__ *args need to be of type 'str' or 'Interpolation', got {}",
                vm.type_name(a)
            )));
        }
    }
    Ok(parts.finish(vm))
}

/// `template + template`: the last string of the left joins the first of
/// the right.
fn template_add(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let left = template(vm, &args.pos[0])?;
    let Some(right) = args.pos.get(1).and_then(native::<TemplateData>) else {
        let other = args.pos.get(1).cloned().unwrap_or(Value::None);
        return Err(vm.type_error(format!(
            "can only concatenate string.templatelib.Template (not \"{}\") to string.templatelib.Template",
            vm.type_name(&other)
        )));
    };
    let mut parts = Parts::new();
    for side in [left, right] {
        let strings = items(&side.strings);
        for (s, i) in strings.iter().zip(items(&side.interpolations)) {
            parts.text(as_str(s).unwrap_or(""));
            parts.field(vm, i.clone());
        }
        if let Some(last) = strings.last() {
            parts.text(as_str(last).unwrap_or(""));
        }
    }
    Ok(parts.finish(vm))
}

fn template_iter(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let t = template(vm, &args.pos[0])?;
    let strings = items(&t.strings);
    let mut out = Vec::with_capacity(strings.len() * 2);
    let mut fields = items(&t.interpolations).iter();
    for s in strings {
        if as_str(s).is_some_and(|s| !s.is_empty()) {
            out.push(s.clone());
        }
        out.extend(fields.next().cloned());
    }
    Ok(new_seq_iter(
        vm,
        &vm.types.template_iter,
        new_tuple(vm, out),
    ))
}

fn template_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let t = template(vm, &args.pos[0])?;
    let s = format!(
        "Template(strings={}, interpolations={})",
        vm.repr_string(&t.strings)?,
        vm.repr_string(&t.interpolations)?
    );
    Ok(vm.new_str(&s))
}

fn template_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let t = template(vm, &args.pos[0])?;
    let module = crate::import::import_module(vm, "string.templatelib")?;
    let unpickle = vm.getattr(&module, "_template_unpickle")?;
    let state = new_tuple(vm, vec![t.strings.clone(), t.interpolations.clone()]);
    Ok(new_tuple(vm, vec![unpickle, state]))
}

/// The fields of an `Interpolation`, in order (constructor parameters,
/// `__match_args__`, repr).
const INTERPOLATION_FIELDS: [&str; 4] = ["value", "expression", "conversion", "format_spec"];

/// `Interpolation(value, expression='', conversion=None, format_spec='')`.
fn interpolation_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let given = args.shift();
    if given.pos.is_empty() && !given.kwnames.iter().any(|k| as_str(k) == Some("value")) {
        return Err(vm.type_error("Interpolation() missing required argument 'value' (pos 1)"));
    }
    let b = given.bind(
        vm,
        "Interpolation",
        &INTERPOLATION_FIELDS,
        1,
        0,
        INTERPOLATION_FIELDS.len(),
    )?;
    let value = b[0].clone().unwrap_or(Value::None);
    let mut strs = [b[1].clone(), b[3].clone()];
    for (slot, name) in strs.iter_mut().zip(["expression", "format_spec"]) {
        match slot {
            Some(v) if as_str(v).is_none() => {
                return Err(vm.type_error(format!(
                    "Interpolation() argument '{name}' must be str, not {}",
                    vm.type_name(v)
                )));
            }
            Some(_) => {}
            None => *slot = Some(vm.new_str("")),
        }
    }
    let conversion = match b[2].clone() {
        None | Some(Value::None) => Value::None,
        Some(c) => match as_str(&c) {
            Some("s" | "r" | "a") => c,
            Some(_) => {
                return Err(vm.value_error(
                    "Interpolation() argument 'conversion' must be one of 's', 'a' or 'r'",
                ));
            }
            None => {
                return Err(vm.type_error(format!(
                    "Interpolation() argument 'conversion' must be str, not {}",
                    vm.type_name(&c)
                )));
            }
        },
    };
    let [expression, format_spec] = strs.map(|s| s.unwrap_or(Value::None));
    Ok(new_interpolation(
        vm,
        value,
        expression,
        conversion,
        format_spec,
    ))
}

fn interpolation_fields(vm: &Vm, v: &Value) -> PyResult<[Value; 4]> {
    let i = interpolation(vm, v)?;
    Ok([
        i.value.clone(),
        i.expression.clone(),
        i.conversion.clone(),
        i.format_spec.clone(),
    ])
}

fn interpolation_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let fields = interpolation_fields(vm, &args.pos[0])?;
    let shown = fields
        .iter()
        .map(|f| vm.repr_string(f))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(vm.new_str(&format!("Interpolation({})", shown.join(", "))))
}

fn interpolation_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let fields = interpolation_fields(vm, &args.pos[0])?;
    Ok(new_tuple(
        vm,
        vec![
            Value::Obj(vm.types.interpolation.clone()),
            new_tuple(vm, fields.to_vec()),
        ],
    ))
}

fn readonly(vm: &Vm, _obj: &Value, _value: Option<Value>) -> PyResult<()> {
    Err(vm.attribute_error("readonly attribute"))
}

/// Adds the methods and attributes of `Template`, `Interpolation` and the
/// template iterator.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    add_static(vm, &t.template, "__new__", template_new);
    add_methods(
        vm,
        &t.template,
        &[
            ("__add__", template_add),
            ("__iter__", template_iter),
            ("__repr__", template_repr),
            ("__reduce__", template_reduce),
        ],
    );
    add_getsets(
        vm,
        &t.template,
        &[
            (
                "strings",
                |vm, v| Ok(template(vm, v)?.strings.clone()),
                Some(readonly),
            ),
            (
                "interpolations",
                |vm, v| Ok(template(vm, v)?.interpolations.clone()),
                Some(readonly),
            ),
            (
                "values",
                |vm, v| {
                    let fields = items(&template(vm, v)?.interpolations);
                    let values = fields
                        .iter()
                        .map(|i| interpolation_fields(vm, i).map(|[value, ..]| value))
                        .collect::<PyResult<Vec<_>>>()?;
                    Ok(new_tuple(vm, values))
                },
                None,
            ),
        ],
    );
    add_static(vm, &t.interpolation, "__new__", interpolation_new);
    add_methods(
        vm,
        &t.interpolation,
        &[
            ("__repr__", interpolation_repr),
            ("__reduce__", interpolation_reduce),
        ],
    );
    add_getsets(
        vm,
        &t.interpolation,
        &[
            (
                "value",
                |vm, v| Ok(interpolation(vm, v)?.value.clone()),
                Some(readonly),
            ),
            (
                "expression",
                |vm, v| Ok(interpolation(vm, v)?.expression.clone()),
                Some(readonly),
            ),
            (
                "conversion",
                |vm, v| Ok(interpolation(vm, v)?.conversion.clone()),
                Some(readonly),
            ),
            (
                "format_spec",
                |vm, v| Ok(interpolation(vm, v)?.format_spec.clone()),
                Some(readonly),
            ),
        ],
    );
    let names = INTERPOLATION_FIELDS.map(|n| vm.new_str(n));
    crate::types::builtin::set_attr(
        vm,
        &t.interpolation,
        "__match_args__",
        new_tuple(vm, names.to_vec()),
    );
    for ty in [&t.template, &t.interpolation] {
        crate::types::builtin::add_classmethod(
            vm,
            ty,
            "__class_getitem__",
            crate::types::native::generic_alias_classmethod,
        );
    }
}
