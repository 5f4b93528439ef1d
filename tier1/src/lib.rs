//! Tier 1: Pyrite's bytecode interpreter.
//!
//! One eval loop runs CPython 3.14's instructions. Each instruction is the
//! sequence of micro-ops `instructions.def` lists for it; the loop's
//! dispatch is expanded from that table (`pyrite_bytecode::instruction_table!`)
//! and every micro-op is written once, in `uops/`, for the later tiers to
//! reuse. Python-to-Python calls push frames onto the loop's own stack, so
//! Python recursion never recurses in Rust.

mod counter;
mod eval;
mod executor;
mod specialize;
mod uops;

pub use eval::{Ctx, Flow, run_call};
pub use executor::{Executor, Optimizer, replaced_unit};

pub use specialize::report_stats;

macro_rules! run_uop_table {
    ($($u:ident,)*) => {
        /// Runs micro-op `u`: one match over all of them, each inlined (the
        /// micro-op interpreter's dispatch).
        #[inline(always)]
        pub fn run_uop(u: pyrite_bytecode::Uop, cx: &mut Ctx<'_>) -> PyResult<Flow> {
            match u {
                $(pyrite_bytecode::Uop::$u => uops::$u(cx),)*
            }
        }
    };
}

pyrite_bytecode::uop_list!(run_uop_table);

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
    /// The tier asked for.
    pub tier: Tier,
    /// What builds executors for hot loops (tiers `uops` and `jit`).
    pub optimizer: Option<Rc<dyn Optimizer>>,
}

impl Interpreter {
    fn mode(&self) -> eval::Mode<'_> {
        eval::Mode {
            adaptive: self.tier != Tier::Interp,
            optimizer: self.optimizer.as_deref(),
        }
    }
}

impl Engine for Interpreter {
    fn run_frame(&self, vm: &Vm, frame: Box<Frame>) -> PyResult<Value> {
        eval::run_frame(vm, frame, self.mode())
    }

    fn resume(
        &self,
        vm: &Vm,
        frame: Box<Frame>,
        value: Value,
        throw: Option<ObjRef>,
    ) -> (Option<Box<Frame>>, PyResult<Resumed>) {
        eval::resume(vm, frame, value, throw, self.mode())
    }

    fn jit_enabled(&self) -> bool {
        self.tier == Tier::Jit
    }
}

/// Installs tier 1 as the engine of `vm`, with `optimizer` tracing its hot
/// loops when given.
pub fn install(vm: &Vm, tier: Tier, optimizer: Option<Rc<dyn Optimizer>>) {
    vm.set_engine(Rc::new(Interpreter { tier, optimizer }));
}
