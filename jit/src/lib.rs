//! The JIT: Cranelift compiles a loop's traces (tier 2's trace tree) to
//! machine code. Each micro-op is a direct call of its shim, which runs
//! tier 1's one implementation; the trace's control (the expected path,
//! the loop's back edge, linked side traces) is machine code. A guard that
//! fails, or a branch that goes the other way, leaves through a side exit:
//! the frame already holds every live value (micro-ops work on it), so
//! deoptimizing is returning the unit where tier 1 resumes. When an exit
//! gets hot, tier 2 projects a side trace from it and the tree is compiled
//! again with the exit linked.
//!
//! Settings: `PYRITE_JIT_DUMP=ir|asm` prints each compiled function;
//! `PYRITE_JIT_CHECK=aarch64` also compiles every tree for aarch64 (the
//! lowering is the same for both targets; the check proves it compiles
//! where it cannot run) and counts failures in the stats.

mod inline;
mod lower;
mod shims;

use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, control::ControlPlane};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Module, default_libcall_names};
use lower::{OTHER_EXIT, Site};
use pyrite_runtime::PyResult;
use pyrite_runtime::value_stack::ValueStack;
use pyrite_tier1::{Ctx, Executor, Flow};
use pyrite_tier2::{Backend, TraceTree, stats};
use std::cell::RefCell;
use std::ffi::c_void;
use std::rc::Rc;
use std::time::Instant;

/// What the JIT was asked to show or check, and what it knows of the
/// value layout.
#[derive(Clone, Copy)]
struct Settings {
    dump_ir: bool,
    dump_asm: bool,
    check_aarch64: bool,
    /// The slot tags, when inlining is on (`PYRITE_JIT_INLINE=0` turns it
    /// off: every micro-op then calls its shim).
    tags: Option<inline::Tags>,
}

fn settings_from_env() -> Settings {
    let dump = std::env::var("PYRITE_JIT_DUMP").unwrap_or_default();
    Settings {
        dump_ir: dump.split(',').any(|d| d == "ir"),
        dump_asm: dump.split(',').any(|d| d == "asm"),
        check_aarch64: std::env::var("PYRITE_JIT_CHECK").is_ok_and(|v| v == "aarch64"),
        tags: inline::Tags::probe()
            .filter(|_| std::env::var("PYRITE_JIT_INLINE").map_or(true, |v| v != "0")),
    }
}

fn isa_flags() -> settings::Flags {
    let mut flags = settings::builder();
    // Traces are calls and loads the lowering already keeps simple: the
    // optimizer doubled compile time (median 0.57 -> 1.06 ms over 200
    // small loops) without a measurable gain, and the verifier is for
    // debugging Cranelift's users, not for every compile.
    let _ = flags.set("opt_level", "none");
    // Shims are called through absolute addresses; nothing to relocate.
    let _ = flags.set("is_pic", "false");
    let _ = flags.set("enable_verifier", "false");
    settings::Flags::new(flags)
}

/// The host's ISA, if Cranelift supports it.
fn host_isa() -> Option<OwnedTargetIsa> {
    cranelift_native::builder().ok()?.finish(isa_flags()).ok()
}

/// The JIT backend of tier 2.
pub struct Jit {
    settings: Settings,
}

impl Jit {
    /// A JIT for this machine, or `None` where Cranelift cannot target it.
    pub fn new() -> Option<Jit> {
        host_isa()?;
        Some(Jit {
            settings: settings_from_env(),
        })
    }
}

/// A compiled tree: `(ctx, result slot, entry fragment, value stack, fast
/// locals) -> exit word`.
type TraceFn = extern "C" fn(*mut c_void, *mut c_void, u64, *mut c_void, *mut c_void) -> u64;

/// Machine code for one version of a tree.
struct Compiled {
    entry: TraceFn,
    sites: Vec<Site>,
    /// The tree's link version it was compiled at.
    version: u32,
}

thread_local! {
    /// This thread's code memory: one module for every compiled tree, so a
    /// compilation does not set up a target and a module of its own. Its
    /// code lives as long as the thread (as the interpreter that runs it).
    static MODULE: RefCell<Option<JITModule>> = const { RefCell::new(None) };
}

