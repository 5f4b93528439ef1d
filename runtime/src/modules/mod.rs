//! Modules CPython writes in C, written in Rust (DESIGN §7), with
//! CPython's names, signatures, exceptions and messages, so that CPython's
//! own pure-Python library runs on top of them. The import system finds
//! them before `sys.path`, as CPython's builtin importer comes first.

pub mod gc;
/// Entry points for a family of functions sharing one implementation,
/// `handler(vm, name, args)`, which dispatches on the function's name.
macro_rules! named_fns {
    ($table:ident, $handler:path, $($name:ident),* $(,)?) => {
        const $table: &[(&str, $crate::call::NativeFn)] = &[
            $((stringify!($name), |vm, a| $handler(vm, stringify!($name), a)),)*
        ];
    };
}

pub mod ast;
pub mod atexit;
pub mod binascii;
pub mod bisect;
pub mod codecs;
pub mod contextvars;
pub mod errno;
pub mod hashes;
pub mod heapq;
pub mod imp;
pub mod marshal;
pub mod math;
pub mod monitoring;
pub mod opcode;
pub mod posix;
pub mod random;
pub mod resource;
pub mod signal;
pub mod sre;
pub mod string;
pub mod structmod;
pub mod thread;
pub mod time;
pub mod tokenize;

use crate::call::NativeFn;
use crate::object::{Kind, ObjRef};
use crate::types::{builtin, dict, module, typeobj};
use crate::vm::Vm;
use std::any::TypeId;
use std::rc::Rc;

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

/// The state of a native module in this interpreter (the types it makes,
/// ...), made by `init` on first use: functions reach their module's types
/// through it, whether or not the module was imported.
pub fn state<T: 'static>(vm: &Vm, init: impl FnOnce(&Vm) -> T) -> Rc<T> {
    let key = TypeId::of::<T>();
    if let Some(s) = vm.module_state.borrow().get(&key) {
        return s.clone().downcast::<T>().expect("keyed by type");
    }
    let s = Rc::new(init(vm));
    vm.module_state.borrow_mut().insert(key, s.clone());
    s
}

/// A type of native objects defined by module `module_name`.
pub fn new_type(vm: &Vm, module_name: &str, name: &str, flags: u32) -> ObjRef {
    let t = &vm.types;
    let ty = typeobj::new_builtin_type(&t.type_, name, Some(&t.object), Kind::Native, flags);
    ty.set_dict(Some(dict::new_dict(&vm.types)));
    builtin::set_attr(vm, &ty, "__module__", vm.new_str(module_name));
    ty
}

/// Builds a native module.
type ModuleInit = fn(&Vm) -> ObjRef;

/// The native modules: name and the function that builds the module.
const NATIVE: &[(&str, ModuleInit)] = &[
    ("_ast", ast::init),
    ("_bisect", bisect::init),
    ("_codecs", codecs::init),
    ("_contextvars", contextvars::init),
    ("_heapq", heapq::init),
    ("_imp", imp::init_imp),
    ("_opcode", opcode::init),
    ("_random", random::init),
    ("_sha2", hashes::init_sha2),
    ("_signal", signal::init),
    ("_sre", sre::init),
    ("_string", string::init),
    ("_struct", structmod::init),
    ("_thread", thread::init),
    ("_tokenize", tokenize::init),
    ("_warnings", imp::init_warnings),
    ("_weakref", crate::types::weakref::module),
    ("atexit", atexit::init),
    ("binascii", binascii::init),
    ("errno", errno::init),
    ("gc", gc::init),
    ("marshal", marshal::init),
    ("math", math::init),
    ("posix", posix::init),
    ("resource", resource::init),
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
