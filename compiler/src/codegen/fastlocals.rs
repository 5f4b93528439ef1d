//! Two analyses of fast-local loads, as CPython 3.14 makes them:
//!
//! - `LOAD_FAST` becomes `LOAD_FAST_CHECK` wherever the local might be
//!   unbound (a dataflow over the graph of which locals may be unset);
//! - `LOAD_FAST` becomes `LOAD_FAST_BORROW` (and `LOAD_FAST_LOAD_FAST` its
//!   borrowing form) when the loaded value is consumed, within its block,
//!   before the local could be rebound, and is not stored into a local.
//!
//! Pyrite's interpreter checks every fast load anyway and treats borrowed
//! loads as plain ones; the forms matter for `dis` and for the tiers that
//! specialize on them.

use super::flowgraph::{BlockIx, Cfg, FInstr};
use pyrite_bytecode::Opcode;

/// Locals tracked across blocks; later ones are tracked within a block only.
const TRACKED_LOCALS: usize = 64;

/// Marks loads of possibly unbound locals with `LOAD_FAST_CHECK`.
pub(crate) fn add_checks_for_unbound_locals(cfg: &mut Cfg, nlocals: usize, nparams: usize) {
    if nlocals == 0 {
        return;
    }
    if nlocals > TRACKED_LOCALS {
        scan_many_locals(cfg, nlocals);
    }
    let tracked = nlocals.min(TRACKED_LOCALS);
    let mut masks = vec![0u64; cfg.blocks.len()];
    let mut queued = vec![false; cfg.blocks.len()];
    let mut stack = Vec::new();
    let mut start = 0u64;
    for i in nparams..tracked {
        start |= 1 << i;
    }
    let Some(&entry) = cfg.order.first() else {
        return;
    };
    let push = |b: BlockIx,
                mask: u64,
                masks: &mut Vec<u64>,
                queued: &mut Vec<bool>,
                stack: &mut Vec<BlockIx>| {
        let both = masks[b] | mask;
        if both != masks[b] {
            masks[b] = both;
            if !queued[b] {
                queued[b] = true;
                stack.push(b);
            }
        }
    };
    push(entry, start, &mut masks, &mut queued, &mut stack);
    let next = cfg.next_map();
    let scan = |b: BlockIx,
                cfg: &mut Cfg,
                masks: &mut Vec<u64>,
                queued: &mut Vec<bool>,
                stack: &mut Vec<BlockIx>| {
        let mut mask = masks[b];
        for instr in &mut cfg.blocks[b].instrs {
            if let Some(h) = instr.handler {
                push(h, mask, masks, queued, stack);
            }
            if instr.arg >= TRACKED_LOCALS as u32 {
                continue;
            }
            let bit = 1u64 << instr.arg;
            match instr.op {
                Opcode::DELETE_FAST
                | Opcode::LOAD_FAST_AND_CLEAR
                | Opcode::STORE_FAST_MAYBE_NULL => mask |= bit,
                Opcode::STORE_FAST | Opcode::LOAD_FAST_CHECK => mask &= !bit,
                Opcode::LOAD_FAST => {
                    if mask & bit != 0 {
                        instr.op = Opcode::LOAD_FAST_CHECK;
                    }
                    mask &= !bit;
                }
                _ => {}
            }
        }
        let block = &cfg.blocks[b];
        if block.falls_through()
            && let Some(n) = next[b]
        {
            push(n, mask, masks, queued, stack);
        }
        if let Some(last) = block.instrs.last()
            && last.is_jump()
        {
            push(
                last.target.expect("jumps have targets"),
                mask,
                masks,
                queued,
                stack,
            );
        }
    };
    // Every block is scanned once (a DELETE_FAST anywhere is an origin of
    // unboundness), then changes propagate until nothing changes.
    for b in cfg.order.clone() {
        scan(b, cfg, &mut masks, &mut queued, &mut stack);
    }
    while let Some(b) = stack.pop() {
        queued[b] = false;
        scan(b, cfg, &mut masks, &mut queued, &mut stack);
    }
}

