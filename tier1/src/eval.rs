//! The eval loop: a stack of frames run by one loop, instruction dispatch
//! expanded from the instruction table, and zero-cost exception handling
//! through each code object's exception table.

use crate::executor::Optimizer;
use crate::uops;
use pyrite_bytecode::Opcode;
use pyrite_runtime::engine::Resumed;
use pyrite_runtime::error::PyErr;
use pyrite_runtime::frame::{self, Frame};
use pyrite_runtime::types::exception::{ExceptionData, new_traceback};
use pyrite_runtime::types::function::CodeData;
use pyrite_runtime::{ObjRef, PyResult, Value, Vm};

/// What an instruction asks the loop to do next.
pub enum Flow {
    /// Go on with the next instruction.
    Next,
    /// Continue at this code unit.
    Jump(usize),
    /// The frame returns this value.
    Return(Value),
    /// Run this new frame (a Python-to-Python call); its result is pushed
    /// onto the current frame's stack.
    Call(Box<Frame>),
    /// The frame becomes a generator: return one wrapping it.
    ReturnGenerator,
    /// The (generator) frame yields this value.
    Yield(Value),
    /// Raise this exception again, as is (no new traceback entry).
    Reraise(PyErr),
    /// A specialized instruction's guard failed before it changed anything:
    /// run the generic instruction of its family instead.
    Deopt,
}

/// What a micro-op sees: the interpreter, the running frame and its code,
/// and the instruction's argument.
pub struct Ctx<'a> {
    /// The interpreter.
    pub vm: &'a Vm,
    /// The running frame.
    pub f: &'a mut Frame,
    /// Its code.
    pub code: &'a CodeData,
    /// The instruction's argument (EXTENDED_ARG prefixes included).
    pub oparg: u32,
    /// The code unit after the instruction and its caches (jumps count
    /// from here).
    pub next: usize,
    /// Whether instructions specialize themselves (the adaptive tier and
    /// above).
    pub adaptive: bool,
    /// Tier 2, when hot loops are traced.
    pub optimizer: Option<&'a dyn Optimizer>,
}

impl Ctx<'_> {
    /// Pushes a value.
    #[inline]
    pub fn push(&mut self, v: Value) {
        self.f.stack.push(Some(v));
    }

    /// Pushes a value or NULL.
    #[inline]
    pub fn push_opt(&mut self, v: Option<Value>) {
        self.f.stack.push(v);
    }

    /// Pops a value (NULL reads as `None`).
    #[inline]
    pub fn pop(&mut self) -> Value {
        self.f.stack.pop().flatten().unwrap_or(Value::None)
    }

    /// Pops a value or NULL.
    #[inline]
    pub fn pop_opt(&mut self) -> Option<Value> {
        self.f.stack.pop().flatten()
    }

    /// The value `n` slots below the top (1 is the top).
    #[inline]
    pub fn peek(&self, n: usize) -> Value {
        self.f.stack[self.f.stack.len() - n]
            .clone()
            .unwrap_or(Value::None)
    }

    /// Pops the top `n` values, bottom first.
    pub fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.f.stack.len() - n;
        self.f
            .stack
            .drain(at..)
            .map(|v| v.unwrap_or(Value::None))
            .collect()
    }
}

macro_rules! dispatch_table {
    ($($op:ident = $byte:literal / $caches:literal => [$($uop:ident),*],)*) => {
        /// Runs the instruction encoded as `byte`: its micro-ops in order.
        /// Sets `cx.next` (past the caches, a constant per instruction).
        #[inline(always)]
        fn execute(byte: u8, cx: &mut Ctx<'_>) -> PyResult<Flow> {
            match byte {
                $($byte => {
                    cx.next = cx.f.lasti + 1 + $caches;
                    $(
                        let flow = uops::$uop(cx)?;
                        if !matches!(flow, Flow::Next) {
                            // Only a specialized form's guard deopts.
                            if matches!(flow, Flow::Deopt) {
                                return execute_generic(Opcode::$op, cx);
                            }
                            return Ok(flow);
                        }
                        // `Next` holds nothing: skip the out-of-line drop
                        // glue of the whole enum.
                        std::mem::forget(flow);
                    )*
                    Ok(Flow::Next)
                })*
                other => Err(cx.vm.new_exception(&cx.vm.types.exc.system_error, format!("unknown opcode {other}"))),
            }
        }
    };
}

pyrite_bytecode::instruction_table!(dispatch_table);

