//! Rewrites inside one basic block: constant folding, boolean and `None`
//! test simplifications, and shuffles of `SWAP`s, as CPython 3.14's
//! optimizer makes them (so `dis` shows the same code).

use super::flowgraph::{Consts, FInstr};
use super::fold;
use crate::code::ConstValue;
use pyrite_bytecode::Opcode;

/// Largest sequence display folded into a constant (CPython's
/// `_PY_STACK_USE_GUIDELINE`).
const STACK_USE_GUIDELINE: usize = 30;
/// Shortest list or set display built from a constant tuple.
const MIN_CONST_SEQUENCE_SIZE: usize = 3;

fn loads_const(op: Opcode) -> bool {
    matches!(op, Opcode::LOAD_CONST | Opcode::LOAD_SMALL_INT)
}

fn const_value(instr: &FInstr, consts: &Consts) -> ConstValue {
    match instr.op {
        Opcode::LOAD_SMALL_INT => ConstValue::Int(i64::from(instr.arg)),
        _ => consts.get(instr.arg).clone(),
    }
}

/// Turns an instruction into a NOP that keeps its location.
fn set_nop(instr: &mut FInstr) {
    instr.op = Opcode::NOP;
    instr.arg = 0;
    instr.target = None;
}

/// Turns an instruction into a NOP without a location (it will go).
fn nop_out(instr: &mut FInstr) {
    set_nop(instr);
    instr.loc = None;
}

fn set_op(instr: &mut FInstr, op: Opcode, arg: u32) {
    instr.op = op;
    instr.arg = arg;
    instr.target = None;
}

/// Makes `instr` load `value`: `LOAD_SMALL_INT` for small ints.
fn make_load_const(instr: &mut FInstr, value: ConstValue, consts: &mut Consts) {
    if let ConstValue::Int(v) = value
        && (0..256).contains(&v)
    {
        set_op(instr, Opcode::LOAD_SMALL_INT, v as u32);
        return;
    }
    let index = consts.add(value);
    set_op(instr, Opcode::LOAD_CONST, index);
}

/// The indexes of the `n` constant loads that end right before `i`,
/// skipping NOPs.
fn const_loads_before(instrs: &[FInstr], i: usize, n: usize) -> Option<Vec<usize>> {
    let mut found = Vec::with_capacity(n);
    let mut j = i;
    while found.len() < n {
        j = j.checked_sub(1)?;
        match instrs[j].op {
            Opcode::NOP => continue,
            op if loads_const(op) => found.push(j),
            _ => return None,
        }
    }
    found.reverse();
    Some(found)
}

/// Folds what a constant load feeds into: a conditional jump, an `is None`
/// test, or `TO_BOOL`; and makes small int loads `LOAD_SMALL_INT`.
pub(crate) fn optimize_load_const(instrs: &mut [FInstr], consts: &mut Consts) {
    let mut last: Option<(Opcode, u32)> = None;
    for i in 0..instrs.len() {
        if instrs[i].op == Opcode::LOAD_CONST
            && let ConstValue::Int(v) = *consts.get(instrs[i].arg)
            && (0..256).contains(&v)
        {
            set_op(&mut instrs[i], Opcode::LOAD_SMALL_INT, v as u32);
        }
        let copy_of_const = matches!(last, Some((Opcode::LOAD_CONST, _)))
            && instrs[i].op == Opcode::COPY
            && instrs[i].arg == 1;
        if !copy_of_const {
            last = Some((instrs[i].op, instrs[i].arg));
        }
        let Some((op, arg)) = last else { continue };
        if !loads_const(op) {
            continue;
        }
        let value = const_value(
            &FInstr {
                op,
                arg,
                ..instrs[i]
            },
            consts,
        );
        let Some(next) = instrs.get(i + 1).map(|n| n.op) else {
            continue;
        };
        match next {
            Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
            | Opcode::JUMP_IF_FALSE
            | Opcode::JUMP_IF_TRUE => {
                let Some(truth) = fold::truth(&value) else {
                    continue;
                };
                // The popping forms no longer need the constant.
                if matches!(next, Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE) {
                    set_nop(&mut instrs[i]);
                }
                if truth == matches!(next, Opcode::POP_JUMP_IF_TRUE | Opcode::JUMP_IF_TRUE) {
                    instrs[i + 1].op = Opcode::JUMP;
                } else {
                    set_nop(&mut instrs[i + 1]);
                }
            }
            Opcode::IS_OP if value == ConstValue::None && i + 2 < instrs.len() => {
                let mut jump = i + 2;
                if instrs[jump].op == Opcode::TO_BOOL {
                    set_nop(&mut instrs[jump]);
                    jump += 1;
                    if jump >= instrs.len() {
                        continue;
                    }
                }
                let mut invert = instrs[i + 1].arg != 0;
                match instrs[jump].op {
                    Opcode::POP_JUMP_IF_FALSE => invert = !invert,
                    Opcode::POP_JUMP_IF_TRUE => {}
                    _ => continue,
                }
                set_nop(&mut instrs[i]);
                set_nop(&mut instrs[i + 1]);
                instrs[jump].op = if invert {
                    Opcode::POP_JUMP_IF_NOT_NONE
                } else {
                    Opcode::POP_JUMP_IF_NONE
                };
            }
            Opcode::TO_BOOL => {
                let Some(truth) = fold::truth(&value) else {
                    continue;
                };
                set_nop(&mut instrs[i]);
                let index = consts.add(ConstValue::Bool(truth));
                set_op(&mut instrs[i + 1], Opcode::LOAD_CONST, index);
            }
            _ => {}
        }
    }
}

