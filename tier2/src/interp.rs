//! The micro-op interpreter: runs a loop's traces by calling each
//! micro-op's one implementation (tier 1's) and checking that control went
//! where the trace expects. Where it did not, control leaves through a side
//! exit: tier 1 resumes at the right unit, or, once that exit is hot, a
//! side trace projected from there carries on.

use crate::deps::Deps;
use crate::stats;
use crate::trace::{End, Expect, Trace, escapes};
use pyrite_runtime::{PyResult, Value};
use pyrite_tier1::{Ctx, Executor, Flow};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// One trace of a loop: the loop's own (fragment 0) or a side trace.
pub struct Fragment {
    /// The optimized trace.
    pub trace: Trace,
    /// Times each op's exit was taken (the last slot: the trace's end).
    exits: Rc<[Cell<u64>]>,
    /// The side trace each exit continues in (0: none yet).
    links: Box<[Cell<u32>]>,
}

impl Fragment {
    /// The side trace exit `i` continues in, if linked (0: none).
    pub fn link(&self, i: usize) -> u32 {
        self.links[i].get()
    }

    fn new(trace: Trace, code_name: String) -> Fragment {
        let n = trace.ops.len() + 1;
        let exits: Rc<[Cell<u64>]> = (0..n).map(|_| Cell::new(0)).collect();
        stats::register(&trace, code_name, exits.clone());
        Fragment {
            trace,
            exits,
            links: (0..n).map(|_| Cell::new(0)).collect(),
        }
    }
}

/// Failed guards at one exit before the tree is dropped and the loop
/// traced again.
const MIN_DEOPTS_TO_RETRACE: u64 = 16;

/// The most traces one loop gets (its own and its side traces).
const MAX_FRAGMENTS: usize = 16;

/// A loop's traces and how they link: what both the micro-op interpreter
/// and the JIT run.
pub struct TraceTree {
    /// The loop head.
    pub head: u32,
    fragments: RefCell<Vec<Rc<Fragment>>>,
    code_name: String,
    /// Exits taken before one gets a side trace.
    side_threshold: u64,
    /// Counts the links made (a compiled tree older than this is stale).
    version: Cell<u32>,
    /// What the traces assume beyond their guards.
    pub deps: Deps,
    /// Cleared when an assumption broke.
    valid: Rc<Cell<bool>>,
}

impl TraceTree {
    /// The tree of a loop's own trace.
    pub fn new(
        trace: Trace,
        code_name: String,
        side_threshold: u16,
        deps: Deps,
        valid: Rc<Cell<bool>>,
    ) -> TraceTree {
        TraceTree {
            head: trace.start,
            fragments: RefCell::new(vec![Rc::new(Fragment::new(trace, code_name.clone()))]),
            code_name,
            side_threshold: u64::from(side_threshold).max(1),
            version: Cell::new(0),
            deps,
            valid,
        }
    }

    /// Whether the executor may still run: not invalidated, and every dict
    /// it depends on unchanged (checked here, at entry and after each
    /// micro-op that may have run other code).
    pub fn is_valid(&self) -> bool {
        self.valid.get() && (self.deps.is_empty() || self.still_holds())
    }

    /// Marks the executor invalid (its code could not be made again).
    pub fn invalidate(&self) {
        if self.valid.replace(false) {
            stats::invalidated();
        }
    }

    #[cold]
    fn still_holds(&self) -> bool {
        let holds = self.deps.hold();
        if !holds {
            self.valid.set(false);
            stats::invalidated();
        }
        holds
    }

    /// How many traces the tree holds.
    pub fn len(&self) -> usize {
        self.fragments.borrow().len()
    }

    /// Whether the tree is empty (never: it has the loop's own trace).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Changes whenever an exit gets linked to a side trace.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    /// Fragment `k`.
    pub fn fragment(&self, k: usize) -> Rc<Fragment> {
        self.fragments.borrow()[k].clone()
    }

