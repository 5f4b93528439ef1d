//! Micro-ops the JIT writes out as machine code instead of calling their
//! shims: the common case of each, on the frame's value stack and fast
//! locals in place (their layouts: `ValueStack`'s documented offsets, and
//! `Option<Value>` as two words, tag then payload). Anything off the
//! common case (an unbound local, a full stack, an operand that is not a
//! bool) calls the shim, so the outcome is always tier 1's. Each inlined
//! op yields the status word its shim would have.

use crate::lower::Lowerer;
use crate::shims::{DEOPT, NEXT, jump_status};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{Block, BlockArg, InstBuilder, MemFlagsData, Value, types};
use pyrite_bytecode::Uop;
use pyrite_runtime::Value as PyValue;
use pyrite_runtime::object::{IMMORTAL_REFCNT, REFCNT_OFFSET};
use pyrite_runtime::value_stack::ValueStack;
use pyrite_tier2::TraceOp;

/// The first word of each kind of slot, read from the running binary
/// (`Value` is `repr(C, u64)`; `Option<Value>`'s NULL uses a spare tag).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tags {
    pub null: u64,
    pub boolean: u64,
    pub int: u64,
    pub float: u64,
    pub obj: u64,
}

fn first_word(v: &Option<PyValue>) -> u64 {
    // SAFETY: `Option<Value>` is 16 bytes (checked by `Tags::probe`) and
    // starts with its tag word, which every variant initializes.
    unsafe { (v as *const Option<PyValue>).cast::<u64>().read() }
}

impl Tags {
    /// The tags, or `None` when the layout is not the one the JIT knows.
    pub fn probe() -> Option<Tags> {
        if std::mem::size_of::<Option<PyValue>>() != 16 {
            return None;
        }
        let tags = Tags {
            null: first_word(&None),
            boolean: first_word(&Some(PyValue::Bool(true))),
            int: first_word(&Some(PyValue::Int(7))),
            float: first_word(&Some(PyValue::Float(0.5))),
            obj: 4,
        };
        let known = tags.boolean == 1 && tags.int == 2 && tags.float == 3 && tags.null > 4;
        known.then_some(tags)
    }
}

/// Drops a value given as its two words (moved out of a slot).
pub(crate) extern "C" fn value_drop(tag: u64, payload: u64) {
    let words = [tag, payload];
    // SAFETY: machine code moved these words out of a slot it then
    // overwrote, so this is the only owner of the value.
    let v = unsafe { words.as_ptr().cast::<PyValue>().read() };
    drop(v);
}

/// The two words of a `LOAD_CONST`'s constant, when it is an immediate
/// (no reference to take).
fn immediate_words(op: &TraceOp, tags: Tags) -> Option<(u64, u64)> {
    immediate_words_of(op.constant.as_ref()?, tags)
}

/// The two words of an immediate value (`None` for an object).
fn immediate_words_of(v: &PyValue, tags: Tags) -> Option<(u64, u64)> {
    Some(match v {
        PyValue::None => (0, 0),
        PyValue::Bool(b) => (tags.boolean, u64::from(*b)),
        PyValue::Int(i) => (tags.int, *i as u64),
        PyValue::Float(f) => (tags.float, f.to_bits()),
        PyValue::Obj(_) => return None,
    })
}

const REFCNT: i32 = REFCNT_OFFSET as i32;
const STACK_BASE: i32 = ValueStack::BASE_OFFSET as i32;
const STACK_LEN: i32 = ValueStack::LEN_OFFSET as i32;
const STACK_CAP: i32 = ValueStack::CAP_OFFSET as i32;

/// `BINARY_OP`'s opargs (in-place forms add 13).
const NB_ADD: u32 = 0;
const NB_MULTIPLY: u32 = 5;
const NB_SUBTRACT: u32 = 10;

/// `COMPARE_OP`'s comparisons (`oparg >> 5`: <, <=, ==, !=, >, >=) on
/// ints and on floats (`!=` is true for NaN, as Python's).
const INT_COMPARISONS: [IntCC; 6] = [
    IntCC::SignedLessThan,
    IntCC::SignedLessThanOrEqual,
    IntCC::Equal,
    IntCC::NotEqual,
    IntCC::SignedGreaterThan,
    IntCC::SignedGreaterThanOrEqual,
];
const FLOAT_COMPARISONS: [FloatCC; 6] = [
    FloatCC::LessThan,
    FloatCC::LessThanOrEqual,
    FloatCC::Equal,
    FloatCC::NotEqual,
    FloatCC::GreaterThan,
    FloatCC::GreaterThanOrEqual,
];

