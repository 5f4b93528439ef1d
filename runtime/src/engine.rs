//! The seam between the object model and the tiers: the runtime asks the
//! installed `Engine` to run Python code (function bodies, generator
//! resumptions, module code) whenever it needs to.

use crate::error::PyResult;
use crate::frame::Frame;
use crate::object::ObjRef;
use crate::value::Value;
use crate::vm::Vm;

/// How a generator frame stopped.
#[derive(Debug)]
pub enum Resumed {
    /// It yielded a value.
    Yielded(Value),
    /// It returned a value.
    Returned(Value),
}

/// What runs Python code (tier 1, and later tier 2 and the JIT).
pub trait Engine {
    /// Runs a new frame for `function` (a function object) with its fast
    /// locals already bound, to completion.
    fn run_frame(&self, vm: &Vm, frame: Box<Frame>) -> PyResult<Value>;

    /// Resumes a suspended generator frame, sending `value` in (or throwing
    /// `throw` into it). The frame comes back if it yielded.
    fn resume(
        &self,
        vm: &Vm,
        frame: Box<Frame>,
        value: Value,
        throw: Option<ObjRef>,
    ) -> (Option<Box<Frame>>, PyResult<Resumed>);

    /// Whether hot loops are compiled to machine code (`sys._jit`).
    fn jit_enabled(&self) -> bool {
        false
    }
}