/// The block-local rewrites of instruction `i` (CPython's
/// `optimize_basic_block`, less jump threading).
pub(crate) fn rewrite(instrs: &mut [FInstr], i: usize, consts: &mut Consts) {
    let instr = instrs[i];
    let next_op = instrs.get(i + 1).map(|n| n.op);
    let next_arg = instrs.get(i + 1).map(|n| n.arg);
    match instr.op {
        Opcode::BUILD_TUPLE => {
            if next_op == Some(Opcode::UNPACK_SEQUENCE) && next_arg == Some(instr.arg) {
                match instr.arg {
                    1 => {
                        set_nop(&mut instrs[i]);
                        set_nop(&mut instrs[i + 1]);
                        return;
                    }
                    2 | 3 => {
                        set_nop(&mut instrs[i]);
                        instrs[i + 1].op = Opcode::SWAP;
                        return;
                    }
                    _ => {}
                }
            }
            fold_tuple(instrs, i, consts);
        }
        Opcode::BUILD_LIST | Opcode::BUILD_SET => fold_list_or_set(instrs, i, next_op, consts),
        Opcode::STORE_FAST
            if next_op == Some(Opcode::STORE_FAST)
                && next_arg == Some(instr.arg)
                && instrs[i + 1].line() == instr.line() =>
        {
            set_op(&mut instrs[i], Opcode::POP_TOP, 0);
        }
        Opcode::SWAP if instr.arg == 1 => set_nop(&mut instrs[i]),
        Opcode::LOAD_GLOBAL if next_op == Some(Opcode::PUSH_NULL) && instr.arg & 1 == 0 => {
            instrs[i].arg |= 1;
            set_nop(&mut instrs[i + 1]);
        }
        Opcode::COMPARE_OP if next_op == Some(Opcode::TO_BOOL) => {
            set_nop(&mut instrs[i]);
            set_op(&mut instrs[i + 1], Opcode::COMPARE_OP, instr.arg | 16);
        }
        Opcode::CONTAINS_OP | Opcode::IS_OP if next_op == Some(Opcode::TO_BOOL) => {
            set_nop(&mut instrs[i]);
            set_op(&mut instrs[i + 1], instr.op, instr.arg);
        }
        Opcode::CONTAINS_OP | Opcode::IS_OP if next_op == Some(Opcode::UNARY_NOT) => {
            set_nop(&mut instrs[i]);
            set_op(&mut instrs[i + 1], instr.op, instr.arg ^ 1);
        }
        Opcode::TO_BOOL if next_op == Some(Opcode::TO_BOOL) => set_nop(&mut instrs[i]),
        Opcode::UNARY_NOT if next_op == Some(Opcode::TO_BOOL) => {
            set_nop(&mut instrs[i]);
            set_op(&mut instrs[i + 1], Opcode::UNARY_NOT, 0);
        }
        Opcode::UNARY_NOT if next_op == Some(Opcode::UNARY_NOT) => {
            set_nop(&mut instrs[i]);
            set_nop(&mut instrs[i + 1]);
        }
        Opcode::UNARY_NOT | Opcode::UNARY_INVERT | Opcode::UNARY_NEGATIVE => {
            fold_unary(instrs, i, consts)
        }
        Opcode::CALL_INTRINSIC_1 if instr.arg == fold::INTRINSIC_LIST_TO_TUPLE => {
            if next_op == Some(Opcode::GET_ITER) {
                set_nop(&mut instrs[i]);
            } else {
                fold_list_to_tuple(instrs, i, consts);
            }
        }
        Opcode::CALL_INTRINSIC_1 if instr.arg == fold::INTRINSIC_UNARY_POSITIVE => {
            fold_unary(instrs, i, consts)
        }
        Opcode::BINARY_OP => fold_binary(instrs, i, consts),
        _ => {}
    }
}