fn compile(tree: &TraceTree, settings: Settings) -> Option<Compiled> {
    let started = Instant::now();
    if settings.check_aarch64 {
        check_aarch64(tree, settings);
    }
    MODULE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(JITModule::new(JITBuilder::with_isa(
                host_isa()?,
                default_libcall_names(),
            )));
        }
        let module = slot.as_mut()?;
        let lowered = lower::lower(tree, module.isa(), settings.tags);
        if settings.dump_ir {
            eprintln!("; jit ir\n{}", lowered.func.display());
        }
        let mut ctx = Context::for_function(lowered.func);
        ctx.set_disasm(settings.dump_asm);
        let id = module
            .declare_anonymous_function(&ctx.func.signature)
            .ok()?;
        if let Err(e) = module.define_function(id, &mut ctx) {
            eprintln!("pyrite: jit: {e:?}");
            return None;
        }
        if settings.dump_asm
            && let Some(text) = ctx.compiled_code().and_then(|c| c.vcode.as_ref())
        {
            eprintln!("; jit asm\n{text}");
        }
        module.finalize_definitions().ok()?;
        let ptr = module.get_finalized_function(id);
        // SAFETY: `ptr` is the function just compiled with `lower`'s
        // signature (`TraceFn`: five i64 parameters, an i64 result, the
        // host's C convention); its memory belongs to this thread's module,
        // which outlives every executor of this thread's interpreter.
        let entry = unsafe { std::mem::transmute::<*const u8, TraceFn>(ptr) };
        stats::compiled(Some(started.elapsed()));
        Some(Compiled {
            entry,
            sites: lowered.sites,
            version: tree.version(),
        })
    })
}

/// Compiles `tree` for aarch64 too (never run here): the lowering must
/// hold for both targets.
fn check_aarch64(tree: &TraceTree, settings: Settings) {
    let triple: target_lexicon::Triple = match "aarch64-unknown-linux-gnu".parse() {
        Ok(t) => t,
        Err(_) => return,
    };
    let Some(isa) = isa::lookup(triple)
        .ok()
        .and_then(|b| b.finish(isa_flags()).ok())
    else {
        stats::aarch64_checked(false);
        return;
    };
    let lowered = lower::lower(tree, &*isa, settings.tags);
    let mut ctx = Context::for_function(lowered.func);
    let ok = ctx.compile(&*isa, &mut ControlPlane::default()).is_ok();
    stats::aarch64_checked(ok);
    if !ok {
        // The check is for CI: a lowering that fails one target fails it.
        eprintln!("pyrite: jit: a trace did not compile for aarch64");
        std::process::exit(70);
    }
}

/// A loop running as machine code.
pub struct JitExecutor {
    tree: TraceTree,
    compiled: RefCell<Option<Rc<Compiled>>>,
    settings: Settings,
}

impl JitExecutor {
    /// The code for the tree as it is now (compiled again after links).
    fn current(&self) -> Option<Rc<Compiled>> {
        if let Some(c) = self.compiled.borrow().as_ref()
            && c.version == self.tree.version()
        {
            return Some(c.clone());
        }
        let c = Rc::new(compile(&self.tree, self.settings)?);
        *self.compiled.borrow_mut() = Some(c.clone());
        Some(c)
    }
}

impl Executor for JitExecutor {
    fn run(&self, cx: &mut Ctx<'_>) -> PyResult<Flow> {
        stats::entered();
        let mut entry = 0u64;
        loop {
            let Some(code) = self.current() else {
                // Compiling again failed: leave the loop to tier 1.
                self.tree.invalidate();
                return Ok(Flow::Jump(self.tree.head as usize));
            };
            let mut slot: shims::Slot = None;
            let stack = (&mut cx.f.stack as *mut ValueStack).cast::<c_void>();
            let fast = cx.f.fast.as_mut_ptr().cast::<c_void>();
            let word = (code.entry)(
                (cx as *mut Ctx<'_>).cast::<c_void>(),
                (&mut slot as *mut shims::Slot).cast::<c_void>(),
                entry,
                stack,
                fast,
            );
            if word == OTHER_EXIT {
                return slot.unwrap_or_else(|| Err(cx.vm.runtime_error("jit: lost a flow")));
            }
            let site = code.sites[(word >> 33) as usize];
            let pc = ((word >> 1) & 0xFFFF_FFFF) as u32;
            let deopt = word & 1 != 0;
            let frag = self.tree.fragment(site.frag as usize);
            match self.tree.exit(cx, &frag, site.op as usize, pc, deopt) {
                Some(k) => entry = u64::from(k),
                None => return Ok(Flow::Jump(pc as usize)),
            }
        }
    }

    fn is_valid(&self) -> bool {
        self.tree.is_valid()
    }
}

impl Backend for Jit {
    fn compile(&self, tree: TraceTree) -> Result<Rc<dyn Executor>, TraceTree> {
        match compile(&tree, self.settings) {
            Some(c) => Ok(Rc::new(JitExecutor {
                tree,
                compiled: RefCell::new(Some(Rc::new(c))),
                settings: self.settings,
            })),
            None => {
                stats::compiled(None);
                Err(tree)
            }
        }
    }
}
