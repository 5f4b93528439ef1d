//! Micro-ops over the stack and variables: constants, fast locals, cells,
//! globals, names in module and class bodies.

use crate::eval::{Ctx, Flow};
use pyrite_compiler::code::local_kinds;
use pyrite_runtime::types::dict;
use pyrite_runtime::types::function::{CellData, FunctionData, new_cell};
use pyrite_runtime::{ObjRef, PyResult, Value};

type R = PyResult<Flow>;

#[inline(always)]
pub(crate) fn nop(_cx: &mut Ctx<'_>) -> R {
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn resume(cx: &mut Ctx<'_>) -> R {
    if pyrite_runtime::modules::signal::pending() {
        pyrite_runtime::modules::signal::check(cx.vm)?;
    }
    Ok(Flow::Next)
}

#[inline]
fn bad_opcode(cx: &mut Ctx<'_>, name: &str) -> R {
    Err(cx.vm.new_exception(
        &cx.vm.types.exc.system_error,
        format!("unexpected instruction {name}"),
    ))
}

#[inline]
pub(crate) fn cache(cx: &mut Ctx<'_>) -> R {
    bad_opcode(cx, "CACHE")
}

#[inline]
pub(crate) fn reserved(cx: &mut Ctx<'_>) -> R {
    bad_opcode(cx, "RESERVED")
}

#[inline]
pub(crate) fn extended_arg(cx: &mut Ctx<'_>) -> R {
    bad_opcode(cx, "EXTENDED_ARG")
}

#[inline]
pub(crate) fn interpreter_exit(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    Ok(Flow::Return(v))
}

#[inline(always)]
pub(crate) fn pop_top(cx: &mut Ctx<'_>) -> R {
    cx.f.stack.pop();
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn push_null(cx: &mut Ctx<'_>) -> R {
    cx.push_opt(None);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn copy(cx: &mut Ctx<'_>) -> R {
    let n = cx.oparg as usize;
    let v = cx.f.stack[cx.f.stack.len() - n].clone();
    cx.f.stack.push(v);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn swap(cx: &mut Ctx<'_>) -> R {
    let n = cx.oparg as usize;
    let len = cx.f.stack.len();
    cx.f.stack.swap(len - 1, len - n);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn load_const(cx: &mut Ctx<'_>) -> R {
    let v = cx.code.consts[cx.oparg as usize].clone();
    cx.push(v);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn load_small_int(cx: &mut Ctx<'_>) -> R {
    cx.push(Value::Int(i64::from(cx.oparg)));
    Ok(Flow::Next)
}

#[inline]
fn local_name(cx: &Ctx<'_>, i: usize) -> String {
    pyrite_runtime::attr::as_str_obj(&cx.code.localsplusnames[i]).to_string()
}

#[cold]
#[inline(never)]
fn unbound_local(cx: &Ctx<'_>, i: usize) -> pyrite_runtime::error::PyErr {
    let name = local_name(cx, i);
    let e = cx.vm.new_exception(
        &cx.vm.types.exc.unbound_local_error,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    );
    let _ = cx
        .vm
        .set_attr(&Value::Obj(e.value().clone()), "name", cx.vm.new_str(&name));
    e
}

#[inline(always)]
fn load_fast_at(cx: &mut Ctx<'_>, i: usize) -> R {
    match &cx.f.fast[i] {
        Some(v) => {
            let v = v.clone();
            cx.push(v);
            Ok(Flow::Next)
        }
        None => Err(unbound_local(cx, i)),
    }
}

#[inline(always)]
pub(crate) fn load_fast(cx: &mut Ctx<'_>) -> R {
    load_fast_at(cx, cx.oparg as usize)
}

#[inline(always)]
pub(crate) fn load_fast_check(cx: &mut Ctx<'_>) -> R {
    load_fast_at(cx, cx.oparg as usize)
}

#[inline(always)]
pub(crate) fn load_fast_hi(cx: &mut Ctx<'_>) -> R {
    load_fast_at(cx, (cx.oparg >> 4) as usize)
}

#[inline(always)]
pub(crate) fn load_fast_lo(cx: &mut Ctx<'_>) -> R {
    load_fast_at(cx, (cx.oparg & 15) as usize)
}

#[inline]
pub(crate) fn load_fast_and_clear(cx: &mut Ctx<'_>) -> R {
    let v = cx.f.fast[cx.oparg as usize].take();
    cx.push_opt(v);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn store_fast(cx: &mut Ctx<'_>) -> R {
    let v = cx.f.stack.pop().flatten();
    let old = std::mem::replace(&mut cx.f.fast[cx.oparg as usize], v);
    drop(old);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn store_fast_hi(cx: &mut Ctx<'_>) -> R {
    let v = cx.f.stack.pop().flatten();
    let old = std::mem::replace(&mut cx.f.fast[(cx.oparg >> 4) as usize], v);
    drop(old);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn store_fast_lo(cx: &mut Ctx<'_>) -> R {
    let v = cx.f.stack.pop().flatten();
    let old = std::mem::replace(&mut cx.f.fast[(cx.oparg & 15) as usize], v);
    drop(old);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_fast(cx: &mut Ctx<'_>) -> R {
    let i = cx.oparg as usize;
    match cx.f.fast[i].take() {
        Some(_) => Ok(Flow::Next),
        None => Err(unbound_local(cx, i)),
    }
}

#[inline]
pub(crate) fn make_cell(cx: &mut Ctx<'_>) -> R {
    let i = cx.oparg as usize;
    let init = cx.f.fast[i].take();
    cx.f.fast[i] = Some(Value::Obj(new_cell(cx.vm, init)));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn copy_free_vars(cx: &mut Ctx<'_>) -> R {
    let n = cx.oparg as usize;
    let Some(func) = cx.f.func().cloned() else {
        return Ok(Flow::Next);
    };
    let closure = func.payload::<FunctionData>().closure.borrow().clone();
    let cells = pyrite_runtime::types::tuple::tuple_items(&closure)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let base = cx.f.fast.len() - n;
    for (i, c) in cells.into_iter().take(n).enumerate() {
        cx.f.fast[base + i] = Some(c);
    }
    Ok(Flow::Next)
}

#[inline]
fn cell_at(cx: &Ctx<'_>, i: usize) -> Option<ObjRef> {
    match &cx.f.fast[i] {
        Some(Value::Obj(o)) if o.downcast::<CellData>().is_some() => Some(o.clone()),
        _ => None,
    }
}

#[inline]
fn unbound_deref(cx: &Ctx<'_>, i: usize) -> pyrite_runtime::error::PyErr {
    let name = local_name(cx, i);
    if cx.code.code.localspluskinds[i] & local_kinds::CO_FAST_FREE != 0 {
        let e = cx.vm.name_error(format!(
            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
        ));
        let _ = cx
            .vm
            .set_attr(&Value::Obj(e.value().clone()), "name", cx.vm.new_str(&name));
        e
    } else {
        unbound_local(cx, i)
    }
}

#[inline]
pub(crate) fn load_deref(cx: &mut Ctx<'_>) -> R {
    let i = cx.oparg as usize;
    let v = cell_at(cx, i).and_then(|c| c.payload::<CellData>().get());
    match v {
        Some(v) => {
            cx.push(v);
            Ok(Flow::Next)
        }
        None => Err(unbound_deref(cx, i)),
    }
}

#[inline]
pub(crate) fn store_deref(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let i = cx.oparg as usize;
    match cell_at(cx, i) {
        Some(c) => c.payload::<CellData>().set(Some(v)),
        None => cx.f.fast[i] = Some(Value::Obj(new_cell(cx.vm, Some(v)))),
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_deref(cx: &mut Ctx<'_>) -> R {
    let i = cx.oparg as usize;
    let c = cell_at(cx, i);
    match c.as_ref().and_then(|c| c.payload::<CellData>().get()) {
        Some(_) => {
            c.expect("cell").payload::<CellData>().set(None);
            Ok(Flow::Next)
        }
        None => Err(unbound_deref(cx, i)),
    }
}

#[inline]
pub(crate) fn load_from_dict_or_deref(cx: &mut Ctx<'_>) -> R {
    let mapping = cx.pop();
    let i = cx.oparg as usize;
    let name = Value::Obj(cx.code.localsplusnames[i].clone());
    if let Some(v) = mapping_get(cx, &mapping, &name)? {
        cx.push(v);
        return Ok(Flow::Next);
    }
    load_deref(cx)
}

#[inline]
fn name_at(cx: &Ctx<'_>, i: usize) -> ObjRef {
    cx.code.names[i].clone()
}

/// `mapping[name]`, `None` when absent (dicts without `__missing__` calls).
#[inline]
fn mapping_get(cx: &Ctx<'_>, mapping: &Value, key: &Value) -> PyResult<Option<Value>> {
    if let Value::Obj(d) = mapping
        && d.ty_is(&cx.vm.types.dict)
    {
        return Ok(dict::get_str(cx.vm, d, key));
    }
    match cx.vm.getitem(mapping, key) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.matches(cx.vm, &cx.vm.types.exc.key_error) => Ok(None),
        Err(e) => Err(e),
    }
}

#[inline]
fn name_error(cx: &Ctx<'_>, name: &ObjRef) -> pyrite_runtime::error::PyErr {
    let n = pyrite_runtime::attr::as_str_obj(name);
    let e = cx.vm.name_error(format!("name '{n}' is not defined"));
    let _ = cx.vm.set_attr(
        &Value::Obj(e.value().clone()),
        "name",
        Value::Obj(name.clone()),
    );
    e
}

#[inline]
fn global_or_builtin(cx: &Ctx<'_>, name: &ObjRef) -> PyResult<Value> {
    let key = Value::Obj(name.clone());
    let globals = cx.f.globals();
    if globals.ty_is(&cx.vm.types.dict) {
        if let Some(v) = dict::get_str(cx.vm, globals, &key) {
            return Ok(v);
        }
    } else if let Some(v) = mapping_get(cx, &Value::Obj(globals.clone()), &key)? {
        // A dict subclass as globals (annotationlib's fake globals) is
        // asked through its own `__getitem__`/`__missing__`.
        return Ok(v);
    }
    if cx.f.builtins.ty_is(&cx.vm.types.dict) {
        if let Some(v) = dict::get_str(cx.vm, &cx.f.builtins, &key) {
            return Ok(v);
        }
    } else if let Some(v) = mapping_get(cx, &Value::Obj(cx.f.builtins.clone()), &key)? {
        return Ok(v);
    }
    Err(name_error(cx, name))
}

/// `LOAD_GLOBAL`: through its cache when the dict tags still hold (what
/// `LOAD_GLOBAL_MODULE` and `_BUILTIN` do), else by lookup.
#[inline(always)]
pub(crate) fn load_global(cx: &mut Ctx<'_>) -> R {
    match super::load_global_cached(cx)? {
        Flow::Deopt => load_global_general(cx),
        flow => Ok(flow),
    }
}

#[inline(never)]
fn load_global_general(cx: &mut Ctx<'_>) -> R {
    let name = &cx.code.names[(cx.oparg >> 1) as usize];
    let v = global_or_builtin(cx, name)?;
    crate::uops::caches::fill_global(cx, name);
    cx.push(v);
    if cx.oparg & 1 != 0 {
        cx.push_opt(None);
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn store_global(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let name = name_at(cx, cx.oparg as usize);
    dict::set_item(cx.vm, cx.f.globals(), Value::Obj(name), v)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_global(cx: &mut Ctx<'_>) -> R {
    let name = name_at(cx, cx.oparg as usize);
    if !dict::del_item(cx.vm, cx.f.globals(), &Value::Obj(name.clone()))? {
        return Err(name_error(cx, &name));
    }
    Ok(Flow::Next)
}

#[inline]
fn locals_of(cx: &Ctx<'_>) -> PyResult<Value> {
    cx.f.locals.clone().ok_or_else(|| {
        cx.vm
            .new_exception(&cx.vm.types.exc.system_error, "no locals found")
    })
}

#[inline]
pub(crate) fn load_name(cx: &mut Ctx<'_>) -> R {
    let name = name_at(cx, cx.oparg as usize);
    let locals = locals_of(cx)?;
    let key = Value::Obj(name.clone());
    let v = match mapping_get(cx, &locals, &key)? {
        Some(v) => v,
        None => global_or_builtin(cx, &name)?,
    };
    cx.push(v);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn store_name(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let name = name_at(cx, cx.oparg as usize);
    let locals = locals_of(cx)?;
    match &locals {
        Value::Obj(d) if d.ty_is(&cx.vm.types.dict) => {
            dict::set_item(cx.vm, d, Value::Obj(name), v)?
        }
        _ => cx.vm.setitem(&locals, Value::Obj(name), v)?,
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_name(cx: &mut Ctx<'_>) -> R {
    let name = name_at(cx, cx.oparg as usize);
    let locals = locals_of(cx)?;
    let key = Value::Obj(name.clone());
    match cx.vm.delitem(&locals, &key) {
        Ok(()) => Ok(Flow::Next),
        Err(e) if e.matches(cx.vm, &cx.vm.types.exc.key_error) => Err(name_error(cx, &name)),
        Err(e) => Err(e),
    }
}

#[inline]
pub(crate) fn load_locals(cx: &mut Ctx<'_>) -> R {
    let l = locals_of(cx)?;
    cx.push(l);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn load_from_dict_or_globals(cx: &mut Ctx<'_>) -> R {
    let mapping = cx.pop();
    let name = name_at(cx, cx.oparg as usize);
    let v = match mapping_get(cx, &mapping, &Value::Obj(name.clone()))? {
        Some(v) => v,
        None => global_or_builtin(cx, &name)?,
    };
    cx.push(v);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn load_build_class(cx: &mut Ctx<'_>) -> R {
    let key = cx.vm.intern("__build_class__");
    match dict::get_str(cx.vm, &cx.f.builtins, &Value::Obj(key)) {
        Some(v) => {
            cx.push(v);
            Ok(Flow::Next)
        }
        None => Err(cx.vm.name_error("__build_class__ not found")),
    }
}

#[inline]
pub(crate) fn setup_annotations(cx: &mut Ctx<'_>) -> R {
    let locals = locals_of(cx)?;
    let key = cx.vm.name("__annotations__");
    if mapping_get(cx, &locals, &key)?.is_none() {
        cx.vm.setitem(&locals, key, dict::new_dict_value(cx.vm))?;
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn load_common_constant(cx: &mut Ctx<'_>) -> R {
    let vm = cx.vm;
    let v = match cx.oparg {
        0 => Value::Obj(vm.types.exc.assertion_error.clone()),
        1 => Value::Obj(vm.types.exc.not_implemented_error.clone()),
        2 => Value::Obj(vm.types.tuple.clone()),
        3 | 4 => {
            let name = if cx.oparg == 3 { "all" } else { "any" };
            dict::get_str(
                vm,
                &vm.builtins.dict().expect("module dict"),
                &vm.name(name),
            )
            .unwrap_or(Value::None)
        }
        _ => return Err(vm.new_exception(&vm.types.exc.system_error, "bad common constant")),
    };
    cx.push(v);
    Ok(Flow::Next)
}
