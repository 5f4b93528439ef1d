//! Lowering a loop's traces to Cranelift IR. Every micro-op is a call to
//! its shim (tier 1's implementation); the trace's own structure lives in
//! the machine code: the expected path falls straight through, the loop
//! closes with a jump, a linked side exit jumps into its side trace, and
//! every other exit returns to the executor with the exit's site and the
//! unit where tier 1 resumes.
//!
//! Simple micro-ops (locals, small ints, int and float arithmetic and
//! comparisons, conditional jumps on bools) are inlined instead
//! (`inline.rs`): they work on the frame's value stack and fast locals in
//! place, and fall back to the shim for anything but the common case.
//!
//! The function: `(ctx, result slot, entry fragment, value stack, fast
//! locals) -> exit word`, where
//! the exit word is [`OTHER_EXIT`] (the flow waits in the slot) or
//! `site << 33 | pc << 1 | deopt`.

use crate::inline::Tags;
use crate::shims::{self, DEOPT, JUMP, NEXT, OTHER, jump_status};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, Function, InstBuilder, MemFlagsData, SigRef, Signature,
    UserFuncName, Value, types,
};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use pyrite_tier2::interp::Fragment;
use pyrite_tier2::trace::escapes;
use pyrite_tier2::{End, Expect, TraceOp, TraceTree};
use std::rc::Rc;

/// The exit word when the flow is in the result slot.
pub(crate) const OTHER_EXIT: u64 = u64::MAX;

/// Where an exit leaves: fragment and op (`op == len` for the end).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Site {
    pub frag: u32,
    pub op: u32,
}

/// The IR of a tree and its exit sites.
pub(crate) struct Lowered {
    pub func: Function,
    pub sites: Vec<Site>,
}