fn fold_tuple(instrs: &mut [FInstr], i: usize, consts: &mut Consts) {
    let n = instrs[i].arg as usize;
    if n > STACK_USE_GUIDELINE {
        return;
    }
    let Some(loads) = const_loads_before(instrs, i, n) else {
        return;
    };
    let values: Vec<ConstValue> = loads
        .iter()
        .map(|&j| const_value(&instrs[j], consts))
        .collect();
    for &j in &loads {
        nop_out(&mut instrs[j]);
    }
    make_load_const(&mut instrs[i], ConstValue::Tuple(values.into()), consts);
}

/// Lists and sets of constants that are only iterated or tested with `in`
/// become constant tuples and frozensets; longer constant displays are built
/// from one (`BUILD_LIST 0; LOAD_CONST t; LIST_EXTEND 1`); lists of anything
/// that are only iterated become tuples.
fn fold_list_or_set(instrs: &mut [FInstr], i: usize, next_op: Option<Opcode>, consts: &mut Consts) {
    let instr = instrs[i];
    let contains_or_iter = matches!(next_op, Some(Opcode::GET_ITER | Opcode::CONTAINS_OP));
    let n = instr.arg as usize;
    if n > STACK_USE_GUIDELINE || (n < MIN_CONST_SEQUENCE_SIZE && !contains_or_iter) {
        return;
    }
    let Some(loads) = const_loads_before(instrs, i, n) else {
        if contains_or_iter && instr.op == Opcode::BUILD_LIST {
            instrs[i].op = Opcode::BUILD_TUPLE;
        }
        return;
    };
    let values: Vec<ConstValue> = loads
        .iter()
        .map(|&j| const_value(&instrs[j], consts))
        .collect();
    let value = if instr.op == Opcode::BUILD_SET {
        if !values.iter().all(fold::is_hashable) {
            return;
        }
        ConstValue::FrozenSet(fold::dedup(values).into())
    } else {
        ConstValue::Tuple(values.into())
    };
    let index = consts.add(value);
    for &j in &loads {
        nop_out(&mut instrs[j]);
    }
    if contains_or_iter {
        set_op(&mut instrs[i], Opcode::LOAD_CONST, index);
    } else {
        let extend = if instr.op == Opcode::BUILD_LIST {
            Opcode::LIST_EXTEND
        } else {
            Opcode::SET_UPDATE
        };
        instrs[i - 2].loc = instr.loc;
        set_op(&mut instrs[i - 2], instr.op, 0);
        set_op(&mut instrs[i - 1], Opcode::LOAD_CONST, index);
        set_op(&mut instrs[i], extend, 1);
    }
}

/// `BUILD_LIST 0` then constants each appended, converted to a tuple: the
/// constant tuple.
fn fold_list_to_tuple(instrs: &mut [FInstr], i: usize, consts: &mut Consts) {
    let mut expect_append = true;
    let mut start = None;
    for pos in (0..i).rev() {
        let instr = instrs[pos];
        if instr.op == Opcode::NOP {
            continue;
        }
        if instr.op == Opcode::BUILD_LIST && instr.arg == 0 {
            if expect_append {
                start = Some(pos);
            }
            break;
        }
        let fits = if expect_append {
            instr.op == Opcode::LIST_APPEND && instr.arg == 1
        } else {
            loads_const(instr.op)
        };
        if !fits {
            return;
        }
        expect_append = !expect_append;
    }
    let Some(start) = start else { return };
    let mut values = Vec::new();
    for instr in &mut instrs[start..i] {
        if loads_const(instr.op) {
            values.push(const_value(instr, consts));
        }
        if instr.op != Opcode::NOP {
            nop_out(instr);
        }
    }
    make_load_const(&mut instrs[i], ConstValue::Tuple(values.into()), consts);
}

fn fold_unary(instrs: &mut [FInstr], i: usize, consts: &mut Consts) {
    let Some(loads) = const_loads_before(instrs, i, 1) else {
        return;
    };
    let operand = const_value(&instrs[loads[0]], consts);
    if let Some(result) = fold::unary(instrs[i].op, instrs[i].arg, &operand) {
        nop_out(&mut instrs[loads[0]]);
        make_load_const(&mut instrs[i], result, consts);
    }
}

