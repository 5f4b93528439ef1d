//! Pyrite's runtime: the object model (values, heap objects with exact
//! reference counting, type objects), the builtin types and functions,
//! exceptions, modules and the import system, and the `Engine` seam through
//! which the tiers run Python code.
//!
//! The runtime never interprets bytecode itself: whenever it needs to run a
//! Python function (a `__eq__` called by a dict, a key function called by
//! `sorted`), it asks the installed engine.

pub mod attr;
pub mod builtins;
pub mod call;
pub mod carets;
pub mod codecs;
pub mod engine;
pub mod error;
pub mod format;
pub mod frame;
pub mod hash;
pub mod import;
pub mod io;
pub mod modules;
pub mod object;
pub mod ops;
pub mod stdlib_names;
pub mod suggestions;
pub mod sys;
pub mod types;
pub mod value;
pub mod value_stack;
pub mod vm;
pub mod warnings;

pub use call::Args;
pub use error::{PyErr, PyResult};
pub use object::ObjRef;
pub use value::Value;
pub use vm::{Config, Vm};