/// The signature of the generated function.
fn trace_signature(cc: CallConv) -> Signature {
    let mut sig = Signature::new(cc);
    sig.params.extend([AbiParam::new(types::I64); 5]);
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

/// The signature of a shim.
fn shim_signature(cc: CallConv) -> Signature {
    let mut sig = Signature::new(cc);
    sig.params.extend([AbiParam::new(types::I64); 5]);
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

/// The signature of a value helper: `(tag, payload) -> ()`.
fn helper_signature(cc: CallConv) -> Signature {
    let mut sig = Signature::new(cc);
    sig.params.extend([AbiParam::new(types::I64); 2]);
    sig
}

pub(crate) struct Lowerer<'a, 'b> {
    pub b: &'a mut FunctionBuilder<'b>,
    frags: &'a [Rc<Fragment>],
    /// The first block of each fragment's ops.
    firsts: Vec<Block>,
    sites: Vec<Site>,
    /// The shared exit: `(status, site << 33, restart unit, next unit)`.
    leave: Block,
    /// The function's parameters.
    pub cx: Value,
    pub slot: Value,
    pub stack: Value,
    pub fast: Value,
    pub shim_sig: SigRef,
    pub helper_sig: SigRef,
    /// The slot tags inlined micro-ops test (`None`: nothing is inlined).
    pub tags: Option<Tags>,
    /// The tree's dict version words and the values they must keep.
    deps: Vec<(*const u64, u64)>,
}

impl Lowerer<'_, '_> {
    fn site(&mut self, frag: usize, op: usize) -> u64 {
        self.sites.push(Site {
            frag: frag as u32,
            op: op as u32,
        });
        (self.sites.len() - 1) as u64
    }

    /// The shared exit block's arguments for status `r` at exit `site`.
    fn leave_args(&mut self, r: Value, site: u64, restart: u32, next: u32) -> [BlockArg; 4] {
        [
            BlockArg::Value(r),
            BlockArg::Value(self.b.ins().iconst(types::I64, (site << 33) as i64)),
            BlockArg::Value(self.b.ins().iconst(types::I64, i64::from(restart))),
            BlockArg::Value(self.b.ins().iconst(types::I64, i64::from(next))),
        ]
    }

    /// A block that goes on to `cont` if every dict the tree depends on is
    /// unchanged, and otherwise leaves to where op `i` led (the tree is
    /// invalid then: the executor finds out and tier 1 takes over).
    fn check_deps(
        &mut self,
        k: usize,
        i: usize,
        op: &TraceOp,
        expected: u64,
        cont: Block,
    ) -> Block {
        let check = self.b.create_block();
        let here = self.b.current_block();
        self.b.switch_to_block(check);
        let mut all = self.b.ins().iconst(types::I8, 1);
        for (addr, version) in self.deps.clone() {
            let addr = self.b.ins().iconst(types::I64, addr as usize as i64);
            let now = self
                .b
                .ins()
                .load(types::I64, MemFlagsData::trusted(), addr, 0);
            let same = self.b.ins().icmp_imm_u(IntCC::Equal, now, version as i64);
            all = self.b.ins().band(all, same);
        }
        let site = self.site(k, i);
        let r = self.b.ins().iconst(types::I64, expected as i64);
        let args = self.leave_args(r, site, op.restart, op.next);
        self.b.ins().brif(all, cont, &[], self.leave, &args);
        if let Some(b) = here {
            self.b.switch_to_block(b);
        }
        check
    }

    /// Pushes a promoted global (and NULL when the oparg asks); returns
    /// the status.
    pub fn call_push_promoted(&mut self, op: &TraceOp, v: &pyrite_runtime::Value) -> Value {
        let callee = self.b.ins().iconst(
            types::I64,
            shims::push_promoted as *const () as usize as i64,
        );
        let args = [
            self.cx,
            self.slot,
            self.b.ins().iconst(
                types::I64,
                v as *const pyrite_runtime::Value as usize as i64,
            ),
            self.b.ins().iconst(types::I64, i64::from(op.oparg & 1)),
            self.b.ins().iconst(types::I64, 0),
        ];
        let call = self.b.ins().call_indirect(self.shim_sig, callee, &args);
        self.b.inst_results(call)[0]
    }

    /// Calls op's shim; returns its status.
    pub fn call_shim(&mut self, op: &TraceOp) -> Value {
        let callee = self
            .b
            .ins()
            .iconst(types::I64, shims::shim(op.uop) as usize as i64);
        let args = [
            self.cx,
            self.slot,
            self.b.ins().iconst(types::I64, i64::from(op.oparg)),
            self.b.ins().iconst(types::I64, i64::from(op.at)),
            self.b.ins().iconst(types::I64, i64::from(op.next)),
        ];
        let call = self.b.ins().call_indirect(self.shim_sig, callee, &args);
        self.b.inst_results(call)[0]
    }

    fn lower_fragment(&mut self, k: usize) {
        let frag = self.frags[k].clone();
        let ops = &frag.trace.ops;
        let end = self.b.create_block();
        let blocks: Vec<Block> = (0..ops.len())
            .map(|i| {
                if i == 0 {
                    self.firsts[k]
                } else {
                    self.b.create_block()
                }
            })
            .collect();
        for (i, op) in ops.iter().enumerate() {
            self.b.switch_to_block(blocks[i]);
            let r = match &op.promoted {
                Some(v) => match self.inline_push_promoted(op, v) {
                    Some(r) => r,
                    None => self.call_push_promoted(op, v),
                },
                None => match self.inline_op(op) {
                    Some(r) => r,
                    None => self.call_shim(op),
                },
            };
            let expected = match op.expect {
                Expect::Next => NEXT,
                Expect::Jump(t) => jump_status(t),
            };
            let ok = self.b.ins().icmp_imm_u(IntCC::Equal, r, expected as i64);
            let mut cont = blocks.get(i + 1).copied().unwrap_or(end);
            if !self.deps.is_empty() && op.promoted.is_none() && escapes(op.uop) {
                cont = self.check_deps(k, i, op, expected, cont);
            }
            let site = self.site(k, i);
            let args = self.leave_args(r, site, op.restart, op.next);
            let link = frag.link(i) as usize;
            if link == 0 {
                // The cold path, shared by every exit.
                self.b.ins().brif(ok, cont, &[], self.leave, &args);
                continue;
            }
            // A linked exit: into the side trace when control went (on or
            // by a jump, never by a failed guard or another flow) to where
            // it starts, else the shared exit.
            let miss = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], miss, &[]);
            self.b.switch_to_block(miss);
            let went_on = self.b.ins().icmp_imm_u(IntCC::Equal, r, NEXT as i64);
            let low_bits = self.b.ins().band_imm_u(r, 3);
            let jumped = self.b.ins().icmp_imm_u(IntCC::Equal, low_bits, JUMP as i64);
            let next = self.b.ins().iconst(types::I64, i64::from(op.next));
            let target = self.b.ins().ushr_imm_u(r, 2);
            let pc = self.b.ins().select(went_on, next, target);
            let start = i64::from(self.frags[link].trace.start);
            let here = self.b.ins().icmp_imm_u(IntCC::Equal, pc, start);
            let moved = self.b.ins().bor(went_on, jumped);
            let enter = self.b.ins().band(here, moved);
            self.b
                .ins()
                .brif(enter, self.firsts[link], &[], self.leave, &args);
        }
        self.b.switch_to_block(end);
        match frag.trace.end {
            End::Loop => {
                self.b.ins().jump(self.firsts[0], &[]);
            }
            End::Exit(pc) => {
                let site = self.site(k, ops.len());
                let link = frag.link(ops.len()) as usize;
                if link != 0 && self.frags[link].trace.start == pc {
                    self.b.ins().jump(self.firsts[link], &[]);
                } else {
                    let r = self.b.ins().iconst(types::I64, NEXT as i64);
                    let args = self.leave_args(r, site, pc, pc);
                    self.b.ins().jump(self.leave, &args);
                }
            }
        }
    }
}

