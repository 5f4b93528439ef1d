//! Micro-ops of structural pattern matching (`match`).

use crate::eval::{Ctx, Flow};
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::str::as_str;
use pyrite_runtime::types::{tuple, typeobj};
use pyrite_runtime::{PyResult, Value, Vm};

type R = PyResult<Flow>;

#[inline]
fn is_mapping(vm: &Vm, v: &Value) -> bool {
    let ty = vm.type_of(v);
    typeobj::mro(&ty)
        .iter()
        .any(|t| t.is(&vm.types.dict) || t.is(&vm.types.mappingproxy))
        || typeobj::data(&ty).has_flag(typeobj::flags::MAPPING)
}

#[inline]
fn is_sequence(vm: &Vm, v: &Value) -> bool {
    let ty = vm.type_of(v);
    let t = &vm.types;
    typeobj::mro(&ty)
        .iter()
        .any(|x| x.is(&t.list) || x.is(&t.tuple) || x.is(&t.range))
        || typeobj::data(&ty).has_flag(typeobj::flags::SEQUENCE)
}

#[inline]
pub(crate) fn match_mapping(cx: &mut Ctx<'_>) -> R {
    let s = cx.peek(1);
    let b = is_mapping(cx.vm, &s);
    cx.push(Value::Bool(b));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn match_sequence(cx: &mut Ctx<'_>) -> R {
    let s = cx.peek(1);
    let b = is_sequence(cx.vm, &s);
    cx.push(Value::Bool(b));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn match_keys(cx: &mut Ctx<'_>) -> R {
    let keys = cx.peek(1);
    let subject = cx.peek(2);
    let vm = cx.vm;
    let keys = tuple::tuple_items(&keys)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    if keys.is_empty() {
        cx.push(tuple::new_tuple(vm, Vec::new()));
        return Ok(Flow::Next);
    }
    let get = vm.getattr(&subject, "get")?;
    let dummy = Value::Obj(pyrite_runtime::types::instance::new_instance(
        &vm.types.object,
    ));
    let seen = pyrite_runtime::types::set::new_set(vm, Vec::new())?;
    let seen_set = seen
        .downcast::<pyrite_runtime::types::set::SetData>()
        .expect("set");
    let mut values = Vec::with_capacity(keys.len());
    for k in &keys {
        if !seen_set.add(vm, k.clone())? {
            return Err(vm.value_error(format!(
                "mapping pattern checks duplicate key ({})",
                vm.repr_string(k)?
            )));
        }
        let v = vm.call(&get, &[k.clone(), dummy.clone()])?;
        if v.is(&dummy) {
            cx.push(Value::None);
            return Ok(Flow::Next);
        }
        values.push(v);
    }
    cx.push(tuple::new_tuple(vm, values));
    Ok(Flow::Next)
}

/// Builtin types whose one positional sub-pattern matches the subject itself.
#[inline]
fn matches_self(vm: &Vm, ty: &pyrite_runtime::ObjRef) -> bool {
    let t = &vm.types;
    [
        &t.bool_,
        &t.bytearray,
        &t.bytes,
        &t.dict,
        &t.float,
        &t.frozenset,
        &t.int,
        &t.list,
        &t.set,
        &t.str,
        &t.tuple,
    ]
    .iter()
    .any(|b| typeobj::is_subtype(ty, b))
}

#[inline]
pub(crate) fn match_class(cx: &mut Ctx<'_>) -> R {
    let names = cx.pop();
    let ty = cx.pop();
    let subject = cx.pop();
    let vm = cx.vm;
    let nargs = cx.oparg as usize;
    let Value::Obj(t) = &ty else {
        return Err(vm.type_error("called match pattern must be a class"));
    };
    if t.kind() != Kind::Type {
        return Err(vm.type_error("called match pattern must be a class"));
    }
    if !pyrite_runtime::builtins::isinstance(vm, &subject, &ty)? {
        cx.push(Value::None);
        return Ok(Flow::Next);
    }
    let tname = typeobj::type_name(t);
    let mut attrs = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let fetch = |name: &str| -> PyResult<Option<Value>> { vm.getattr_opt(&subject, name) };
    if nargs > 0 {
        let match_args = vm.getattr_opt(&ty, "__match_args__")?;
        match match_args {
            None if matches_self(vm, t) => {
                if nargs > 1 {
                    return Err(vm.type_error(format!(
                        "{tname}() accepts 1 positional sub-pattern ({nargs} given)"
                    )));
                }
                attrs.push(subject.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "{tname}() accepts 0 positional sub-patterns ({nargs} given)"
                )));
            }
            Some(ma) => {
                let Some(items) = tuple::tuple_items(&ma) else {
                    return Err(vm.type_error(format!(
                        "{tname}.__match_args__ must be a tuple (got {})",
                        vm.type_name(&ma)
                    )));
                };
                if nargs > items.len() {
                    let n = items.len();
                    return Err(vm.type_error(format!(
                        "{tname}() accepts {n} positional sub-pattern{} ({nargs} given)",
                        if n == 1 { "" } else { "s" }
                    )));
                }
                for item in &items[..nargs] {
                    let Some(name) = as_str(item) else {
                        return Err(vm.type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            vm.type_name(item)
                        )));
                    };
                    if seen.iter().any(|s| s == name) {
                        return Err(vm.type_error(format!(
                            "{tname}() got multiple sub-patterns for attribute '{name}'"
                        )));
                    }
                    seen.push(name.to_string());
                    match fetch(name)? {
                        Some(v) => attrs.push(v),
                        None => {
                            cx.push(Value::None);
                            return Ok(Flow::Next);
                        }
                    }
                }
            }
        }
    }
    for n in tuple::tuple_items(&names)
        .map(<[Value]>::to_vec)
        .unwrap_or_default()
    {
        let name = as_str(&n).unwrap_or("").to_string();
        if seen.contains(&name) {
            return Err(vm.type_error(format!(
                "{tname}() got multiple sub-patterns for attribute '{name}'"
            )));
        }
        seen.push(name.clone());
        match fetch(&name)? {
            Some(v) => attrs.push(v),
            None => {
                cx.push(Value::None);
                return Ok(Flow::Next);
            }
        }
    }
    cx.push(tuple::new_tuple(vm, attrs));
    Ok(Flow::Next)
}
