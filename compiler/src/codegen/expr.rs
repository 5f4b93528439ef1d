//! Expressions: loading values onto the stack, storing to targets, and jumping
//! on conditions.

use super::call::{Display, STACK_USE_GUIDELINE};
use super::defs::function_attr;
use super::{BlockId, CResult, Compiler, UnitKind};
use crate::ast::*;
use crate::code::ConstValue;
use crate::error::SyntaxError;
use crate::symtable::{ComprehensionKind, ScopeRole, SymbolScope};
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `BINARY_OP` operands (CPython's `NB_*`).
pub(crate) fn binary_op_arg(op: Operator, inplace: bool) -> u32 {
    let base = match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    };
    if inplace { base + 13 } else { base }
}

/// `BINARY_OP` with `NB_SUBSCR`.
pub(crate) const NB_SUBSCR: u32 = 26;

/// `CALL_INTRINSIC_1` operands.
pub(crate) mod intrinsic1 {
    pub const PRINT: u32 = 1;
    pub const IMPORT_STAR: u32 = 2;
    pub const STOPITERATION_ERROR: u32 = 3;
    pub const ASYNC_GEN_WRAP: u32 = 4;
    pub const UNARY_POSITIVE: u32 = 5;
    pub const LIST_TO_TUPLE: u32 = 6;
}

/// `COMPARE_OP`'s operand: the operator in the high bits, and the mask of
/// outcomes (less, greater, equal, unordered) the specializer uses.
pub(crate) fn compare_op_arg(op: CmpOp) -> u32 {
    let (index, mask) = match op {
        CmpOp::Lt => (0, 2),
        CmpOp::LtE => (1, 2 | 8),
        CmpOp::Eq => (2, 8),
        CmpOp::NotEq => (3, 1 | 2 | 4),
        CmpOp::Gt => (4, 4),
        CmpOp::GtE => (5, 4 | 8),
        _ => unreachable!("not a rich comparison"),
    };
    (index << 5) | mask
}

