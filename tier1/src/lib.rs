//! Tier 1: Pyrite's bytecode interpreter.
//!
//! One eval loop runs CPython 3.14's instructions. Each instruction is the
//! sequence of micro-ops `instructions.def` lists for it; the loop's
//! dispatch is expanded from that table (`pyrite_bytecode::instruction_table!`)
//! and every micro-op is written once, in `uops/`, for the later tiers to
//! reuse. Python-to-Python calls push frames onto the loop's own stack, so
//! Python recursion never recurses in Rust.

mod eval;
mod specialize;
mod uops;

pub use specialize::report_stats;

use pyrite_runtime::engine::{Engine, Resumed};
use pyrite_runtime::frame::Frame;
use pyrite_runtime::{ObjRef, PyResult, Value, Vm};
use std::rc::Rc;

/// Which tier runs code (`PYRITE_TIER` or `-X tier=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The plain interpreter.
    Interp,
    /// The interpreter with PEP 659 specialization.
    Adaptive,
    /// Adaptive plus tier-2 micro-op traces.
    Uops,
    /// Traces compiled to machine code.
    Jit,
}

impl Tier {
    /// Parses a tier name.
    pub fn parse(name: &str) -> Option<Tier> {
        match name {
            "interp" => Some(Tier::Interp),
            "adaptive" => Some(Tier::Adaptive),
            "uops" => Some(Tier::Uops),
            "jit" => Some(Tier::Jit),
            _ => None,
        }
    }
}

/// The tier-1 engine.
pub struct Interpreter {
    /// The tier asked for (tiers above 1 run on this interpreter until they
    /// exist).
    pub tier: Tier,
}

impl Engine for Interpreter {
    fn run_frame(&self, vm: &Vm, frame: Box<Frame>) -> PyResult<Value> {
        eval::run_frame(vm, frame, self.tier != Tier::Interp)
    }

    fn resume(
        &self,
        vm: &Vm,
        frame: Box<Frame>,
        value: Value,
        throw: Option<ObjRef>,
    ) -> (Option<Box<Frame>>, PyResult<Resumed>) {
        eval::resume(vm, frame, value, throw, self.tier != Tier::Interp)
    }
}

/// Installs tier 1 as the engine of `vm`.
pub fn install(vm: &Vm, tier: Tier) {
    vm.set_engine(Rc::new(Interpreter { tier }));
}
