//! Trace projection: from a hot loop's head, follow the instructions as
//! tier 1 has specialized them, predicting each conditional jump from its
//! recorded history, and list their micro-ops, until the path comes back
//! to the head (a closed loop) or leaves ground a trace can cover.

use pyrite_bytecode::{Opcode, Uop};
use pyrite_runtime::Value;
use pyrite_runtime::types::function::CodeData;
use pyrite_tier1::replaced_unit;

/// Where control goes after a micro-op, as the trace expects it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The micro-op goes on (`Flow::Next`).
    Next,
    /// The micro-op jumps to this code unit.
    Jump(u32),
}

/// One micro-op of a trace, with what tier 1 would have set for it.
#[derive(Clone, Debug)]
pub struct TraceOp {
    /// Which micro-op.
    pub uop: Uop,
    /// The instruction's argument.
    pub oparg: u32,
    /// The instruction's code unit (`f.lasti` while it runs).
    pub at: u32,
    /// The unit after the instruction and its caches (`cx.next`).
    pub next: u32,
    /// Where tier 1 starts the instruction again when a guard fails
    /// (its first EXTENDED_ARG, if any).
    pub restart: u32,
    /// The path the trace follows after it.
    pub expect: Expect,
    /// The instruction it belongs to.
    pub opcode: Opcode,
    /// For `LOAD_CONST`: the constant, when it is an immediate value
    /// (what the JIT can write without taking a reference).
    pub constant: Option<Value>,
    /// For a `LOAD_GLOBAL` the optimizer promoted: the value to push
    /// (then NULL when the oparg's low bit asks), instead of the lookup.
    pub promoted: Option<Value>,
}

/// Whether a micro-op may run code that is not its own (a call, a dunder
/// method, a finalizer, a lookup with side effects), after which an
/// executor's assumptions must be checked again. Freeing a local's old
/// value in `STORE_FAST` is not counted (as CPython's tier 2 does not).
pub fn escapes(u: Uop) -> bool {
    !matches!(
        u,
        Uop::load_fast
            | Uop::load_fast_hi
            | Uop::load_fast_lo
            | Uop::load_fast_check
            | Uop::load_fast_and_clear
            | Uop::store_fast
            | Uop::store_fast_hi
            | Uop::store_fast_lo
            | Uop::load_small_int
            | Uop::load_const
            | Uop::nop
            | Uop::jump_backward
            | Uop::guard_ints
            | Uop::guard_floats
            | Uop::guard_strs
            | Uop::binary_op_int
            | Uop::binary_op_float
            | Uop::compare_op_int
            | Uop::compare_op_float
            | Uop::to_bool_bool
            | Uop::to_bool_int
            | Uop::to_bool_none
            | Uop::for_iter_range
            | Uop::for_iter_list
            | Uop::for_iter_tuple
            | Uop::load_global_cached
            | Uop::push_null
            | Uop::copy
            | Uop::swap
    )
}

impl TraceOp {
    /// The code unit control reaches when the micro-op did what the trace
    /// expects (the next op of the trace, or the trace's end).
    pub fn expected_pc(&self) -> u32 {
        match self.expect {
            Expect::Next => self.next,
            Expect::Jump(t) => t,
        }
    }
}

/// How a trace ends after its last micro-op.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Back to the loop head: the first micro-op of the loop's own trace.
    Loop,
    /// Tier 1 carries on at this code unit.
    Exit(u32),
}

/// A projected (and then optimized) loop.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Where the trace starts (the loop head, for a loop's own trace).
    pub start: u32,
    /// The micro-ops, in order.
    pub ops: Vec<TraceOp>,
    /// What follows the last one.
    pub end: End,
    /// Guards the optimizer proved and removed.
    pub guards_removed: u32,
}

/// The longest trace, in micro-ops.
const MAX_TRACE: usize = 400;

/// One decoded instruction.
struct Decoded {
    restart: usize,
    at: usize,
    opcode: Opcode,
    oparg: u32,
    next: usize,
}

