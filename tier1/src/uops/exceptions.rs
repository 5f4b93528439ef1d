//! Micro-ops of exceptions: raising, the handled-exception stack that
//! `except` blocks push and pop, matching `except` clauses (`except*`
//! included), and calling `__exit__`.

use crate::eval::{Ctx, Flow};
use pyrite_runtime::error::PyErr;
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::exception::{ExceptionData, split_group};
use pyrite_runtime::types::{list, tuple, typeobj};
use pyrite_runtime::{ObjRef, PyResult, Value, Vm};

type R = PyResult<Flow>;

/// An exception instance from what `raise` was given (a class is called).
#[inline]
fn make_exception(vm: &Vm, v: &Value, what: &str) -> PyResult<ObjRef> {
    if let Value::Obj(o) = v {
        if o.kind() == Kind::Type && typeobj::is_subtype(o, &vm.types.exc.base_exception) {
            let e = vm.call(v, &[])?;
            return match e {
                Value::Obj(eo) if eo.downcast::<ExceptionData>().is_some() => Ok(eo),
                other => Err(vm.type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    vm.repr_string(v)?,
                    vm.type_name(&other)
                ))),
            };
        }
        if o.downcast::<ExceptionData>().is_some() {
            return Ok(o.clone());
        }
    }
    Err(vm.type_error(what))
}

#[inline]
pub(crate) fn raise_varargs(cx: &mut Ctx<'_>) -> R {
    let vm = cx.vm;
    match cx.oparg {
        0 => match vm.current_exception() {
            Some(e) => Ok(Flow::Reraise(PyErr(e))),
            None => Err(vm.runtime_error("No active exception to reraise")),
        },
        1 => {
            let v = cx.pop();
            let e = make_exception(vm, &v, "exceptions must derive from BaseException")?;
            Err(PyErr(e))
        }
        _ => {
            let cause = cx.pop();
            let v = cx.pop();
            let e = make_exception(vm, &v, "exceptions must derive from BaseException")?;
            let cause = if cause.is_none() {
                None
            } else {
                Some(Value::Obj(make_exception(
                    vm,
                    &cause,
                    "exception causes must derive from BaseException",
                )?))
            };
            let d = e.payload::<ExceptionData>();
            *d.cause.borrow_mut() = cause;
            d.suppress_context.set(true);
            Err(PyErr(e))
        }
    }
}

#[inline]
pub(crate) fn reraise(cx: &mut Ctx<'_>) -> R {
    let exc = cx.pop();
    if cx.oparg != 0 {
        let lasti = cx.peek(cx.oparg as usize);
        if let Value::Int(i) = lasti {
            cx.f.lasti = i as usize;
        }
    }
    match exc {
        Value::Obj(e) => Ok(Flow::Reraise(PyErr(e))),
        _ => Err(cx.vm.new_exception(
            &cx.vm.types.exc.system_error,
            "RERAISE without an exception",
        )),
    }
}

/// Replaces the exception being handled; returns the previous one.
#[inline]
fn swap_handled(vm: &Vm, new: Option<ObjRef>) -> Option<ObjRef> {
    let mut h = vm.handled.borrow_mut();
    if h.is_empty() {
        h.push(None);
    }
    let top = h.last_mut().expect("a slot");
    std::mem::replace(top, new)
}

