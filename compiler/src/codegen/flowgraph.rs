//! The control-flow graph of one code unit and the passes over it.
//!
//! Code generation leaves labelled blocks of real and pseudo instructions.
//! Here they become basic blocks (split after every jump and terminator); the
//! handler set-ups are followed to give every instruction its exception
//! handler; peephole passes fold constants and drop redundant work the way
//! CPython 3.14's optimizer does (so `dis` output lines up); exception
//! handlers and what only they reach move to the end ("cold" code); stack
//! depths and line numbers are resolved; and pseudo-instructions become real
//! ones. The result is a flat instruction list for `assemble`.

use super::{CResult, Loc, Unit, fastlocals, peephole};
use crate::code::ConstValue;
use crate::error::SyntaxError;
use crate::text::{LineIndex, TextRange};
use pyrite_bytecode::Opcode;

/// Index of a block in [`Cfg::blocks`] (stable while blocks are reordered).
pub(crate) type BlockIx = usize;

/// Instructions copied in place of a jump to a short exit block.
const MAX_COPY_SIZE: usize = 4;

/// An instruction in the graph.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FInstr {
    pub op: Opcode,
    pub arg: u32,
    /// The block a jump or handler set-up goes to.
    pub target: Option<BlockIx>,
    pub loc: Option<Loc>,
    /// The handler block that catches exceptions raised here.
    pub handler: Option<BlockIx>,
}

impl FInstr {
    fn set(&mut self, op: Opcode, arg: u32) {
        self.op = op;
        self.arg = arg;
        self.target = None;
    }

    pub(crate) fn is_jump(&self) -> bool {
        self.target.is_some() && !self.op.is_setup()
    }

    pub(crate) fn is_unconditional_jump(&self) -> bool {
        matches!(
            self.op,
            Opcode::JUMP
                | Opcode::JUMP_NO_INTERRUPT
                | Opcode::JUMP_FORWARD
                | Opcode::JUMP_BACKWARD
                | Opcode::JUMP_BACKWARD_NO_INTERRUPT
        )
    }

    /// Whether control can continue with the next instruction.
    pub(crate) fn falls_through(&self) -> bool {
        !self.op.terminates()
    }

    /// Whether this instruction leaves the code unit (return or raise).
    pub(crate) fn exits_scope(&self) -> bool {
        matches!(
            self.op,
            Opcode::RETURN_VALUE | Opcode::RAISE_VARARGS | Opcode::RERAISE
        )
    }

    pub(crate) fn line(&self) -> Option<u32> {
        self.loc.map(|l| l.line)
    }
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub(crate) struct FBlock {
    pub instrs: Vec<FInstr>,
    /// The target of a handler set-up.
    pub except_handler: bool,
    /// The handler wants the offset of the raising instruction pushed.
    pub preserve_lasti: bool,
    /// The stack depth on entry, once known.
    pub start_depth: Option<i32>,
    /// Starts at a label of code generation (something may jump here).
    pub labelled: bool,
}

impl FBlock {
    fn last(&self) -> Option<&FInstr> {
        self.instrs.last()
    }

    pub(crate) fn falls_through(&self) -> bool {
        self.last().is_none_or(FInstr::falls_through)
    }

    pub(crate) fn exits_scope(&self) -> bool {
        self.last().is_some_and(FInstr::exits_scope)
    }

    fn has_no_location(&self) -> bool {
        self.instrs.iter().all(|i| i.loc.is_none())
    }
}

/// The graph: blocks, and the order they are laid out in.
#[derive(Debug, Default)]
pub(crate) struct Cfg {
    pub blocks: Vec<FBlock>,
    pub order: Vec<BlockIx>,
}

impl Cfg {
    /// Builds the basic blocks of `unit`, splitting its labelled blocks after
    /// every jump and terminator.
    pub fn build(unit: &Unit, lines: &LineIndex) -> CResult<Cfg> {
        let mut cfg = Cfg::default();
        let mut first_of: Vec<Option<BlockIx>> = vec![None; unit.blocks.len()];
        // Only labels something jumps to start blocks (as in CPython, where
        // unused labels leave no trace).
        let mut targeted = vec![false; unit.blocks.len()];
        for &label in &unit.order {
            for instr in &unit.blocks[label].instrs {
                if let Some(t) = instr.target {
                    targeted[t] = true;
                }
            }
        }
        let mut current = cfg.new_block();
        cfg.order.push(current);
        for &label in &unit.order {
            if targeted[label] {
                if !cfg.blocks[current].instrs.is_empty() || cfg.blocks[current].labelled {
                    current = cfg.new_block();
                    cfg.order.push(current);
                }
                cfg.blocks[current].labelled = true;
                first_of[label] = Some(current);
            }
            for instr in &unit.blocks[label].instrs {
                let ends_block = cfg.blocks[current]
                    .last()
                    .is_some_and(|last| last.is_jump() || last.op.terminates());
                if ends_block {
                    current = cfg.new_block();
                    cfg.order.push(current);
                }
                cfg.blocks[current].instrs.push(FInstr {
                    op: instr.op,
                    arg: instr.arg,
                    target: instr.target,
                    loc: instr.loc.map(|range| Loc {
                        range,
                        line: lines.line_col(range.start).0,
                        columns: true,
                    }),
                    handler: None,
                });
            }
        }
        // The generator prologue carries the first line, without columns.
        if let Some(&entry) = cfg.order.first() {
            let instrs = &mut cfg.blocks[entry].instrs;
            if let Some(at) = instrs.iter().position(|i| i.op == Opcode::RETURN_GENERATOR) {
                let loc = instrs[at].loc.map(|l| Loc {
                    line: unit.firstlineno,
                    columns: false,
                    ..l
                });
                let end = (at + 2).min(instrs.len());
                for instr in &mut instrs[at..end] {
                    instr.loc = loc;
                }
            }
        }
        for block in &mut cfg.blocks {
            for instr in &mut block.instrs {
                if let Some(label) = instr.target {
                    instr.target = Some(first_of[label].ok_or_else(|| {
                        SyntaxError::syntax(
                            "internal error: jump to an unplaced block",
                            TextRange::default(),
                        )
                    })?);
                }
            }
        }
        Ok(cfg)
    }

