//! Micro-ops that build and take apart objects: literals of containers,
//! f-string pieces, attribute access, unpacking, imports.

use crate::eval::{Ctx, Flow};
use crate::uops::caches;
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::builtin::MethodDescriptorData;
use pyrite_runtime::types::function::FunctionData;
use pyrite_runtime::types::str::{StrData, str_data};
use pyrite_runtime::types::typeobj::{self, lookup};
use pyrite_runtime::types::{dict, list, set, slice, template, tuple};
use pyrite_runtime::{PyResult, Value};

type R = PyResult<Flow>;

#[inline]
pub(crate) fn build_tuple(cx: &mut Ctx<'_>) -> R {
    let items = cx.pop_n(cx.oparg as usize);
    let t = tuple::new_tuple(cx.vm, items);
    cx.push(t);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_list(cx: &mut Ctx<'_>) -> R {
    let items = cx.pop_n(cx.oparg as usize);
    let l = list::new_list(cx.vm, items);
    cx.push(l);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_set(cx: &mut Ctx<'_>) -> R {
    let items = cx.pop_n(cx.oparg as usize);
    let s = set::new_set(cx.vm, items)?;
    cx.push(s);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_map(cx: &mut Ctx<'_>) -> R {
    let items = cx.pop_n(2 * cx.oparg as usize);
    let d = dict::new_dict(&cx.vm.types);
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        dict::set_item(cx.vm, &d, k, v)?;
    }
    cx.push(Value::Obj(d));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_slice(cx: &mut Ctx<'_>) -> R {
    let parts = cx.pop_n(cx.oparg as usize);
    let step = parts.get(2).cloned().unwrap_or(Value::None);
    let s = slice::new_slice(cx.vm, parts[0].clone(), parts[1].clone(), step);
    cx.push(s);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_string(cx: &mut Ctx<'_>) -> R {
    let pieces = cx.pop_n(cx.oparg as usize);
    let mut out = Vec::new();
    for p in &pieces {
        if let Some(s) = str_data(p) {
            out.extend_from_slice(s.as_bytes());
        }
    }
    let s = cx.vm.new_str_data(StrData::from_wtf8(out));
    cx.push(s);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_template(cx: &mut Ctx<'_>) -> R {
    let interpolations = cx.pop();
    let strings = cx.pop();
    let t = template::build_template(cx.vm, strings, interpolations)?;
    cx.push(t);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn build_interpolation(cx: &mut Ctx<'_>) -> R {
    let vm = cx.vm;
    let format_spec = if cx.oparg & 1 != 0 {
        cx.pop()
    } else {
        vm.new_str("")
    };
    let expression = cx.pop();
    let value = cx.pop();
    let conversion = template::conversion_of_oparg(vm, cx.oparg);
    let i = template::new_interpolation(vm, value, expression, conversion, format_spec);
    cx.push(i);
    Ok(Flow::Next)
}

#[inline]
fn below(cx: &Ctx<'_>, depth: u32) -> Value {
    cx.peek(depth as usize)
}

#[inline]
pub(crate) fn list_append(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let l = below(cx, cx.oparg);
    list::list_data(&l).expect("LIST_APPEND on a list").push(v);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn list_extend(cx: &mut Ctx<'_>) -> R {
    let it = cx.pop();
    let l = below(cx, cx.oparg);
    let items = match cx.vm.iterate(&it) {
        Ok(items) => items,
        Err(e)
            if e.matches(cx.vm, &cx.vm.types.exc.type_error)
                && lookup(cx.vm, &cx.vm.type_of(&it), "__iter__").is_none()
                && lookup(cx.vm, &cx.vm.type_of(&it), "__getitem__").is_none() =>
        {
            return Err(cx.vm.type_error(format!(
                "Value after * must be an iterable, not {}",
                cx.vm.type_name(&it)
            )));
        }
        Err(e) => return Err(e),
    };
    list::list_data(&l)
        .expect("LIST_EXTEND on a list")
        .borrow_mut()
        .extend(items);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn set_add(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let s = below(cx, cx.oparg);
    s.downcast::<set::SetData>()
        .expect("SET_ADD on a set")
        .add(cx.vm, v)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn set_update(cx: &mut Ctx<'_>) -> R {
    let it = cx.pop();
    let s = below(cx, cx.oparg);
    s.downcast::<set::SetData>()
        .expect("SET_UPDATE on a set")
        .update(cx.vm, &it)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn map_add(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let k = cx.pop();
    let d = below(cx, cx.oparg);
    dict::set_item(cx.vm, d.as_obj().expect("dict"), k, v)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn dict_update(cx: &mut Ctx<'_>) -> R {
    let update = cx.pop();
    let d = below(cx, cx.oparg);
    let vm = cx.vm;
    if lookup(vm, &vm.type_of(&update), "keys").is_none() {
        return Err(vm.type_error(format!(
            "'{}' object is not a mapping",
            vm.type_name(&update)
        )));
    }
    dict::update_from(vm, d.as_obj().expect("dict"), &update)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn dict_merge(cx: &mut Ctx<'_>) -> R {
    let update = cx.pop();
    let d = below(cx, cx.oparg);
    let func = below(cx, cx.oparg + 3);
    let vm = cx.vm;
    let fname = || crate::uops::calls::callable_name(vm, &func);
    if lookup(vm, &vm.type_of(&update), "keys").is_none() {
        return Err(vm.type_error(format!(
            "{} argument after ** must be a mapping, not {}",
            fname(),
            vm.type_name(&update)
        )));
    }
    let target = d.as_obj().expect("dict");
    let keys = vm.iterate(&vm.call_method(&update, "keys", &[])?)?;
    for k in keys {
        if dict::data(target).get(vm, &k)?.is_some() {
            let ks = match pyrite_runtime::types::str::as_str(&k) {
                Some(s) => format!("'{s}'"),
                None => vm.repr_string(&k)?,
            };
            return Err(vm.type_error(format!(
                "{} got multiple values for keyword argument {ks}",
                fname()
            )));
        }
        let v = vm.getitem(&update, &k)?;
        dict::set_item(vm, target, k, v)?;
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn format_simple(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    if v.as_obj().is_some_and(|o| o.ty_is(&cx.vm.types.str)) {
        cx.push(v);
        return Ok(Flow::Next);
    }
    let r = cx.vm.format(&v, "")?;
    cx.push(r);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn format_with_spec(cx: &mut Ctx<'_>) -> R {
    let spec = cx.pop();
    let v = cx.pop();
    let spec = cx.vm.str_string(&spec)?;
    let r = cx.vm.format(&v, &spec)?;
    cx.push(r);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn convert_value(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let vm = cx.vm;
    let r = match cx.oparg {
        1 => vm.str(&v)?,
        2 => vm.repr(&v)?,
        3 => vm.new_str(&pyrite_runtime::format::percent::ascii_repr(vm, &v)?),
        _ => return Err(vm.new_exception(&vm.types.exc.system_error, "bad conversion")),
    };
    cx.push(r);
    Ok(Flow::Next)
}

/// Whether `getattr(obj, name)` would find `attr` on the type and bind it as
/// a method (so `LOAD_ATTR` can push the function and `self` unbound).
#[inline]
fn method_on_type(cx: &Ctx<'_>, obj: &Value, name: &pyrite_runtime::ObjRef) -> Option<Value> {
    let vm = cx.vm;
    let ty = vm.type_of(obj);
    let td = typeobj::data(&ty);
    if td.has_flag(typeobj::flags::HEAPTYPE)
        && typeobj::specials(vm, &ty) & typeobj::special::GETATTRIBUTE != 0
        && lookup(vm, &ty, "__getattribute__").is_some_and(|g| {
            !g.as_obj()
                .is_some_and(|o| o.kind() == Kind::MethodDescriptor)
        })
    {
        return None;
    }
    if let Value::Obj(o) = obj
        && matches!(o.kind(), Kind::Type | Kind::Module | Kind::Super)
    {
        return None;
    }
    let attr = pyrite_runtime::types::typeobj::lookup_name(vm, &ty, name)?;
    let is_method = match &attr {
        Value::Obj(a) => {
            a.downcast::<FunctionData>().is_some()
                || a.downcast::<MethodDescriptorData>().is_some_and(|d| {
                    d.kind == pyrite_runtime::types::builtin::DescriptorKind::Method
                })
        }
        _ => false,
    };
    if !is_method {
        return None;
    }
    // An instance attribute of the same name shadows the method.
    if let Value::Obj(o) = obj
        && pyrite_runtime::types::instance::own_attr(vm, o, name).is_some()
    {
        return None;
    }
    Some(attr)
}

/// `LOAD_ATTR`: through its cache when it still holds (what the
/// `LOAD_ATTR_*` forms do), else by lookup, refilling the cache.
#[inline(always)]
pub(crate) fn load_attr(cx: &mut Ctx<'_>) -> R {
    match super::load_attr_cached(cx)? {
        Flow::Deopt => load_attr_general(cx),
        flow => Ok(flow),
    }
}

#[inline(never)]
fn load_attr_general(cx: &mut Ctx<'_>) -> R {
    let owner = cx.pop();
    let name = &cx.code.names[(cx.oparg >> 1) as usize];
    let method = cx.oparg & 1 != 0;
    caches::fill_attr(cx, &owner, name, method);
    if method {
        if let Some(m) = method_on_type(cx, &owner, name) {
            cx.push(m);
            cx.push(owner);
            return Ok(Flow::Next);
        }
        let v = cx.vm.getattr_obj(&owner, name)?;
        cx.push(v);
        cx.push_opt(None);
        return Ok(Flow::Next);
    }
    let v = cx.vm.getattr_obj(&owner, name)?;
    cx.push(v);
    Ok(Flow::Next)
}

/// `STORE_ATTR`: through its cache when it still holds (what
/// `STORE_ATTR_INSTANCE_VALUE` does), else by `setattr`, refilling it.
#[inline(always)]
pub(crate) fn store_attr(cx: &mut Ctx<'_>) -> R {
    match super::store_attr_instance_value(cx)? {
        Flow::Deopt => store_attr_general(cx),
        flow => Ok(flow),
    }
}

#[inline(never)]
fn store_attr_general(cx: &mut Ctx<'_>) -> R {
    let owner = cx.pop();
    let v = cx.pop();
    let name = &cx.code.names[cx.oparg as usize];
    cx.vm.setattr(&owner, name, Some(v))?;
    caches::fill_store(cx, &owner, name);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_attr(cx: &mut Ctx<'_>) -> R {
    let owner = cx.pop();
    let name = cx.code.names[cx.oparg as usize].clone();
    cx.vm.setattr(&owner, &name, None)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn load_special(cx: &mut Ctx<'_>) -> R {
    let owner = cx.pop();
    let vm = cx.vm;
    let name = match cx.oparg {
        0 => "__enter__",
        1 => "__exit__",
        2 => "__aenter__",
        _ => "__aexit__",
    };
    let ty = vm.type_of(&owner);
    let Some(attr) = lookup(vm, &ty, name) else {
        let asynchronous = cx.oparg >= 2;
        let proto = if asynchronous {
            "asynchronous context manager"
        } else {
            "context manager"
        };
        let mut msg = format!(
            "'{}' object does not support the {proto} protocol (missed {name} method)",
            vm.type_name(&owner)
        );
        let (enter, exit) = if asynchronous {
            ("__enter__", "__exit__")
        } else {
            ("__aenter__", "__aexit__")
        };
        if lookup(vm, &ty, enter).is_some() && lookup(vm, &ty, exit).is_some() {
            let (other, stmt) = if asynchronous {
                ("context manager", "with")
            } else {
                ("asynchronous context manager", "async with")
            };
            msg.push_str(&format!(
                " but it supports the {other} protocol. Did you mean to use '{stmt}'?"
            ));
        }
        return Err(vm.type_error(msg));
    };
    let is_method = attr
        .as_obj()
        .is_some_and(|a| a.kind() == Kind::Function || a.kind() == Kind::MethodDescriptor);
    if is_method {
        cx.push(attr);
        cx.push(owner);
    } else {
        let bound = vm.bind_descriptor(&attr, &owner, &ty)?;
        cx.push(bound);
        cx.push_opt(None);
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn load_super_attr(cx: &mut Ctx<'_>) -> R {
    let self_ = cx.pop();
    let class = cx.pop();
    let global_super = cx.pop();
    let vm = cx.vm;
    let name = cx.code.names[(cx.oparg >> 2) as usize].clone();
    let two_args = cx.oparg & 2 != 0;
    let sup = if global_super
        .as_obj()
        .is_some_and(|s| s.is(&vm.types.super_))
    {
        let Value::Obj(cls) = &class else {
            return Err(vm.type_error(format!(
                "super() argument 1 must be a type, not {}",
                vm.type_name(&class)
            )));
        };
        if cls.kind() != Kind::Type {
            return Err(vm.type_error(format!(
                "super() argument 1 must be a type, not {}",
                vm.type_name(&class)
            )));
        }
        pyrite_runtime::types::descriptor::new_super(vm, cls, &self_)?
    } else {
        let args: Vec<Value> = if two_args {
            vec![class, self_.clone()]
        } else {
            Vec::new()
        };
        vm.call(&global_super, &args)?
    };
    let v = vm.getattr_obj(&sup, &name)?;
    cx.push(v);
    if cx.oparg & 1 != 0 {
        cx.push_opt(None);
    }
    Ok(Flow::Next)
}

#[inline]
fn unpack_error(cx: &Ctx<'_>, v: &Value) -> pyrite_runtime::error::PyErr {
    cx.vm.type_error(format!(
        "cannot unpack non-iterable {} object",
        cx.vm.type_name(v)
    ))
}

#[inline]
fn items_of(cx: &Ctx<'_>, v: &Value) -> PyResult<Vec<Value>> {
    let vm = cx.vm;
    if let Some(t) = tuple::tuple_items(v) {
        return Ok(t.to_vec());
    }
    if let Some(l) = list::list_data(v) {
        return Ok(l.to_vec());
    }
    match vm.iter(v) {
        Ok(it) => {
            let mut out = Vec::new();
            while let Some(x) = vm.next(&it)? {
                out.push(x);
            }
            Ok(out)
        }
        Err(e)
            if e.matches(vm, &vm.types.exc.type_error)
                && vm.call_special_lookup(v, "__iter__").is_none()
                && vm.call_special_lookup(v, "__getitem__").is_none() =>
        {
            Err(unpack_error(cx, v))
        }
        Err(e) => Err(e),
    }
}

#[inline]
pub(crate) fn unpack_sequence(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let n = cx.oparg as usize;
    let vm = cx.vm;
    let sized = tuple::tuple_items(&v).is_some() || list::list_data(&v).is_some();
    let items = if sized {
        items_of(cx, &v)?
    } else {
        // Stop after one item too many, as CPython does.
        let it = match vm.iter(&v) {
            Ok(it) => it,
            Err(e)
                if e.matches(vm, &vm.types.exc.type_error)
                    && vm.call_special_lookup(&v, "__iter__").is_none()
                    && vm.call_special_lookup(&v, "__getitem__").is_none() =>
            {
                return Err(unpack_error(cx, &v));
            }
            Err(e) => return Err(e),
        };
        let mut out = Vec::with_capacity(n);
        while out.len() <= n {
            match vm.next(&it)? {
                Some(x) => out.push(x),
                None => break,
            }
        }
        out
    };
    if items.len() < n {
        return Err(vm.value_error(format!(
            "not enough values to unpack (expected {n}, got {})",
            items.len()
        )));
    }
    if items.len() > n {
        return Err(vm.value_error(if sized {
            format!(
                "too many values to unpack (expected {n}, got {})",
                items.len()
            )
        } else {
            format!("too many values to unpack (expected {n})")
        }));
    }
    for x in items.into_iter().rev() {
        cx.push(x);
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn unpack_ex(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let before = (cx.oparg & 0xFF) as usize;
    let after = (cx.oparg >> 8) as usize;
    let items = items_of(cx, &v)?;
    if items.len() < before + after {
        return Err(cx.vm.value_error(format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            items.len()
        )));
    }
    let star_end = items.len() - after;
    let mut out: Vec<Value> = items[..before].to_vec();
    out.push(list::new_list(cx.vm, items[before..star_end].to_vec()));
    out.extend_from_slice(&items[star_end..]);
    for x in out.into_iter().rev() {
        cx.push(x);
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn import_name(cx: &mut Ctx<'_>) -> R {
    let fromlist = cx.pop();
    let level = cx.pop();
    let vm = cx.vm;
    let name = cx.code.names[cx.oparg as usize].clone();
    let import = dict::get_str(vm, &cx.f.builtins, &vm.name("__import__"))
        .ok_or_else(|| vm.new_exception(&vm.types.exc.import_error, "__import__ not found"))?;
    let is_builtin = import.as_obj().is_some_and(|o| o.kind() == Kind::Builtin);
    let m = if is_builtin {
        let level = vm.index_i64(&level)?;
        pyrite_runtime::import::import_name(
            vm,
            pyrite_runtime::attr::as_str_obj(&name),
            Some(cx.f.globals()),
            &fromlist,
            level,
        )?
    } else {
        let locals = cx.f.locals.clone().unwrap_or(Value::None);
        vm.call(
            &import,
            &[
                Value::Obj(name),
                Value::Obj(cx.f.globals().clone()),
                locals,
                fromlist,
                level,
            ],
        )?
    };
    cx.push(m);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn import_from(cx: &mut Ctx<'_>) -> R {
    let m = cx.peek(1);
    let name = cx.code.names[cx.oparg as usize].clone();
    let v = pyrite_runtime::import::import_from(cx.vm, &m, &name)?;
    cx.push(v);
    Ok(Flow::Next)
}

/// `CALL_INTRINSIC_1`'s `INTRINSIC_IMPORT_STAR`.
#[inline]
pub(crate) fn import_star(cx: &mut Ctx<'_>, module: &Value) -> PyResult<()> {
    let locals = cx.f.locals.clone().ok_or_else(|| {
        cx.vm.new_exception(
            &cx.vm.types.exc.system_error,
            "no locals found during 'import *'",
        )
    })?;
    pyrite_runtime::import::import_star(cx.vm, module, &locals)
}
