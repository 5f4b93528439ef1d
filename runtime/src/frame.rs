//! Frames: `Frame` is what the tiers execute (fast locals and the value
//! stack of one call); `FrameRecord` is the part other code may look at
//! while it runs (code, globals, current line), kept on a per-thread stack
//! that backs `sys._getframe`, tracebacks, zero-argument `super()` and
//! `__module__` of new classes; frame objects wrap records for Python.

use crate::call::Args;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::add_methods;
use crate::types::descriptor::add_getsets;
use crate::types::function::{CodeData, FunctionData};
use crate::value::Value;
use crate::value_stack::ValueStack;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// One activation of a code object (its code, function and globals are
/// in its record, held once).
pub struct Frame {
    /// The builtins dict.
    pub builtins: ObjRef,
    /// The locals mapping of module and class bodies (`None` for functions).
    pub locals: Option<Value>,
    /// Fast locals: parameters, locals, cells, free variables.
    pub fast: Vec<Option<Value>>,
    /// The value stack (`None` is CPython's NULL).
    pub stack: ValueStack,
    /// The code unit to execute next.
    pub pc: usize,
    /// The code unit of the instruction running now (or that last ran).
    pub lasti: usize,
    /// What others may see of this frame while it runs.
    pub record: Rc<FrameRecord>,
    /// For an `__init__` frame pushed by a class call: the new instance,
    /// which the call returns once `__init__` returned `None`.
    pub init_self: Option<Value>,
}

/// The visible state of a running (or suspended) frame.
pub struct FrameRecord {
    /// The code object.
    pub code: ObjRef,
    /// The globals dict.
    pub globals: ObjRef,
    /// The function called, if any.
    pub func: Option<ObjRef>,
    /// The locals mapping of module and class bodies.
    pub locals: RefCell<Option<Value>>,
    /// The frame itself while it runs (set by the tiers, which keep frames
    /// boxed at a stable address), for `locals()`.
    pub frame_ptr: Cell<*const Frame>,
    /// The code unit of the last instruction while the frame is not
    /// running (the running frame keeps it in `Frame::lasti`).
    pub lasti: Cell<usize>,
    /// The frame object, once Python code asked for one.
    pub object: RefCell<Option<ObjRef>>,
    /// While the frame runs: the record of the frame below it.
    back: Cell<*const FrameRecord>,
}

impl Frame {
    /// A frame ready to run `code` from the start, its fast locals starting
    /// with `args` (the rest unbound).
    pub fn new(
        vm: &Vm,
        code: ObjRef,
        func: Option<ObjRef>,
        globals: ObjRef,
        builtins: ObjRef,
        locals: Option<Value>,
        args: Vec<Option<Value>>,
    ) -> Box<Frame> {
        let mut f = Frame::alloc(vm, code, func, globals, builtins);
        f.fast.extend(args);
        f.ready();
        if let Some(l) = locals {
            f.set_locals(l);
        }
        f
    }

    /// A frame for `code` with no fast locals yet: the caller pushes the
    /// arguments onto `fast`, then calls `ready`. Frames come from a
    /// per-interpreter pool of finished ones (see `recycle`), so a call
    /// allocates nothing in the common case.
    pub fn alloc(
        vm: &Vm,
        code: ObjRef,
        func: Option<ObjRef>,
        globals: ObjRef,
        builtins: ObjRef,
    ) -> Box<Frame> {
        let pooled = vm.frame_pool.borrow_mut().pop();
        let Some(mut f) = pooled else {
            let record = Rc::new(FrameRecord::new(
                code.clone(),
                globals.clone(),
                func.clone(),
            ));
            let cd = code.payload::<CodeData>();
            return Box::new(Frame {
                fast: Vec::with_capacity(cd.nlocalsplus()),
                stack: ValueStack::with_capacity(cd.code.stacksize as usize),
                builtins,
                locals: None,
                pc: 0,
                lasti: 0,
                init_self: None,
                record,
            });
        };
        match Rc::get_mut(&mut f.record) {
            Some(r) => {
                r.code = code;
                r.globals = globals;
                r.func = func;
            }
            None => f.record = Rc::new(FrameRecord::new(code, globals, func)),
        }
        f.builtins = builtins;
        f
    }

    /// Finishes a frame from `alloc` once its arguments are in `fast`: the
    /// other fast locals start unbound.
    #[inline]
    pub fn ready(&mut self) {
        let cd = self.code_data();
        let (n, depth) = (cd.nlocalsplus(), cd.code.stacksize as usize);
        while self.fast.len() < n {
            self.fast.push(None);
        }
        // A pooled frame may come from a shallower code object.
        self.stack.reserve(depth);
    }