    /// Drops empty blocks from the layout, sending jumps to the block that
    /// followed them.
    fn eliminate_empty_blocks(&mut self) {
        let next = self.next_map();
        let mut forward: Vec<Option<BlockIx>> = (0..self.blocks.len()).map(Some).collect();
        for &b in self.order.iter().rev() {
            if self.blocks[b].instrs.is_empty() {
                forward[b] = next[b].and_then(|n| forward[n]);
                if let Some(f) = forward[b] {
                    self.blocks[f].except_handler |= self.blocks[b].except_handler;
                    self.blocks[f].preserve_lasti |= self.blocks[b].preserve_lasti;
                }
            }
        }
        for &b in &self.order {
            for instr in &mut self.blocks[b].instrs {
                if let Some(t) = instr.target
                    && let Some(f) = forward[t]
                {
                    instr.target = Some(f);
                }
                if let Some(h) = instr.handler
                    && let Some(f) = forward[h]
                {
                    instr.handler = Some(f);
                }
            }
        }
        let blocks = &self.blocks;
        self.order.retain(|&b| !blocks[b].instrs.is_empty());
    }

    fn new_block(&mut self) -> BlockIx {
        self.blocks.push(FBlock::default());
        self.blocks.len() - 1
    }

    /// The block laid out after each block.
    pub(crate) fn next_map(&self) -> Vec<Option<BlockIx>> {
        let mut next = vec![None; self.blocks.len()];
        for pair in self.order.windows(2) {
            next[pair[0]] = Some(pair[1]);
        }
        next
    }

    /// Blocks jumped to, fallen into or handling exceptions of each block.
    /// Edges are counted from reachable blocks only (following jumps,
    /// handler set-ups and fall-through, as CPython's `mark_reachable`).
    fn predecessor_counts(&self) -> Vec<u32> {
        let next = self.next_map();
        let reached = self.reachable_by_edges();
        let mut counts = vec![0u32; self.blocks.len()];
        if let Some(&entry) = self.order.first() {
            counts[entry] += 1;
        }
        for &b in &self.order {
            if !reached[b] {
                continue;
            }
            let block = &self.blocks[b];
            for instr in &block.instrs {
                if let Some(t) = instr.target {
                    counts[t] += 1;
                }
            }
            if block.falls_through()
                && let Some(n) = next[b]
            {
                counts[n] += 1;
            }
        }
        counts
    }

    /// Blocks reachable from the entry through jumps, handler set-ups and
    /// fall-through (not through the handlers recorded on instructions).
    fn reachable_by_edges(&self) -> Vec<bool> {
        let next = self.next_map();
        let mut reached = vec![false; self.blocks.len()];
        let Some(&entry) = self.order.first() else {
            return reached;
        };
        reached[entry] = true;
        let mut todo = vec![entry];
        while let Some(b) = todo.pop() {
            let block = &self.blocks[b];
            let fall = if block.falls_through() { next[b] } else { None };
            for t in block.instrs.iter().filter_map(|i| i.target).chain(fall) {
                if !reached[t] {
                    reached[t] = true;
                    todo.push(t);
                }
            }
        }
        reached
    }

    // ----- exception handlers ----------------------------------------------------

