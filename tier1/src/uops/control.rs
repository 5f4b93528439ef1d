//! Micro-ops of control flow and operators: jumps, truth tests,
//! comparisons, arithmetic, iteration, returning and yielding, and the
//! delegation protocol of `yield from` and `await`.

use crate::eval::{Ctx, Flow};
use pyrite_runtime::engine::Resumed;
use pyrite_runtime::modules::signal;
use pyrite_runtime::object::Kind;
use pyrite_runtime::ops::{BinOp, CmpOp};
use pyrite_runtime::types::generator;
use pyrite_runtime::types::slice::new_slice;
use pyrite_runtime::{PyResult, Value};

type R = PyResult<Flow>;

#[inline(always)]
pub(crate) fn jump_forward(cx: &mut Ctx<'_>) -> R {
    Ok(Flow::Jump(cx.next + cx.oparg as usize))
}

#[inline(always)]
pub(crate) fn jump_backward(cx: &mut Ctx<'_>) -> R {
    if signal::pending() {
        signal::check(cx.vm)?;
    }
    Ok(Flow::Jump(cx.next - cx.oparg as usize))
}

#[inline]
fn truth(cx: &Ctx<'_>, v: &Value) -> PyResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => cx.vm.truthy(v),
    }
}

/// A conditional jump's outcome. While hot loops are traced, the jump's
/// cache unit keeps the last 16 outcomes (1 = taken) for tier 2 to
/// predict the path of the loop.
#[inline(always)]
fn branch(cx: &mut Ctx<'_>, taken: bool) -> Flow {
    if cx.optimizer.is_some() {
        let history = &cx.code.units[cx.f.lasti + 1];
        history.set((history.get() << 1) | u16::from(taken));
    }
    if taken {
        Flow::Jump(cx.next + cx.oparg as usize)
    } else {
        Flow::Next
    }
}

#[inline(always)]
pub(crate) fn pop_jump_if_false(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let taken = !truth(cx, &v)?;
    Ok(branch(cx, taken))
}

#[inline(always)]
pub(crate) fn pop_jump_if_true(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let taken = truth(cx, &v)?;
    Ok(branch(cx, taken))
}

#[inline(always)]
pub(crate) fn pop_jump_if_none(cx: &mut Ctx<'_>) -> R {
    let taken = cx.pop().is_none();
    Ok(branch(cx, taken))
}

#[inline(always)]
pub(crate) fn pop_jump_if_not_none(cx: &mut Ctx<'_>) -> R {
    let taken = !cx.pop().is_none();
    Ok(branch(cx, taken))
}