fn mem() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl Lowerer<'_, '_> {
    fn iconst(&mut self, v: u64) -> Value {
        self.b.ins().iconst(types::I64, v as i64)
    }

    fn stack_len(&mut self) -> Value {
        self.b.ins().load(types::I64, mem(), self.stack, STACK_LEN)
    }

    fn set_stack_len(&mut self, len: Value) {
        self.b.ins().store(mem(), len, self.stack, STACK_LEN);
    }

    /// The address of the slot `n` below the top (1 is the top).
    fn slot_addr(&mut self, len: Value, n: u64) -> Value {
        let base = self.b.ins().load(types::I64, mem(), self.stack, STACK_BASE);
        let index = self.b.ins().iadd_imm_s(len, -(n as i64));
        let offset = self.b.ins().ishl_imm_u(index, 4);
        self.b.ins().iadd(base, offset)
    }

    fn fast_addr(&mut self, i: u32) -> Value {
        self.b.ins().iadd_imm_s(self.fast, i64::from(i) * 16)
    }

    fn load_words(&mut self, addr: Value) -> (Value, Value) {
        let tag = self.b.ins().load(types::I64, mem(), addr, 0);
        let payload = self.b.ins().load(types::I64, mem(), addr, 8);
        (tag, payload)
    }

    fn store_words(&mut self, addr: Value, tag: Value, payload: Value) {
        self.b.ins().store(mem(), tag, addr, 0);
        self.b.ins().store(mem(), payload, addr, 8);
    }

    fn helper(&mut self, f: extern "C" fn(u64, u64), tag: Value, payload: Value) {
        let callee = self.iconst(f as usize as u64);
        self.b
            .ins()
            .call_indirect(self.helper_sig, callee, &[tag, payload]);
    }

    /// Takes a reference when `tag` is an object's (immortal objects are
    /// not counted).
    fn incref_if_obj(&mut self, tags: Tags, tag: Value, payload: Value) {
        let is_obj = self.b.ins().icmp_imm_u(IntCC::Equal, tag, tags.obj as i64);
        let count = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(is_obj, count, &[], done, &[]);
        self.b.switch_to_block(count);
        self.incref(payload);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    fn incref(&mut self, obj: Value) {
        let n = self.b.ins().load(types::I64, mem(), obj, REFCNT);
        let mortal = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, n, IMMORTAL_REFCNT as i64);
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        let n = self.b.ins().select(mortal, n1, n);
        self.b.ins().store(mem(), n, obj, REFCNT);
    }

    /// Drops a value moved out of a slot: counts an object's reference
    /// down, and lets Rust free it (and run its finalizer) at zero.
    fn decref_if_obj(&mut self, tags: Tags, tag: Value, payload: Value) {
        let is_obj = self.b.ins().icmp_imm_u(IntCC::Equal, tag, tags.obj as i64);
        let count = self.b.create_block();
        let down = self.b.create_block();
        let last = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(is_obj, count, &[], done, &[]);
        self.b.switch_to_block(count);
        let n = self.b.ins().load(types::I64, mem(), payload, REFCNT);
        let many = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, n, 1);
        let mortal = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, n, IMMORTAL_REFCNT as i64);
        let fine = self.b.ins().band(many, mortal);
        let immortal_or_last = self.b.create_block();
        self.b.ins().brif(fine, down, &[], immortal_or_last, &[]);
        self.b.switch_to_block(down);
        let n1 = self.b.ins().iadd_imm_s(n, -1);
        self.b.ins().store(mem(), n1, payload, REFCNT);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(immortal_or_last);
        self.b.ins().brif(mortal, last, &[], done, &[]);
        self.b.switch_to_block(last);
        self.helper(value_drop, tag, payload);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// Pushes a promoted global: its words are constants (the trace op
    /// keeps the value alive), an object gets a new reference.
    pub(crate) fn inline_push_promoted(&mut self, op: &TraceOp, v: &PyValue) -> Option<Value> {
        let tags = self.tags?;
        let (tag, payload) = match v {
            PyValue::Obj(o) => (tags.obj, o.as_ptr().as_ptr() as usize as u64),
            other => immediate_words_of(other, tags)?,
        };
        let with_null = op.oparg & 1 != 0;
        let slow = self.b.create_block();
        let merge = self.b.create_block();
        self.b.append_block_param(merge, types::I64);
        let len = self.stack_len();
        let cap = self.b.ins().load(types::I64, mem(), self.stack, STACK_CAP);
        let need = self.b.ins().iadd_imm_s(len, 1 + i64::from(with_null));
        let room = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, need, cap);
        self.unless_slow(room, slow);
        let (t, p) = (self.iconst(tag), self.iconst(payload));
        if tag == tags.obj {
            self.incref(p);
        }
        self.push_at(len, t, p);
        if with_null {
            let len1 = self.b.ins().iadd_imm_s(len, 1);
            let (t, p) = (self.iconst(tags.null), self.iconst(0));
            self.push_at(len1, t, p);
        }
        let next = self.iconst(NEXT);
        self.b.ins().jump(merge, &[BlockArg::Value(next)]);
        self.b.switch_to_block(slow);
        let r = self.call_push_promoted(op, v);
        self.b.ins().jump(merge, &[BlockArg::Value(r)]);
        self.b.switch_to_block(merge);
        Some(self.b.block_params(merge)[0])
    }

    /// Branches to `slow` unless `cond`; carries on in a new block.
    fn unless_slow(&mut self, cond: Value, slow: Block) {
        let go_on = self.b.create_block();
        self.b.ins().brif(cond, go_on, &[], slow, &[]);
        self.b.switch_to_block(go_on);
    }

    /// Pushes (tag, payload) at `len` (room already checked).
    fn push_at(&mut self, len: Value, tag: Value, payload: Value) {
        let addr = self.slot_addr(len, 0);
        self.store_words(addr, tag, payload);
        let len1 = self.b.ins().iadd_imm_s(len, 1);
        self.set_stack_len(len1);
    }

    /// The stack length after checking there is room for one more value
    /// (else to `slow`).
    fn len_with_room(&mut self, slow: Block) -> Value {
        let len = self.stack_len();
        let cap = self.b.ins().load(types::I64, mem(), self.stack, STACK_CAP);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, len, cap);
        self.unless_slow(room, slow);
        len
    }

    /// Pops the top value's words, leaving NULL in its slot.
    fn pop_words(&mut self, tags: Tags) -> (Value, Value) {
        let len = self.stack_len();
        let addr = self.slot_addr(len, 1);
        let (tag, payload) = self.load_words(addr);
        let null = self.iconst(tags.null);
        self.b.ins().store(mem(), null, addr, 0);
        let len1 = self.b.ins().iadd_imm_s(len, -1);
        self.set_stack_len(len1);
        (tag, payload)
    }

    /// Replaces the top two values with one of `tag` whose payload is
    /// stored by `write` at the given address.
    fn replace_top_two(
        &mut self,
        tags: Tags,
        len: Value,
        tag: u64,
        write: impl FnOnce(&mut Self, Value),
    ) {
        let lower = self.slot_addr(len, 2);
        let upper = self.slot_addr(len, 1);
        let t = self.iconst(tag);
        self.b.ins().store(mem(), t, lower, 0);
        write(self, lower);
        let null = self.iconst(tags.null);
        self.b.ins().store(mem(), null, upper, 0);
        let len1 = self.b.ins().iadd_imm_s(len, -1);
        self.set_stack_len(len1);
    }

    /// `select(both top tags == tag, NEXT, DEOPT)`.
    fn guard_top_two(&mut self, tag: u64) -> Value {
        let len = self.stack_len();
        let a = self.slot_addr(len, 2);
        let b = self.slot_addr(len, 1);
        let ta = self.b.ins().load(types::I64, mem(), a, 0);
        let tb = self.b.ins().load(types::I64, mem(), b, 0);
        let ok_a = self.b.ins().icmp_imm_u(IntCC::Equal, ta, tag as i64);
        let ok_b = self.b.ins().icmp_imm_u(IntCC::Equal, tb, tag as i64);
        let ok = self.b.ins().band(ok_a, ok_b);
        let next = self.iconst(NEXT);
        let deopt = self.iconst(DEOPT);
        self.b.ins().select(ok, next, deopt)
    }

    /// Emits `op` inline if it is one the JIT knows; returns its status.
    pub(crate) fn inline_op(&mut self, op: &TraceOp) -> Option<Value> {
        let tags = self.tags?;
        let o = op.oparg;
        let kind = match op.uop {
            Uop::nop => return Some(self.iconst(NEXT)),
            Uop::jump_backward => {
                // A signal arrived: leave for tier 1, whose ENTER_EXECUTOR
                // runs the Python handler before the loop goes on.
                let flag = self.iconst(pyrite_runtime::modules::signal::pending_flag() as u64);
                let pending = self.b.ins().load(types::I8, mem(), flag, 0);
                let jump = self.iconst(jump_status(op.next - o));
                let deopt = self.iconst(DEOPT);
                return Some(self.b.ins().select(pending, deopt, jump));
            }
            Uop::guard_ints => return Some(self.guard_top_two(tags.int)),
            Uop::guard_floats => return Some(self.guard_top_two(tags.float)),
            Uop::binary_op_int if ![NB_ADD, NB_MULTIPLY, NB_SUBTRACT].contains(&(o % 13)) => {
                return None;
            }
            Uop::binary_op_float if ![NB_ADD, NB_MULTIPLY, NB_SUBTRACT].contains(&(o % 13)) => {
                return None;
            }
            Uop::load_const => match immediate_words(op, tags) {
                Some(_) => op.uop,
                None => return None,
            },
            Uop::load_fast
            | Uop::load_fast_hi
            | Uop::load_fast_lo
            | Uop::load_fast_check
            | Uop::store_fast
            | Uop::store_fast_hi
            | Uop::store_fast_lo
            | Uop::load_small_int
            | Uop::pop_top
            | Uop::binary_op_int
            | Uop::binary_op_float
            | Uop::compare_op_int
            | Uop::compare_op_float
            | Uop::pop_jump_if_false
            | Uop::pop_jump_if_true
            | Uop::to_bool_bool => op.uop,
            _ => return None,
        };
        let slow = self.b.create_block();
        let merge = self.b.create_block();
        self.b.append_block_param(merge, types::I64);
        let r = self.inline_fast_path(op, kind, tags, slow);
        self.b.ins().jump(merge, &[BlockArg::Value(r)]);
        self.b.switch_to_block(slow);
        let r = self.call_shim(op);
        self.b.ins().jump(merge, &[BlockArg::Value(r)]);
        self.b.switch_to_block(merge);
        Some(self.b.block_params(merge)[0])
    }

    /// The common case of `op`, branching to `slow` off it.
    fn inline_fast_path(&mut self, op: &TraceOp, kind: Uop, tags: Tags, slow: Block) -> Value {
        let o = op.oparg;
        let local = match kind {
            Uop::load_fast_hi | Uop::store_fast_hi => o >> 4,
            Uop::load_fast_lo | Uop::store_fast_lo => o & 15,
            _ => o,
        };
        match kind {
            Uop::load_fast | Uop::load_fast_hi | Uop::load_fast_lo | Uop::load_fast_check => {
                let len = self.len_with_room(slow);
                let addr = self.fast_addr(local);
                let (tag, payload) = self.load_words(addr);
                let bound = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::NotEqual, tag, tags.null as i64);
                self.unless_slow(bound, slow);
                self.incref_if_obj(tags, tag, payload);
                self.push_at(len, tag, payload);
            }
            Uop::store_fast | Uop::store_fast_hi | Uop::store_fast_lo => {
                let (tag, payload) = self.pop_words(tags);
                let addr = self.fast_addr(local);
                let (old_tag, old_payload) = self.load_words(addr);
                self.store_words(addr, tag, payload);
                self.decref_if_obj(tags, old_tag, old_payload);
            }
            Uop::load_small_int | Uop::load_const => {
                let (tag, payload) = match kind {
                    Uop::load_small_int => (tags.int, u64::from(o)),
                    _ => immediate_words(op, tags).unwrap_or((tags.null, 0)),
                };
                let len = self.len_with_room(slow);
                let (t, p) = (self.iconst(tag), self.iconst(payload));
                self.push_at(len, t, p);
            }
            Uop::pop_top => {
                let (tag, payload) = self.pop_words(tags);
                self.decref_if_obj(tags, tag, payload);
            }
            Uop::binary_op_int => {
                let len = self.stack_len();
                let (a_addr, b_addr) = (self.slot_addr(len, 2), self.slot_addr(len, 1));
                let a = self.b.ins().load(types::I64, mem(), a_addr, 8);
                let b = self.b.ins().load(types::I64, mem(), b_addr, 8);
                let (x, overflow) = match o % 13 {
                    NB_ADD => self.b.ins().sadd_overflow(a, b),
                    NB_SUBTRACT => self.b.ins().ssub_overflow(a, b),
                    _ => self.b.ins().smul_overflow(a, b),
                };
                // Overflow: deopt before anything changed (tier 1 makes
                // the big int).
                let deopt_block = self.b.create_block();
                let fine = self.b.create_block();
                let merge_ok = self.b.create_block();
                self.b.append_block_param(merge_ok, types::I64);
                self.b.ins().brif(overflow, deopt_block, &[], fine, &[]);
                self.b.switch_to_block(deopt_block);
                let d = self.iconst(DEOPT);
                self.b.ins().jump(merge_ok, &[BlockArg::Value(d)]);
                self.b.switch_to_block(fine);
                self.replace_top_two(tags, len, tags.int, |l, at| {
                    l.b.ins().store(mem(), x, at, 8);
                });
                let n = self.iconst(NEXT);
                self.b.ins().jump(merge_ok, &[BlockArg::Value(n)]);
                self.b.switch_to_block(merge_ok);
                return self.b.block_params(merge_ok)[0];
            }
            Uop::binary_op_float => {
                let len = self.stack_len();
                let (a_addr, b_addr) = (self.slot_addr(len, 2), self.slot_addr(len, 1));
                let a = self.b.ins().load(types::F64, mem(), a_addr, 8);
                let b = self.b.ins().load(types::F64, mem(), b_addr, 8);
                let x = match o % 13 {
                    NB_ADD => self.b.ins().fadd(a, b),
                    NB_SUBTRACT => self.b.ins().fsub(a, b),
                    _ => self.b.ins().fmul(a, b),
                };
                self.replace_top_two(tags, len, tags.float, |l, at| {
                    l.b.ins().store(mem(), x, at, 8);
                });
            }
            Uop::compare_op_int | Uop::compare_op_float => {
                let len = self.stack_len();
                let (a_addr, b_addr) = (self.slot_addr(len, 2), self.slot_addr(len, 1));
                let k = (o >> 5).min(5) as usize;
                let ty = if kind == Uop::compare_op_int {
                    types::I64
                } else {
                    types::F64
                };
                let a = self.b.ins().load(ty, mem(), a_addr, 8);
                let b = self.b.ins().load(ty, mem(), b_addr, 8);
                let c = if kind == Uop::compare_op_int {
                    self.b.ins().icmp(INT_COMPARISONS[k], a, b)
                } else {
                    self.b.ins().fcmp(FLOAT_COMPARISONS[k], a, b)
                };
                let word = self.b.ins().uextend(types::I64, c);
                self.replace_top_two(tags, len, tags.boolean, |l, at| {
                    l.b.ins().store(mem(), word, at, 8);
                });
            }
            Uop::pop_jump_if_false | Uop::pop_jump_if_true => {
                let len = self.stack_len();
                let addr = self.slot_addr(len, 1);
                let tag = self.b.ins().load(types::I64, mem(), addr, 0);
                let is_bool = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::Equal, tag, tags.boolean as i64);
                self.unless_slow(is_bool, slow);
                let byte = self.b.ins().uload8(types::I64, mem(), addr, 8);
                let null = self.iconst(tags.null);
                self.b.ins().store(mem(), null, addr, 0);
                let len1 = self.b.ins().iadd_imm_s(len, -1);
                self.set_stack_len(len1);
                let cc = if kind == Uop::pop_jump_if_true {
                    IntCC::NotEqual
                } else {
                    IntCC::Equal
                };
                let taken = self.b.ins().icmp_imm_u(cc, byte, 0);
                let jump = self.iconst(jump_status(op.next + o));
                let next = self.iconst(NEXT);
                return self.b.ins().select(taken, jump, next);
            }
            Uop::to_bool_bool => {
                let len = self.stack_len();
                let addr = self.slot_addr(len, 1);
                let tag = self.b.ins().load(types::I64, mem(), addr, 0);
                let ok = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::Equal, tag, tags.boolean as i64);
                let next = self.iconst(NEXT);
                let deopt = self.iconst(DEOPT);
                return self.b.ins().select(ok, next, deopt);
            }
            _ => unreachable!("only the kinds inline_op chose"),
        }
        self.iconst(NEXT)
    }
}