    /// Follows the handler set-ups through the graph and records, for every
    /// instruction, the handler that catches what it raises (CPython's
    /// `label_exception_targets`). Also gives each `RESUME` after a yield the
    /// flag saying the yield was inside exactly one handler.
    pub fn label_exception_targets(&mut self) {
        for b in 0..self.blocks.len() {
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if instr.op.is_setup() {
                    let target = instr.target.expect("set-ups have targets");
                    self.blocks[target].except_handler = true;
                    if matches!(instr.op, Opcode::SETUP_CLEANUP | Opcode::SETUP_WITH) {
                        self.blocks[target].preserve_lasti = true;
                    }
                }
            }
        }
        let next = self.next_map();
        let mut stacks: Vec<Option<Vec<BlockIx>>> = vec![None; self.blocks.len()];
        let Some(&entry) = self.order.first() else {
            return;
        };
        stacks[entry] = Some(Vec::new());
        let mut todo = vec![entry];
        while let Some(b) = todo.pop() {
            let mut stack = stacks[b].clone().expect("queued blocks have a stack");
            let mut yield_depth = None;
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                if let Some(target) = instr.target {
                    if stacks[target].is_none() {
                        stacks[target] = Some(stack.clone());
                        todo.push(target);
                    }
                    if instr.op.is_setup() {
                        stack.push(target);
                    }
                } else if instr.op == Opcode::POP_BLOCK {
                    stack.pop();
                } else if instr.op == Opcode::YIELD_VALUE {
                    yield_depth = Some(stack.len());
                } else if instr.op == Opcode::RESUME && instr.arg != 0 && yield_depth == Some(1) {
                    self.blocks[b].instrs[i].arg |= 4;
                }
                // Set-ups and POP_BLOCK become NOPs that nothing covers.
                let covered = !instr.op.is_setup() && instr.op != Opcode::POP_BLOCK;
                self.blocks[b].instrs[i].handler =
                    if covered { stack.last().copied() } else { None };
            }
            if self.blocks[b].falls_through()
                && let Some(n) = next[b]
                && stacks[n].is_none()
            {
                stacks[n] = Some(stack);
                todo.push(n);
            }
        }
    }

    // ----- reachability ------------------------------------------------------------

    /// Drops blocks no path reaches (through jumps, fall-through and handlers).
    /// Empties the blocks no path reaches. Like CPython, the emptied blocks
    /// stay in the layout (where they still stop the borrow analysis from
    /// following fall-through).
    fn remove_unreachable(&mut self) {
        let reached = self.reachable(true);
        for &b in &self.order {
            if !reached[b] {
                self.blocks[b].instrs.clear();
                self.blocks[b].except_handler = false;
            }
        }
    }

    /// Which blocks are reachable from the entry; `through_handlers` also
    /// follows the edges to exception handlers.
    fn reachable(&self, through_handlers: bool) -> Vec<bool> {
        let next = self.next_map();
        let mut reached = vec![false; self.blocks.len()];
        let Some(&entry) = self.order.first() else {
            return reached;
        };
        reached[entry] = true;
        let mut todo = vec![entry];
        while let Some(b) = todo.pop() {
            let block = &self.blocks[b];
            let mut visit = |t: BlockIx, todo: &mut Vec<BlockIx>| {
                if !reached[t] {
                    reached[t] = true;
                    todo.push(t);
                }
            };
            for instr in &block.instrs {
                if let Some(t) = instr.target
                    && (through_handlers || !instr.op.is_setup())
                {
                    visit(t, &mut todo);
                }
                if through_handlers && let Some(h) = instr.handler {
                    visit(h, &mut todo);
                }
            }
            if block.falls_through()
                && let Some(n) = next[b]
            {
                visit(n, &mut todo);
            }
        }
        reached
    }

    // ----- optimization ---------------------------------------------------------

    /// CPython's `optimize_cfg`: inlining of short exit blocks, constant
    /// folding, boolean and `None` test simplification, jump threading, and
    /// removal of NOPs, redundant pairs and jumps, and dead code.
    pub fn optimize(&mut self, consts: &mut Consts) {
        self.inline_small_or_no_lineno_blocks();
        self.remove_unreachable();
        self.resolve_line_numbers();
        for b in self.order.clone() {
            peephole::optimize_load_const(&mut self.blocks[b].instrs, consts);
        }
        for b in self.order.clone() {
            self.optimize_basic_block(b, consts);
        }
        self.remove_redundant_nops_and_pairs();
        self.remove_unreachable();
        self.remove_redundant_nops_and_jumps();
    }

    /// Replaces a jump to a short block that leaves the unit, or to a block
    /// without line numbers that does not fall through, with a copy of it.
    fn inline_small_or_no_lineno_blocks(&mut self) {
        loop {
            let mut changed = false;
            for b in self.order.clone() {
                let Some(last) = self.blocks[b].last().copied() else {
                    continue;
                };
                if !last.is_unconditional_jump() {
                    continue;
                }
                let target = &self.blocks[last.target.expect("jumps have targets")];
                let small_exit = target.exits_scope() && target.instrs.len() <= MAX_COPY_SIZE;
                let no_lineno = target.has_no_location() && !target.falls_through();
                if !(small_exit || no_lineno) {
                    continue;
                }
                let copy = target.instrs.clone();
                let block = &mut self.blocks[b];
                block
                    .instrs
                    .last_mut()
                    .expect("the jump")
                    .set(Opcode::NOP, 0);
                block.instrs.extend(copy);
                if no_lineno
                    && last.op == Opcode::JUMP
                    && let Some(end) = block.instrs.last_mut()
                    && end.is_unconditional_jump()
                {
                    // Keep the eval-breaker check of the removed jump.
                    end.op = Opcode::JUMP;
                }
                changed = true;
            }
            if !changed {
                return;
            }
        }
    }

    /// Jump threading, then the block-local rewrites.
    fn optimize_basic_block(&mut self, b: BlockIx, consts: &mut Consts) {
        let mut i = 0;
        while i < self.blocks[b].instrs.len() {
            let instr = self.blocks[b].instrs[i];
            let target_first = instr
                .target
                .and_then(|t| self.blocks[t].instrs.first().copied());
            // `a and b or c`: a jump on false into a jump on true is known
            // not to be taken there, so it goes past it.
            let opposite = match instr.op {
                Opcode::JUMP_IF_FALSE => Some(Opcode::JUMP_IF_TRUE),
                Opcode::JUMP_IF_TRUE => Some(Opcode::JUMP_IF_FALSE),
                _ => None,
            };
            if let (Some(opposite), Some(first)) = (opposite, target_first)
                && first.op == opposite
            {
                let next = self.next_map();
                let target = instr.target.expect("jumps have targets");
                if let Some(after) = next[target] {
                    self.blocks[b].instrs[i].target = Some(after);
                    continue;
                }
            }
            let thread_as = match (instr.op, target_first.map(|f| f.op)) {
                (Opcode::JUMP_IF_FALSE, Some(Opcode::JUMP | Opcode::JUMP_IF_FALSE)) => {
                    Some(instr.op)
                }
                (Opcode::JUMP_IF_TRUE, Some(Opcode::JUMP | Opcode::JUMP_IF_TRUE)) => Some(instr.op),
                (
                    Opcode::POP_JUMP_IF_FALSE
                    | Opcode::POP_JUMP_IF_TRUE
                    | Opcode::POP_JUMP_IF_NONE
                    | Opcode::POP_JUMP_IF_NOT_NONE,
                    Some(Opcode::JUMP),
                ) => Some(instr.op),
                (Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT, Some(Opcode::JUMP)) => {
                    Some(Opcode::JUMP)
                }
                (Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT, Some(Opcode::JUMP_NO_INTERRUPT)) => {
                    Some(instr.op)
                }
                _ => None,
            };
            if let (Some(op), Some(first)) = (thread_as, target_first)
                && first.target != instr.target
            {
                // The jump becomes a NOP (kept for its line) followed by a
                // jump straight to where the target jumped.
                let block = &mut self.blocks[b];
                block.instrs[i].set(Opcode::NOP, 0);
                block.instrs.push(FInstr {
                    op,
                    arg: 0,
                    target: first.target,
                    loc: first.loc,
                    handler: None,
                });
                i += 1;
                continue;
            }
            if thread_as.is_none() {
                peephole::rewrite(&mut self.blocks[b].instrs, i, consts);
            }
            i += 1;
        }
        peephole::optimize_swaps(&mut self.blocks[b].instrs);
    }

    /// The first non-empty block at or after `b` in the layout.
    fn next_nonempty(&self, b: Option<BlockIx>, next: &[Option<BlockIx>]) -> Option<BlockIx> {
        let mut current = b;
        while let Some(c) = current {
            if !self.blocks[c].instrs.is_empty() {
                return Some(c);
            }
            current = next[c];
        }
        None
    }

    /// Drops NOPs whose line the instructions around them already show;
    /// returns how many went.
    fn remove_redundant_nops(&mut self) -> usize {
        let next = self.next_map();
        let mut removed = 0;
        for b in self.order.clone() {
            removed += self.remove_redundant_nops_in(b, &next);
        }
        removed
    }

    fn remove_redundant_nops_in(&mut self, b: BlockIx, next: &[Option<BlockIx>]) -> usize {
        let following = self.next_nonempty(next[b], next).and_then(|n| {
            self.blocks[n]
                .instrs
                .iter()
                .find(|i| !(i.op == Opcode::NOP && i.loc.is_none()))
                .map(FInstr::line)
        });
        let mut instrs = std::mem::take(&mut self.blocks[b].instrs);
        let count = instrs.len();
        let mut kept: Vec<FInstr> = Vec::with_capacity(count);
        let mut prev_line = None;
        let mut removed = 0;
        for i in 0..count {
            let instr = instrs[i];
            let line = instr.line();
            if instr.op == Opcode::NOP {
                let drop = match line {
                    None => true,
                    Some(_) if prev_line == Some(line) => true,
                    Some(_) if i + 1 < count => {
                        let next_line = instrs[i + 1].line();
                        if next_line.is_none() {
                            // The next instruction takes over the line.
                            instrs[i + 1].loc = instr.loc;
                            true
                        } else {
                            next_line == line
                        }
                    }
                    Some(_) => following == Some(line),
                };
                if drop {
                    removed += 1;
                    continue;
                }
            }
            kept.push(instr);
            prev_line = Some(line);
        }
        self.blocks[b].instrs = kept;
        removed
    }

    /// Turns a jump to the block laid out right after it into a NOP;
    /// returns how many there were.
    fn remove_redundant_jumps(&mut self) -> usize {
        let next = self.next_map();
        let mut removed = 0;
        for b in self.order.clone() {
            let Some(last) = self.blocks[b].last().copied() else {
                continue;
            };
            if !last.is_unconditional_jump() {
                continue;
            }
            let target = self.next_nonempty(last.target, &next);
            let following = self.next_nonempty(next[b], &next);
            if target == following {
                self.blocks[b]
                    .instrs
                    .last_mut()
                    .expect("the jump")
                    .set(Opcode::NOP, 0);
                removed += 1;
            }
        }
        removed
    }

    fn remove_redundant_nops_and_jumps(&mut self) {
        while self.remove_redundant_nops() + self.remove_redundant_jumps() > 0 {}
    }

    /// Drops constant loads and `COPY 1`s whose value is popped right away
    /// (within a block, or across a fall-through into a block nothing jumps
    /// to).
    fn remove_redundant_nops_and_pairs(&mut self) {
        loop {
            let mut done = true;
            let mut prev: Option<(BlockIx, usize)> = None;
            let next = self.next_map();
            for b in self.order.clone() {
                self.remove_redundant_nops_in(b, &next);
                if self.blocks[b].labelled {
                    prev = None;
                }
                for i in 0..self.blocks[b].instrs.len() {
                    let current = (b, i);
                    if self.blocks[b].instrs[i].op == Opcode::POP_TOP
                        && let Some((pb, pi)) = prev
                    {
                        let p = self.blocks[pb].instrs[pi];
                        let redundant = matches!(p.op, Opcode::LOAD_CONST | Opcode::LOAD_SMALL_INT)
                            || (p.op == Opcode::COPY && p.arg == 1);
                        if redundant {
                            self.blocks[pb].instrs[pi].set(Opcode::NOP, 0);
                            self.blocks[b].instrs[i].set(Opcode::NOP, 0);
                            done = false;
                        }
                    }
                    prev = Some(current);
                }
                let block = &self.blocks[b];
                if block.last().is_some_and(FInstr::is_jump) || !block.falls_through() {
                    prev = None;
                }
            }
            if done {
                break;
            }
        }
    }

    // ----- layout -----------------------------------------------------------------

    /// Moves exception handlers, and blocks only they reach, after all other
    /// code ("cold" code), adding a jump where a cold block fell through into
    /// warm code.
    pub fn push_cold_blocks_to_end(&mut self) {
        if self.order.len() < 2 {
            return;
        }
        let warm = self.reachable(false);
        let next = self.next_map();
        // Cold: reachable from a handler without passing through warm code.
        let mut cold = vec![false; self.blocks.len()];
        let mut todo: Vec<BlockIx> = self
            .order
            .iter()
            .copied()
            .filter(|&b| self.blocks[b].except_handler && !warm[b])
            .collect();
        for &b in &todo {
            cold[b] = true;
        }
        while let Some(b) = todo.pop() {
            let block = &self.blocks[b];
            let mut successors: Vec<BlockIx> = block
                .instrs
                .iter()
                .filter(|i| i.is_jump())
                .filter_map(|i| i.target)
                .collect();
            if block.falls_through()
                && let Some(n) = next[b]
            {
                successors.push(n);
            }
            for s in successors {
                if !warm[s] && !cold[s] {
                    cold[s] = true;
                    todo.push(s);
                }
            }
        }
        if !self.order.iter().any(|&b| cold[b]) {
            return;
        }
        for b in self.order.clone() {
            let Some(n) = next[b] else { continue };
            if cold[b] && warm[n] && self.blocks[b].falls_through() {
                let jump = self.new_block();
                self.blocks[jump].instrs.push(FInstr {
                    op: Opcode::JUMP_NO_INTERRUPT,
                    arg: 0,
                    target: Some(n),
                    loc: None,
                    handler: None,
                });
                cold.push(true);
                let at = self
                    .order
                    .iter()
                    .position(|&x| x == b)
                    .expect("b is laid out");
                self.order.insert(at + 1, jump);
            }
        }
        let (hot, cold): (Vec<BlockIx>, Vec<BlockIx>) = self.order.iter().partition(|&&b| !cold[b]);
        self.order = hot;
        self.order.extend(cold);
        self.remove_redundant_nops_and_jumps();
    }

    // ----- stack depth ----------------------------------------------------------

    /// Computes the depth of the stack on entry to every block (handlers get
    /// theirs from their set-ups) and returns the greatest depth reached.
    pub fn stack_depth(&mut self) -> CResult<u32> {
        let next = self.next_map();
        let Some(&entry) = self.order.first() else {
            return Ok(0);
        };
        for block in &mut self.blocks {
            block.start_depth = None;
        }
        let mut max = 0i32;
        let mut todo = Vec::new();
        let reach = |blocks: &mut Vec<FBlock>,
                     todo: &mut Vec<BlockIx>,
                     b: BlockIx,
                     depth: i32|
         -> CResult {
            match blocks[b].start_depth {
                None => {
                    blocks[b].start_depth = Some(depth);
                    todo.push(b);
                    Ok(())
                }
                Some(d) if d == depth => Ok(()),
                Some(_) => Err(SyntaxError::syntax(
                    "internal error: inconsistent stack depth",
                    TextRange::default(),
                )),
            }
        };
        reach(&mut self.blocks, &mut todo, entry, 0)?;
        while let Some(b) = todo.pop() {
            let mut depth = self.blocks[b]
                .start_depth
                .expect("queued blocks have a depth");
            let mut falls = true;
            for i in 0..self.blocks[b].instrs.len() {
                let instr = self.blocks[b].instrs[i];
                // END_ASYNC_FOR's target is for branch monitoring only.
                if let Some(target) = instr.target.filter(|_| instr.op != Opcode::END_ASYNC_FOR) {
                    let on_jump = depth + instr.op.stack_effect_on_jump(instr.arg);
                    max = max.max(on_jump);
                    reach(&mut self.blocks, &mut todo, target, on_jump)?;
                }
                depth += instr.op.stack_effect(instr.arg);
                if depth < 0 {
                    return Err(SyntaxError::syntax(
                        format!("internal error: stack underflow at {}", instr.op.name()),
                        TextRange::default(),
                    ));
                }
                max = max.max(depth);
                if !instr.falls_through() {
                    falls = false;
                    break;
                }
            }
            if falls && let Some(n) = next[b] {
                reach(&mut self.blocks, &mut todo, n, depth)?;
            }
        }
        Ok(max as u32)
    }

    // ----- pseudo-instructions ----------------------------------------------------

    /// `JUMP_IF_FALSE`/`JUMP_IF_TRUE` (which keep the tested value) become
    /// `COPY 1; TO_BOOL; POP_JUMP_IF_...`.
    pub fn convert_pseudo_conditional_jumps(&mut self) {
        for b in self.order.clone() {
            let instrs = std::mem::take(&mut self.blocks[b].instrs);
            let mut out = Vec::with_capacity(instrs.len() + 2);
            for instr in instrs {
                let real = match instr.op {
                    Opcode::JUMP_IF_FALSE => Opcode::POP_JUMP_IF_FALSE,
                    Opcode::JUMP_IF_TRUE => Opcode::POP_JUMP_IF_TRUE,
                    _ => {
                        out.push(instr);
                        continue;
                    }
                };
                let plain = FInstr {
                    target: None,
                    ..instr
                };
                out.push(FInstr {
                    op: Opcode::COPY,
                    arg: 1,
                    ..plain
                });
                out.push(FInstr {
                    op: Opcode::TO_BOOL,
                    arg: 0,
                    ..plain
                });
                out.push(FInstr { op: real, ..instr });
            }
            self.blocks[b].instrs = out;
        }
    }

    /// Handler set-ups and `POP_BLOCK` have done their job once every
    /// instruction knows its handler: they become NOPs (kept only for their
    /// line). `LOAD_CLOSURE` and `STORE_FAST_MAYBE_NULL` become the plain
    /// fast-local instructions.
    pub fn convert_pseudo_ops(&mut self) {
        for block in &mut self.blocks {
            for instr in &mut block.instrs {
                match instr.op {
                    op if op.is_setup() => instr.set(Opcode::NOP, 0),
                    Opcode::POP_BLOCK => {
                        instr.set(Opcode::NOP, 0);
                        instr.loc = None;
                    }
                    Opcode::LOAD_CLOSURE => instr.op = Opcode::LOAD_FAST,
                    Opcode::STORE_FAST_MAYBE_NULL => instr.op = Opcode::STORE_FAST,
                    _ => {}
                }
            }
        }
        self.remove_redundant_nops_and_jumps();
    }

    // ----- line numbers -----------------------------------------------------------

    /// Gives instructions without a location the one before them in their
    /// block, and the first instruction of a block with a single predecessor
    /// the location its predecessor ends with. Exit blocks without any
    /// location that several blocks jump to are copied first, so each copy
    /// takes the line of its own predecessor (CPython's PEP 626 rules: every
    /// return and raise has a line).
    pub fn resolve_line_numbers(&mut self) {
        self.duplicate_exits_without_lineno();
        let preds = self.predecessor_counts();
        let next = self.next_map();
        for b in self.order.clone() {
            let mut prev = None;
            for instr in &mut self.blocks[b].instrs {
                match instr.loc {
                    None => instr.loc = prev,
                    Some(_) => prev = instr.loc,
                }
            }
            let block = &self.blocks[b];
            let Some(last) = block.last().copied() else {
                continue;
            };
            if block.falls_through()
                && let Some(n) = next[b]
                && preds[n] == 1
                && let Some(first) = self.blocks[n].instrs.first_mut()
                && first.loc.is_none()
            {
                first.loc = prev;
            }
            if last.is_jump()
                && let Some(t) = last.target
                && preds[t] == 1
                && let Some(first) = self.blocks[t].instrs.first_mut()
                && first.loc.is_none()
            {
                first.loc = prev;
            }
        }
    }

    /// A block that returns, raises or checks for interrupts, and has no line.
    fn is_exit_or_eval_check_without_lineno(&self, b: BlockIx) -> bool {
        let block = &self.blocks[b];
        let eval_check = block.instrs.iter().any(|i| {
            matches!(
                i.op,
                Opcode::JUMP
                    | Opcode::JUMP_BACKWARD
                    | Opcode::RESUME
                    | Opcode::CALL
                    | Opcode::CALL_KW
                    | Opcode::CALL_FUNCTION_EX
            )
        });
        (block.exits_scope() || eval_check) && block.has_no_location()
    }

    fn duplicate_exits_without_lineno(&mut self) {
        let mut preds = self.predecessor_counts();
        let mut b_pos = 0;
        while b_pos < self.order.len() {
            let b = self.order[b_pos];
            b_pos += 1;
            let Some(last) = self.blocks[b].last().copied() else {
                continue;
            };
            if !last.is_jump() {
                continue;
            }
            let next = self.next_map();
            let Some(target) = self.next_nonempty(last.target, &next) else {
                continue;
            };
            if !(self.is_exit_or_eval_check_without_lineno(target) && preds[target] > 1) {
                continue;
            }
            let copy = FBlock {
                instrs: self.blocks[target].instrs.clone(),
                labelled: true,
                ..FBlock::default()
            };
            let new = self.new_block();
            self.blocks[new] = copy;
            self.blocks[new].instrs[0].loc = last.loc;
            self.blocks[b].instrs.last_mut().expect("the jump").target = Some(new);
            preds[target] -= 1;
            preds.push(1);
            let at = self
                .order
                .iter()
                .position(|&x| x == target)
                .expect("target is laid out");
            self.order.insert(at + 1, new);
            if at < b_pos {
                b_pos += 1;
            }
        }
        // Exit blocks without lines that remain are only fallen into.
        let next = self.next_map();
        for b in self.order.clone() {
            let block = &self.blocks[b];
            if let Some(last) = block.last().copied()
                && block.falls_through()
                && let Some(n) = next[b]
                && self.is_exit_or_eval_check_without_lineno(n)
            {
                self.blocks[n].instrs[0].loc = last.loc;
            }
        }
    }

    // ----- final instruction forms ------------------------------------------------

    /// Combines adjacent fast-local loads and stores into CPython's
    /// superinstructions.
    pub fn insert_superinstructions(&mut self) {
        for &b in &self.order.clone() {
            let instrs = &mut self.blocks[b].instrs;
            let mut i = 0;
            while i + 1 < instrs.len() {
                let (a, c) = (instrs[i], instrs[i + 1]);
                let combined = match (a.op, c.op) {
                    (Opcode::LOAD_FAST, Opcode::LOAD_FAST) => Some(Opcode::LOAD_FAST_LOAD_FAST),
                    (Opcode::STORE_FAST, Opcode::LOAD_FAST) => Some(Opcode::STORE_FAST_LOAD_FAST),
                    (Opcode::STORE_FAST, Opcode::STORE_FAST) => Some(Opcode::STORE_FAST_STORE_FAST),
                    _ => None,
                };
                let same_line = match (a.line(), c.line()) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                if let Some(op) = combined
                    && a.arg < 16
                    && c.arg < 16
                    && same_line
                {
                    instrs[i].set(op, (a.arg << 4) | c.arg);
                    instrs[i + 1].set(Opcode::NOP, 0);
                    i += 2;
                } else {
                    i += 1;
                }
            }
        }
        self.remove_redundant_nops();
    }

    /// Makes every jump go forward or backward as the layout says: `JUMP`
    /// becomes `JUMP_FORWARD` or `JUMP_BACKWARD`, and a conditional jump
    /// backward becomes the opposite jump over a new `JUMP_BACKWARD`.
    pub fn normalize_jumps(&mut self) {
        let mut position = vec![usize::MAX; self.blocks.len()];
        for (p, &b) in self.order.iter().enumerate() {
            position[b] = p;
        }
        let mut p = 0;
        while p < self.order.len() {
            let b = self.order[p];
            let Some(last) = self.blocks[b].last().copied() else {
                p += 1;
                continue;
            };
            let Some(target) = last.target else {
                p += 1;
                continue;
            };
            let backward = position[target] <= p;
            let last = self.blocks[b].instrs.last_mut().expect("non-empty");
            match last.op {
                Opcode::JUMP => {
                    last.op = if backward {
                        Opcode::JUMP_BACKWARD
                    } else {
                        Opcode::JUMP_FORWARD
                    };
                }
                Opcode::JUMP_NO_INTERRUPT => {
                    last.op = if backward {
                        Opcode::JUMP_BACKWARD_NO_INTERRUPT
                    } else {
                        Opcode::JUMP_FORWARD
                    };
                }
                op @ (Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_NOT_NONE)
                    if backward =>
                {
                    let reversed = match op {
                        Opcode::POP_JUMP_IF_FALSE => Opcode::POP_JUMP_IF_TRUE,
                        Opcode::POP_JUMP_IF_TRUE => Opcode::POP_JUMP_IF_FALSE,
                        Opcode::POP_JUMP_IF_NONE => Opcode::POP_JUMP_IF_NOT_NONE,
                        _ => Opcode::POP_JUMP_IF_NONE,
                    };
                    let fallthrough = self.order.get(p + 1).copied();
                    let loc = last.loc;
                    let handler = last.handler;
                    last.op = reversed;
                    let _ = handler;
                    let back = self.new_block();
                    self.blocks[back].start_depth = self.blocks[target].start_depth;
                    self.blocks[back].instrs.push(FInstr {
                        op: Opcode::JUMP_BACKWARD,
                        arg: 0,
                        target: Some(target),
                        loc,
                        handler: None,
                    });
                    let Some(fallthrough) = fallthrough else {
                        // Nothing follows: the new block is both paths.
                        self.blocks[b].instrs.last_mut().expect("non-empty").target = Some(back);
                        self.order.insert(p + 1, back);
                        position.push(p + 1);
                        p += 1;
                        continue;
                    };
                    self.blocks[b].instrs.last_mut().expect("non-empty").target = Some(fallthrough);
                    self.order.insert(p + 1, back);
                    position.push(p + 1);
                    for (q, &ob) in self.order.iter().enumerate() {
                        position[ob] = q;
                    }
                }
                _ => {}
            }
            p += 1;
        }
    }

    /// The instructions in layout order, jump targets and handlers as
    /// instruction indexes. Every conditional jump gets the `NOT_TAKEN` that
    /// marks its fall-through path (for branch monitoring).
    pub fn linearize(&self) -> Vec<LinearInstr> {
        let mut start = vec![usize::MAX; self.blocks.len()];
        let mut out: Vec<LinearInstr> = Vec::new();
        let mut targets: Vec<(usize, BlockIx)> = Vec::new();
        let mut handlers: Vec<(usize, BlockIx)> = Vec::new();
        for &b in &self.order {
            start[b] = out.len();
            for instr in &self.blocks[b].instrs {
                if let Some(t) = instr.target {
                    targets.push((out.len(), t));
                }
                if let Some(h) = instr.handler {
                    handlers.push((out.len(), h));
                }
                out.push(LinearInstr {
                    op: instr.op,
                    arg: instr.arg,
                    target: None,
                    loc: instr.loc,
                    handler: None,
                });
                if matches!(
                    instr.op,
                    Opcode::POP_JUMP_IF_FALSE
                        | Opcode::POP_JUMP_IF_TRUE
                        | Opcode::POP_JUMP_IF_NONE
                        | Opcode::POP_JUMP_IF_NOT_NONE
                ) {
                    if let Some(h) = instr.handler {
                        handlers.push((out.len(), h));
                    }
                    out.push(LinearInstr {
                        op: Opcode::NOT_TAKEN,
                        arg: 0,
                        target: None,
                        loc: instr.loc,
                        handler: None,
                    });
                }
            }
        }
        for (i, t) in targets {
            out[i].target = Some(start[t]);
        }
        for (i, h) in handlers {
            let block = &self.blocks[h];
            let lasti = block.preserve_lasti;
            let depth = block.start_depth.unwrap_or(1) - 1 - i32::from(lasti);
            out[i].handler = Some(Handler {
                target: start[h],
                depth: depth.max(0) as u32,
                lasti,
            });
        }
        out
    }

    /// Renumbers constants so that only used ones remain (the first, which
    /// may be the docstring, always stays).
    pub fn remove_unused_consts(&mut self, consts: &mut Vec<ConstValue>) {
        if consts.is_empty() {
            return;
        }
        let mut used = vec![false; consts.len()];
        used[0] = true;
        for &b in &self.order {
            for instr in &self.blocks[b].instrs {
                if instr.op == Opcode::LOAD_CONST {
                    used[instr.arg as usize] = true;
                }
            }
        }
        let mut map = vec![0u32; consts.len()];
        let mut kept = Vec::new();
        for (i, c) in consts.iter().enumerate() {
            if used[i] {
                map[i] = kept.len() as u32;
                kept.push(c.clone());
            }
        }
        for &b in &self.order {
            for instr in &mut self.blocks[b].instrs {
                if instr.op == Opcode::LOAD_CONST {
                    instr.arg = map[instr.arg as usize];
                }
            }
        }
        *consts = kept;
    }
}