/// The generic instruction after a specialized one's guard failed (kept
/// out of the loop: misses are rare once code has settled).
#[inline(never)]
#[cold]
fn execute_generic(specialized: Opcode, cx: &mut Ctx<'_>) -> PyResult<Flow> {
    crate::specialize::count_miss(specialized);
    execute(specialized.deopt() as u16 as u8, cx)
}

/// How a loop runs its frames: whether instructions specialize, and the
/// trace tier if one is on.
#[derive(Clone, Copy)]
pub(crate) struct Mode<'a> {
    pub adaptive: bool,
    pub optimizer: Option<&'a dyn Optimizer>,
}

/// Native stack below which calling into Python raises `RecursionError`.
const STACK_RESERVE: usize = 256 * 1024;

/// The frames of one activation of the loop.
struct Interp<'vm> {
    vm: &'vm Vm,
    adaptive: bool,
    optimizer: Option<&'vm dyn Optimizer>,
    // Boxed: `locals()` reads a running frame through its stable address.
    #[allow(clippy::vec_box)]
    frames: Vec<Box<Frame>>,
}

impl Drop for Interp<'_> {
    /// Frames still here when the loop is left early end properly: their
    /// records leave the running chain (which points at them) and the call
    /// depth goes back down.
    fn drop(&mut self) {
        while !self.frames.is_empty() {
            self.deactivate();
        }
        let frames = std::mem::take(&mut self.frames);
        FRAME_LISTS.with(|pool| {
            let mut pool = pool.borrow_mut();
            if pool.len() < 32 {
                pool.push(frames);
            }
        });
    }
}