/// Locals past the tracked ones: a load needs a check unless the same
/// block stored or loaded the local before it.
fn scan_many_locals(cfg: &mut Cfg, nlocals: usize) {
    let mut known_in = vec![0usize; nlocals - TRACKED_LOCALS];
    for (number, &b) in cfg.order.iter().enumerate() {
        let number = number + 1;
        for instr in &mut cfg.blocks[b].instrs {
            let Some(slot) = (instr.arg as usize).checked_sub(TRACKED_LOCALS) else {
                continue;
            };
            if slot >= known_in.len() {
                continue;
            }
            match instr.op {
                Opcode::DELETE_FAST
                | Opcode::LOAD_FAST_AND_CLEAR
                | Opcode::STORE_FAST_MAYBE_NULL => {
                    known_in[slot] = number - 1;
                }
                Opcode::STORE_FAST => known_in[slot] = number,
                Opcode::LOAD_FAST => {
                    if known_in[slot] != number {
                        instr.op = Opcode::LOAD_FAST_CHECK;
                    }
                    known_in[slot] = number;
                }
                _ => {}
            }
        }
    }
}

/// What the borrow analysis knows of a stack slot: the instruction of the
/// block that pushed it (if any) and the local it was loaded from.
#[derive(Clone, Copy)]
struct Ref {
    instr: Option<usize>,
    local: Option<u32>,
}

/// Why a fast load cannot borrow.
mod flag {
    /// The local was rebound while the loaded value was on the stack.
    pub const SUPPORT_KILLED: u8 = 1;
    /// The loaded value was stored into a local.
    pub const STORED_AS_LOCAL: u8 = 2;
    /// The loaded value was still on the stack at the end of the block.
    pub const REF_UNCONSUMED: u8 = 4;
}

fn kill_local(flags: &mut [u8], refs: &[Ref], local: u32) {
    for r in refs {
        if r.local == Some(local)
            && let Some(i) = r.instr
        {
            flags[i] |= flag::SUPPORT_KILLED;
        }
    }
}

fn store_local(flags: &mut [u8], refs: &[Ref], local: u32, stored: Ref) {
    kill_local(flags, refs, local);
    if let Some(i) = stored.instr {
        flags[i] |= flag::STORED_AS_LOCAL;
    }
}