    /// Releases what a finished frame holds and keeps its allocations for
    /// the next call. A frame whose record others still see (a frame object
    /// in a traceback) is simply dropped.
    pub fn recycle(vm: &Vm, mut f: Box<Frame>) {
        if Rc::get_mut(&mut f.record).is_none() {
            // A frame object outlives the frame: it keeps the locals the
            // function had (`f_locals`, the "self.x" suggestion).
            if f.record.locals.borrow().is_none()
                && let Ok(d) = fast_locals_dict(vm, &f)
            {
                *f.record.locals.borrow_mut() = Some(Value::Obj(d));
            }
            return;
        }
        f.release_values();
        // (Checked first: most frames have neither, and the drop glue is
        // not free.)
        if f.locals.is_some() {
            f.locals = None;
        }
        if f.init_self.is_some() {
            f.init_self = None;
        }
        f.pc = 0;
        f.lasti = 0;
        // Whatever can own user objects goes now (`__del__` runs when
        // CPython would run it): an immortal placeholder stands in for the
        // globals. The code object and the builtins dict stay until the
        // next call overwrites them: neither can hold an object with a
        // finalizer that this would delay.
        if let Some(r) = Rc::get_mut(&mut f.record) {
            r.globals = vm.types.object.clone();
            r.func = None;
            if r.locals.get_mut().is_some() {
                *r.locals.get_mut() = None;
            }
            r.frame_ptr.set(std::ptr::null());
            r.lasti.set(0);
        }
        let mut pool = vm.frame_pool.borrow_mut();
        if pool.len() < POOL_MAX {
            pool.push(f);
        }
    }

    /// Releases the value stack, then the locals, each last to first (the
    /// order in which CPython 3.14 releases a finished frame's references,
    /// which decides the order `__del__` methods run in).
    fn release_values(&mut self) {
        while let Some(v) = self.stack.pop() {
            drop(v);
        }
        while let Some(v) = self.fast.pop() {
            // Only objects need releasing.
            if let Some(Value::Obj(o)) = v {
                drop(o);
            }
        }
    }

    /// The code object (a `CodeData`).
    #[inline]
    pub fn code(&self) -> &ObjRef {
        &self.record.code
    }

    /// The code object's payload.
    #[inline]
    pub fn code_data(&self) -> &CodeData {
        self.record.code.payload::<CodeData>()
    }

    /// The globals dict.
    #[inline]
    pub fn globals(&self) -> &ObjRef {
        &self.record.globals
    }

    /// The function called, if any.
    #[inline]
    pub fn func(&self) -> Option<&ObjRef> {
        self.record.func.as_ref()
    }

    /// Runs the frame with `locals` as its locals mapping (class bodies).
    pub fn set_locals(&mut self, locals: Value) {
        *self.record.locals.borrow_mut() = Some(locals.clone());
        self.locals = Some(locals);
    }
}

/// `locals()` of the innermost running frame: its mapping, or a snapshot
/// dict of its fast locals.
pub fn current_locals(vm: &Vm) -> PyResult<Value> {
    let record = record_at(0).ok_or_else(|| vm.runtime_error("locals(): no current frame"))?;
    record_locals(vm, &record)
}

/// A frame's locals: the mapping of a module or class body, a snapshot of
/// a running function's fast locals, or what a finished function frame
/// left (see `Frame::recycle`).
pub fn record_locals(vm: &Vm, record: &FrameRecord) -> PyResult<Value> {
    if let Some(l) = record.locals.borrow().clone() {
        return Ok(l);
    }
    let ptr = record.frame_ptr.get();
    if ptr.is_null() {
        return Ok(Value::Obj(crate::types::dict::new_dict(&vm.types)));
    }
    // SAFETY: the tiers set `frame_ptr` to the boxed frame while it runs and
    // do not touch the frame while the native call that got here runs; we
    // only read it.
    let frame = unsafe { &*ptr };
    Ok(Value::Obj(fast_locals_dict(vm, frame)?))
}

/// A dict of a function frame's bound fast locals (cells read through),
/// hidden ones left out.
fn fast_locals_dict(vm: &Vm, frame: &Frame) -> PyResult<ObjRef> {
    let d = crate::types::dict::new_dict(&vm.types);
    let code = frame.code_data();
    let kinds = &code.code.localspluskinds;
    for (i, name) in code.localsplusnames.iter().enumerate() {
        let Some(v) = frame.fast.get(i).cloned().flatten() else {
            continue;
        };
        let hidden = kinds[i] & pyrite_compiler::code::local_kinds::CO_FAST_HIDDEN != 0;
        if hidden {
            continue;
        }
        let is_cell = kinds[i]
            & (pyrite_compiler::code::local_kinds::CO_FAST_CELL
                | pyrite_compiler::code::local_kinds::CO_FAST_FREE)
            != 0;
        let v = if is_cell {
            match v.downcast::<crate::types::function::CellData>() {
                Some(c) => match c.get() {
                    Some(x) => x,
                    None => continue,
                },
                None => v,
            }
        } else {
            v
        };
        crate::types::dict::set_item(vm, &d, Value::Obj(name.clone()), v)?;
    }
    Ok(d)
}