/// The block every exit branches to with its status, site,
/// restart unit and next unit: returns the exit word (or, for another
/// flow, goes to `ret_other`).
fn shared_exit(b: &mut FunctionBuilder<'_>, ret_other: Block) -> Block {
    let leave = b.create_block();
    for _ in 0..4 {
        b.append_block_param(leave, types::I64);
    }
    b.switch_to_block(leave);
    let p = b.block_params(leave).to_vec();
    let (r, site, restart, next) = (p[0], p[1], p[2], p[3]);
    let other = b.ins().icmp_imm_u(IntCC::Equal, r, OTHER as i64);
    let exit = b.create_block();
    b.ins().brif(other, ret_other, &[], exit, &[]);
    b.switch_to_block(exit);
    let deopt = b.ins().icmp_imm_u(IntCC::Equal, r, DEOPT as i64);
    let went_on = b.ins().icmp_imm_u(IntCC::Equal, r, NEXT as i64);
    let target = b.ins().ushr_imm_u(r, 2);
    let pc = b.ins().select(went_on, next, target);
    let pc = b.ins().select(deopt, restart, pc);
    let shifted = b.ins().ishl_imm_u(pc, 1);
    let flag = b.ins().uextend(types::I64, deopt);
    let word = b.ins().bor(site, shifted);
    let word = b.ins().bor(word, flag);
    b.ins().return_(&[word]);
    leave
}

/// Lowers every fragment of `tree` into one function for `isa`, with the
/// simple micro-ops inlined when the slot `tags` are known.
pub(crate) fn lower(tree: &TraceTree, isa: &dyn TargetIsa, tags: Option<Tags>) -> Lowered {
    let cc = isa.default_call_conv();
    let frags: Vec<Rc<Fragment>> = (0..tree.len()).map(|k| tree.fragment(k)).collect();
    let mut func = Function::with_name_signature(UserFuncName::user(0, 0), trace_signature(cc));
    let mut fbc = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fbc);
    let shim_sig = b.import_signature(shim_signature(cc));
    let helper_sig = b.import_signature(helper_signature(cc));
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    let firsts: Vec<Block> = frags.iter().map(|_| b.create_block()).collect();
    let ret_other = b.create_block();
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let (cx, slot, which, stack, fast) = (params[0], params[1], params[2], params[3], params[4]);
    // Dispatch on the entry fragment (0 unless resuming in a side trace).
    for (k, first) in firsts.iter().enumerate().skip(1) {
        let is_k = b.ins().icmp_imm_u(IntCC::Equal, which, k as i64);
        let other = b.create_block();
        b.ins().brif(is_k, *first, &[], other, &[]);
        b.switch_to_block(other);
    }
    b.ins().jump(firsts[0], &[]);
    b.switch_to_block(ret_other);
    let word = b.ins().iconst(types::I64, OTHER_EXIT as i64);
    b.ins().return_(&[word]);
    let leave = shared_exit(&mut b, ret_other);
    let mut l = Lowerer {
        b: &mut b,
        frags: &frags,
        firsts,
        sites: Vec::new(),
        leave,
        cx,
        slot,
        stack,
        fast,
        shim_sig,
        helper_sig,
        tags,
        deps: tree.deps.version_words(),
    };
    for k in 0..frags.len() {
        l.lower_fragment(k);
    }
    let sites = std::mem::take(&mut l.sites);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Lowered { func, sites }
}