/// Turns fast loads whose values provably die before their local into
/// borrowing loads.
pub(crate) fn borrow_fast_loads(cfg: &mut Cfg) {
    let Some(&entry) = cfg.order.first() else {
        return;
    };
    let next = cfg.next_map();
    let mut visited = vec![false; cfg.blocks.len()];
    visited[entry] = true;
    let mut stack = vec![entry];
    while let Some(b) = stack.pop() {
        let depth = cfg.blocks[b].start_depth.unwrap_or(0).max(0) as usize;
        let mut refs: Vec<Ref> = vec![
            Ref {
                instr: None,
                local: None
            };
            depth
        ];
        let count = cfg.blocks[b].instrs.len();
        let mut flags = vec![0u8; count];
        let mut enqueue = |t: BlockIx, stack: &mut Vec<BlockIx>| {
            if !visited[t] {
                visited[t] = true;
                stack.push(t);
            }
        };
        let pop = |refs: &mut Vec<Ref>| {
            refs.pop().unwrap_or(Ref {
                instr: None,
                local: None,
            })
        };
        let value = |i: usize| Ref {
            instr: Some(i),
            local: None,
        };
        for i in 0..count {
            let instr: FInstr = cfg.blocks[b].instrs[i];
            let arg = instr.arg;
            match instr.op {
                Opcode::LOAD_FAST => refs.push(Ref {
                    instr: Some(i),
                    local: Some(arg),
                }),
                Opcode::LOAD_FAST_AND_CLEAR => {
                    kill_local(&mut flags, &refs, arg);
                    refs.push(Ref {
                        instr: Some(i),
                        local: Some(arg),
                    });
                }
                Opcode::LOAD_FAST_LOAD_FAST => {
                    refs.push(Ref {
                        instr: Some(i),
                        local: Some(arg >> 4),
                    });
                    refs.push(Ref {
                        instr: Some(i),
                        local: Some(arg & 15),
                    });
                }
                Opcode::STORE_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut flags, &refs, arg, r);
                }
                Opcode::STORE_FAST_LOAD_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut flags, &refs, arg >> 4, r);
                    refs.push(Ref {
                        instr: Some(i),
                        local: Some(arg & 15),
                    });
                }
                Opcode::STORE_FAST_STORE_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut flags, &refs, arg >> 4, r);
                    let r = pop(&mut refs);
                    store_local(&mut flags, &refs, arg & 15, r);
                }
                Opcode::COPY => {
                    let r = refs[refs.len() - arg as usize];
                    refs.push(r);
                }
                Opcode::SWAP => {
                    let len = refs.len();
                    refs.swap(len - arg as usize, len - 1);
                }
                // These leave their inputs and push more. CPython numbers the
                // new slots by a loop counter rather than the instruction,
                // so that is what they are attributed to here too.
                Opcode::GET_ANEXT
                | Opcode::GET_LEN
                | Opcode::IMPORT_FROM
                | Opcode::MATCH_KEYS
                | Opcode::MATCH_MAPPING
                | Opcode::MATCH_SEQUENCE
                | Opcode::WITH_EXCEPT_START => {
                    let net = instr.op.stack_outputs(arg) - instr.op.stack_inputs(arg);
                    for k in 0..net.max(0) as usize {
                        refs.push(value(k));
                    }
                }
                // These consume some inputs and push nothing new.
                Opcode::DICT_MERGE
                | Opcode::DICT_UPDATE
                | Opcode::LIST_APPEND
                | Opcode::LIST_EXTEND
                | Opcode::MAP_ADD
                | Opcode::RERAISE
                | Opcode::SET_ADD
                | Opcode::SET_UPDATE => {
                    let net = instr.op.stack_inputs(arg) - instr.op.stack_outputs(arg);
                    for _ in 0..net.max(0) {
                        pop(&mut refs);
                    }
                }
                Opcode::CHECK_EXC_MATCH => {
                    pop(&mut refs);
                    refs.push(value(i));
                }
                Opcode::FOR_ITER => {
                    enqueue(instr.target.expect("FOR_ITER has a target"), &mut stack);
                    refs.push(value(i));
                }
                Opcode::LOAD_ATTR | Opcode::LOAD_SUPER_ATTR => {
                    let receiver = pop(&mut refs);
                    if instr.op == Opcode::LOAD_SUPER_ATTR {
                        pop(&mut refs);
                        pop(&mut refs);
                    }
                    refs.push(value(i));
                    if arg & 1 != 0 {
                        refs.push(receiver);
                    }
                }
                Opcode::SEND => {
                    enqueue(instr.target.expect("SEND has a target"), &mut stack);
                    pop(&mut refs);
                    refs.push(value(i));
                }
                op => {
                    if let Some(t) = instr.target {
                        enqueue(t, &mut stack);
                    }
                    if !op.is_setup() {
                        for _ in 0..op.stack_inputs(arg) {
                            pop(&mut refs);
                        }
                        for _ in 0..op.stack_outputs(arg) {
                            refs.push(value(i));
                        }
                    }
                }
            }
        }
        // An empty block has no last instruction, so (as in CPython) the
        // walk does not go on past it.
        let block = &cfg.blocks[b];
        if let Some(last) = block.instrs.last()
            && !last.is_unconditional_jump()
            && !last.exits_scope()
            && let Some(n) = next[b]
        {
            enqueue(n, &mut stack);
        }
        for r in &refs {
            if let Some(i) = r.instr {
                flags[i] |= flag::REF_UNCONSUMED;
            }
        }
        for (i, instr) in cfg.blocks[b].instrs.iter_mut().enumerate() {
            if flags[i] == 0 {
                match instr.op {
                    Opcode::LOAD_FAST => instr.op = Opcode::LOAD_FAST_BORROW,
                    Opcode::LOAD_FAST_LOAD_FAST => {
                        instr.op = Opcode::LOAD_FAST_BORROW_LOAD_FAST_BORROW
                    }
                    _ => {}
                }
            }
        }
    }
}