impl<'a> Compiler<'a> {
    /// Evaluates `e` onto the stack.
    pub fn expr(&mut self, e: &'a Expr) -> CResult {
        let saved = self.set_loc(e.range);
        let result = self.expr_inner(e);
        self.unit().loc = saved;
        result
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Constant { value, .. } => {
                let c = self.constant(value);
                self.load_const(c);
            }
            ExprKind::Name { id, ctx } => self.name_op(id, *ctx)?,
            ExprKind::BinOp { left, op, right } => {
                if *op == Operator::Mod && self.percent_format(e, left, right)? {
                    return Ok(());
                }
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Opcode::BINARY_OP, binary_op_arg(*op, false));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                match op {
                    UnaryOp::Invert => self.emit(Opcode::UNARY_INVERT, 0),
                    UnaryOp::USub => self.emit(Opcode::UNARY_NEGATIVE, 0),
                    UnaryOp::UAdd => {
                        self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::UNARY_POSITIVE)
                    }
                    UnaryOp::Not => {
                        self.emit(Opcode::TO_BOOL, 0);
                        self.emit(Opcode::UNARY_NOT, 0);
                    }
                }
            }
            ExprKind::BoolOp { op, values } => {
                let end = self.new_block();
                // The pseudo-jumps keep the value; the flowgraph threads
                // them through nested `and`/`or` before making them real.
                let jump = if *op == BoolOp::And {
                    Opcode::JUMP_IF_FALSE
                } else {
                    Opcode::JUMP_IF_TRUE
                };
                let (last, rest) = values.split_last().expect("a BoolOp has values");
                for value in rest {
                    self.expr(value)?;
                    self.emit_jump(jump, end);
                    self.emit(Opcode::POP_TOP, 0);
                }
                self.expr(last)?;
                self.place(end);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let other = self.new_block();
                self.jump_if(test, other, false)?;
                self.expr(body)?;
                self.emit_jump(Opcode::JUMP, end);
                self.place(other);
                self.expr(orelse)?;
                self.place(end);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords)?,
            ExprKind::Attribute { value, attr, ctx } => self.attribute(e, value, attr, *ctx)?,
            ExprKind::Subscript { value, slice, ctx } => self.subscript(e, value, slice, *ctx)?,
            ExprKind::Slice { step, .. } => self.slice(e, step)?,
            ExprKind::Starred { .. } => {
                return Err(SyntaxError::syntax(
                    "can't use starred expression here",
                    e.range,
                ));
            }
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Load => self.starunpack(elts, None, 0, Display::LIST)?,
                _ => self.unpack_targets(elts, e.range, *ctx)?,
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Load => self.starunpack(elts, None, 0, Display::TUPLE)?,
                _ => self.unpack_targets(elts, e.range, *ctx)?,
            },
            ExprKind::Set { elts } => self.starunpack(elts, None, 0, Display::SET)?,
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::JoinedStr { values } => self.joined_str(values)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => self.formatted_value(value, *conversion, format_spec.as_deref())?,
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Opcode::COPY, 1);
                self.store(target)?;
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::List, elt, None, generators)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::Set, elt, None, generators)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, ComprehensionKind::Dict, key, Some(value), generators)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::Generator, elt, None, generators)?
            }
            ExprKind::Yield { value } => {
                if !self.is_function_like() {
                    return Err(SyntaxError::syntax("'yield' outside function", e.range));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(ConstValue::None),
                }
                self.yield_value()?;
            }
            ExprKind::YieldFrom { value } => {
                if !self.is_function_like() {
                    return Err(SyntaxError::syntax("'yield' outside function", e.range));
                }
                self.expr(value)?;
                self.emit(Opcode::GET_YIELD_FROM_ITER, 0);
                self.load_const(ConstValue::None);
                self.yield_from(false)?;
            }
            ExprKind::Await { value } => {
                self.expr(value)?;
                self.emit(Opcode::GET_AWAITABLE, 0);
                self.load_const(ConstValue::None);
                self.yield_from(true)?;
            }
            ExprKind::TemplateStr { values } => self.template_str(values)?,
            ExprKind::Interpolation {
                value,
                str,
                conversion,
                format_spec,
            } => self.interpolation(value, str, *conversion, format_spec.as_deref())?,
        }
        Ok(())
    }

    fn is_function_like(&self) -> bool {
        !matches!(self.unit_ref().kind, UnitKind::Module | UnitKind::Class)
    }

    /// `yield`: `YIELD_VALUE` then the `RESUME` it comes back to.
    pub(crate) fn yield_value(&mut self) -> CResult {
        let st = &self.table.scopes[self.unit_ref().scope];
        if st.generator && st.coroutine {
            self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::ASYNC_GEN_WRAP);
        }
        // The flowgraph adds the except-depth flag to RESUME's oparg.
        self.emit(Opcode::YIELD_VALUE, 0);
        self.emit(Opcode::RESUME, 1);
        Ok(())
    }

    /// `yield from` and `await`: the `SEND` loop over the sub-iterator on the
    /// stack, with the value to send above it.
    pub(crate) fn yield_from(&mut self, is_await: bool) -> CResult<BlockId> {
        let send = self.new_block();
        let fail = self.new_block();
        let exit = self.new_block();
        self.place(send);
        self.emit_jump(Opcode::SEND, exit);
        // The handler for exceptions thrown into the sub-iterator.
        self.emit_jump(Opcode::SETUP_FINALLY, fail);
        self.emit(Opcode::YIELD_VALUE, 1);
        self.pop_block();
        self.emit(Opcode::RESUME, if is_await { 3 } else { 2 });
        self.emit_jump(Opcode::JUMP_NO_INTERRUPT, send);
        self.place(fail);
        self.emit(Opcode::CLEANUP_THROW, 0);
        self.place(exit);
        self.emit(Opcode::END_SEND, 0);
        Ok(exit)
    }

    /// A constant value from a literal.
    pub fn constant(&self, value: &Constant) -> ConstValue {
        match value {
            Constant::None => ConstValue::None,
            Constant::Bool(b) => ConstValue::Bool(*b),
            Constant::Ellipsis => ConstValue::Ellipsis,
            Constant::Int(i) => ConstValue::Int(*i),
            Constant::BigInt(b) => ConstValue::BigInt(Rc::new((**b).clone())),
            Constant::Float(f) => ConstValue::Float(*f),
            Constant::Complex { imag } => ConstValue::Complex {
                real: 0.0,
                imag: *imag,
            },
            Constant::Str(s) => ConstValue::Str(Rc::new(s.clone())),
            Constant::Bytes(b) => ConstValue::Bytes(Rc::from(b.as_slice())),
        }
    }

    pub(crate) fn mangled(&self, name: &str) -> String {
        crate::symtable::mangle(self.unit_ref().private.as_deref(), name)
    }

    // ----- comparisons and conditions -----------------------------------------

    fn compare_one(&mut self, op: CmpOp) {
        match op {
            CmpOp::Is => self.emit(Opcode::IS_OP, 0),
            CmpOp::IsNot => self.emit(Opcode::IS_OP, 1),
            CmpOp::In => self.emit(Opcode::CONTAINS_OP, 0),
            CmpOp::NotIn => self.emit(Opcode::CONTAINS_OP, 1),
            _ => self.emit(Opcode::COMPARE_OP, compare_op_arg(op)),
        }
    }

    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) -> CResult {
        self.expr(left)?;
        if ops.len() == 1 {
            self.expr(&comparators[0])?;
            self.compare_one(ops[0]);
            return Ok(());
        }
        let cleanup = self.new_block();
        let n = ops.len();
        for i in 0..n - 1 {
            self.expr(&comparators[i])?;
            self.emit(Opcode::SWAP, 2);
            self.emit(Opcode::COPY, 2);
            self.compare_one(ops[i]);
            self.emit(Opcode::COPY, 1);
            self.emit(Opcode::TO_BOOL, 0);
            self.emit_jump(Opcode::POP_JUMP_IF_FALSE, cleanup);
            self.emit(Opcode::POP_TOP, 0);
        }
        self.expr(&comparators[n - 1])?;
        self.compare_one(ops[n - 1]);
        let end = self.new_block();
        self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
        self.place(cleanup);
        self.emit(Opcode::SWAP, 2);
        self.emit(Opcode::POP_TOP, 0);
        self.place(end);
        Ok(())
    }

    /// Jumps to `target` when `e` is `when` (CPython's `codegen_jump_if`),
    /// short-circuiting `and`, `or`, `not` and chained comparisons.
    pub fn jump_if(&mut self, e: &'a Expr, target: BlockId, when: bool) -> CResult {
        let saved = self.set_loc(e.range);
        let result = self.jump_if_inner(e, target, when);
        self.unit().loc = saved;
        result
    }

    fn jump_if_inner(&mut self, e: &'a Expr, target: BlockId, when: bool) -> CResult {
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, target, !when),
            ExprKind::BoolOp { op, values } => {
                let is_or = *op == BoolOp::Or;
                let (last, rest) = values.split_last().expect("a BoolOp has values");
                let next = if is_or == when {
                    target
                } else {
                    self.new_block()
                };
                for value in rest {
                    self.jump_if(value, next, is_or)?;
                }
                self.jump_if(last, target, when)?;
                if next != target {
                    self.place(next);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let other = self.new_block();
                self.jump_if(test, other, false)?;
                self.jump_if(body, target, when)?;
                self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
                self.place(other);
                self.jump_if(orelse, target, when)?;
                self.place(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() > 1 => {
                self.expr(left)?;
                let cleanup = self.new_block();
                let n = ops.len();
                for i in 0..n - 1 {
                    self.expr(&comparators[i])?;
                    self.emit(Opcode::SWAP, 2);
                    self.emit(Opcode::COPY, 2);
                    self.compare_one(ops[i]);
                    self.emit(Opcode::TO_BOOL, 0);
                    self.emit_jump(Opcode::POP_JUMP_IF_FALSE, cleanup);
                }
                self.expr(&comparators[n - 1])?;
                self.compare_one(ops[n - 1]);
                self.emit(Opcode::TO_BOOL, 0);
                let jump = if when {
                    Opcode::POP_JUMP_IF_TRUE
                } else {
                    Opcode::POP_JUMP_IF_FALSE
                };
                self.emit_jump(jump, target);
                let end = self.new_block();
                self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
                self.place(cleanup);
                self.emit(Opcode::POP_TOP, 0);
                if !when {
                    self.emit_jump(Opcode::JUMP_NO_INTERRUPT, target);
                }
                self.place(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.emit(Opcode::TO_BOOL, 0);
        let jump = if when {
            Opcode::POP_JUMP_IF_TRUE
        } else {
            Opcode::POP_JUMP_IF_FALSE
        };
        self.emit_jump(jump, target);
        Ok(())
    }

    // ----- subscripts and slices -----------------------------------------------

    /// A slice whose bounds are all literals (or absent): one constant.
    fn constant_slice(&self, slice: &Expr) -> Option<ConstValue> {
        let ExprKind::Slice { lower, upper, step } = &slice.kind else {
            return None;
        };
        let part = |p: &Option<Box<Expr>>| match p {
            None => Some(ConstValue::None),
            Some(e) => match &e.kind {
                ExprKind::Constant { value, .. } => Some(self.constant(value)),
                _ => None,
            },
        };
        Some(ConstValue::Slice(Rc::new([
            part(lower)?,
            part(upper)?,
            part(step)?,
        ])))
    }

    /// `x[a:b]` with non-constant bounds uses `BINARY_SLICE`/`STORE_SLICE`.
    fn is_two_part_slice(&self, slice: &Expr) -> bool {
        matches!(&slice.kind, ExprKind::Slice { step: None, .. })
            && self.constant_slice(slice).is_none()
    }

    /// The two bounds of a slice (`None` for a missing one).
    pub(crate) fn slice_bounds(&mut self, slice: &'a Expr) -> CResult {
        let ExprKind::Slice { lower, upper, .. } = &slice.kind else {
            unreachable!("a slice")
        };
        for part in [lower, upper] {
            match part {
                Some(p) => self.expr(p)?,
                None => {
                    let i = self.unit().add_const(ConstValue::None);
                    self.emit_at(Opcode::LOAD_CONST, i, Some(slice.range));
                }
            }
        }
        Ok(())
    }

    /// A slice object: a constant, or built from its parts.
    fn slice(&mut self, slice: &'a Expr, step: &'a Option<Box<Expr>>) -> CResult {
        if let Some(constant) = self.constant_slice(slice) {
            self.load_const(constant);
            return Ok(());
        }
        self.slice_bounds(slice)?;
        let mut n = 2;
        if let Some(step) = step {
            self.expr(step)?;
            n = 3;
        }
        self.emit(Opcode::BUILD_SLICE, n);
        Ok(())
    }

    fn subscript(
        &mut self,
        e: &'a Expr,
        value: &'a Expr,
        slice: &'a Expr,
        ctx: ExprContext,
    ) -> CResult {
        let loc = Some(e.range);
        self.expr(value)?;
        if self.is_two_part_slice(slice) && ctx != ExprContext::Del {
            self.slice_bounds(slice)?;
            let op = if ctx == ExprContext::Load {
                Opcode::BINARY_SLICE
            } else {
                Opcode::STORE_SLICE
            };
            self.emit_at(op, 0, loc);
            return Ok(());
        }
        self.expr(slice)?;
        match ctx {
            ExprContext::Load => self.emit_at(Opcode::BINARY_OP, NB_SUBSCR, loc),
            ExprContext::Store => self.emit_at(Opcode::STORE_SUBSCR, 0, loc),
            ExprContext::Del => self.emit_at(Opcode::DELETE_SUBSCR, 0, loc),
        }
        Ok(())
    }

    // ----- displays -----------------------------------------------------------

    /// `{k: v, **m}` (CPython's `codegen_dict`): runs of pairs become
    /// `BUILD_MAP`s merged with `DICT_UPDATE`.
    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CResult {
        let mut have_dict = false;
        let mut elements = 0usize;
        let n = values.len();
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.emit(Opcode::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.emit(Opcode::DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.emit(Opcode::DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.emit(Opcode::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Opcode::BUILD_MAP, 0);
        }
        Ok(())
    }

    /// The pairs `begin..end` of a dict display as one dict.
    fn subdict(
        &mut self,
        keys: &'a [Option<Expr>],
        values: &'a [Expr],
        begin: usize,
        end: usize,
    ) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.emit(Opcode::BUILD_MAP, 0);
        }
        for i in begin..end {
            self.expr(keys[i].as_ref().expect("pairs have keys"))?;
            self.expr(&values[i])?;
            if big {
                self.emit(Opcode::MAP_ADD, 1);
            }
        }
        if !big {
            self.emit(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn joined_str(&mut self, values: &'a [Expr]) -> CResult {
        if values.is_empty() {
            self.load_const(ConstValue::str(""));
            return Ok(());
        }
        for v in values {
            self.expr(v)?;
        }
        if values.len() > 1 {
            self.emit(Opcode::BUILD_STRING, values.len() as u32);
        }
        Ok(())
    }

    /// A t-string: the tuple of its strings (one more than its fields, the
    /// text around and between them), the tuple of its interpolations,
    /// `BUILD_TEMPLATE`.
    fn template_str(&mut self, values: &'a [Expr]) -> CResult {
        let mut fields = Vec::new();
        let mut strings = Vec::new();
        let mut pending: Option<&'a Expr> = None;
        for v in values {
            if matches!(v.kind, ExprKind::Interpolation { .. }) {
                strings.push(pending.take());
                fields.push(v);
            } else {
                pending = Some(v);
            }
        }
        strings.push(pending);
        for s in &strings {
            match s {
                Some(e) => self.expr(e)?,
                None => self.load_const(ConstValue::str("")),
            }
        }
        self.emit(Opcode::BUILD_TUPLE, strings.len() as u32);
        for f in &fields {
            self.expr(f)?;
        }
        self.emit(Opcode::BUILD_TUPLE, fields.len() as u32);
        self.emit(Opcode::BUILD_TEMPLATE, 0);
        Ok(())
    }

    /// One `{value!conversion:spec}` field of a t-string: the value, its
    /// source text and the spec, `BUILD_INTERPOLATION` with the conversion
    /// in bits 2 and up and bit 0 telling whether a spec was pushed.
    fn interpolation(
        &mut self,
        value: &'a Expr,
        source: &'a Constant,
        conversion: i32,
        spec: Option<&'a Expr>,
    ) -> CResult {
        self.expr(value)?;
        let c = self.constant(source);
        self.load_const(c);
        let mut oparg = 2 | (conversion_code(conversion) << 2);
        if let Some(spec) = spec {
            self.expr(spec)?;
            oparg |= 1;
        }
        self.emit(Opcode::BUILD_INTERPOLATION, oparg);
        Ok(())
    }

    fn formatted_value(
        &mut self,
        value: &'a Expr,
        conversion: i32,
        spec: Option<&'a Expr>,
    ) -> CResult {
        self.expr(value)?;
        let convert = conversion_code(conversion);
        if convert != 0 {
            self.emit(Opcode::CONVERT_VALUE, convert);
        }
        match spec {
            Some(spec) => {
                self.expr(spec)?;
                self.emit(Opcode::FORMAT_WITH_SPEC, 0);
            }
            None => self.emit(Opcode::FORMAT_SIMPLE, 0),
        }
        Ok(())
    }

    // ----- stores -------------------------------------------------------------

    /// Stores the value on top of the stack into `target`.
    pub fn store(&mut self, target: &'a Expr) -> CResult {
        match &target.kind {
            ExprKind::Name { id, .. } => {
                let saved = self.set_loc(target.range);
                let r = self.name_op(id, ExprContext::Store);
                self.unit().loc = saved;
                r
            }
            ExprKind::Attribute { value, attr, .. } => {
                self.attribute(target, value, attr, ExprContext::Store)
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.subscript(target, value, slice, ExprContext::Store)
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                self.unpack_targets(elts, target.range, ExprContext::Store)
            }
            ExprKind::Starred { .. } => Err(SyntaxError::syntax(
                "starred assignment target must be in a list or tuple",
                target.range,
            )),
            _ => Err(SyntaxError::syntax(
                "cannot assign to expression",
                target.range,
            )),
        }
    }

    /// `self.x = ...` anywhere inside a class (in its methods and the
    /// functions nested in them) records `x` for the class's
    /// `__static_attributes__`, as CPython does: by the name `self`.
    pub(crate) fn note_static_attribute(&mut self, value: &Expr, attr: &str) {
        let ExprKind::Name { id, .. } = &value.kind else {
            return;
        };
        if id != "self" {
            return;
        }
        let units = self.units.len();
        if let Some(class) = self.units[..units - 1]
            .iter_mut()
            .rev()
            .find(|u| u.kind == UnitKind::Class)
            && !class.static_attributes.iter().any(|a| a == attr)
        {
            class.static_attributes.push(attr.to_string());
        }
    }

    /// Unpacks the top of the stack into a tuple or list of targets.
    fn unpack_targets(&mut self, elts: &'a [Expr], range: TextRange, ctx: ExprContext) -> CResult {
        if ctx == ExprContext::Del {
            for e in elts {
                self.delete(e)?;
            }
            return Ok(());
        }
        let saved = self.set_loc(range);
        let star = elts
            .iter()
            .position(|e| matches!(e.kind, ExprKind::Starred { .. }));
        match star {
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred { .. }))
                    .count()
                    > 1
                {
                    return Err(SyntaxError::syntax(
                        "multiple starred expressions in assignment",
                        range,
                    ));
                }
                let after = (elts.len() - i - 1) as u32;
                if i >= 256 || after >= (1 << 24) {
                    return Err(SyntaxError::syntax(
                        "too many expressions in star-unpacking assignment",
                        range,
                    ));
                }
                self.emit(Opcode::UNPACK_EX, i as u32 | (after << 8));
            }
            None => self.emit(Opcode::UNPACK_SEQUENCE, elts.len() as u32),
        }
        self.unit().loc = saved;
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.store(value)?,
                _ => self.store(e)?,
            }
        }
        Ok(())
    }

    /// `del target`.
    pub fn delete(&mut self, target: &'a Expr) -> CResult {
        match &target.kind {
            ExprKind::Name { id, .. } => {
                let saved = self.set_loc(target.range);
                let r = self.name_op(id, ExprContext::Del);
                self.unit().loc = saved;
                r
            }
            ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => self.expr(target),
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                for e in elts {
                    self.delete(e)?;
                }
                Ok(())
            }
            _ => Err(SyntaxError::syntax(
                "cannot delete expression",
                target.range,
            )),
        }
    }

    // ----- functions, lambdas, comprehensions ----------------------------------

    fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> CResult {
        let flags = self.defaults(args)?;
        let scope = self
            .table
            .scope_for(e, ScopeRole::Body)
            .expect("a lambda has a scope");
        let line = self.line(e.range.start);
        self.enter_unit(UnitKind::Lambda, scope, "<lambda>", line);
        self.set_arg_counts(args);
        // A lambda's first constant is never a docstring.
        self.expr(body)?;
        if self.table.scopes[scope].generator {
            // A generator lambda returns its body's value without a line.
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
        } else {
            self.emit_at(Opcode::RETURN_VALUE, 0, Some(body.range));
            self.load_const_at(ConstValue::None);
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
        }
        let code = self.exit_unit()?;
        self.make_closure(code, flags)
    }

    pub(crate) fn set_arg_counts(&mut self, args: &Arguments) {
        let unit = self.unit();
        unit.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        unit.posonlyargcount = args.posonlyargs.len() as u32;
        unit.kwonlyargcount = args.kwonlyargs.len() as u32;
    }

    /// Pushes the defaults tuple and keyword defaults dict of a function;
    /// returns the `SET_FUNCTION_ATTRIBUTE` flags they need.
    pub(crate) fn defaults(&mut self, args: &'a Arguments) -> CResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.emit(Opcode::BUILD_TUPLE, args.defaults.len() as u32);
            flags |= function_attr::DEFAULTS;
        }
        let kwdefaults: Vec<(&Arg, &Expr)> = args
            .kwonlyargs
            .iter()
            .zip(&args.kw_defaults)
            .filter_map(|(a, d)| d.as_ref().map(|d| (a, d)))
            .collect();
        if !kwdefaults.is_empty() {
            for (arg, default) in &kwdefaults {
                let name = self.mangled(&arg.arg);
                self.load_const(ConstValue::str(&name));
                self.expr(default)?;
            }
            self.emit(Opcode::BUILD_MAP, kwdefaults.len() as u32);
            flags |= function_attr::KWDEFAULTS;
        }
        Ok(flags)
    }

    /// Makes a function from `code`, with its closure, and sets the
    /// attributes whose values are on the stack below it (`flags`).
    pub(crate) fn make_closure(
        &mut self,
        code: Rc<crate::code::CodeObject>,
        mut flags: u32,
    ) -> CResult {
        if !code.freevars().is_empty() {
            for name in code.freevars() {
                // The enclosing unit's cell (or free variable) of that name.
                let i = self.unit_ref().deref_index(name).ok_or_else(|| {
                    SyntaxError::syntax(
                        format!("no closure cell for '{name}'"),
                        TextRange::default(),
                    )
                })?;
                self.emit(Opcode::LOAD_CLOSURE, i);
            }
            self.emit(Opcode::BUILD_TUPLE, code.freevars().len() as u32);
            flags |= function_attr::CLOSURE;
        }
        self.load_const(ConstValue::Code(code));
        self.emit(Opcode::MAKE_FUNCTION, 0);
        // Set in the reverse of the order their values were pushed.
        for flag in [
            function_attr::CLOSURE,
            function_attr::ANNOTATIONS,
            function_attr::ANNOTATE,
            function_attr::KWDEFAULTS,
            function_attr::DEFAULTS,
        ] {
            if flags & flag != 0 {
                self.emit(Opcode::SET_FUNCTION_ATTRIBUTE, flag);
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: ComprehensionKind,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        generators: &'a [Comprehension],
    ) -> CResult {
        let scope = self
            .table
            .scope_for(e, ScopeRole::Body)
            .expect("a comprehension has a scope");
        if self.table.scopes[scope].coroutine
            && kind != ComprehensionKind::Generator
            && !self.is_async_context()
            && self.unit_ref().kind != UnitKind::Comprehension
        {
            return Err(SyntaxError::syntax(
                "asynchronous comprehension outside of an asynchronous function",
                e.range,
            ));
        }
        let c = Comp {
            kind,
            elt,
            value,
            generators,
        };
        if self.table.scopes[scope].inlined {
            return self.inlined_comprehension(e, scope, c);
        }
        let name = match kind {
            ComprehensionKind::List => "<listcomp>",
            ComprehensionKind::Set => "<setcomp>",
            ComprehensionKind::Dict => "<dictcomp>",
            ComprehensionKind::Generator => "<genexpr>",
        };
        let line = self.line(e.range.start);
        self.enter_unit(UnitKind::Comprehension, scope, name, line);
        self.unit().argcount = 1;
        let is_generator = kind == ComprehensionKind::Generator;
        let handler = self.new_block();
        if is_generator {
            self.setup_stop_iteration_handler(handler);
        } else {
            let build = match kind {
                ComprehensionKind::List => Opcode::BUILD_LIST,
                ComprehensionKind::Set => Opcode::BUILD_SET,
                _ => Opcode::BUILD_MAP,
            };
            self.emit(build, 0);
        }
        self.comprehension_loops(c, 0, 0, false)?;
        if is_generator {
            self.unit().fblocks.pop();
            self.load_const_at(ConstValue::None);
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
            self.place(handler);
            self.emit_at(
                Opcode::CALL_INTRINSIC_1,
                intrinsic1::STOPITERATION_ERROR,
                None,
            );
            self.emit_at(Opcode::RERAISE, 1, None);
        } else {
            self.emit(Opcode::RETURN_VALUE, 0);
        }
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        let code = self.exit_unit()?;
        self.make_closure(code, 0)?;
        self.expr(&generators[0].iter)?;
        self.emit(
            if generators[0].is_async != 0 {
                Opcode::GET_AITER
            } else {
                Opcode::GET_ITER
            },
            0,
        );
        self.emit(Opcode::CALL, 0);
        if self.table.scopes[scope].coroutine && !is_generator {
            self.emit(Opcode::GET_AWAITABLE, 0);
            self.load_const(ConstValue::None);
            self.yield_from(true)?;
        }
        Ok(())
    }

    /// The `for` clauses of a comprehension from `index` on, innermost adding
    /// the element to the collection `depth` iterators down the stack (or
    /// yielding it). The outermost iterator is already on the stack when the
    /// comprehension is inlined, else it is the `.0` argument.
    fn comprehension_loops(
        &mut self,
        c: Comp<'a>,
        index: usize,
        mut depth: u32,
        iter_on_stack: bool,
    ) -> CResult {
        let generator = &c.generators[index];
        if generator.is_async != 0 {
            return self.async_comprehension_loop(c, index, depth, iter_on_stack);
        }
        let iter_loc = Some(generator.iter.range);
        let mut looping = true;
        if !iter_on_stack {
            if index == 0 {
                self.emit(Opcode::LOAD_FAST, 0);
            } else {
                // `for y in [f(x)]` binds without iterating.
                let single = match &generator.iter.kind {
                    ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. }
                        if elts.len() == 1 =>
                    {
                        Some(&elts[0]).filter(|e| !matches!(e.kind, ExprKind::Starred { .. }))
                    }
                    _ => None,
                };
                match single {
                    Some(only) => {
                        self.expr(only)?;
                        looping = false;
                    }
                    None => {
                        self.expr(&generator.iter)?;
                        self.emit_at(Opcode::GET_ITER, 0, iter_loc);
                    }
                }
            }
        }
        let start = self.new_block();
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        if looping {
            depth += 1;
            self.place(start);
            self.emit_jump_at(Opcode::FOR_ITER, anchor, iter_loc);
        }
        self.store(&generator.target)?;
        for cond in &generator.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        let elt_loc = self.comprehension_body(c, index, depth)?;
        self.place(if_cleanup);
        if looping {
            self.emit_jump_at(Opcode::JUMP, start, elt_loc);
            self.place(anchor);
            self.emit_at(Opcode::END_FOR, 0, None);
            self.emit_at(Opcode::POP_ITER, 0, None);
        }
        Ok(())
    }

    /// What runs for each item of clause `index`: the next clause, or the
    /// element added to the result (or yielded); returns where the element
    /// is, for the loop's jump back.
    fn comprehension_body(
        &mut self,
        c: Comp<'a>,
        index: usize,
        depth: u32,
    ) -> CResult<Option<TextRange>> {
        let Comp {
            kind, elt, value, ..
        } = c;
        let mut elt_loc = Some(elt.range);
        if index + 1 < c.generators.len() {
            self.comprehension_loops(c, index + 1, depth, false)?;
            return Ok(elt_loc);
        }
        self.expr(elt)?;
        match kind {
            ComprehensionKind::Generator => {
                let saved = std::mem::replace(&mut self.unit().loc, elt_loc);
                self.yield_value()?;
                self.emit(Opcode::POP_TOP, 0);
                self.unit().loc = saved;
            }
            ComprehensionKind::List => self.emit_at(Opcode::LIST_APPEND, depth + 1, elt_loc),
            ComprehensionKind::Set => self.emit_at(Opcode::SET_ADD, depth + 1, elt_loc),
            ComprehensionKind::Dict => {
                let value = value.expect("a dict comprehension has a value");
                self.expr(value)?;
                elt_loc = Some(TextRange::new(elt.range.start, value.range.end));
                self.emit_at(Opcode::MAP_ADD, depth + 1, elt_loc);
            }
        }
        Ok(elt_loc)
    }

    /// An `async for` clause of a comprehension (CPython's
    /// `codegen_async_comprehension_generator`): `__anext__` awaited under
    /// a handler whose `END_ASYNC_FOR` ends the loop on
    /// `StopAsyncIteration`.
    fn async_comprehension_loop(
        &mut self,
        c: Comp<'a>,
        index: usize,
        depth: u32,
        iter_on_stack: bool,
    ) -> CResult {
        let generator = &c.generators[index];
        let iter_loc = Some(generator.iter.range);
        if !iter_on_stack {
            if index == 0 {
                self.emit(Opcode::LOAD_FAST, 0);
            } else {
                self.expr(&generator.iter)?;
                self.emit_at(Opcode::GET_AITER, 0, iter_loc);
            }
        }
        // In a generator expression's own code nothing set a location
        // yet: the awaiting instructions carry the clause's.
        let saved = self.unit().loc;
        if saved.is_none() {
            self.unit().loc = iter_loc;
        }
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        self.place(start);
        self.emit_jump(Opcode::SETUP_FINALLY, except);
        self.emit(Opcode::GET_ANEXT, 0);
        self.load_const(ConstValue::None);
        let send = self.yield_from(true)?;
        self.emit(Opcode::POP_BLOCK, 0);
        self.store(&generator.target)?;
        for cond in &generator.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        let elt_loc = self.comprehension_body(c, index, depth + 1)?;
        self.place(if_cleanup);
        self.emit_jump_at(Opcode::JUMP, start, elt_loc);
        self.place(except);
        self.emit_jump_at(Opcode::END_ASYNC_FOR, send, iter_loc);
        self.unit().loc = saved;
        Ok(())
    }

    /// A PEP 709 comprehension compiled in place: names it binds are saved
    /// with `LOAD_FAST_AND_CLEAR` and restored afterwards (also when it
    /// raises), and are fast locals while it runs, even in module and class
    /// code.
    fn inlined_comprehension(&mut self, e: &'a Expr, scope: usize, c: Comp<'a>) -> CResult {
        let Comp {
            kind, generators, ..
        } = c;
        let saved_loc = self.set_loc(e.range);
        self.expr(&generators[0].iter)?;
        self.emit(
            if generators[0].is_async != 0 {
                Opcode::GET_AITER
            } else {
                Opcode::GET_ITER
            },
            0,
        );
        let bound: Vec<String> = self.table.scopes[scope]
            .symbols
            .iter()
            .filter(|(_, s)| {
                s.flags & crate::symtable::flags::DEF_LOCAL != 0
                    && s.flags & crate::symtable::flags::DEF_NONLOCAL == 0
            })
            .map(|(n, _)| n.clone())
            .collect();
        self.unit().comprehension_overlays.push(scope);
        for name in &bound {
            let i = self.fast_or_cell_index(name);
            self.emit(Opcode::LOAD_FAST_AND_CLEAR, i);
            if self.scope_of(name) == SymbolScope::Cell {
                self.emit(Opcode::MAKE_CELL, i);
            }
        }
        let cleanup = self.new_block();
        if !bound.is_empty() {
            self.emit(Opcode::SWAP, bound.len() as u32 + 1);
            self.emit_jump(Opcode::SETUP_FINALLY, cleanup);
        }
        let body = self.new_block();
        self.place(body);
        let build = match kind {
            ComprehensionKind::List => Opcode::BUILD_LIST,
            ComprehensionKind::Set => Opcode::BUILD_SET,
            _ => Opcode::BUILD_MAP,
        };
        self.emit(build, 0);
        self.emit(Opcode::SWAP, 2);
        let result = self.comprehension_loops(c, 0, 0, true);
        if result.is_err() {
            self.unit().comprehension_overlays.pop();
            return result;
        }
        if !bound.is_empty() {
            let end = self.new_block();
            self.pop_block();
            self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
            self.place(cleanup);
            // An exception inside: drop the partial result, restore, re-raise.
            self.emit_at(Opcode::SWAP, 2, None);
            self.emit_at(Opcode::POP_TOP, 0, None);
            self.restore_bound(&bound);
            self.emit_at(Opcode::RERAISE, 0, None);
            self.place(end);
            self.restore_bound(&bound);
        }
        self.unit().comprehension_overlays.pop();
        self.unit().loc = saved_loc;
        Ok(())
    }

    fn fast_or_cell_index(&mut self, name: &str) -> u32 {
        if self.scope_of(name) == SymbolScope::Cell
            && let Some(i) = self.unit_ref().deref_index(name)
        {
            return i;
        }
        self.unit().varname(name)
    }

    /// Puts back the values the comprehension's names had before it.
    fn restore_bound(&mut self, bound: &[String]) {
        self.emit(Opcode::SWAP, bound.len() as u32 + 1);
        for name in bound.iter().rev() {
            let i = self.fast_or_cell_index(name);
            self.emit(Opcode::STORE_FAST_MAYBE_NULL, i);
        }
    }
}

/// The operand code of a conversion character (`!s`, `!r`, `!a`; 0 for
/// none), as `CONVERT_VALUE` and `BUILD_INTERPOLATION` take it.
fn conversion_code(conversion: i32) -> u32 {
    match conversion {
        115 => 1,
        114 => 2,
        97 => 3,
        _ => 0,
    }
}

/// What a comprehension builds: its kind, element (the key, for dicts),
/// value (dicts) and `for` clauses.
#[derive(Clone, Copy)]
struct Comp<'a> {
    kind: ComprehensionKind,
    elt: &'a Expr,
    value: Option<&'a Expr>,
    generators: &'a [Comprehension],
}