fn decode(code: &CodeData, pc: usize) -> Option<Decoded> {
    let units = &code.units;
    let mut at = pc;
    let mut unit = units.get(at)?.get();
    let mut oparg = u32::from(unit >> 8);
    while unit & 0xFF == Opcode::EXTENDED_ARG as u16 {
        at += 1;
        unit = units.get(at)?.get();
        oparg = (oparg << 8) | u32::from(unit >> 8);
    }
    if let Some(original) = replaced_unit(code, at) {
        // Another executor's loop jump: read the jump it replaced.
        unit = original;
        oparg = (oparg & !0xFF) | u32::from(unit >> 8);
    }
    let opcode = Opcode::from_byte(unit as u8)?;
    Some(Decoded {
        restart: pc,
        at,
        opcode,
        oparg,
        next: at + 1 + usize::from(opcode.cache_entries()),
    })
}

/// Whether a conditional jump's history says it is mostly taken.
fn predicted_taken(code: &CodeData, at: usize) -> bool {
    code.units[at + 1].get().count_ones() > 8
}

/// Instructions a trace never covers: tier 1's own business.
fn untraceable(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::ENTER_EXECUTOR
            | Opcode::CACHE
            | Opcode::RESERVED
            | Opcode::EXTENDED_ARG
            | Opcode::INTERPRETER_EXIT
    ) || op.name().starts_with("INSTRUMENTED")
}

/// Projects the path from `start` around the loop whose head is `head`
/// (a loop's own trace starts at its head; a side trace starts where its
/// parent's exit leads). Any backward jump to the head closes the loop.
/// `None` when the path leaves before doing any work.
pub fn project(code: &CodeData, start: usize, head: usize) -> Option<Trace> {
    let mut ops: Vec<TraceOp> = Vec::new();
    let mut pc = start;
    let end = loop {
        let Some(d) = decode(code, pc) else {
            break End::Exit(pc as u32);
        };
        if untraceable(d.opcode) || ops.len() + d.opcode.uops().len() > MAX_TRACE {
            break End::Exit(pc as u32);
        }
        let after = |expect: Expect| -> Option<usize> {
            match expect {
                Expect::Next => Some(d.next),
                Expect::Jump(t) => Some(t as usize),
            }
        };
        let (expect, follow) = match d.opcode {
            Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT => {
                let target = d.next - d.oparg as usize;
                if target != head {
                    // Another loop's jump: tier 1 takes it from here.
                    break End::Exit(pc as u32);
                }
                (Expect::Jump(target as u32), None)
            }
            Opcode::JUMP_FORWARD => {
                let e = Expect::Jump((d.next + d.oparg as usize) as u32);
                (e, after(e))
            }
            Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
            | Opcode::POP_JUMP_IF_NONE
            | Opcode::POP_JUMP_IF_NOT_NONE => {
                let e = if predicted_taken(code, d.at) {
                    Expect::Jump((d.next + d.oparg as usize) as u32)
                } else {
                    Expect::Next
                };
                (e, after(e))
            }
            op if op.terminates() => (Expect::Next, None),
            _ => (Expect::Next, Some(d.next)),
        };
        let uops: Vec<Uop> = d
            .opcode
            .uops()
            .iter()
            .copied()
            .filter(|u| !matches!(u, Uop::specialize | Uop::hot_loop))
            .collect();
        let last = uops.len().saturating_sub(1);
        for (k, uop) in uops.into_iter().enumerate() {
            ops.push(TraceOp {
                uop,
                oparg: d.oparg,
                at: d.at as u32,
                next: d.next as u32,
                restart: d.restart as u32,
                expect: if k == last { expect } else { Expect::Next },
                opcode: d.opcode,
                constant: (d.opcode == Opcode::LOAD_CONST)
                    .then(|| code.consts.get(d.oparg as usize).cloned())
                    .flatten()
                    .filter(|v| !matches!(v, Value::Obj(_))),
                promoted: None,
            });
        }
        match follow {
            _ if matches!(
                d.opcode,
                Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
            ) =>
            {
                break End::Loop;
            }
            Some(p) if p == head => break End::Loop,
            Some(p) => pc = p,
            // A return, raise or other terminator: nothing follows.
            None => break End::Exit(d.next as u32),
        }
    };
    if ops.is_empty() {
        return None;
    }
    Some(Trace {
        start: start as u32,
        ops,
        end,
        guards_removed: 0,
    })
}