thread_local! {
    /// Empty frame lists of finished loops: a call from native code (or
    /// from inside an executor) starts a loop without allocating.
    #[allow(clippy::vec_box)]
    static FRAME_LISTS: std::cell::RefCell<Vec<Vec<Box<Frame>>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty frame list for a new loop.
#[allow(clippy::vec_box)]
fn frame_list() -> Vec<Box<Frame>> {
    FRAME_LISTS
        .with(|pool| pool.borrow_mut().pop())
        .unwrap_or_else(|| Vec::with_capacity(8))
}

enum Exit {
    Returned(Value),
    Yielded(Value, Box<Frame>),
}

/// Runs a frame a call made from inside an executor to completion and
/// pushes its result, so the trace goes on after the call (tier 1 would
/// have pushed the frame onto its own loop). The callee runs in a loop of
/// its own, with its own executors; the native stack is checked as for any
/// call from native code.
pub fn run_call(cx: &mut Ctx<'_>, frame: Box<Frame>) -> PyResult<()> {
    let mode = Mode {
        adaptive: cx.adaptive,
        optimizer: cx.optimizer,
    };
    let v = run_frame(cx.vm, frame, mode)?;
    cx.push(v);
    Ok(())
}

/// Runs `frame` to completion (called from native code).
pub(crate) fn run_frame(vm: &Vm, frame: Box<Frame>, mode: Mode<'_>) -> PyResult<Value> {
    if stacker::remaining_stack().is_some_and(|r| r < STACK_RESERVE) {
        return Err(vm.new_exception(
            &vm.types.exc.recursion_error,
            "maximum recursion depth exceeded",
        ));
    }
    vm.enter_call()?;
    let mut it = Interp {
        vm,
        adaptive: mode.adaptive,
        optimizer: mode.optimizer,
        frames: frame_list(),
    };
    it.activate(frame);
    let r = it.run();
    match r {
        Ok(Exit::Returned(v)) => Ok(v),
        Ok(Exit::Yielded(..)) => Err(vm.runtime_error("a frame yielded outside a generator")),
        Err(e) => Err(e),
    }
}

/// Resumes a generator frame.
pub(crate) fn resume(
    vm: &Vm,
    frame: Box<Frame>,
    value: Value,
    throw: Option<ObjRef>,
    mode: Mode<'_>,
) -> (Option<Box<Frame>>, PyResult<Resumed>) {
    if stacker::remaining_stack().is_some_and(|r| r < STACK_RESERVE) {
        return (
            Some(frame),
            Err(vm.new_exception(
                &vm.types.exc.recursion_error,
                "maximum recursion depth exceeded",
            )),
        );
    }
    if let Err(e) = vm.enter_call() {
        return (Some(frame), Err(e));
    }
    let mut it = Interp {
        vm,
        adaptive: mode.adaptive,
        optimizer: mode.optimizer,
        frames: frame_list(),
    };
    it.activate(frame);
    let started = match throw {
        Some(exc) => {
            // The exception appears at the suspended `yield`.
            let f = it.frames.last_mut().expect("frame");
            let at = f.pc.saturating_sub(1);
            f.lasti = at;
            match it.unwind(PyErr(exc), true, Some(at)) {
                Ok(()) => Ok(()),
                Err(e) => Err(e),
            }
        }
        None => {
            it.frames.last_mut().expect("frame").stack.push(Some(value));
            Ok(())
        }
    };
    let r = started.and_then(|()| it.run());
    match r {
        Ok(Exit::Returned(v)) => (None, Ok(Resumed::Returned(v))),
        Ok(Exit::Yielded(v, f)) => (Some(f), Ok(Resumed::Yielded(v))),
        Err(e) => (None, Err(e)),
    }
}

impl Interp<'_> {
    /// Makes `frame` the running frame.
    fn activate(&mut self, frame: Box<Frame>) {
        frame.record.frame_ptr.set(&*frame as *const Frame);
        frame::push_record(&frame.record);
        self.frames.push(frame);
    }

    /// Ends the running frame.
    fn deactivate(&mut self) -> Box<Frame> {
        let f = self.frames.pop().expect("a frame is running");
        f.record.lasti.set(f.lasti);
        f.record.frame_ptr.set(std::ptr::null());
        frame::pop_record();
        self.vm.leave_call();
        f
    }

    fn run(&mut self) -> PyResult<Exit> {
        let vm = self.vm;
        loop {
            let (flow, at) = {
                let f: &mut Frame = self.frames.last_mut().expect("a frame is running");
                let code_obj = f.code().clone();
                let code = code_obj.payload::<CodeData>();
                Self::run_frame_until_flow(vm, f, code, self.adaptive, self.optimizer)
            };
            match flow {
                Ok(Flow::Next | Flow::Jump(_) | Flow::Deopt) => {
                    unreachable!("handled in the frame loop")
                }
                Ok(Flow::Call(new)) => {
                    if let Err(e) = vm.enter_call() {
                        drop(new);
                        self.unwind(e, true, Some(at))?;
                        continue;
                    }
                    // `enter_call` counted it: `activate` must not count again.
                    self.activate(new);
                }
                Ok(Flow::Return(v)) => {
                    let mut done = self.deactivate();
                    let v = match done.init_self.take() {
                        // A class call's `__init__` returns the instance.
                        Some(obj) => {
                            if !v.is_none() {
                                let e = vm.type_error(format!(
                                    "__init__() should return None, not '{}'",
                                    vm.type_name(&v)
                                ));
                                Frame::recycle(vm, done);
                                if self.frames.is_empty() {
                                    return Err(e);
                                }
                                let at = self.frames.last().expect("caller").lasti;
                                self.unwind(e, true, Some(at))?;
                                continue;
                            }
                            obj
                        }
                        None => v,
                    };
                    Frame::recycle(vm, done);
                    match self.frames.last_mut() {
                        Some(caller) => caller.stack.push(Some(v)),
                        None => return Ok(Exit::Returned(v)),
                    }
                }
                Ok(Flow::ReturnGenerator) => {
                    let mut f = self.deactivate();
                    if f.init_self.take().is_some() {
                        // An `__init__` that is a generator function.
                        let kind = if f.code_data().flags()
                            & pyrite_compiler::code::flags::CO_COROUTINE
                            != 0
                        {
                            "coroutine"
                        } else {
                            "generator"
                        };
                        let e =
                            vm.type_error(format!("__init__() should return None, not '{kind}'"));
                        drop(f);
                        if self.frames.is_empty() {
                            return Err(e);
                        }
                        let at = self.frames.last().expect("caller").lasti;
                        self.unwind(e, true, Some(at))?;
                        continue;
                    }
                    let g = pyrite_runtime::types::generator::new_generator(vm, f);
                    let v = Value::Obj(g);
                    match self.frames.last_mut() {
                        Some(caller) => caller.stack.push(Some(v)),
                        None => return Ok(Exit::Returned(v)),
                    }
                }
                Ok(Flow::Yield(v)) => {
                    let f = self.deactivate();
                    if !self.frames.is_empty() {
                        return Err(vm.runtime_error("yield from a frame that is not a generator"));
                    }
                    return Ok(Exit::Yielded(v, f));
                }
                Ok(Flow::Reraise(e)) => self.unwind(e, false, Some(at))?,
                Err(e) => self.unwind(e, true, Some(at))?,
            }
        }
    }

    /// Runs instructions of one frame until one asks for something other
    /// than going on (or jumping); returns that and where it happened.
    #[inline(always)]
    fn run_frame_until_flow(
        vm: &Vm,
        f: &mut Frame,
        code: &CodeData,
        adaptive: bool,
        optimizer: Option<&dyn Optimizer>,
    ) -> (PyResult<Flow>, usize) {
        let units = &code.units;
        let mut pc = f.pc;
        // Built once: only the per-instruction fields change below.
        let mut cx = Ctx {
            vm,
            f,
            code,
            oparg: 0,
            next: 0,
            adaptive,
            optimizer,
        };
        loop {
            let mut unit = units[pc].get();
            let mut at = pc;
            let mut oparg = u32::from(unit >> 8);
            let mut op = (unit & 0xFF) as u8;
            while op == Opcode::EXTENDED_ARG as u8 {
                at += 1;
                unit = units[at].get();
                oparg = (oparg << 8) | u32::from(unit >> 8);
                op = (unit & 0xFF) as u8;
            }
            cx.f.lasti = at;
            cx.oparg = oparg;
            match execute(op, &mut cx) {
                Ok(Flow::Next) => pc = cx.next,
                Ok(Flow::Jump(target)) => pc = target,
                other => {
                    // The frame resumes after this instruction (a call
                    // returns here, a generator resumes here).
                    cx.f.pc = cx.next;
                    if op == Opcode::ENTER_EXECUTOR as u8 {
                        // The executor ended inside its loop, at the
                        // instruction it last ran.
                        at = cx.f.lasti;
                    }
                    return (other, at);
                }
            }
        }
    }

    /// Finds a handler for `err`, popping frames that have none; adds
    /// traceback entries on the way. `Err` when no frame of this loop
    /// handles it.
    /// `at` is where the exception appeared in the running frame (the
    /// handler search starts there; the traceback shows the frame's lasti,
    /// which `RERAISE` may have pointed elsewhere).
    fn unwind(&mut self, err: PyErr, fresh: bool, mut at: Option<usize>) -> Result<(), PyErr> {
        let vm = self.vm;
        if fresh {
            set_context(vm, &err);
        }
        let mut add_entry = fresh;
        loop {
            let Some(f) = self.frames.last_mut() else {
                return Err(err);
            };
            let lasti = f.lasti;
            if add_entry {
                add_traceback(vm, f, &err, lasti);
            }
            let lasti = at.take().unwrap_or(lasti);
            add_entry = true;
            let code = f.code().clone();
            let cd = code.payload::<CodeData>();
            let entry = cd
                .exception_table
                .iter()
                .find(|e| (e.start as usize) <= lasti && lasti < e.end as usize);
            if let Some(e) = entry {
                f.stack.truncate(e.depth as usize);
                if e.lasti {
                    f.stack.push(Some(Value::Int(lasti as i64)));
                }
                f.stack.push(Some(Value::Obj(err.0)));
                f.pc = e.target as usize;
                return Ok(());
            }
            let done = self.deactivate();
            Frame::recycle(vm, done);
            if self.frames.is_empty() {
                return Err(err);
            }
        }
    }
}

