//! The micro-ops of the specialized forms (PEP 659) the adaptive tier
//! writes over generic instructions. Each checks its guess before touching
//! the stack and answers `Flow::Deopt` when the guess is wrong, so the
//! generic instruction can run in its place; then it does the one thing
//! the guess allows.

use super::caches::{self, AttrHit};
use super::{exact_args_frame, replace_top_two, small_int_op};
use crate::eval::{Ctx, Flow};
use crate::specialize::{builtin_name, extend};
use pyrite_runtime::ops::CmpOp;
use pyrite_runtime::types::{dict, instance, iterators, list, set, str as pystr, tuple};
use pyrite_runtime::{ObjRef, PyResult, Value};

type R = PyResult<Flow>;

/// The stack value `n` slots below the top (1 is the top), borrowed.
#[inline(always)]
fn at<'a>(cx: &'a Ctx<'_>, n: usize) -> Option<&'a Value> {
    let stack = &cx.f.stack;
    stack.get(stack.len().checked_sub(n)?)?.as_ref()
}

/// The object at `n` if its type is exactly `ty`.
#[inline(always)]
fn exact<'a>(cx: &'a Ctx<'_>, n: usize, ty: &ObjRef) -> Option<&'a ObjRef> {
    match at(cx, n) {
        Some(Value::Obj(o)) if o.ty_is(ty) => Some(o),
        _ => None,
    }
}

/// Removes the top `n` values and pushes `v`.
#[inline(always)]
fn replace_top(cx: &mut Ctx<'_>, n: usize, v: Value) {
    let len = cx.f.stack.len();
    cx.f.stack.truncate(len - n);
    cx.push(v);
}

// ----- guards shared by several forms -----------------------------------------

#[inline(always)]
pub(crate) fn guard_ints(cx: &mut Ctx<'_>) -> R {
    Ok(match cx.f.stack.as_slice() {
        [.., Some(Value::Int(_)), Some(Value::Int(_))] => Flow::Next,
        _ => Flow::Deopt,
    })
}

#[inline(always)]
pub(crate) fn guard_floats(cx: &mut Ctx<'_>) -> R {
    Ok(match cx.f.stack.as_slice() {
        [.., Some(Value::Float(_)), Some(Value::Float(_))] => Flow::Next,
        _ => Flow::Deopt,
    })
}

#[inline(always)]
pub(crate) fn guard_strs(cx: &mut Ctx<'_>) -> R {
    let t = &cx.vm.types.str;
    Ok(if exact(cx, 1, t).is_some() && exact(cx, 2, t).is_some() {
        Flow::Next
    } else {
        Flow::Deopt
    })
}

/// The top two values, known to be ints (after `guard_ints`).
#[inline(always)]
fn two_ints(cx: &Ctx<'_>) -> (i64, i64) {
    match cx.f.stack.as_slice() {
        [.., Some(Value::Int(a)), Some(Value::Int(b))] => (*a, *b),
        _ => unreachable!("guarded by guard_ints"),
    }
}

/// The top two values, known to be floats (after `guard_floats`).
#[inline(always)]
fn two_floats(cx: &Ctx<'_>) -> (f64, f64) {
    match cx.f.stack.as_slice() {
        [.., Some(Value::Float(a)), Some(Value::Float(b))] => (*a, *b),
        _ => unreachable!("guarded by guard_floats"),
    }
}

// ----- BINARY_OP --------------------------------------------------------------

/// `BINARY_OP_ADD_INT`, `_SUBTRACT_INT`, `_MULTIPLY_INT` (the oparg says
/// which); a result past 64 bits leaves to the generic instruction.
#[inline(always)]
pub(crate) fn binary_op_int(cx: &mut Ctx<'_>) -> R {
    let (a, b) = two_ints(cx);
    match small_int_op(cx.oparg % 13, a, b) {
        Some(x) => {
            replace_top_two(cx, Value::Int(x));
            Ok(Flow::Next)
        }
        None => Ok(Flow::Deopt),
    }
}

/// `BINARY_OP_ADD_FLOAT`, `_SUBTRACT_FLOAT`, `_MULTIPLY_FLOAT`.
#[inline(always)]
pub(crate) fn binary_op_float(cx: &mut Ctx<'_>) -> R {
    let (a, b) = two_floats(cx);
    let x = match cx.oparg % 13 {
        0 => a + b,
        5 => a * b,
        _ => a - b,
    };
    replace_top_two(cx, Value::Float(x));
    Ok(Flow::Next)
}

