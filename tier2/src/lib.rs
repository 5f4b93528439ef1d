//! Tier 2: hot loops as micro-op traces.
//!
//! When a loop's backward jump gets hot, tier 1 asks [`Tier2`] for an
//! executor. The projector ([`trace::project`]) follows the loop's
//! instructions as tier 1 specialized them and lists their micro-ops, the
//! optimizer ([`optimize::run`]) removes the guards it can prove, and the
//! result runs either in the micro-op interpreter ([`UopExecutor`],
//! `PYRITE_TIER=uops`) or as machine code from a [`Backend`] (the JIT).
//! Each micro-op is tier 1's own implementation: nothing here restates an
//! instruction's semantics.

pub mod deps;
pub mod interp;
pub mod optimize;
pub mod stats;
pub mod trace;

pub use deps::Deps;
pub use interp::{TraceTree, UopExecutor};
pub use stats::report;
pub use trace::{End, Expect, Trace, TraceOp};

use pyrite_runtime::attr::as_str_obj;
use pyrite_tier1::{Ctx, Executor, Optimizer};
use std::cell::Cell;
use std::rc::Rc;

/// What turns a loop's optimized traces into machine code.
pub trait Backend {
    /// Compiles `tree`, or gives it back when it cannot (the micro-op
    /// interpreter runs it instead).
    fn compile(&self, tree: TraceTree) -> Result<Rc<dyn Executor>, TraceTree>;
}

/// The tier-2 optimizer tier 1 calls for hot loops.
pub struct Tier2 {
    threshold: u16,
    backend: Option<Box<dyn Backend>>,
}

/// Backward jumps before a loop is traced, unless `PYRITE_TRACE_THRESHOLD`
/// says otherwise (0 traces every loop the first time round).
const DEFAULT_THRESHOLD: u16 = 64;

impl Tier2 {
    /// Tier 2 with `backend` compiling its traces (or the micro-op
    /// interpreter running them when `None`).
    pub fn new(backend: Option<Box<dyn Backend>>) -> Tier2 {
        let threshold = std::env::var("PYRITE_TRACE_THRESHOLD")
            .ok()
            .and_then(|v| v.trim().parse::<u16>().ok())
            .unwrap_or(DEFAULT_THRESHOLD);
        Tier2 { threshold, backend }
    }
}

impl Optimizer for Tier2 {
    fn threshold(&self) -> u16 {
        self.threshold
    }

    fn optimize(&self, cx: &Ctx<'_>, head: usize, _jump_at: usize) -> Option<Rc<dyn Executor>> {
        let deps = Deps::default();
        let trace = optimize::build(cx, head, head, &deps)?;
        let name = as_str_obj(&cx.code.qualname).to_string();
        let valid = Rc::new(Cell::new(true));
        let mut tree = TraceTree::new(trace, name, self.threshold, deps, valid);
        if let Some(backend) = &self.backend {
            match backend.compile(tree) {
                Ok(exec) => return Some(exec),
                Err(back) => tree = back,
            }
        }
        Some(Rc::new(UopExecutor::new(tree)))
    }
}