#[inline(always)]
pub(crate) fn to_bool(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let b = truth(cx, &v)?;
    cx.push(Value::Bool(b));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn unary_not(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let b = truth(cx, &v)?;
    cx.push(Value::Bool(!b));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn unary_negative(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let r = cx.vm.unary_op(&v, "__neg__", "-")?;
    cx.push(r);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn unary_invert(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    if matches!(v, Value::Bool(_)) {
        pyrite_runtime::warnings::warn(
            cx.vm,
            &cx.vm.types.exc.deprecation_warning,
            "Bitwise inversion '~' on bool is deprecated and will be removed in Python 3.16. This returns the bitwise inversion of the underlying int object and is usually not what you expect from negating a bool. Use the 'not' operator for boolean negation or ~int(x) if you really want the bitwise inversion of the underlying int.",
            1,
        )?;
        let Value::Bool(b) = v else { unreachable!() };
        cx.push(Value::Int(!i64::from(b)));
        return Ok(Flow::Next);
    }
    let r = cx.vm.unary_op(&v, "__invert__", "~")?;
    cx.push(r);
    Ok(Flow::Next)
}

/// `NB_SUBSCR`: `BINARY_OP`'s oparg for `a[b]`.
const NB_SUBSCR: u32 = 26;

#[inline(always)]
pub(crate) fn binary_op(cx: &mut Ctx<'_>) -> R {
    // Two small ints: the result replaces them in place.
    if let [.., Some(Value::Int(a)), Some(Value::Int(b))] = cx.f.stack.as_slice()
        && cx.oparg < NB_SUBSCR
        && let Some(x) = small_int_op(cx.oparg % 13, *a, *b)
    {
        replace_top_two(cx, Value::Int(x));
        return Ok(Flow::Next);
    }
    binary_op_general(cx)
}

/// `BINARY_OP` past its small-int fast path (kept out of the loop).
#[inline(never)]
fn binary_op_general(cx: &mut Ctx<'_>) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    if let (Value::Float(a), Value::Float(b)) = (&lhs, &rhs) {
        let r = match cx.oparg % 13 {
            0 => Some(a + b),
            5 => Some(a * b),
            10 => Some(a - b),
            11 if *b != 0.0 => Some(a / b),
            _ => None,
        };
        if let Some(x) = r
            && cx.oparg < NB_SUBSCR
        {
            cx.push(Value::Float(x));
            return Ok(Flow::Next);
        }
    }
    let r = if cx.oparg == NB_SUBSCR {
        cx.vm.getitem(&lhs, &rhs)?
    } else {
        match BinOp::from_oparg(cx.oparg) {
            Some((op, false)) => cx.vm.binary_op(&lhs, &rhs, op)?,
            Some((op, true)) => cx.vm.inplace_op(&lhs, &rhs, op)?,
            None => {
                return Err(cx
                    .vm
                    .new_exception(&cx.vm.types.exc.system_error, "bad BINARY_OP oparg"));
            }
        }
    };
    cx.push(r);
    Ok(Flow::Next)
}

/// `a <op> b` on machine ints with Python's semantics, when the result
/// fits (`None` sends the operation down the general path).
#[inline(always)]
pub(crate) fn small_int_op(op: u32, a: i64, b: i64) -> Option<i64> {
    match op {
        0 => a.checked_add(b),
        1 => Some(a & b),
        2 => {
            if b == 0 {
                return None;
            }
            let q = a.checked_div(b)?;
            Some(if a % b != 0 && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            })
        }
        3 if (0..63).contains(&b) => {
            let r = a.checked_shl(b as u32)?;
            (r >> b == a).then_some(r)
        }
        5 => a.checked_mul(b),
        6 => {
            if b == 0 {
                return None;
            }
            let r = a.checked_rem(b)?;
            Some(if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            })
        }
        7 => Some(a | b),
        9 if b >= 0 => Some(a >> b.min(63)),
        10 => a.checked_sub(b),
        12 => Some(a ^ b),
        _ => None,
    }
}

#[inline(always)]
pub(crate) fn compare_op(cx: &mut Ctx<'_>) -> R {
    let op = CmpOp::from_oparg(cx.oparg);
    if let [.., Some(Value::Int(a)), Some(Value::Int(b))] = cx.f.stack.as_slice() {
        let r = Value::Bool(op.test(a.cmp(b)));
        replace_top_two(cx, r);
        return Ok(Flow::Next);
    }
    compare_op_general(cx, op)
}

/// `COMPARE_OP` past its small-int fast path (kept out of the loop).
#[inline(never)]
fn compare_op_general(cx: &mut Ctx<'_>, op: CmpOp) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    let r = cx.vm.compare(&lhs, &rhs, op)?;
    if cx.oparg & 16 != 0 {
        let b = truth(cx, &r)?;
        cx.push(Value::Bool(b));
    } else {
        cx.push(r);
    }
    Ok(Flow::Next)
}

/// Replaces the top two stack values, known to be immediates (nothing to
/// release), with `v`.
#[inline(always)]
pub(crate) fn replace_top_two(cx: &mut Ctx<'_>, v: Value) {
    let stack = &mut cx.f.stack;
    let n = stack.len() - 1;
    stack.truncate(n);
    stack[n - 1] = Some(v);
}