/// The handler of an instruction, as the exception table records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Handler {
    /// Index of the handler's first instruction.
    pub target: usize,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed.
    pub lasti: bool,
}

/// An instruction ready for assembly.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LinearInstr {
    pub op: Opcode,
    pub arg: u32,
    /// Index of the instruction jumped to.
    pub target: Option<usize>,
    pub loc: Option<Loc>,
    pub handler: Option<Handler>,
}

/// The constants of a unit while its code is optimized: folding adds new
/// ones.
pub(crate) struct Consts<'u> {
    pub values: &'u mut Vec<ConstValue>,
}

impl Consts<'_> {
    pub fn get(&self, i: u32) -> &ConstValue {
        &self.values[i as usize]
    }

    pub fn add(&mut self, value: ConstValue) -> u32 {
        if let Some(i) = self.values.iter().position(|v| *v == value) {
            return i as u32;
        }
        self.values.push(value);
        (self.values.len() - 1) as u32
    }
}

/// Runs the passes over a unit's blocks, in CPython's order.
pub(crate) fn optimize_unit(
    unit: &Unit,
    lines: &LineIndex,
    consts: &mut Vec<ConstValue>,
    nparams: usize,
) -> CResult<(Vec<LinearInstr>, u32)> {
    let mut cfg = Cfg::build(unit, lines)?;
    cfg.eliminate_empty_blocks();
    cfg.label_exception_targets();
    cfg.optimize(&mut Consts { values: consts });
    cfg.remove_unused_consts(consts);
    fastlocals::add_checks_for_unbound_locals(&mut cfg, unit.varnames.len(), nparams);
    cfg.insert_superinstructions();
    cfg.push_cold_blocks_to_end();
    cfg.resolve_line_numbers();
    cfg.convert_pseudo_conditional_jumps();
    let depth = cfg.stack_depth()?;
    cfg.convert_pseudo_ops();
    cfg.normalize_jumps();
    fastlocals::borrow_fast_loads(&mut cfg);
    Ok((cfg.linearize(), depth))
}