/// `BINARY_OP_EXTEND`: true division of two floats, or of two ints that
/// doubles hold exactly (so one rounding gives the right answer); any
/// other operator on two ints with a 64-bit result.
#[inline(always)]
pub(crate) fn binary_op_extend(cx: &mut Ctx<'_>) -> R {
    const EXACT: i64 = 1 << 53;
    let x = match (caches::cache_u16(cx, 1), cx.f.stack.as_slice()) {
        (extend::FLOAT_TRUEDIV, [.., Some(Value::Float(a)), Some(Value::Float(b))])
            if *b != 0.0 =>
        {
            a / b
        }
        (extend::INT_TRUEDIV, [.., Some(Value::Int(a)), Some(Value::Int(b))])
            if *b != 0 && (-EXACT..=EXACT).contains(a) && (-EXACT..=EXACT).contains(b) =>
        {
            *a as f64 / *b as f64
        }
        (extend::INT_OTHER, [.., Some(Value::Int(a)), Some(Value::Int(b))]) => {
            let Some(x) = small_int_op(cx.oparg % 13, *a, *b) else {
                return Ok(Flow::Deopt);
            };
            replace_top_two(cx, Value::Int(x));
            return Ok(Flow::Next);
        }
        _ => return Ok(Flow::Deopt),
    };
    replace_top_two(cx, Value::Float(x));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn binary_op_add_unicode(cx: &mut Ctx<'_>) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    let r = cx
        .vm
        .binary_op(&lhs, &rhs, pyrite_runtime::ops::BinOp::Add)?;
    cx.push(r);
    Ok(Flow::Next)
}

/// A sequence index in range, counting from the end when negative.
#[inline(always)]
fn index_in(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i + len as i64 } else { i };
    usize::try_from(i).ok().filter(|&i| i < len)
}

