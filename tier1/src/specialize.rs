//! PEP 659 specialization: the adaptive tier's `specialize` micro-op,
//! which opens every specializable instruction. A backoff counter in the
//! instruction's first cache unit decides when to look at the operands;
//! the specializer then writes the specialized form that fits them over
//! the instruction (or puts the generic one back and backs off further).
//! A specialized form's guards send a miss back to the generic instruction,
//! whose counter (reset to a cooldown on success) then counts the misses
//! until the instruction is specialized again.
//!
//! The counter is CPython's: a 12-bit value over a 4-bit backoff exponent.

use crate::counter;
use crate::eval::{Ctx, Flow};
use crate::uops::{self, AttrKind, ExactShape};
use pyrite_bytecode::Opcode;
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::{builtin::BuiltinData, typeobj};
use pyrite_runtime::{PyResult, Value};
use std::cell::Cell;

/// The thresholds, settable from the environment (read once):
/// `PYRITE_ADAPTIVE_COOLDOWN`, the misses a specialized instruction takes
/// before it is specialized again (CPython's `ADAPTIVE_COOLDOWN_VALUE`, 52;
/// at most 4095), and `PYRITE_ADAPTIVE_BACKOFF`, the largest backoff
/// exponent after failed attempts (12; at most 12).
struct Thresholds {
    cooldown: u16,
    max_backoff: u16,
}

fn thresholds() -> &'static Thresholds {
    static T: std::sync::OnceLock<Thresholds> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let read = |name: &str, default: u16, max: u16| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u16>().ok())
                .map_or(default, |v| v.min(max))
        };
        Thresholds {
            cooldown: read("PYRITE_ADAPTIVE_COOLDOWN", 52, 4095),
            max_backoff: read("PYRITE_ADAPTIVE_BACKOFF", 12, 12),
        }
    })
}

/// `BINARY_OP_EXTEND`'s cache unit 1: which operation it does.
pub(crate) mod extend {
    /// `float / float`.
    pub const FLOAT_TRUEDIV: u16 = 1;
    /// `int / int`, both exact in a double.
    pub const INT_TRUEDIV: u16 = 2;
    /// Any other operator on two ints whose result fits in 64 bits.
    pub const INT_OTHER: u16 = 3;
}

/// `BINARY_OP`'s oparg for `a[b]`.
const NB_SUBSCR: u32 = 26;

/// The counter after a success or a failure.
fn counter_after(success: bool, old: u16) -> u16 {
    let t = thresholds();
    if success {
        counter::waiting(t.cooldown, 0)
    } else {
        counter::backed_off(old, t.max_backoff)
    }
}

/// The adaptive tier's first micro-op of every specializable instruction:
/// counts down, and when the count is out, rewrites the instruction for
/// the operands on the stack now. The generic body runs after it this time
/// either way.
#[inline(always)]
pub(crate) fn specialize(cx: &mut Ctx<'_>) -> PyResult<Flow> {
    if !cx.adaptive {
        return Ok(Flow::Next);
    }
    if counter::tick(&cx.code.units[cx.f.lasti + 1]) {
        respecialize(cx);
    }
    Ok(Flow::Next)
}

#[inline(never)]
fn respecialize(cx: &mut Ctx<'_>) {
    let at = cx.f.lasti;
    let unit = cx.code.units[at].get();
    let current = Opcode::from_byte(unit as u8).unwrap_or(Opcode::NOP);
    let family = current.deopt();
    let stats = family as usize & 0xFF;
    if current.is_specialized() {
        STATS.with(|s| bump(&s.deopts[stats]));
    }
    STATS.with(|s| bump(&s.attempts[stats]));
    let chosen = choose(cx, family);
    let (op, success) = match chosen {
        Some(op) => (op, true),
        None => (family, false),
    };
    STATS.with(|s| {
        bump(if success {
            &s.successes[stats]
        } else {
            &s.failures[stats]
        })
    });
    cx.code.units[at].set((unit & 0xFF00) | op as u16);
    let counter = &cx.code.units[at + 1];
    counter.set(counter_after(success, counter.get()));
}