fn fold_binary(instrs: &mut [FInstr], i: usize, consts: &mut Consts) {
    let Some(loads) = const_loads_before(instrs, i, 2) else {
        return;
    };
    let left = const_value(&instrs[loads[0]], consts);
    let right = const_value(&instrs[loads[1]], consts);
    if let Some(result) = fold::binary(instrs[i].arg, &left, &right) {
        nop_out(&mut instrs[loads[0]]);
        nop_out(&mut instrs[loads[1]]);
        make_load_const(&mut instrs[i], result, consts);
    }
}

// ----- SWAP shuffling -------------------------------------------------------------

/// Replaces each run of `SWAP`s (and NOPs) with the fewest `SWAP`s that
/// permute the stack the same way, then tries to drop `SWAP`s by reordering
/// the stores and pops that follow instead.
pub(crate) fn optimize_swaps(instrs: &mut [FInstr]) {
    let mut i = 0;
    while i < instrs.len() {
        if instrs[i].op == Opcode::SWAP {
            i = minimize_swaps(instrs, i);
            apply_static_swaps(instrs, i);
        }
        i += 1;
    }
}

/// Rewrites the run starting at `start`; returns the index of its last
/// instruction.
fn minimize_swaps(instrs: &mut [FInstr], start: usize) -> usize {
    let mut depth = instrs[start].arg as usize;
    let mut len = 1;
    let mut several = false;
    while start + len < instrs.len() {
        match instrs[start + len].op {
            Opcode::SWAP => {
                depth = depth.max(instrs[start + len].arg as usize);
                several = true;
            }
            Opcode::NOP => {}
            _ => break,
        }
        len += 1;
    }
    if !several {
        return start;
    }
    // Where each stack slot (0 = top) ends up after the run.
    let mut slots: Vec<Option<usize>> = (0..depth).map(Some).collect();
    for instr in &instrs[start..start + len] {
        if instr.op == Opcode::SWAP {
            slots.swap(0, instr.arg as usize - 1);
        }
    }
    // Rebuild the permutation from its cycles, writing SWAPs backwards
    // from the end of the run; every cycle passes through the top slot.
    let mut write = start + len;
    for first in 0..depth {
        if slots[first].is_none() || slots[first] == Some(first) {
            continue;
        }
        let mut j = first;
        loop {
            if j != 0 {
                write -= 1;
                set_op(&mut instrs[write], Opcode::SWAP, j as u32 + 1);
            }
            let Some(next) = slots[j].take() else {
                break;
            };
            j = next;
        }
    }
    for instr in &mut instrs[start..write] {
        set_nop(instr);
    }
    start + len - 1
}

fn swappable(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL | Opcode::POP_TOP
    )
}

fn stores_to(instr: &FInstr) -> Option<u32> {
    matches!(instr.op, Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL).then_some(instr.arg)
}

/// The next store or pop after `i` (skipping NOPs), staying on `line` when
/// one is given.
fn next_swappable(instrs: &[FInstr], mut i: usize, line: Option<Option<u32>>) -> Option<usize> {
    loop {
        i += 1;
        let instr = instrs.get(i)?;
        if let Some(line) = line
            && line.is_some()
            && instr.line() != line
        {
            return None;
        }
        match instr.op {
            Opcode::NOP => continue,
            op if swappable(op) => return Some(i),
            _ => return None,
        }
    }
}

/// Applies `SWAP`s at or before `i` by exchanging the stores and pops that
/// consume the swapped values (`SWAP 2; POP_TOP; STORE_FAST x` becomes
/// `STORE_FAST x; POP_TOP`).
fn apply_static_swaps(instrs: &mut [FInstr], mut i: usize) {
    loop {
        let swap = instrs[i];
        if swap.op != Opcode::SWAP {
            if swap.op != Opcode::NOP && !swappable(swap.op) {
                return;
            }
        } else {
            let Some(j) = next_swappable(instrs, i, None) else {
                return;
            };
            let line = instrs[j].line();
            let mut k = j;
            for _ in 1..swap.arg {
                match next_swappable(instrs, k, Some(line)) {
                    Some(next) => k = next,
                    None => return,
                }
            }
            let (store_j, store_k) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
            if store_j.is_some() || store_k.is_some() {
                if store_j == store_k {
                    return;
                }
                let clash = instrs[j + 1..k]
                    .iter()
                    .filter_map(stores_to)
                    .any(|s| Some(s) == store_j || Some(s) == store_k);
                if clash {
                    return;
                }
            }
            set_nop(&mut instrs[i]);
            instrs.swap(j, k);
        }
        if i == 0 {
            return;
        }
        i -= 1;
    }
}
