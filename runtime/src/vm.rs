//! The interpreter state: builtin types and singletons, interned strings,
//! the module table, the recursion limit, the handled-exception stack, and
//! the engine that runs Python code.

use crate::engine::Engine;
use crate::error::PyResult;
use crate::hash::FastMap;
use crate::object::ObjRef;
use crate::types::str::StrData;
use crate::value::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Settings an interpreter starts with.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Extra entries at the front of `sys.path` (the script's directory).
    pub path: Vec<String>,
    /// A CPython `Lib/` directory to import the standard library from.
    pub stdlib: Option<String>,
    /// `-X` options (`sys._xoptions`).
    pub xoptions: Vec<String>,
    /// The executable's path (`sys.executable`).
    pub executable: String,
}

/// One interpreter.
pub struct Vm {
    /// The builtin types.
    pub types: crate::types::Types,
    /// `NotImplemented`.
    pub not_implemented: ObjRef,
    /// `Ellipsis`.
    pub ellipsis: ObjRef,
    /// Interned strings.
    interned: RefCell<FastMap<Box<str>, ObjRef>>,
    /// The `builtins` module.
    pub builtins: ObjRef,
    /// `sys.modules`.
    pub modules: ObjRef,
    /// The `sys` module.
    pub sys: RefCell<Option<ObjRef>>,
    /// What runs Python code.
    engine: RefCell<Option<Rc<dyn Engine>>>,
    /// Python call depth, for `RecursionError`.
    pub depth: Cell<u32>,
    /// `sys.getrecursionlimit()`.
    pub recursion_limit: Cell<u32>,
    /// The exceptions being handled (`sys.exc_info()`), innermost last.
    pub handled: RefCell<Vec<Option<ObjRef>>>,
    /// The settings the interpreter started with.
    pub config: Config,
    /// Counter behind `id()` of immediates and other unique numbers.
    pub counter: Cell<u64>,
    /// `"__init__"`, interned once (class calls look it up by address).
    dunder_init: std::cell::OnceCell<ObjRef>,
    /// Finished frames kept for reuse (`Frame::alloc`, `Frame::recycle`);
    /// boxed because a running frame's address must not move.
    #[allow(clippy::vec_box)]
    pub frame_pool: RefCell<Vec<Box<crate::frame::Frame>>>,
    /// The coroutine function behind `anext(it, default)`, made on first use.
    pub anext_helper: std::cell::OnceCell<Value>,
    /// Per-interpreter state of native modules (their types, ...), by the
    /// state's Rust type: see `modules::state`.
    pub module_state: RefCell<FastMap<std::any::TypeId, Rc<dyn std::any::Any>>>,
}

thread_local! {
    static CURRENT: Cell<*const Vm> = const { Cell::new(std::ptr::null()) };
}

impl Vm {
    /// Builds an interpreter: types, singletons, `builtins` and `sys`.
    pub fn new(config: Config) -> Rc<Vm> {
        let types = crate::types::Types::new();
        let not_implemented =
            crate::types::singletons::new_singleton(&types.not_implemented_type, "NotImplemented");
        let ellipsis = crate::types::singletons::new_singleton(&types.ellipsis_type, "Ellipsis");
        let modules = crate::types::dict::new_dict(&types);
        let builtins = crate::types::module::new_module_raw(&types, "builtins");
        let vm = Rc::new(Vm {
            types,
            not_implemented,
            ellipsis,
            interned: RefCell::new(FastMap::default()),
            builtins,
            modules,
            sys: RefCell::new(None),
            engine: RefCell::new(None),
            depth: Cell::new(0),
            recursion_limit: Cell::new(1000),
            handled: RefCell::new(Vec::new()),
            config,
            counter: Cell::new(0),
            dunder_init: std::cell::OnceCell::new(),
            anext_helper: std::cell::OnceCell::new(),
            module_state: RefCell::new(FastMap::default()),
            frame_pool: RefCell::new(Vec::new()),
        });
        vm.enter();
        crate::modules::thread::main_ident();
        crate::types::init_types(&vm);
        crate::builtins::init(&vm);
        crate::sys::init(&vm);
        vm
    }

    /// Makes this the interpreter of the current thread (for finalizers and
    /// other code without a `Vm` at hand).
    pub fn enter(&self) {
        CURRENT.with(|c| c.set(self as *const Vm));
        crate::object::set_finalizer(crate::types::instance::run_finalizer);
    }

    /// Runs `f` with the interpreter of the current thread, if any.
    pub fn with_current<R>(f: impl FnOnce(&Vm) -> R) -> Option<R> {
        let ptr = CURRENT.with(Cell::get);
        if ptr.is_null() {
            return None;
        }
        // SAFETY: `enter` stores a pointer to a `Vm` that the embedding keeps
        // alive (in an `Rc`) for as long as code runs on this thread.
        Some(f(unsafe { &*ptr }))
    }

    /// Installs what runs Python code.
    pub fn set_engine(&self, engine: Rc<dyn Engine>) {
        *self.engine.borrow_mut() = Some(engine);
    }

    /// The engine (panics if none is installed: a setup bug).
    pub fn engine(&self) -> Rc<dyn Engine> {
        self.engine
            .borrow()
            .clone()
            .expect("an engine is installed")
    }

    /// The interned `"__init__"`.
    #[inline]
    pub fn dunder_init(&self) -> &ObjRef {
        self.dunder_init.get_or_init(|| self.intern("__init__"))
    }

    /// The interned string for `s`.
    pub fn intern(&self, s: &str) -> ObjRef {
        if let Some(o) = self.interned.borrow().get(s) {
            return o.clone();
        }
        let o = ObjRef::new(&self.types.str, StrData::from_str(s));
        o.make_immortal();
        self.interned.borrow_mut().insert(s.into(), o.clone());
        o
    }

    /// An interned string value.
    pub fn name(&self, s: &str) -> Value {
        Value::Obj(self.intern(s))
    }

    /// A new `str` value.
    pub fn new_str(&self, s: &str) -> Value {
        Value::Obj(ObjRef::new(&self.types.str, StrData::from_str(s)))
    }

    /// Guards a Python-level call against runaway recursion.
    pub fn enter_call(&self) -> PyResult<()> {
        let d = self.depth.get() + 1;
        if d > self.recursion_limit.get() {
            return Err(self.new_exception(
                &self.types.exc.recursion_error,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth.set(d);
        Ok(())
    }

    /// Ends a call begun with `enter_call`.
    pub fn leave_call(&self) {
        self.depth.set(self.depth.get() - 1);
    }

    /// A fresh unique number.
    pub fn next_counter(&self) -> u64 {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        n
    }
}