    /// Counts the exit after op `i` of `frag` (or its end) to `pc`; returns
    /// the side trace to go on in, projecting one when the exit got hot.
    /// `deopt` exits (a failed guard) resume tier 1, which deopts and
    /// respecializes the instruction itself.
    pub fn exit(
        &self,
        cx: &Ctx<'_>,
        frag: &Fragment,
        i: usize,
        pc: u32,
        deopt: bool,
    ) -> Option<u32> {
        if !self.is_valid() {
            // An assumption broke: tier 1 takes over, and puts the jump back.
            return None;
        }
        let link = frag.links[i].get();
        if link != 0 && self.fragments.borrow()[link as usize].trace.start == pc {
            return Some(link);
        }
        let count = frag.exits[i].get() + 1;
        frag.exits[i].set(count);
        if deopt && count >= self.side_threshold.max(MIN_DEOPTS_TO_RETRACE) {
            // A guard that keeps failing: the operands changed for good
            // (tier 1 has respecialized the instruction by now). Trace the
            // loop again with what tier 1 sees today.
            self.invalidate();
            return None;
        }
        if deopt || count < self.side_threshold || self.fragments.borrow().len() >= MAX_FRAGMENTS {
            return None;
        }
        let side = crate::optimize::build(cx, pc as usize, self.head as usize, &self.deps)?;
        let mut all = self.fragments.borrow_mut();
        all.push(Rc::new(Fragment::new(side, self.code_name.clone())));
        let k = (all.len() - 1) as u32;
        frag.links[i].set(k);
        self.version.set(self.version.get() + 1);
        Some(k)
    }
}

/// A loop run by the micro-op interpreter (`PYRITE_TIER=uops`).
pub struct UopExecutor {
    tree: TraceTree,
}

impl UopExecutor {
    /// An executor for `tree`.
    pub fn new(tree: TraceTree) -> UopExecutor {
        UopExecutor { tree }
    }
}

/// Pushes a promoted global (and NULL when the oparg asks).
pub fn push_promoted(cx: &mut Ctx<'_>, v: &Value, oparg: u32) {
    cx.push(v.clone());
    if oparg & 1 != 0 {
        cx.push_opt(None);
    }
}

/// Runs micro-op `u` of a trace: tier 1's implementation, except that a
/// Python call runs the callee to completion (in a loop of its own) and
/// the trace goes on after it. The micro-op interpreter and the JIT's
/// shims both step this way.
#[inline(always)]
pub fn run_traced(u: pyrite_bytecode::Uop, cx: &mut Ctx<'_>) -> PyResult<Flow> {
    match pyrite_tier1::run_uop(u, cx) {
        Ok(Flow::Call(frame)) => pyrite_tier1::run_call(cx, frame).map(|()| Flow::Next),
        r => r,
    }
}

impl Executor for UopExecutor {
    fn run(&self, cx: &mut Ctx<'_>) -> PyResult<Flow> {
        stats::entered();
        let root = self.tree.fragment(0);
        let mut frag = root.clone();
        let watching = !self.tree.deps.is_empty();
        let mut i = 0;
        loop {
            let op = &frag.trace.ops[i];
            cx.f.lasti = op.at as usize;
            cx.oparg = op.oparg;
            cx.next = op.next as usize;
            let flow = match &op.promoted {
                Some(v) => {
                    push_promoted(cx, v, op.oparg);
                    Flow::Next
                }
                None => run_traced(op.uop, cx)?,
            };
            let exit = match &flow {
                Flow::Next if op.expect == Expect::Next => None,
                Flow::Next => Some((op.next, false)),
                Flow::Jump(t) if op.expect == Expect::Jump(*t as u32) => None,
                Flow::Jump(t) => Some((*t as u32, false)),
                Flow::Deopt => Some((op.restart, true)),
                _ => return Ok(flow),
            };
            // The flows above hold nothing: skip the enum's drop glue.
            std::mem::forget(flow);
            if exit.is_none() && watching && escapes(op.uop) && !self.tree.is_valid() {
                // Other code broke an assumption: tier 1 goes on from the
                // instruction after this one.
                return Ok(Flow::Jump(op.expected_pc() as usize));
            }
            i += 1;
            let exit = match exit {
                Some(e) => Some((i - 1, e)),
                None if i < frag.trace.ops.len() => continue,
                None => match frag.trace.end {
                    End::Loop => {
                        if !Rc::ptr_eq(&frag, &root) {
                            frag = root.clone();
                        }
                        i = 0;
                        continue;
                    }
                    End::Exit(pc) => Some((i, (pc, false))),
                },
            };
            let Some((site, (pc, deopt))) = exit else {
                continue;
            };
            match self.tree.exit(cx, &frag, site, pc, deopt) {
                Some(k) => {
                    frag = self.tree.fragment(k as usize);
                    i = 0;
                }
                None => return Ok(Flow::Jump(pc as usize)),
            }
        }
    }

    fn is_valid(&self) -> bool {
        self.tree.is_valid()
    }
}