impl Drop for Frame {
    fn drop(&mut self) {
        self.release_values();
    }
}

/// How many finished frames an interpreter keeps for reuse.
const POOL_MAX: usize = 64;

impl FrameRecord {
    fn new(code: ObjRef, globals: ObjRef, func: Option<ObjRef>) -> FrameRecord {
        FrameRecord {
            code,
            globals,
            func,
            locals: RefCell::new(None),
            frame_ptr: Cell::new(std::ptr::null()),
            lasti: Cell::new(0),
            object: RefCell::new(None),
            back: Cell::new(std::ptr::null()),
        }
    }

    /// The code unit of the instruction running now.
    pub fn current_lasti(&self) -> usize {
        let ptr = self.frame_ptr.get();
        if ptr.is_null() {
            return self.lasti.get();
        }
        // SAFETY: the tiers set `frame_ptr` to the boxed frame while it runs
        // and clear it before the frame goes away; a plain read of an integer
        // field while the loop waits on a call.
        unsafe { (*ptr).lasti }
    }

    /// The line running now.
    pub fn lineno(&self) -> Option<u32> {
        self.code
            .payload::<CodeData>()
            .line_at(self.current_lasti())
    }
}

thread_local! {
    /// The innermost running frame's record; each running record links to
    /// the one below it (`FrameRecord::back`).
    static INNERMOST: Cell<*const FrameRecord> = const { Cell::new(std::ptr::null()) };
}

/// Makes `record` the innermost running frame (the tiers call this when a
/// frame starts or resumes). Its frame must keep it alive until the
/// matching `pop_record`.
#[inline]
pub fn push_record(record: &Rc<FrameRecord>) {
    INNERMOST.with(|top| {
        record.back.set(top.get());
        top.set(Rc::as_ptr(record));
    });
}

/// Ends the innermost running frame.
#[inline]
pub fn pop_record() {
    INNERMOST.with(|top| {
        let p = top.get();
        if !p.is_null() {
            // SAFETY: records on the chain are alive: each running frame
            // keeps its own until it pops it.
            top.set(unsafe { (*p).back.get() });
        }
    });
}

/// The running records, innermost first.
fn running_records() -> Vec<Rc<FrameRecord>> {
    let mut out = Vec::new();
    let mut p = INNERMOST.with(Cell::get);
    while !p.is_null() {
        // SAFETY: records on the chain are alive (see `pop_record`); the
        // new strong count is the caller's.
        let r = unsafe {
            Rc::increment_strong_count(p);
            Rc::from_raw(p)
        };
        p = r.back.get();
        out.push(r);
    }
    out
}

/// The record `depth` frames out from the innermost.
pub fn record_at(depth: usize) -> Option<Rc<FrameRecord>> {
    let mut p = INNERMOST.with(Cell::get);
    for _ in 0..depth {
        if p.is_null() {
            return None;
        }
        // SAFETY: records on the chain are alive (see `pop_record`).
        p = unsafe { (*p).back.get() };
    }
    if p.is_null() {
        return None;
    }
    // SAFETY: as above; the new strong count is the caller's.
    unsafe {
        Rc::increment_strong_count(p);
        Some(Rc::from_raw(p))
    }
}

/// The globals of the innermost running frame.
pub fn current_globals() -> Option<ObjRef> {
    record_at(0).map(|r| r.globals.clone())
}

/// The payload of a frame object.
pub struct FrameObjectData {
    /// The frame it shows.
    pub record: Rc<FrameRecord>,
    /// `f_back`, captured when the object was made.
    pub back: Option<ObjRef>,
}

/// The frame object of a record (made once, then reused).
pub fn frame_object(vm: &Vm, record: &Rc<FrameRecord>, back: Option<ObjRef>) -> ObjRef {
    if let Some(o) = record.object.borrow().as_ref() {
        return o.clone();
    }
    let o = ObjRef::new(
        &vm.types.frame,
        FrameObjectData {
            record: record.clone(),
            back,
        },
    );
    *record.object.borrow_mut() = Some(o.clone());
    o
}

/// `sys._getframe(depth)`: the frame object `depth` frames out.
pub fn get_frame(vm: &Vm, depth: usize) -> Option<ObjRef> {
    let records = running_records();
    if depth >= records.len() {
        return None;
    }
    // Build objects from the outermost in, so that each has its `f_back`.
    let mut back: Option<ObjRef> = None;
    for r in records[depth..].iter().rev() {
        back = Some(frame_object(vm, r, back));
    }
    back
}