#[inline(always)]
pub(crate) fn is_op(cx: &mut Ctx<'_>) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    cx.push(Value::Bool(lhs.is(&rhs) != (cx.oparg == 1)));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn contains_op(cx: &mut Ctx<'_>) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    let r = cx.vm.contains(&rhs, &lhs)?;
    cx.push(Value::Bool(r != (cx.oparg == 1)));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn binary_slice(cx: &mut Ctx<'_>) -> R {
    let stop = cx.pop();
    let start = cx.pop();
    let container = cx.pop();
    let s = new_slice(cx.vm, start, stop, Value::None);
    let r = cx.vm.getitem(&container, &s)?;
    cx.push(r);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn store_slice(cx: &mut Ctx<'_>) -> R {
    let stop = cx.pop();
    let start = cx.pop();
    let container = cx.pop();
    let v = cx.pop();
    let s = new_slice(cx.vm, start, stop, Value::None);
    cx.vm.setitem(&container, s, v)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn store_subscr(cx: &mut Ctx<'_>) -> R {
    let sub = cx.pop();
    let container = cx.pop();
    let v = cx.pop();
    cx.vm.setitem(&container, sub, v)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn delete_subscr(cx: &mut Ctx<'_>) -> R {
    let sub = cx.pop();
    let container = cx.pop();
    cx.vm.delitem(&container, &sub)?;
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn get_iter(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let it = cx.vm.iter(&v)?;
    cx.push(it);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn get_yield_from_iter(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    if let Value::Obj(o) = &v {
        if o.ty_is(&cx.vm.types.coroutine) {
            let flags = cx.code.flags();
            use pyrite_compiler::code::flags as co;
            if flags & (co::CO_COROUTINE | co::CO_ITERABLE_COROUTINE) == 0 {
                return Err(cx.vm.type_error(
                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                ));
            }
            cx.push(v);
            return Ok(Flow::Next);
        }
        if o.ty_is(&cx.vm.types.generator) {
            cx.push(v);
            return Ok(Flow::Next);
        }
    }
    let it = cx.vm.iter(&v)?;
    cx.push(it);
    Ok(Flow::Next)
}

/// `FOR_ITER`: range iterators step in place (what `FOR_ITER_RANGE`
/// does); others through `__next__`.
#[inline(always)]
pub(crate) fn for_iter(cx: &mut Ctx<'_>) -> R {
    match super::for_iter_range(cx)? {
        Flow::Deopt => for_iter_general(cx),
        flow => Ok(flow),
    }
}

#[inline(never)]
fn for_iter_general(cx: &mut Ctx<'_>) -> R {
    let it = cx.peek(1);
    match cx.vm.next(&it)? {
        Some(v) => {
            cx.push(v);
            Ok(Flow::Next)
        }
        // Exhausted: skip the END_FOR at the target; POP_ITER pops the iterator.
        None => Ok(Flow::Jump(cx.next + cx.oparg as usize + 1)),
    }
}

#[inline]
pub(crate) fn get_len(cx: &mut Ctx<'_>) -> R {
    let v = cx.peek(1);
    let n = cx.vm.len(&v)?;
    cx.push(Value::Int(n as i64));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn return_value(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    Ok(Flow::Return(v))
}

#[inline]
pub(crate) fn return_generator(_cx: &mut Ctx<'_>) -> R {
    Ok(Flow::ReturnGenerator)
}

#[inline]
pub(crate) fn yield_value(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    Ok(Flow::Yield(v))
}

/// Sends `v` into a sub-iterator: `Ok(Ok(yielded))` or `Ok(Err(returned))`.
#[inline]
fn send_into(cx: &Ctx<'_>, receiver: &Value, v: Value) -> PyResult<Result<Value, Value>> {
    let vm = cx.vm;
    if let Value::Obj(o) = receiver
        && o.kind() == Kind::Generator
        && !pyrite_runtime::types::typeobj::data(&o.ty())
            .has_flag(pyrite_runtime::types::typeobj::flags::HEAPTYPE)
    {
        return match generator::resume(vm, o, v, None)? {
            Resumed::Yielded(y) => Ok(Ok(y)),
            Resumed::Returned(r) => Ok(Err(r)),
        };
    }
    // Other iterators: `__next__`/`send`, the return value carried by the
    // StopIteration they raise.
    let r = if v.is_none() {
        vm.call_method(receiver, "__next__", &[])
    } else {
        vm.call_method(receiver, "send", &[v])
    };
    match r {
        Ok(y) => Ok(Ok(y)),
        Err(e) if e.matches(vm, &vm.types.exc.stop_iteration) => {
            let val = vm.getattr(&Value::Obj(e.value().clone()), "value")?;
            Ok(Err(val))
        }
        Err(e) => Err(e),
    }
}

#[inline]
pub(crate) fn send(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let receiver = cx.peek(1);
    match send_into(cx, &receiver, v)? {
        Ok(y) => {
            cx.push(y);
            Ok(Flow::Next)
        }
        Err(r) => {
            cx.push(r);
            Ok(Flow::Jump(cx.next + cx.oparg as usize))
        }
    }
}

#[inline]
pub(crate) fn end_send(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    cx.pop();
    cx.push(v);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn cleanup_throw(cx: &mut Ctx<'_>) -> R {
    let exc = cx.pop();
    let _last_sent = cx.pop();
    let _sub_iter = cx.pop();
    if cx.vm.is_instance(&exc, &cx.vm.types.exc.stop_iteration) {
        let v = cx.vm.getattr(&exc, "value")?;
        cx.push(Value::None);
        cx.push(v);
        return Ok(Flow::Next);
    }
    match exc {
        Value::Obj(e) => Ok(Flow::Reraise(pyrite_runtime::error::PyErr(e))),
        _ => Err(cx.vm.new_exception(
            &cx.vm.types.exc.system_error,
            "CLEANUP_THROW without an exception",
        )),
    }
}

/// The iterator `await v` delegates to.
#[inline]
pub(crate) fn awaitable_iter(cx: &Ctx<'_>, v: &Value) -> PyResult<Value> {
    let vm = cx.vm;
    if let Value::Obj(o) = v
        && o.ty_is(&vm.types.coroutine)
    {
        let g = o.payload::<generator::GeneratorData>();
        if g.running.get() || g.yield_from.borrow().is_some() {
            return Err(vm.runtime_error("coroutine is being awaited already"));
        }
        return Ok(v.clone());
    }
    // A generator made a coroutine by `types.coroutine`.
    if let Value::Obj(o) = v
        && o.ty_is(&vm.types.generator)
        && o.payload::<generator::GeneratorData>()
            .code
            .payload::<pyrite_runtime::types::function::CodeData>()
            .flags()
            & pyrite_compiler::code::flags::CO_ITERABLE_COROUTINE
            != 0
    {
        return Ok(v.clone());
    }
    let Some(f) = vm.call_special_lookup(v, "__await__") else {
        return Err(vm.type_error(format!("'{}' object can't be awaited", vm.type_name(v))));
    };
    let it = vm.call_with_self(&f, v, pyrite_runtime::Args::positional(&[]))?;
    if it.as_obj().is_some_and(|o| o.ty_is(&vm.types.coroutine)) {
        return Err(vm.type_error("__await__() returned a coroutine"));
    }
    if vm.call_special_lookup(&it, "__next__").is_none() {
        return Err(vm.type_error(format!(
            "__await__() returned non-iterator of type '{}'",
            vm.type_name(&it)
        )));
    }
    Ok(it)
}

#[inline]
pub(crate) fn get_awaitable(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let it = awaitable_iter(cx, &v).map_err(|e| {
        if cx.oparg != 0
            && e.matches(cx.vm, &cx.vm.types.exc.type_error)
            && cx.vm.call_special_lookup(&v, "__await__").is_none()
        {
            let what = if cx.oparg == 1 {
                "__aenter__"
            } else {
                "__aexit__"
            };
            cx.vm.type_error(format!(
                "'async with' received an object from {what} that does not implement __await__: {}",
                cx.vm.type_name(&v)
            ))
        } else {
            e
        }
    })?;
    cx.push(it);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn get_aiter(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let vm = cx.vm;
    let Some(f) = vm.call_special_lookup(&v, "__aiter__") else {
        return Err(vm.type_error(format!(
            "'async for' requires an object with __aiter__ method, got {}",
            vm.type_name(&v)
        )));
    };
    let it = vm.call_with_self(&f, &v, pyrite_runtime::Args::positional(&[]))?;
    if vm.call_special_lookup(&it, "__anext__").is_none() {
        return Err(vm.type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            vm.type_name(&it)
        )));
    }
    cx.push(it);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn get_anext(cx: &mut Ctx<'_>) -> R {
    let aiter = cx.peek(1);
    let vm = cx.vm;
    let Some(f) = vm.call_special_lookup(&aiter, "__anext__") else {
        return Err(vm.type_error(format!(
            "'async for' requires an iterator with __anext__ method, got {}",
            vm.type_name(&aiter)
        )));
    };
    let aw = vm.call_with_self(&f, &aiter, pyrite_runtime::Args::positional(&[]))?;
    let it = awaitable_iter(cx, &aw).map_err(|e| {
        if e.matches(vm, &vm.types.exc.type_error) {
            vm.type_error(format!(
                "'async for' received an invalid object from __anext__: {}",
                vm.type_name(&aw)
            ))
        } else {
            e
        }
    })?;
    cx.push(it);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn end_async_for(cx: &mut Ctx<'_>) -> R {
    let exc = cx.pop();
    let _awaitable = cx.pop();
    if cx
        .vm
        .is_instance(&exc, &cx.vm.types.exc.stop_async_iteration)
    {
        return Ok(Flow::Next);
    }
    match exc {
        Value::Obj(e) => Ok(Flow::Reraise(pyrite_runtime::error::PyErr(e))),
        _ => Err(cx.vm.new_exception(
            &cx.vm.types.exc.system_error,
            "END_ASYNC_FOR without an exception",
        )),
    }
}
