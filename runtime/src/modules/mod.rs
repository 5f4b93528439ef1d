//! Modules CPython writes in C, written in Rust (DESIGN §7), with
//! CPython's names, signatures, exceptions and messages, so that CPython's
//! own pure-Python library runs on top of them. The import system finds
//! them before `sys.path`, as CPython's builtin importer comes first.

pub mod gc;
pub mod math;
pub mod string;
pub mod thread;
pub mod time;

use crate::call::NativeFn;
use crate::object::ObjRef;
use crate::types::{builtin, dict, module};
use crate::vm::Vm;

/// Adds builtin functions to the native module `m` called `module_name`
/// (the `__module__` they report).
pub fn add_functions<'a>(
    vm: &Vm,
    m: &ObjRef,
    module_name: &'static str,
    fns: impl IntoIterator<Item = &'a (&'static str, NativeFn)>,
) {
    let d = module::module_dict(m);
    for (name, f) in fns {
        let v = builtin::free_builtin(vm, name, *f, Some(module_name));
        dict::set_item(vm, &d, vm.name(name), v).expect("str keys");
    }
}

/// Builds a native module.
type ModuleInit = fn(&Vm) -> ObjRef;

/// The native modules: name and the function that builds the module.
const NATIVE: &[(&str, ModuleInit)] = &[
    ("_string", string::init),
    ("_thread", thread::init),
    ("_weakref", crate::types::weakref::module),
    ("gc", gc::init),
    ("math", math::init),
    ("time", time::init),
];

/// The names of the native modules (for `sys.builtin_module_names`).
pub fn names() -> impl Iterator<Item = &'static str> {
    NATIVE.iter().map(|(n, _)| *n)
}

/// Builds the native module `name`, if there is one.
pub fn build(vm: &Vm, name: &str) -> Option<ObjRef> {
    NATIVE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, init)| init(vm))
}
