//! Statements, blocks, functions and classes.

use super::expr::{binary_op_arg, intrinsic1};
use super::{CResult, Compiler, FrameBlock, UnitKind};
use crate::ast::*;
use crate::code::ConstValue;
use crate::error::SyntaxError;
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `LOAD_COMMON_CONSTANT` operands.
mod common_constant {
    pub const ASSERTION_ERROR: u32 = 0;
}

/// The docstring of a body: its first statement, when that is a string literal.
pub(crate) fn docstring(body: &[Stmt]) -> Option<&crate::text::PyStr> {
    match &body.first()?.kind {
        StmtKind::Expr { value } => match &value.kind {
            ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The docstring as CPython 3.13+ stores it: tabs expanded, leading spaces
/// of the first line dropped, and the common indentation of the other lines
/// removed (unlike `inspect.cleandoc`, blank lines at either end stay).
pub(crate) fn clean_doc(doc: &crate::text::PyStr) -> crate::text::PyStr {
    let Some(text) = doc.as_str() else {
        return doc.clone();
    };
    let expanded = expand_tabs(text);
    let lines: Vec<&str> = expanded.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start_matches(' ').is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut cleaned: Vec<&str> = Vec::with_capacity(lines.len());
    cleaned.push(lines[0].trim_start_matches(' '));
    for line in &lines[1..] {
        cleaned.push(&line[margin.min(indent(line))..]);
    }
    crate::text::PyStr::from(cleaned.join("\n"))
}

/// `str.expandtabs()`: tabs to the next multiple of 8 columns.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let pad = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

impl<'a> Compiler<'a> {
    /// A module's statements: the docstring stored as `__doc__`, then the body.
    pub(crate) fn module_body(&mut self, body: &'a [Stmt]) -> CResult {
        let st = &self.table.scopes[0];
        let loc = self.line_start(1).unwrap_or_default();
        if st.has_conditional_annotations {
            self.emit_at(Opcode::BUILD_SET, 0, Some(loc));
            let i = self.unit().add_name("__conditional_annotations__");
            self.emit_at(Opcode::STORE_NAME, i, Some(loc));
        }
        self.body(body, loc)
    }

    /// A module or class body (CPython's `codegen_body`): the docstring as
    /// `__doc__`, the statements, then the `__annotate__` function of the
    /// annotations they made.
    pub(crate) fn body(&mut self, body: &'a [Stmt], loc: TextRange) -> CResult {
        if self.future.annotations && super::defs::uses_annotations(body) {
            self.emit_at(Opcode::SETUP_ANNOTATIONS, 0, Some(loc));
        }
        let mut start = 0;
        if !self.interactive
            && let Some(doc) = docstring(body)
        {
            start = 1;
            let StmtKind::Expr { value } = &body[0].kind else {
                unreachable!()
            };
            let i = self
                .unit()
                .add_const(ConstValue::Str(Rc::new(clean_doc(doc))));
            self.emit_at(Opcode::LOAD_CONST, i, Some(value.range));
            let saved = self.unit().loc.take();
            self.name_op("__doc__", ExprContext::Store)?;
            self.unit().loc = saved;
        }
        for s in &body[start..] {
            self.stmt(s)?;
        }
        if !self.future.annotations {
            self.deferred_annotations(loc)?;
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &'a Stmt) -> CResult {
        let saved = self.set_loc(s.range);
        // Annotations inside these may not run (CPython's conditional blocks).
        let conditional = matches!(
            s.kind,
            StmtKind::For { .. }
                | StmtKind::AsyncFor { .. }
                | StmtKind::While { .. }
                | StmtKind::If { .. }
                | StmtKind::Match { .. }
                | StmtKind::Try { .. }
                | StmtKind::TryStar { .. }
                | StmtKind::With { .. }
                | StmtKind::AsyncWith { .. }
        );
        if conditional {
            self.unit().in_conditional_block += 1;
        }
        let result = self.stmt_inner(s);
        if conditional {
            self.unit().in_conditional_block -= 1;
        }
        self.unit().loc = saved;
        result
    }

    pub(crate) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> CResult {
        match &s.kind {
            StmtKind::FunctionDef { .. } | StmtKind::AsyncFunctionDef { .. } => {
                self.function_def(s)?
            }
            StmtKind::ClassDef { .. } => self.class_def(s)?,
            StmtKind::Return { value } => self.return_stmt(s, value.as_deref())?,
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Opcode::COPY, 1);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                value,
                simple,
                ..
            } => self.ann_assign(s, target, value.as_deref(), *simple != 0)?,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => self.for_stmt(s, target, iter, body, orelse)?,
            StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                ..
            } => self.async_for_stmt(target, iter, body, orelse)?,
            StmtKind::While { test, body, orelse } => {
                let head = self.new_block();
                let body_block = self.new_block();
                let anchor = self.new_block();
                let exit = self.new_block();
                self.place(head);
                self.unit()
                    .fblocks
                    .push(FrameBlock::WhileLoop { head, exit });
                self.jump_if(test, anchor, false)?;
                self.place(body_block);
                self.stmts(body)?;
                self.emit_jump_at(Opcode::JUMP, head, None);
                self.unit().fblocks.pop();
                self.place(anchor);
                self.stmts(orelse)?;
                self.place(exit);
            }
            StmtKind::If { test, body, orelse } => {
                let end = self.new_block();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_block()
                };
                self.jump_if(test, next, false)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, end, None);
                    self.place(next);
                    self.stmts(orelse)?;
                }
                self.place(end);
            }
            StmtKind::With { items, body, .. } => self.with_stmt(s, items, 0, body, false)?,
            StmtKind::AsyncWith { items, body, .. } => self.with_stmt(s, items, 0, body, true)?,
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases)?,
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.emit(Opcode::RAISE_VARARGS, n);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody, false)?;
                }
            }
            StmtKind::TryStar {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_star_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody, true)?;
                }
            }
            StmtKind::Assert { test, msg } => {
                let end = self.new_block();
                self.jump_if(test, end, true)?;
                self.emit(
                    Opcode::LOAD_COMMON_CONSTANT,
                    common_constant::ASSERTION_ERROR,
                );
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Opcode::CALL, 0);
                }
                let saved = self.set_loc(test.range);
                self.emit(Opcode::RAISE_VARARGS, 1);
                self.unit().loc = saved;
                self.place(end);
            }
            StmtKind::Import { names } => {
                for alias in names {
                    self.load_const(ConstValue::Int(0));
                    self.load_const(ConstValue::None);
                    let i = self.unit().add_name(&alias.name);
                    self.emit(Opcode::IMPORT_NAME, i);
                    match &alias.asname {
                        Some(asname) => self.import_as(&alias.name, asname)?,
                        None => {
                            let first = alias.name.split('.').next().unwrap_or(&alias.name);
                            self.name_op(first, ExprContext::Store)?;
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(module.as_deref(), names, *level)?,
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => {}
            StmtKind::Expr { value } => {
                if self.interactive && self.units.len() == 1 {
                    self.expr(value)?;
                    self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::PRINT);
                    self.emit_at(Opcode::POP_TOP, 0, None);
                } else if matches!(value.kind, ExprKind::Constant { .. }) {
                    // A constant statement only marks its line.
                    self.emit(Opcode::NOP, 0);
                } else {
                    self.expr(value)?;
                    self.emit_at(Opcode::POP_TOP, 0, None);
                }
            }
            StmtKind::Pass => self.emit(Opcode::NOP, 0),
            StmtKind::Break => self.break_continue(s, true)?,
            StmtKind::Continue => self.break_continue(s, false)?,
            StmtKind::TypeAlias { .. } => self.type_alias(s)?,
        }
        Ok(())
    }

    fn import_as(&mut self, name: &str, asname: &str) -> CResult {
        let mut parts = name.split('.').skip(1).peekable();
        if parts.peek().is_none() {
            return self.name_op(asname, ExprContext::Store);
        }
        while let Some(attr) = parts.next() {
            let i = self.unit().add_name(attr);
            self.emit(Opcode::IMPORT_FROM, i);
            if parts.peek().is_none() {
                break;
            }
            self.emit(Opcode::SWAP, 2);
            self.emit(Opcode::POP_TOP, 0);
        }
        self.name_op(asname, ExprContext::Store)?;
        self.emit(Opcode::POP_TOP, 0);
        Ok(())
    }

    fn import_from(&mut self, module: Option<&str>, names: &'a [Alias], level: i32) -> CResult {
        self.load_const(ConstValue::Int(i64::from(level)));
        let fromlist: Vec<ConstValue> = names.iter().map(|a| ConstValue::str(&a.name)).collect();
        self.load_const(ConstValue::Tuple(Rc::from(fromlist)));
        let i = self.unit().add_name(module.unwrap_or(""));
        self.emit(Opcode::IMPORT_NAME, i);
        if names.len() == 1 && names[0].name == "*" {
            if self.is_function_like_scope() {
                return Err(SyntaxError::syntax(
                    "import * only allowed at module level",
                    self.unit_ref().loc.unwrap_or_default(),
                ));
            }
            self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::IMPORT_STAR);
            self.emit_at(Opcode::POP_TOP, 0, None);
            return Ok(());
        }
        for alias in names {
            let i = self.unit().add_name(&alias.name);
            self.emit(Opcode::IMPORT_FROM, i);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.name_op(store, ExprContext::Store)?;
        }
        self.emit(Opcode::POP_TOP, 0);
        Ok(())
    }

    fn is_function_like_scope(&self) -> bool {
        !matches!(self.unit_ref().kind, UnitKind::Module | UnitKind::Class)
    }

    fn aug_assign(&mut self, target: &'a Expr, op: Operator, value: &'a Expr) -> CResult {
        let saved = self.set_loc(target.range);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.emit(Opcode::COPY, 1);
                let name = self.mangled(attr);
                let i = self.unit().add_name(&name);
                self.emit(Opcode::LOAD_ATTR, i << 1);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                if let ExprKind::Slice {
                    lower,
                    upper,
                    step: None,
                } = &slice.kind
                {
                    for part in [lower, upper] {
                        match part {
                            Some(p) => self.expr(p)?,
                            None => self.load_const(ConstValue::None),
                        }
                    }
                    self.emit(Opcode::COPY, 3);
                    self.emit(Opcode::COPY, 3);
                    self.emit(Opcode::COPY, 3);
                    self.emit(Opcode::BINARY_SLICE, 0);
                } else {
                    self.expr(slice)?;
                    self.emit(Opcode::COPY, 2);
                    self.emit(Opcode::COPY, 2);
                    self.emit(Opcode::BINARY_OP, super::expr::NB_SUBSCR);
                }
            }
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Load)?,
            _ => {
                return Err(SyntaxError::syntax(
                    "illegal expression for augmented assignment",
                    target.range,
                ));
            }
        }
        self.unit().loc = saved;
        self.expr(value)?;
        self.emit(Opcode::BINARY_OP, binary_op_arg(op, true));
        let saved = self.set_loc(target.range);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.emit(Opcode::SWAP, 2);
                let name = self.mangled(attr);
                let i = self.unit().add_name(&name);
                self.emit(Opcode::STORE_ATTR, i);
            }
            ExprKind::Subscript { slice, .. } => {
                if matches!(&slice.kind, ExprKind::Slice { step: None, .. }) {
                    self.emit(Opcode::SWAP, 4);
                    self.emit(Opcode::SWAP, 3);
                    self.emit(Opcode::SWAP, 2);
                    self.emit(Opcode::STORE_SLICE, 0);
                } else {
                    self.emit(Opcode::SWAP, 3);
                    self.emit(Opcode::SWAP, 2);
                    self.emit(Opcode::STORE_SUBSCR, 0);
                }
            }
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Store)?,
            _ => unreachable!("checked above"),
        }
        self.unit().loc = saved;
        Ok(())
    }

    fn for_stmt(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        let start = self.new_block();
        let body_block = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.unit().fblocks.push(FrameBlock::ForLoop {
            head: start,
            exit: end,
        });
        self.expr(iter)?;
        let saved = self.set_loc(iter.range);
        self.emit(Opcode::GET_ITER, 0);
        self.place(start);
        self.emit_jump(Opcode::FOR_ITER, cleanup);
        self.set_loc(target.range);
        self.emit(Opcode::NOP, 0);
        self.unit().loc = saved;
        self.place(body_block);
        self.store(target)?;
        self.stmts(body)?;
        self.emit_jump_at(Opcode::JUMP, start, None);
        self.place(cleanup);
        self.emit_at(Opcode::END_FOR, 0, None);
        self.emit_at(Opcode::POP_ITER, 0, None);
        self.unit().fblocks.pop();
        let _ = s;
        self.stmts(orelse)?;
        self.place(end);
        Ok(())
    }

    /// `break` and `continue` (CPython's `codegen_break`/`codegen_continue`).
    fn break_continue(&mut self, s: &'a Stmt, is_break: bool) -> CResult {
        self.emit(Opcode::NOP, 0);
        let mut loc = Some(s.range);
        let Some(loop_block) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(SyntaxError::syntax(msg, s.range));
        };
        let (head, exit) = match loop_block {
            FrameBlock::WhileLoop { head, exit } | FrameBlock::ForLoop { head, exit } => {
                (head, exit)
            }
            _ => unreachable!("a loop"),
        };
        if is_break {
            self.unwind_fblock(&loop_block, &mut loc, false)?;
        }
        self.emit_jump_at(Opcode::JUMP, if is_break { exit } else { head }, loc);
        Ok(())
    }

    fn return_stmt(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> CResult {
        if !self.is_function_like_scope() {
            return Err(SyntaxError::syntax("'return' outside function", s.range));
        }
        let scope = &self.table.scopes[self.unit_ref().scope];
        if value.is_some() && scope.coroutine && scope.generator {
            return Err(SyntaxError::syntax(
                "'return' with value in async generator",
                s.range,
            ));
        }
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant { .. }));
        let mut loc = Some(s.range);
        match value {
            Some(v) if preserve_tos => self.expr(v)?,
            Some(v) => {
                loc = Some(v.range);
                self.emit_at(Opcode::NOP, 0, loc);
            }
            None => {}
        }
        let same_line = value.is_some_and(|v| self.line(v.range.start) == self.line(s.range.start));
        if !same_line {
            loc = Some(s.range);
            self.emit_at(Opcode::NOP, 0, loc);
        }
        self.unwind_fblock_stack(&mut loc, preserve_tos, false)?;
        match value {
            None => {
                let i = self.unit().add_const(ConstValue::None);
                self.emit_at(Opcode::LOAD_CONST, i, loc);
            }
            Some(v) if !preserve_tos => {
                let ExprKind::Constant { value: c, .. } = &v.kind else {
                    unreachable!()
                };
                let c = self.constant(c);
                let i = self.unit().add_const(c);
                self.emit_at(Opcode::LOAD_CONST, i, loc);
            }
            Some(_) => {}
        }
        self.emit_at(Opcode::RETURN_VALUE, 0, loc);
        Ok(())
    }

    /// Unwinds the frame blocks a `return`, `break` or `continue` leaves
    /// (CPython's `compiler_unwind_fblock_stack`). With `to_loop`, stops at
    /// the innermost loop and returns it.
    fn unwind_fblock_stack(
        &mut self,
        loc: &mut Option<crate::text::TextRange>,
        preserve_tos: bool,
        to_loop: bool,
    ) -> CResult<Option<FrameBlock<'a>>> {
        let Some(top) = self.unit().fblocks.last().cloned() else {
            return Ok(None);
        };
        if matches!(top, FrameBlock::ExceptionGroupHandler) {
            return Err(SyntaxError::syntax(
                "'break', 'continue' and 'return' cannot appear in an except* block",
                loc.unwrap_or_default(),
            ));
        }
        if to_loop
            && matches!(
                top,
                FrameBlock::WhileLoop { .. } | FrameBlock::ForLoop { .. }
            )
        {
            return Ok(Some(top));
        }
        let block = self.unit().fblocks.pop().expect("checked");
        let result = self
            .unwind_fblock(&block, loc, preserve_tos)
            .and_then(|()| self.unwind_fblock_stack(loc, preserve_tos, to_loop));
        self.unit().fblocks.push(block);
        result
    }

    /// Emits what leaving one frame block early takes.
    pub(crate) fn unwind_fblock(
        &mut self,
        block: &FrameBlock<'a>,
        loc: &mut Option<crate::text::TextRange>,
        preserve_tos: bool,
    ) -> CResult {
        let at = *loc;
        match block {
            FrameBlock::WhileLoop { .. }
            | FrameBlock::ExceptionHandler
            | FrameBlock::ExceptionGroupHandler
            | FrameBlock::StopIteration => {}
            FrameBlock::ForLoop { .. } => {
                // Pops the iterator.
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_TOP, 0, at);
            }
            FrameBlock::TryExcept => self.emit_at(Opcode::POP_BLOCK, 0, at),
            FrameBlock::FinallyTry { body } => {
                self.emit_at(Opcode::POP_BLOCK, 0, at);
                if preserve_tos {
                    self.unit().fblocks.push(FrameBlock::PopValue);
                }
                let saved = self.unit().loc;
                self.stmts(body)?;
                self.unit().loc = saved;
                if preserve_tos {
                    self.unit().fblocks.pop();
                }
                *loc = None;
            }
            FrameBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_TOP, 0, at);
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_BLOCK, 0, at);
                self.emit_at(Opcode::POP_EXCEPT, 0, at);
            }
            FrameBlock::With { is_async, range } => {
                let at = Some(*range);
                *loc = at;
                self.emit_at(Opcode::POP_BLOCK, 0, at);
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 3, at);
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                let saved = std::mem::replace(&mut self.unit().loc, at);
                self.call_exit_with_nones();
                if *is_async {
                    self.emit(Opcode::GET_AWAITABLE, 2);
                    self.load_const(ConstValue::None);
                    self.yield_from(true)?;
                }
                self.emit(Opcode::POP_TOP, 0);
                self.unit().loc = saved;
                *loc = None;
            }
            FrameBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit_at(Opcode::POP_BLOCK, 0, at);
                }
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_BLOCK, 0, at);
                self.emit_at(Opcode::POP_EXCEPT, 0, at);
                if let Some(name) = name {
                    let saved = std::mem::replace(&mut self.unit().loc, at);
                    self.load_const(ConstValue::None);
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                    self.unit().loc = saved;
                }
            }
            FrameBlock::PopValue => {
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_TOP, 0, at);
            }
        }
        Ok(())
    }

    /// Sets up the handler that turns a `StopIteration` escaping a generator
    /// or coroutine body into a `RuntimeError`. Its range starts at the
    /// `RESUME`, so the set-up goes just before it.
    pub(crate) fn setup_stop_iteration_handler(&mut self, handler: super::BlockId) {
        let unit = self.unit();
        let entry = unit.order[0];
        let instrs = &mut unit.blocks[entry].instrs;
        let at = instrs
            .iter()
            .position(|i| i.op == Opcode::RESUME)
            .unwrap_or(instrs.len());
        instrs.insert(
            at,
            super::Instr {
                op: Opcode::SETUP_CLEANUP,
                arg: 0,
                target: Some(handler),
                loc: None,
            },
        );
        unit.fblocks.push(FrameBlock::StopIteration);
    }

    pub(crate) fn load_const_at(&mut self, value: ConstValue) {
        let i = self.unit().add_const(value);
        self.emit_at(Opcode::LOAD_CONST, i, None);
    }
}
