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
mod specialized;

pub(crate) use crate::executor::{enter_executor, hot_loop};
pub(crate) use crate::specialize::specialize;
pub(crate) use caches::{
    AttrKind, attr_kind, fill_attr, fill_global, fill_store, global_cached, set_cache_u16,
    set_cache_u32, store_cached,
};
pub(crate) use calls::*;
pub(crate) use control::*;
pub(crate) use exceptions::*;
pub(crate) use locals::*;
pub(crate) use objects::*;
pub(crate) use patterns::*;
pub(crate) use specialized::*;