/// The specialized form of `family` that fits the operands on the stack.
fn choose(cx: &Ctx<'_>, family: Opcode) -> Option<Opcode> {
    let stack = &cx.f.stack;
    let top = |n: usize| -> Option<&Value> { stack.get(stack.len().checked_sub(n)?)?.as_ref() };
    let vm = cx.vm;
    let t = &vm.types;
    let exact = |v: Option<&Value>, ty: &pyrite_runtime::ObjRef| matches!(v, Some(Value::Obj(o)) if o.ty_is(ty));
    match family {
        Opcode::TO_BOOL => Some(match top(1)? {
            Value::Bool(_) => Opcode::TO_BOOL_BOOL,
            Value::Int(_) => Opcode::TO_BOOL_INT,
            Value::None => Opcode::TO_BOOL_NONE,
            v if exact(Some(v), &t.list) => Opcode::TO_BOOL_LIST,
            v if exact(Some(v), &t.str) => Opcode::TO_BOOL_STR,
            Value::Obj(o) if o.kind() == Kind::Instance => {
                let ty = o.ty();
                if typeobj::lookup(vm, &ty, "__bool__").is_some()
                    || typeobj::lookup(vm, &ty, "__len__").is_some()
                {
                    return None;
                }
                uops::set_cache_u32(cx, 1, typeobj::cache_tag(&ty));
                Opcode::TO_BOOL_ALWAYS_TRUE
            }
            _ => return None,
        }),
        Opcode::BINARY_OP => {
            let (lhs, rhs) = (top(2)?, top(1)?);
            let op = cx.oparg % 13;
            if cx.oparg == NB_SUBSCR {
                return match (lhs, rhs) {
                    (l, Value::Int(_)) if exact(Some(l), &t.list) => {
                        Some(Opcode::BINARY_OP_SUBSCR_LIST_INT)
                    }
                    (l, Value::Int(_)) if exact(Some(l), &t.tuple) => {
                        Some(Opcode::BINARY_OP_SUBSCR_TUPLE_INT)
                    }
                    (l, Value::Int(_)) if exact(Some(l), &t.str) => {
                        Some(Opcode::BINARY_OP_SUBSCR_STR_INT)
                    }
                    (l, _) if exact(Some(l), &t.dict) => Some(Opcode::BINARY_OP_SUBSCR_DICT),
                    _ => None,
                };
            }
            if cx.oparg > NB_SUBSCR {
                return None;
            }
            match (lhs, rhs, op) {
                (Value::Int(_), Value::Int(_), 0) => Some(Opcode::BINARY_OP_ADD_INT),
                (Value::Int(_), Value::Int(_), 10) => Some(Opcode::BINARY_OP_SUBTRACT_INT),
                (Value::Int(_), Value::Int(_), 5) => Some(Opcode::BINARY_OP_MULTIPLY_INT),
                (Value::Float(_), Value::Float(_), 0) => Some(Opcode::BINARY_OP_ADD_FLOAT),
                (Value::Float(_), Value::Float(_), 10) => Some(Opcode::BINARY_OP_SUBTRACT_FLOAT),
                (Value::Float(_), Value::Float(_), 5) => Some(Opcode::BINARY_OP_MULTIPLY_FLOAT),
                (Value::Float(_), Value::Float(_), 11) => {
                    uops::set_cache_u16(cx, 1, extend::FLOAT_TRUEDIV);
                    Some(Opcode::BINARY_OP_EXTEND)
                }
                (Value::Int(_), Value::Int(_), 11) => {
                    uops::set_cache_u16(cx, 1, extend::INT_TRUEDIV);
                    Some(Opcode::BINARY_OP_EXTEND)
                }
                // `&`, `//`, `<<`, `%`, `|`, `>>`, `^`.
                (Value::Int(_), Value::Int(_), 1 | 2 | 3 | 6 | 7 | 9 | 12) => {
                    uops::set_cache_u16(cx, 1, extend::INT_OTHER);
                    Some(Opcode::BINARY_OP_EXTEND)
                }
                (l, r, 0) if exact(Some(l), &t.str) && exact(Some(r), &t.str) => {
                    Some(Opcode::BINARY_OP_ADD_UNICODE)
                }
                _ => None,
            }
        }
        Opcode::COMPARE_OP => match (top(2)?, top(1)?) {
            (Value::Int(_), Value::Int(_)) => Some(Opcode::COMPARE_OP_INT),
            (Value::Float(_), Value::Float(_)) => Some(Opcode::COMPARE_OP_FLOAT),
            (l, r) if exact(Some(l), &t.str) && exact(Some(r), &t.str) => {
                // Equality only, as CPython: ordering strings is not hot.
                matches!(cx.oparg >> 5, 2 | 3).then_some(Opcode::COMPARE_OP_STR)
            }
            _ => None,
        },
        Opcode::CONTAINS_OP => {
            let container = top(1)?;
            if exact(Some(container), &t.dict) {
                Some(Opcode::CONTAINS_OP_DICT)
            } else if exact(Some(container), &t.set) || exact(Some(container), &t.frozenset) {
                Some(Opcode::CONTAINS_OP_SET)
            } else {
                None
            }
        }
        Opcode::LOAD_GLOBAL => {
            let name = &cx.code.names[(cx.oparg >> 1) as usize];
            uops::fill_global(cx, name);
            match uops::global_cached(cx)? {
                false => Some(Opcode::LOAD_GLOBAL_MODULE),
                true => Some(Opcode::LOAD_GLOBAL_BUILTIN),
            }
        }
        Opcode::LOAD_ATTR => {
            let owner = top(1)?;
            let name = &cx.code.names[(cx.oparg >> 1) as usize];
            let method = cx.oparg & 1 != 0;
            uops::fill_attr(cx, owner, name, method);
            Some(match uops::attr_kind(cx)? {
                AttrKind::InstanceValue => Opcode::LOAD_ATTR_INSTANCE_VALUE,
                AttrKind::Method if method => Opcode::LOAD_ATTR_METHOD_WITH_VALUES,
                AttrKind::Method => return None,
                AttrKind::Module => Opcode::LOAD_ATTR_MODULE,
                AttrKind::Class => Opcode::LOAD_ATTR_CLASS,
                AttrKind::NonDescriptor => Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES,
                AttrKind::MethodNoDict => Opcode::LOAD_ATTR_METHOD_NO_DICT,
            })
        }
        Opcode::STORE_ATTR => {
            let owner = top(1)?;
            let name = &cx.code.names[cx.oparg as usize];
            uops::fill_store(cx, owner, name);
            uops::store_cached(cx).then_some(Opcode::STORE_ATTR_INSTANCE_VALUE)
        }
        Opcode::CALL => {
            let n = cx.oparg as usize;
            if let Some(call) = uops::exact_call(cx) {
                return Some(match call.shape() {
                    ExactShape::Function => Opcode::CALL_PY_EXACT_ARGS,
                    ExactShape::BoundMethod => Opcode::CALL_BOUND_METHOD_EXACT_ARGS,
                    ExactShape::ClassInit => Opcode::CALL_ALLOC_AND_ENTER_INIT,
                });
            }
            if n == 1 && uops::is_list_append(cx, top(3)?, top(2)) {
                return Some(Opcode::CALL_LIST_APPEND);
            }
            if top(n + 1).is_some() {
                return None;
            }
            match (builtin_name(top(n + 2)?)?, n) {
                ("len", 1) => Some(Opcode::CALL_LEN),
                ("isinstance", 2) => Some(Opcode::CALL_ISINSTANCE),
                _ => None,
            }
        }
        Opcode::FOR_ITER => {
            let it = top(1)?;
            if exact(Some(it), &t.range_iterator) {
                Some(Opcode::FOR_ITER_RANGE)
            } else if exact(Some(it), &t.list_iterator) {
                Some(Opcode::FOR_ITER_LIST)
            } else if exact(Some(it), &t.tuple_iterator) {
                Some(Opcode::FOR_ITER_TUPLE)
            } else {
                None
            }
        }
        Opcode::STORE_SUBSCR => match (top(2)?, top(1)?) {
            (c, Value::Int(_)) if exact(Some(c), &t.list) => Some(Opcode::STORE_SUBSCR_LIST_INT),
            (c, _) if exact(Some(c), &t.dict) => Some(Opcode::STORE_SUBSCR_DICT),
            _ => None,
        },
        Opcode::UNPACK_SEQUENCE => {
            let seq = top(1)?;
            if exact(Some(seq), &t.tuple) {
                Some(if cx.oparg == 2 {
                    Opcode::UNPACK_SEQUENCE_TWO_TUPLE
                } else {
                    Opcode::UNPACK_SEQUENCE_TUPLE
                })
            } else if exact(Some(seq), &t.list) {
                Some(Opcode::UNPACK_SEQUENCE_LIST)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The name of a free builtin function of the `builtins` module.
pub(crate) fn builtin_name(v: &Value) -> Option<&'static str> {
    let d = v.as_obj()?.downcast::<BuiltinData>()?;
    (d.self_.is_none() && d.module == Some("builtins")).then_some(d.name)
}

// ----- statistics (PYRITE_STATS=1) ----------------------------------------

/// Per family (indexed by the generic opcode): how specialization went.
struct Stats {
    attempts: [Cell<u64>; 256],
    successes: [Cell<u64>; 256],
    failures: [Cell<u64>; 256],
    /// Guards of a specialized form that failed (the generic ran instead).
    misses: [Cell<u64>; 256],
    /// Specialized forms whose misses ran their counter out.
    deopts: [Cell<u64>; 256],
}

thread_local! {
    static STATS: Stats = const {
        Stats {
            attempts: [const { Cell::new(0) }; 256],
            successes: [const { Cell::new(0) }; 256],
            failures: [const { Cell::new(0) }; 256],
            misses: [const { Cell::new(0) }; 256],
            deopts: [const { Cell::new(0) }; 256],
        }
    };
}

fn bump(c: &Cell<u64>) {
    c.set(c.get() + 1);
}

/// Counts a failed guard of the specialized instruction `op`.
#[inline(never)]
pub(crate) fn count_miss(op: Opcode) {
    STATS.with(|s| bump(&s.misses[op.deopt() as usize & 0xFF]));
}

/// The specialization statistics of this thread, one line per family
/// that was tried (what `PYRITE_STATS=1` prints at exit).
pub fn report_stats() -> String {
    use std::fmt::Write as _;
    let mut out =
        String::from("specialization       attempts   success   failure    misses    deopts\n");
    STATS.with(|s| {
        for op in Opcode::ALL
            .iter()
            .filter(|o| !o.is_pseudo() && !o.is_specialized())
        {
            let i = *op as usize & 0xFF;
            let row =
                [&s.attempts, &s.successes, &s.failures, &s.misses, &s.deopts].map(|a| a[i].get());
            if row.iter().all(|&n| n == 0) {
                continue;
            }
            let _ = write!(out, "{:<18}", op.name());
            for n in row {
                let _ = write!(out, "{n:>10}");
            }
            out.push('\n');
        }
    });
    out
}
