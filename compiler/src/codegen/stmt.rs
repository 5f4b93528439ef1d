//! Statements, blocks, functions and classes.

use super::expr::{binary_op_arg, intrinsic1};
use super::{CResult, Compiler, FrameBlock, UnitKind};
use crate::ast::*;
use crate::code::{ConstValue, flags as co};
use crate::error::SyntaxError;
use crate::symtable::{ScopeKind, ScopeRole};
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `LOAD_COMMON_CONSTANT` operands.
mod common_constant {
    pub const ASSERTION_ERROR: u32 = 0;
}

/// `LOAD_SPECIAL` operands.
mod special {
    pub const ENTER: u32 = 0;
    pub const EXIT: u32 = 1;
    pub const AENTER: u32 = 2;
    pub const AEXIT: u32 = 3;
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
        if st.has_conditional_annotations && !self.future.annotations {
            self.emit_at(Opcode::BUILD_SET, 0, None);
            let i = self.unit().add_name("__conditional_annotations__");
            self.emit_at(Opcode::STORE_NAME, i, None);
        }
        self.body(body)
    }

    /// A module or class body (CPython's `codegen_body`).
    pub(crate) fn body(&mut self, body: &'a [Stmt]) -> CResult {
        let mut start = 0;
        if !self.interactive
            && let Some(doc) = docstring(body)
        {
            start = 1;
            let StmtKind::Expr { value } = &body[0].kind else {
                unreachable!()
            };
            self.set_loc(value.range);
            self.load_const(ConstValue::Str(Rc::new(clean_doc(doc))));
            self.unit().loc = None;
            self.name_op("__doc__", ExprContext::Store)?;
        }
        for s in &body[start..] {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &'a Stmt) -> CResult {
        let saved = self.set_loc(s.range);
        let result = self.stmt_inner(s);
        self.unit().loc = saved;
        result
    }

    fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
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
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store(target)?;
                } else if *simple == 0 || !matches!(target.kind, ExprKind::Name { .. }) {
                    // `obj.attr: int` still evaluates `obj`.
                    match &target.kind {
                        ExprKind::Attribute { value, .. } => {
                            self.expr(value)?;
                            self.emit(Opcode::POP_TOP, 0);
                        }
                        ExprKind::Subscript { value, slice, .. } => {
                            self.expr(value)?;
                            self.emit(Opcode::POP_TOP, 0);
                            self.expr(slice)?;
                            self.emit(Opcode::POP_TOP, 0);
                        }
                        _ => {}
                    }
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => self.for_stmt(s, target, iter, body, orelse)?,
            StmtKind::AsyncFor { .. } => {
                return Err(SyntaxError::syntax(
                    "async for is not supported yet",
                    s.range,
                ));
            }
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
            StmtKind::AsyncWith { .. } => {
                return Err(SyntaxError::syntax(
                    "async with is not supported yet",
                    s.range,
                ));
            }
            StmtKind::Match { .. } => {
                return Err(SyntaxError::syntax("match is not supported yet", s.range));
            }
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
                self.emit(Opcode::NOP, 0);
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)?;
                }
            }
            StmtKind::TryStar { .. } => {
                return Err(SyntaxError::syntax("except* is not supported yet", s.range));
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
            StmtKind::TypeAlias { .. } => {
                return Err(SyntaxError::syntax(
                    "type aliases are not supported yet",
                    s.range,
                ));
            }
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
            FrameBlock::WhileLoop { head, exit } => (head, exit, false),
            FrameBlock::ForLoop { head, exit } => (head, exit, true),
            _ => unreachable!("a loop"),
        }
        .pipe_loop(self, &mut loc, is_break);
        let target = if is_break { exit } else { head };
        let saved = std::mem::replace(&mut self.unit().loc, loc);
        self.emit_jump(Opcode::JUMP, target);
        self.unit().loc = saved;
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
            | FrameBlock::AsyncComprehensionGenerator
            | FrameBlock::StopIteration => {}
            FrameBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit_at(Opcode::SWAP, 2, at);
                }
                self.emit_at(Opcode::POP_ITER, 0, at);
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

    fn call_exit_with_nones(&mut self) {
        self.load_const(ConstValue::None);
        self.load_const(ConstValue::None);
        self.load_const(ConstValue::None);
        self.emit(Opcode::CALL, 3);
    }

    // ----- try ----------------------------------------------------------------

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_block = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.emit_jump(Opcode::SETUP_FINALLY, except);
        self.place(body_block);
        self.unit().fblocks.push(FrameBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.stmts(orelse)?;
        self.emit_jump_at(Opcode::JUMP, end, None);
        self.place(except);
        self.emit_jump_at(Opcode::SETUP_CLEANUP, cleanup, None);
        self.emit_at(Opcode::PUSH_EXC_INFO, 0, None);
        self.unit().fblocks.push(FrameBlock::ExceptionHandler);
        for (i, handler) in handlers.iter().enumerate() {
            let saved = self.set_loc(handler.range);
            if handler.typ.is_none() && i + 1 < handlers.len() {
                return Err(SyntaxError::syntax(
                    "default 'except:' must be last",
                    handler.range,
                ));
            }
            let next = self.new_block();
            if let Some(t) = &handler.typ {
                self.expr(t)?;
                self.emit(Opcode::CHECK_EXC_MATCH, 0);
                self.emit_jump(Opcode::POP_JUMP_IF_FALSE, next);
            }
            match &handler.name {
                Some(name) => {
                    let cleanup_end = self.new_block();
                    let cleanup_body = self.new_block();
                    self.name_op(name, ExprContext::Store)?;
                    self.emit_jump(Opcode::SETUP_CLEANUP, cleanup_end);
                    self.place(cleanup_body);
                    self.unit().fblocks.push(FrameBlock::HandlerCleanup {
                        name: Some(name.clone()),
                    });
                    self.stmts(&handler.body)?;
                    self.unit().fblocks.pop();
                    self.unit().loc = None;
                    self.emit(Opcode::POP_BLOCK, 0);
                    self.emit(Opcode::POP_BLOCK, 0);
                    self.emit(Opcode::POP_EXCEPT, 0);
                    self.load_const(ConstValue::None);
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                    self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
                    self.place(cleanup_end);
                    self.load_const(ConstValue::None);
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                    self.emit(Opcode::RERAISE, 1);
                }
                None => {
                    let cleanup_body = self.new_block();
                    self.emit(Opcode::POP_TOP, 0);
                    self.place(cleanup_body);
                    self.unit()
                        .fblocks
                        .push(FrameBlock::HandlerCleanup { name: None });
                    self.stmts(&handler.body)?;
                    self.unit().fblocks.pop();
                    self.unit().loc = None;
                    self.emit(Opcode::POP_BLOCK, 0);
                    self.emit(Opcode::POP_EXCEPT, 0);
                    self.emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
                }
            }
            self.unit().loc = saved;
            self.place(next);
        }
        self.unit().fblocks.pop();
        self.emit_at(Opcode::RERAISE, 0, None);
        self.place(cleanup);
        self.pop_except_and_reraise();
        self.place(end);
        Ok(())
    }

    fn pop_except_and_reraise(&mut self) {
        self.emit_at(Opcode::COPY, 3, None);
        self.emit_at(Opcode::POP_EXCEPT, 0, None);
        self.emit_at(Opcode::RERAISE, 1, None);
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> CResult {
        let body_block = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.emit_jump(Opcode::SETUP_FINALLY, end);
        self.place(body_block);
        self.unit()
            .fblocks
            .push(FrameBlock::FinallyTry { body: finalbody });
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.unit().fblocks.pop();
        self.stmts(finalbody)?;
        self.emit_jump_at(Opcode::JUMP, exit, None);
        self.place(end);
        self.emit_jump_at(Opcode::SETUP_CLEANUP, cleanup, None);
        self.emit_at(Opcode::PUSH_EXC_INFO, 0, None);
        self.unit().fblocks.push(FrameBlock::FinallyEnd);
        self.stmts(finalbody)?;
        self.unit().fblocks.pop();
        self.emit_at(Opcode::RERAISE, 0, None);
        self.place(cleanup);
        self.pop_except_and_reraise();
        self.place(exit);
        Ok(())
    }

    // ----- with ---------------------------------------------------------------

    fn with_stmt(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        pos: usize,
        body: &'a [Stmt],
        is_async: bool,
    ) -> CResult {
        let item = &items[pos];
        let block = self.new_block();
        let final_block = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        let saved = self.set_loc(item.context_expr.range);
        let (enter, leave) = if is_async {
            (special::AENTER, special::AEXIT)
        } else {
            (special::ENTER, special::EXIT)
        };
        self.emit(Opcode::COPY, 1);
        self.emit(Opcode::LOAD_SPECIAL, leave);
        self.emit(Opcode::SWAP, 2);
        self.emit(Opcode::SWAP, 3);
        self.emit(Opcode::LOAD_SPECIAL, enter);
        self.emit(Opcode::CALL, 0);
        self.emit_jump(Opcode::SETUP_WITH, final_block);
        self.place(block);
        self.unit().fblocks.push(FrameBlock::With {
            is_async,
            range: s.range,
        });
        match &item.optional_vars {
            Some(v) => self.store(v)?,
            None => self.emit(Opcode::POP_TOP, 0),
        }
        self.unit().loc = saved;
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_stmt(s, items, pos + 1, body, is_async)?;
        }
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.unit().fblocks.pop();
        let saved = self.set_loc(s.range);
        self.call_exit_with_nones();
        self.emit(Opcode::POP_TOP, 0);
        self.emit_jump(Opcode::JUMP, exit);
        self.place(final_block);
        self.emit_jump(Opcode::SETUP_CLEANUP, cleanup);
        self.emit(Opcode::PUSH_EXC_INFO, 0);
        self.emit(Opcode::WITH_EXCEPT_START, 0);
        // Re-raise unless __exit__ returned true.
        let suppress = self.new_block();
        self.emit(Opcode::TO_BOOL, 0);
        self.emit_jump(Opcode::POP_JUMP_IF_TRUE, suppress);
        self.emit_at(Opcode::RERAISE, 2, None);
        self.place(suppress);
        self.emit_at(Opcode::POP_TOP, 0, None);
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.emit_at(Opcode::POP_EXCEPT, 0, None);
        self.emit_at(Opcode::POP_TOP, 0, None);
        self.emit_at(Opcode::POP_TOP, 0, None);
        self.emit_at(Opcode::POP_TOP, 0, None);
        self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, exit, None);
        self.place(cleanup);
        self.pop_except_and_reraise();
        self.unit().loc = saved;
        self.place(exit);
        Ok(())
    }

    // ----- functions and classes ----------------------------------------------

    fn decorators(&mut self, decorators: &'a [Expr]) -> CResult {
        for d in decorators {
            self.expr(d)?;
        }
        Ok(())
    }

    fn apply_decorators(&mut self, decorators: &'a [Expr]) {
        for d in decorators.iter().rev() {
            let saved = self.set_loc(d.range);
            self.emit(Opcode::CALL, 0);
            self.unit().loc = saved;
        }
    }

    fn function_def(&mut self, s: &'a Stmt) -> CResult {
        let (name, args, body, decorator_list, type_params, is_async) = match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                type_params,
                ..
            } => (name, args, body, decorator_list, type_params, false),
            StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                type_params,
                ..
            } => (name, args, body, decorator_list, type_params, true),
            _ => unreachable!("a function definition"),
        };
        if !type_params.is_empty() {
            return Err(SyntaxError::syntax(
                "generic functions are not supported yet",
                s.range,
            ));
        }
        self.decorators(decorator_list)?;
        let firstlineno = decorator_list
            .first()
            .map_or(self.line(s.range.start), |d| self.line(d.range.start));
        let flags = self.defaults(args)?;
        let scope = self
            .table
            .scope_for(s, ScopeRole::Body)
            .expect("a function has a scope");
        self.enter_unit(UnitKind::Function, scope, name, firstlineno);
        self.set_arg_counts(args);
        if is_async {
            self.unit().flags |= co::CO_COROUTINE;
        }
        if self
            .units
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|u| u.kind == UnitKind::Class)
        {
            self.unit().flags |= co::CO_METHOD;
        }
        let mut start = 0;
        if let Some(doc) = docstring(body) {
            start = 1;
            self.unit()
                .add_const(ConstValue::Str(Rc::new(clean_doc(doc))));
            self.unit().flags |= co::CO_HAS_DOCSTRING;
        }
        let st = &self.table.scopes[scope];
        let wrap = st.generator || st.coroutine;
        let handler = self.new_block();
        if wrap {
            self.setup_stop_iteration_handler(handler);
        }
        for stmt in &body[start..] {
            self.stmt(stmt)?;
        }
        // The implicit `return None` (dropped when unreachable).
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        if wrap {
            self.unit().fblocks.pop();
            self.place(handler);
            self.emit_at(
                Opcode::CALL_INTRINSIC_1,
                intrinsic1::STOPITERATION_ERROR,
                None,
            );
            self.emit_at(Opcode::RERAISE, 1, None);
        }
        let code = self.exit_unit()?;
        let saved = self.set_loc(s.range);
        self.make_closure(code, flags)?;
        self.apply_decorators(decorator_list);
        self.name_op(name, ExprContext::Store)?;
        self.unit().loc = saved;
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

    fn class_def(&mut self, s: &'a Stmt) -> CResult {
        let StmtKind::ClassDef {
            name,
            bases,
            keywords,
            body,
            decorator_list,
            type_params,
        } = &s.kind
        else {
            unreachable!("a class definition")
        };
        if !type_params.is_empty() {
            return Err(SyntaxError::syntax(
                "generic classes are not supported yet",
                s.range,
            ));
        }
        self.decorators(decorator_list)?;
        let firstlineno = decorator_list
            .first()
            .map_or(self.line(s.range.start), |d| self.line(d.range.start));
        let scope = self
            .table
            .scope_for(s, ScopeRole::Body)
            .expect("a class has a scope");
        self.enter_unit(UnitKind::Class, scope, name, firstlineno);
        self.unit().private = Some(name.clone());
        let header = Some(crate::text::TextRange::empty(s.range.start));
        self.unit().loc = header;
        self.name_op("__name__", ExprContext::Load)?;
        self.name_op("__module__", ExprContext::Store)?;
        let qualname = self.unit_ref().qualname.clone();
        self.load_const(ConstValue::str(&qualname));
        self.name_op("__qualname__", ExprContext::Store)?;
        self.load_const(ConstValue::Int(i64::from(firstlineno)));
        self.name_op("__firstlineno__", ExprContext::Store)?;
        let st = &self.table.scopes[scope];
        if st.needs_classdict {
            self.emit(Opcode::LOAD_LOCALS, 0);
            let i = self
                .unit_ref()
                .deref_index("__classdict__")
                .expect("a cell");
            self.emit(Opcode::STORE_DEREF, i);
        }
        if st.has_conditional_annotations {
            self.emit(Opcode::BUILD_SET, 0);
            let i = self
                .unit_ref()
                .deref_index("__conditional_annotations__")
                .expect("a cell");
            self.emit(Opcode::STORE_DEREF, i);
        }
        self.body(body)?;
        self.unit().loc = None;
        let mut attributes = self.unit_ref().static_attributes.clone();
        attributes.sort();
        let attributes: Vec<ConstValue> = attributes.iter().map(|a| ConstValue::str(a)).collect();
        self.load_const(ConstValue::Tuple(Rc::from(attributes)));
        self.name_op("__static_attributes__", ExprContext::Store)?;
        let st = &self.table.scopes[scope];
        if st.needs_classdict {
            let i = self
                .unit_ref()
                .deref_index("__classdict__")
                .expect("a cell");
            self.emit(Opcode::LOAD_CLOSURE, i);
            self.name_op("__classdictcell__", ExprContext::Store)?;
        }
        if st.needs_class_closure {
            let i = self.unit_ref().deref_index("__class__").expect("a cell");
            self.emit(Opcode::LOAD_CLOSURE, i);
            self.emit(Opcode::COPY, 1);
            self.name_op("__classcell__", ExprContext::Store)?;
        } else {
            self.load_const(ConstValue::None);
        }
        self.emit(Opcode::RETURN_VALUE, 0);
        let code = self.exit_unit()?;
        let saved = self.set_loc(s.range);
        self.emit(Opcode::LOAD_BUILD_CLASS, 0);
        self.emit(Opcode::PUSH_NULL, 0);
        self.make_closure(code, 0)?;
        self.load_const(ConstValue::str(name));
        self.call_helper(2, bases, None, keywords)?;
        self.apply_decorators(decorator_list);
        self.name_op(name, ExprContext::Store)?;
        self.unit().loc = saved;
        let _ = ScopeKind::Class;
        Ok(())
    }
}

/// Helper to pick the loop's jump target after unwinding the loop block itself
/// for `break` (a `for` loop's iterator must be popped on `break`).
trait LoopExit {
    fn pipe_loop(
        self,
        compiler: &mut Compiler<'_>,
        loc: &mut Option<crate::text::TextRange>,
        is_break: bool,
    ) -> (super::BlockId, super::BlockId);
}

impl LoopExit for (super::BlockId, super::BlockId, bool) {
    fn pipe_loop(
        self,
        compiler: &mut Compiler<'_>,
        loc: &mut Option<crate::text::TextRange>,
        is_break: bool,
    ) -> (super::BlockId, super::BlockId) {
        let (head, exit, is_for) = self;
        if is_break && is_for {
            compiler.emit_at(Opcode::POP_ITER, 0, *loc);
        }
        (head, exit)
    }
}
