//! The micro-ops: every instruction of `instructions.def` is a sequence of
//! these, and each is written once here. A micro-op reads its operands from
//! the frame's stack, pushes its results, and tells the loop how to go on.

mod caches;
mod calls;
mod control;
mod exceptions;
mod locals;
mod objects;
mod patterns;

pub(crate) use calls::*;
pub(crate) use control::*;
pub(crate) use exceptions::*;
pub(crate) use locals::*;
pub(crate) use objects::*;
pub(crate) use patterns::*;