/// The current value of a running frame's first local (through its cell,
/// if a closure captured it), as zero-argument `super()` reads it.
fn first_local(record: &FrameRecord) -> Option<Value> {
    let ptr = record.frame_ptr.get();
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the tiers set `frame_ptr` to the boxed frame while it runs
    // and do not touch the frame while the native call that got here runs;
    // we only read it.
    let frame = unsafe { &*ptr };
    let v = frame.fast.first().cloned().flatten()?;
    let kinds = &frame.code_data().code.localspluskinds;
    if kinds
        .first()
        .is_some_and(|k| k & pyrite_compiler::code::local_kinds::CO_FAST_CELL != 0)
        && let Some(cell) = v.downcast::<crate::types::function::CellData>()
    {
        return cell.get();
    }
    Some(v)
}

/// The class and instance of a zero-argument `super()` call.
pub fn implicit_super_args(vm: &Vm) -> PyResult<(ObjRef, Value)> {
    let err = |m: &str| vm.runtime_error(m);
    let record = record_at(0).ok_or_else(|| err("super(): no current frame"))?;
    let code = record.code.payload::<CodeData>();
    if code.code.argcount == 0 {
        return Err(err("super(): no arguments"));
    }
    let first = first_local(&record).ok_or_else(|| err("super(): arg[0] deleted"))?;
    let func = record
        .func
        .clone()
        .ok_or_else(|| err("super(): no arguments"))?;
    let f = func.payload::<FunctionData>();
    let freevars = code.code.freevars();
    let Some(i) = freevars.iter().position(|n| *n == "__class__") else {
        return Err(err("super(): __class__ cell not found"));
    };
    let closure = f.closure.borrow().clone();
    let cell = crate::types::tuple::tuple_items(&closure).and_then(|c| c.get(i).cloned());
    let cls = cell
        .as_ref()
        .and_then(|c| c.downcast::<crate::types::function::CellData>())
        .and_then(|c| c.get());
    match cls {
        Some(Value::Obj(t)) if t.downcast::<crate::types::typeobj::TypeData>().is_some() => {
            Ok((t, first))
        }
        Some(_) => Err(err("super(): __class__ is not a type")),
        None => Err(err("super(): empty __class__ cell")),
    }
}

/// Adds the attributes of frame objects.
pub fn init(vm: &Vm) {
    let t = &vm.types.frame;
    add_methods(vm, t, &[("__repr__", frame_repr), ("clear", frame_clear)]);
    add_getsets(
        vm,
        t,
        &[
            (
                "f_code",
                |vm, v| Ok(Value::Obj(rec(vm, v)?.code.clone())),
                None,
            ),
            (
                "f_globals",
                |vm, v| Ok(Value::Obj(rec(vm, v)?.globals.clone())),
                None,
            ),
            (
                "f_builtins",
                |vm, _v| Ok(Value::Obj(vm.builtins.dict().expect("module dict"))),
                None,
            ),
            (
                "f_lineno",
                |vm, v| {
                    Ok(rec(vm, v)?
                        .lineno()
                        .map_or(Value::None, |l| Value::Int(i64::from(l))))
                },
                None,
            ),
            (
                "f_lasti",
                |vm, v| Ok(Value::Int(rec(vm, v)?.current_lasti() as i64 * 2)),
                None,
            ),
            (
                "f_back",
                |vm, v| {
                    let d = v
                        .downcast::<FrameObjectData>()
                        .ok_or_else(|| vm.type_error("expected frame"))?;
                    Ok(d.back.clone().map_or(Value::None, Value::Obj))
                },
                None,
            ),
            (
                "f_locals",
                |vm, v| {
                    let r = rec(vm, v)?;
                    record_locals(vm, r)
                },
                None,
            ),
            ("f_trace", |_vm, _v| Ok(Value::None), None),
        ],
    );
}

fn rec<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Rc<FrameRecord>> {
    v.downcast::<FrameObjectData>()
        .map(|d| &d.record)
        .ok_or_else(|| vm.type_error("descriptor requires a 'frame' object"))
}

/// `frame.clear()`: drops what the frame object keeps alive (the locals
/// mapping of a finished module or class body); a running frame refuses,
/// as in CPython (`traceback.clear_frames` relies on both).
fn frame_clear(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = rec(vm, &args.pos[0])?;
    if !r.frame_ptr.get().is_null() {
        return Err(vm.runtime_error("cannot clear an executing frame"));
    }
    let old = r.locals.borrow_mut().take();
    drop(old);
    Ok(Value::None)
}

fn frame_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let r = rec(vm, &args.pos[0])?;
    let code = r.code.payload::<CodeData>();
    Ok(vm.new_str(&format!(
        "<frame at {:#x}, file '{}', line {}, code {}>",
        vm.id_of(&args.pos[0]),
        code.code.filename,
        r.lineno().unwrap_or(0),
        code.code.name
    )))
}