/// Prepends a traceback entry for frame `f` at `lasti` to the exception.
fn add_traceback(vm: &Vm, f: &Frame, err: &PyErr, lasti: usize) {
    let Some(data) = err.0.downcast::<ExceptionData>() else {
        return;
    };
    let line = f.code_data().line_at(lasti);
    let fo = frame::frame_object(vm, &f.record, None);
    let next = data.traceback.borrow_mut().take();
    *data.traceback.borrow_mut() = Some(new_traceback(vm, fo, lasti, line, next));
}

/// Chains a newly raised exception to the one being handled (`__context__`),
/// breaking cycles as CPython does.
fn set_context(vm: &Vm, err: &PyErr) {
    let Some(handled) = vm.current_exception() else {
        return;
    };
    if handled.is(&err.0) {
        return;
    }
    let Some(data) = err.0.downcast::<ExceptionData>() else {
        return;
    };
    // Cut `err` out of the handled exception's context chain.
    let mut o = handled.clone();
    loop {
        let ctx = o.payload::<ExceptionData>().context.borrow().clone();
        match ctx {
            Some(Value::Obj(c)) => {
                if c.is(&err.0) {
                    *o.payload::<ExceptionData>().context.borrow_mut() = None;
                    break;
                }
                o = c;
            }
            _ => break,
        }
    }
    *data.context.borrow_mut() = Some(Value::Obj(handled));
}