#[inline]
pub(crate) fn push_exc_info(cx: &mut Ctx<'_>) -> R {
    let exc = cx.pop();
    let prev = swap_handled(cx.vm, exc.as_obj().cloned());
    cx.push(prev.map_or(Value::None, Value::Obj));
    cx.push(exc);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn pop_except(cx: &mut Ctx<'_>) -> R {
    let prev = cx.pop();
    let old = swap_handled(cx.vm, prev.as_obj().cloned());
    drop(old);
    Ok(Flow::Next)
}

#[inline]
fn check_catchable(vm: &Vm, t: &Value, star: bool) -> PyResult<()> {
    let ok = |x: &Value| matches!(x, Value::Obj(o) if o.kind() == Kind::Type && typeobj::is_subtype(o, &vm.types.exc.base_exception));
    let all_ok = match tuple::tuple_items(t) {
        Some(items) => items.iter().all(ok),
        None => ok(t),
    };
    if !all_ok {
        return Err(
            vm.type_error("catching classes that do not inherit from BaseException is not allowed")
        );
    }
    if star {
        let is_group = |x: &Value| matches!(x, Value::Obj(o) if typeobj::is_subtype(o, &vm.types.exc.base_exception_group));
        let any_group = match tuple::tuple_items(t) {
            Some(items) => items.iter().any(is_group),
            None => is_group(t),
        };
        if any_group {
            return Err(vm.type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
    }
    Ok(())
}

#[inline]
fn matches_type(vm: &Vm, exc: &Value, t: &Value) -> bool {
    match tuple::tuple_items(t) {
        Some(items) => items
            .iter()
            .any(|x| matches!(x, Value::Obj(o) if vm.is_instance(exc, o))),
        None => matches!(t, Value::Obj(o) if vm.is_instance(exc, o)),
    }
}

#[inline]
pub(crate) fn check_exc_match(cx: &mut Ctx<'_>) -> R {
    let right = cx.pop();
    let left = cx.peek(1);
    check_catchable(cx.vm, &right, false)?;
    let b = matches_type(cx.vm, &left, &right);
    cx.push(Value::Bool(b));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn check_eg_match(cx: &mut Ctx<'_>) -> R {
    let match_type = cx.pop();
    let exc = cx.pop();
    let vm = cx.vm;
    check_catchable(vm, &match_type, true)?;
    let is_group = vm.is_instance(&exc, &vm.types.exc.base_exception_group);
    if !is_group {
        if matches_type(vm, &exc, &match_type) {
            // A naked exception is wrapped in a group for the handler.
            let wrapped = vm.call(
                &Value::Obj(vm.types.exc.base_exception_group.clone()),
                &[vm.name(""), tuple::new_tuple(vm, vec![exc.clone()])],
            )?;
            if let (Some(from), Some(to)) = (
                exc.downcast::<ExceptionData>(),
                wrapped.downcast::<ExceptionData>(),
            ) {
                *to.traceback.borrow_mut() = from.traceback.borrow().clone();
            }
            cx.push(Value::None);
            cx.push(wrapped.clone());
            swap_handled(vm, wrapped.as_obj().cloned());
            return Ok(Flow::Next);
        }
        cx.push(exc);
        cx.push(Value::None);
        return Ok(Flow::Next);
    }
    let (m, rest) = split_group(vm, &exc, &match_type)?;
    match m {
        Some(m) => {
            cx.push(rest.unwrap_or(Value::None));
            cx.push(m.clone());
            swap_handled(vm, m.as_obj().cloned());
        }
        None => {
            cx.push(exc);
            cx.push(Value::None);
        }
    }
    Ok(Flow::Next)
}

/// The leaf exceptions of an exception (group), by identity.
#[inline]
fn leaves(vm: &Vm, v: &Value, out: &mut Vec<usize>) {
    if vm.is_instance(v, &vm.types.exc.base_exception_group) {
        if let Ok(excs) = vm.getattr(v, "exceptions")
            && let Some(items) = tuple::tuple_items(&excs)
        {
            for e in items {
                leaves(vm, e, out);
            }
        }
    } else if let Value::Obj(o) = v {
        out.push(o.addr());
    }
}

/// `except*`'s end: what to re-raise, from the original group and the
/// exceptions the handlers raised or left unhandled.
#[inline]
pub(crate) fn prep_reraise_star(cx: &Ctx<'_>, orig: &Value, excs: &Value) -> PyResult<Value> {
    let vm = cx.vm;
    let items: Vec<Value> = vm
        .iterate(excs)?
        .into_iter()
        .filter(|e| !e.is_none())
        .collect();
    if items.is_empty() {
        return Ok(Value::None);
    }
    if !vm.is_instance(orig, &vm.types.exc.base_exception_group) {
        // A naked exception was caught: re-raise what is left of it.
        return Ok(items.into_iter().next().unwrap_or(Value::None));
    }
    let mut orig_leaves = Vec::new();
    leaves(vm, orig, &mut orig_leaves);
    let mut keep = Vec::new();
    let mut raised = Vec::new();
    for e in items {
        let mut ls = Vec::new();
        leaves(vm, &e, &mut ls);
        if !ls.is_empty() && ls.iter().all(|l| orig_leaves.contains(l)) {
            keep.extend(ls);
        } else {
            raised.push(e);
        }
    }
    let kept = if keep.is_empty() {
        None
    } else {
        // Split the original group down to the kept leaves.
        subgroup_by_leaves(vm, orig, &keep)?
    };
    if raised.is_empty() {
        return Ok(kept.unwrap_or(Value::None));
    }
    let mut all = raised;
    if let Some(k) = kept {
        all.push(k);
    }
    if all.len() == 1 {
        return Ok(all.pop().expect("one"));
    }
    vm.call(
        &Value::Obj(vm.types.exc.base_exception_group.clone()),
        &[vm.name(""), list::new_list(vm, all)],
    )
}

#[inline]
fn subgroup_by_leaves(vm: &Vm, group: &Value, keep: &[usize]) -> PyResult<Option<Value>> {
    if !vm.is_instance(group, &vm.types.exc.base_exception_group) {
        return Ok(group
            .as_obj()
            .filter(|o| keep.contains(&o.addr()))
            .map(|_| group.clone()));
    }
    let excs = vm.getattr(group, "exceptions")?;
    let items = tuple::tuple_items(&excs)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let mut parts = Vec::new();
    let mut same = true;
    for e in &items {
        match subgroup_by_leaves(vm, e, keep)? {
            Some(p) => {
                same &= p.is(e);
                parts.push(p);
            }
            None => same = false,
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    if same {
        return Ok(Some(group.clone()));
    }
    let new = vm.call_method(group, "derive", &[list::new_list(vm, parts)])?;
    if let (Some(from), Some(to)) = (
        group.downcast::<ExceptionData>(),
        new.downcast::<ExceptionData>(),
    ) {
        *to.traceback.borrow_mut() = from.traceback.borrow().clone();
        *to.cause.borrow_mut() = from.cause.borrow().clone();
        *to.context.borrow_mut() = from.context.borrow().clone();
    }
    Ok(Some(new))
}

#[inline]
pub(crate) fn with_except_start(cx: &mut Ctx<'_>) -> R {
    let val = cx.peek(1);
    let len = cx.f.stack.len();
    let exit_self = cx.f.stack[len - 4].clone();
    let exit_func = cx.peek(5);
    let vm = cx.vm;
    let tb = val
        .downcast::<ExceptionData>()
        .and_then(|d| d.traceback.borrow().clone())
        .map_or(Value::None, Value::Obj);
    let ty = Value::Obj(vm.type_of(&val));
    let r = match exit_self {
        Some(s) => vm.call(&exit_func, &[s, ty, val, tb])?,
        None => vm.call(&exit_func, &[ty, val, tb])?,
    };
    cx.push(r);
    Ok(Flow::Next)
}