#[inline(always)]
fn subscr_int(cx: &Ctx<'_>) -> Option<i64> {
    match at(cx, 1) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// `BINARY_OP_SUBSCR_LIST_INT`: an index out of range leaves to the
/// generic instruction (which raises).
#[inline(always)]
pub(crate) fn binary_op_subscr_list_int(cx: &mut Ctx<'_>) -> R {
    let (Some(l), Some(i)) = (exact(cx, 2, &cx.vm.types.list), subscr_int(cx)) else {
        return Ok(Flow::Deopt);
    };
    let data = l.payload::<list::ListData>();
    let Some(v) = index_in(i, data.len()).and_then(|i| data.get(i)) else {
        return Ok(Flow::Deopt);
    };
    replace_top(cx, 2, v);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn binary_op_subscr_tuple_int(cx: &mut Ctx<'_>) -> R {
    let (Some(t), Some(i)) = (exact(cx, 2, &cx.vm.types.tuple), subscr_int(cx)) else {
        return Ok(Flow::Deopt);
    };
    let items = tuple::tuple_items(&Value::Obj(t.clone()))
        .unwrap_or(&[])
        .to_vec();
    let Some(v) = index_in(i, items.len()).map(|i| items[i].clone()) else {
        return Ok(Flow::Deopt);
    };
    replace_top(cx, 2, v);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn binary_op_subscr_str_int(cx: &mut Ctx<'_>) -> R {
    let (Some(s), Some(i)) = (exact(cx, 2, &cx.vm.types.str), subscr_int(cx)) else {
        return Ok(Flow::Deopt);
    };
    let data = s.payload::<pystr::StrData>();
    let Some(cp) = index_in(i, data.len()).map(|i| data.char_at(i)) else {
        return Ok(Flow::Deopt);
    };
    let v = cx.vm.new_char(cp);
    replace_top(cx, 2, v);
    Ok(Flow::Next)
}

/// `BINARY_OP_SUBSCR_DICT`: a missing key leaves to the generic
/// instruction (which raises `KeyError`).
#[inline(always)]
pub(crate) fn binary_op_subscr_dict(cx: &mut Ctx<'_>) -> R {
    let Some(d) = exact(cx, 2, &cx.vm.types.dict) else {
        return Ok(Flow::Deopt);
    };
    let key = at(cx, 1).cloned().unwrap_or(Value::None);
    let Some(v) = dict::data(d).get(cx.vm, &key)? else {
        return Ok(Flow::Deopt);
    };
    replace_top(cx, 2, v);
    Ok(Flow::Next)
}

// ----- COMPARE_OP and CONTAINS_OP ---------------------------------------------

#[inline(always)]
pub(crate) fn compare_op_int(cx: &mut Ctx<'_>) -> R {
    let (a, b) = two_ints(cx);
    let r = CmpOp::from_oparg(cx.oparg).test(a.cmp(&b));
    replace_top_two(cx, Value::Bool(r));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn compare_op_float(cx: &mut Ctx<'_>) -> R {
    let (a, b) = two_floats(cx);
    let r = match CmpOp::from_oparg(cx.oparg) {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    };
    replace_top_two(cx, Value::Bool(r));
    Ok(Flow::Next)
}

/// `COMPARE_OP_STR`: `==` and `!=` of two exact strings.
#[inline(always)]
pub(crate) fn compare_op_str(cx: &mut Ctx<'_>) -> R {
    let rhs = cx.pop();
    let lhs = cx.pop();
    let same = match (pystr::str_data(&lhs), pystr::str_data(&rhs)) {
        (Some(a), Some(b)) => a.as_bytes() == b.as_bytes(),
        _ => false,
    };
    cx.push(Value::Bool(
        same == (CmpOp::from_oparg(cx.oparg) == CmpOp::Eq),
    ));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn contains_op_dict(cx: &mut Ctx<'_>) -> R {
    let Some(d) = exact(cx, 1, &cx.vm.types.dict).cloned() else {
        return Ok(Flow::Deopt);
    };
    cx.f.stack.pop();
    let key = cx.pop();
    let found = dict::data(&d).get(cx.vm, &key)?.is_some();
    cx.push(Value::Bool(found != (cx.oparg == 1)));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn contains_op_set(cx: &mut Ctx<'_>) -> R {
    let t = &cx.vm.types;
    let Some(s) = exact(cx, 1, &t.set)
        .or_else(|| exact(cx, 1, &t.frozenset))
        .cloned()
    else {
        return Ok(Flow::Deopt);
    };
    cx.f.stack.pop();
    let key = cx.pop();
    let found = s.payload::<set::SetData>().contains(cx.vm, &key)?;
    cx.push(Value::Bool(found != (cx.oparg == 1)));
    Ok(Flow::Next)
}

// ----- TO_BOOL ------------------------------------------------------------------

/// Replaces the top with `Bool(b)` when `test` reads it; else deopts.
#[inline(always)]
fn to_bool_with(cx: &mut Ctx<'_>, test: impl FnOnce(&Ctx<'_>, &Value) -> Option<bool>) -> R {
    let Some(b) = at(cx, 1).and_then(|v| test(cx, v)) else {
        return Ok(Flow::Deopt);
    };
    replace_top(cx, 1, Value::Bool(b));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn to_bool_bool(cx: &mut Ctx<'_>) -> R {
    to_bool_with(cx, |_, v| match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    })
}

#[inline(always)]
pub(crate) fn to_bool_int(cx: &mut Ctx<'_>) -> R {
    to_bool_with(cx, |_, v| match v {
        Value::Int(i) => Some(*i != 0),
        _ => None,
    })
}

#[inline(always)]
pub(crate) fn to_bool_none(cx: &mut Ctx<'_>) -> R {
    to_bool_with(cx, |_, v| v.is_none().then_some(false))
}

#[inline(always)]
pub(crate) fn to_bool_list(cx: &mut Ctx<'_>) -> R {
    to_bool_with(cx, |cx, v| match v {
        Value::Obj(o) if o.ty_is(&cx.vm.types.list) => {
            Some(!o.payload::<list::ListData>().is_empty())
        }
        _ => None,
    })
}

#[inline(always)]
pub(crate) fn to_bool_str(cx: &mut Ctx<'_>) -> R {
    to_bool_with(cx, |cx, v| match v {
        Value::Obj(o) if o.ty_is(&cx.vm.types.str) => {
            Some(!o.payload::<pystr::StrData>().is_empty())
        }
        _ => None,
    })
}

/// `TO_BOOL_ALWAYS_TRUE`: an instance of a class (tag in units 1-2)
/// without `__bool__` or `__len__`.
#[inline(always)]
pub(crate) fn to_bool_always_true(cx: &mut Ctx<'_>) -> R {
    let tag = caches::cache_u32(cx, 1);
    to_bool_with(cx, |_, v| match v {
        Value::Obj(o)
            if tag != 0
                && o.kind() == pyrite_runtime::object::Kind::Instance
                && o.with_ty(pyrite_runtime::types::typeobj::current_tag) == tag =>
        {
            Some(true)
        }
        _ => None,
    })
}

// ----- LOAD_GLOBAL, LOAD_ATTR, STORE_ATTR -------------------------------------

/// `LOAD_GLOBAL_MODULE` and `LOAD_GLOBAL_BUILTIN`: the cache's dict tags
/// still hold.
#[inline(always)]
pub(crate) fn load_global_cached(cx: &mut Ctx<'_>) -> R {
    let Some(v) = caches::cached_global(cx) else {
        return Ok(Flow::Deopt);
    };
    cx.push(v);
    if cx.oparg & 1 != 0 {
        cx.push_opt(None);
    }
    Ok(Flow::Next)
}

/// `LOAD_ATTR_INSTANCE_VALUE`, `_METHOD_WITH_VALUES`, `_MODULE`, `_CLASS`:
/// what the cache recorded still holds for the owner on top.
#[inline(always)]
pub(crate) fn load_attr_cached(cx: &mut Ctx<'_>) -> R {
    let method = cx.oparg & 1 != 0;
    let hit = match at(cx, 1) {
        Some(owner) => caches::cached_attr(cx, owner),
        None => None,
    };
    match hit {
        Some(AttrHit::Value(v)) => {
            replace_top(cx, 1, v);
            if method {
                cx.push_opt(None);
            }
        }
        Some(AttrHit::Method(m)) if method => {
            let owner = cx.f.stack.pop().flatten();
            cx.push(m);
            cx.push_opt(owner);
        }
        _ => return Ok(Flow::Deopt),
    }
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn store_attr_instance_value(cx: &mut Ctx<'_>) -> R {
    let Some((o, ix)) = at(cx, 1).and_then(|owner| caches::store_slot(cx, owner)) else {
        return Ok(Flow::Deopt);
    };
    let o = o.clone();
    cx.f.stack.pop();
    let v = cx.pop();
    if let Err(v) = instance::set_inline_value(&o, ix, v) {
        let name = &cx.code.names[cx.oparg as usize];
        cx.vm.setattr(&Value::Obj(o), name, Some(v))?;
    }
    Ok(Flow::Next)
}

// ----- STORE_SUBSCR -----------------------------------------------------------

#[inline(always)]
pub(crate) fn store_subscr_list_int(cx: &mut Ctx<'_>) -> R {
    let (Some(l), Some(i)) = (exact(cx, 2, &cx.vm.types.list), subscr_int(cx)) else {
        return Ok(Flow::Deopt);
    };
    let data = l.payload::<list::ListData>();
    let Some(i) = index_in(i, data.len()) else {
        return Ok(Flow::Deopt);
    };
    let l = l.clone();
    let len = cx.f.stack.len();
    cx.f.stack.truncate(len - 2);
    let v = cx.pop();
    let old = std::mem::replace(&mut l.payload::<list::ListData>().borrow_mut()[i], v);
    // The old item may run `__del__`: only after the list is consistent.
    drop(old);
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn store_subscr_dict(cx: &mut Ctx<'_>) -> R {
    let Some(d) = exact(cx, 2, &cx.vm.types.dict).cloned() else {
        return Ok(Flow::Deopt);
    };
    let key = cx.pop();
    cx.f.stack.pop();
    let v = cx.pop();
    dict::set_item(cx.vm, &d, key, v)?;
    Ok(Flow::Next)
}

// ----- UNPACK_SEQUENCE --------------------------------------------------------

/// Pushes the items of a sequence of exactly `oparg` items, last first.
#[inline(always)]
fn unpack_exact(cx: &mut Ctx<'_>, items: Option<Vec<Value>>) -> R {
    match items {
        Some(items) if items.len() == cx.oparg as usize => {
            cx.f.stack.pop();
            cx.f.stack.extend(items.into_iter().rev().map(Some));
            Ok(Flow::Next)
        }
        _ => Ok(Flow::Deopt),
    }
}

/// `UNPACK_SEQUENCE_TUPLE` and `_TWO_TUPLE`.
#[inline(always)]
pub(crate) fn unpack_sequence_tuple(cx: &mut Ctx<'_>) -> R {
    let items = exact(cx, 1, &cx.vm.types.tuple)
        .and_then(|t| tuple::tuple_items(&Value::Obj(t.clone())).map(<[Value]>::to_vec));
    unpack_exact(cx, items)
}

#[inline(always)]
pub(crate) fn unpack_sequence_list(cx: &mut Ctx<'_>) -> R {
    let items = exact(cx, 1, &cx.vm.types.list).map(|l| l.payload::<list::ListData>().to_vec());
    unpack_exact(cx, items)
}

// ----- FOR_ITER -----------------------------------------------------------------

/// Pushes the next item, or jumps past the loop (skipping its `END_FOR`).
#[inline(always)]
fn for_iter_step(cx: &mut Ctx<'_>, step: Option<Option<Value>>) -> R {
    Ok(match step {
        Some(Some(v)) => {
            cx.push(v);
            Flow::Next
        }
        Some(None) => Flow::Jump(cx.next + cx.oparg as usize + 1),
        None => Flow::Deopt,
    })
}

#[inline(always)]
pub(crate) fn for_iter_range(cx: &mut Ctx<'_>) -> R {
    let step = exact(cx, 1, &cx.vm.types.range_iterator)
        .and_then(iterators::range_next)
        .map(|s| s.map(Value::Int));
    for_iter_step(cx, step)
}

#[inline(always)]
pub(crate) fn for_iter_list(cx: &mut Ctx<'_>) -> R {
    let step = exact(cx, 1, &cx.vm.types.list_iterator).and_then(iterators::seq_next);
    for_iter_step(cx, step)
}

#[inline(always)]
pub(crate) fn for_iter_tuple(cx: &mut Ctx<'_>) -> R {
    let step = exact(cx, 1, &cx.vm.types.tuple_iterator).and_then(iterators::seq_next);
    for_iter_step(cx, step)
}

// ----- CALL ---------------------------------------------------------------------

/// `CALL_PY_EXACT_ARGS`, `CALL_BOUND_METHOD_EXACT_ARGS` and
/// `CALL_ALLOC_AND_ENTER_INIT`: the frame comes straight from the stack.
#[inline(always)]
pub(crate) fn call_py_exact_args(cx: &mut Ctx<'_>) -> R {
    Ok(match exact_args_frame(cx) {
        Some(frame) => Flow::Call(frame),
        None => Flow::Deopt,
    })
}

/// Whether the call on the stack is of the builtin `name` with no `self`.
#[inline(always)]
fn calls_builtin(cx: &Ctx<'_>, name: &str) -> bool {
    let n = cx.oparg as usize;
    at(cx, n + 1).is_none() && at(cx, n + 2).and_then(builtin_name) == Some(name)
}

#[inline(always)]
pub(crate) fn call_len(cx: &mut Ctx<'_>) -> R {
    if cx.oparg != 1 || !calls_builtin(cx, "len") {
        return Ok(Flow::Deopt);
    }
    let x = cx.pop();
    let n = cx.vm.len(&x)?;
    replace_top(cx, 2, Value::Int(n as i64));
    Ok(Flow::Next)
}

#[inline(always)]
pub(crate) fn call_isinstance(cx: &mut Ctx<'_>) -> R {
    if cx.oparg != 2 || !calls_builtin(cx, "isinstance") {
        return Ok(Flow::Deopt);
    }
    let cls = cx.pop();
    let x = cx.pop();
    let r = pyrite_runtime::builtins::isinstance(cx.vm, &x, &cls)?;
    replace_top(cx, 2, Value::Bool(r));
    Ok(Flow::Next)
}

/// Whether a call of `callable` with `self_` is `list.append` on an
/// exact list.
pub(crate) fn is_list_append(cx: &Ctx<'_>, callable: &Value, self_: Option<&Value>) -> bool {
    let t = &cx.vm.types;
    callable
        .downcast::<pyrite_runtime::types::builtin::MethodDescriptorData>()
        .is_some_and(|d| d.name == "append" && d.owner.is(&t.list))
        && matches!(self_, Some(Value::Obj(l)) if l.ty_is(&t.list))
}

/// `CALL_LIST_APPEND`: `lst.append(x)` on an exact list.
#[inline(always)]
pub(crate) fn call_list_append(cx: &mut Ctx<'_>) -> R {
    if cx.oparg != 1 || !at(cx, 3).is_some_and(|c| is_list_append(cx, c, at(cx, 2))) {
        return Ok(Flow::Deopt);
    }
    let v = cx.pop();
    let l = cx.pop();
    if let Value::Obj(l) = &l {
        l.payload::<list::ListData>().push(v);
    }
    replace_top(cx, 1, Value::None);
    Ok(Flow::Next)
}
