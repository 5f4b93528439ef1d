//! Statements that set up exception handlers: `try` (with `except`,
//! `except*`, `else` and `finally`), `with`/`async with`, and `async for`,
//! as CPython 3.14's code generator lays them out.

use super::{BlockId, CResult, Compiler, FrameBlock};
use crate::ast::*;
use crate::code::ConstValue;
use crate::error::SyntaxError;
use pyrite_bytecode::Opcode;

/// `LOAD_SPECIAL` operands.
mod special {
    pub const ENTER: u32 = 0;
    pub const EXIT: u32 = 1;
    pub const AENTER: u32 = 2;
    pub const AEXIT: u32 = 3;
}

/// `CALL_INTRINSIC_2` operand that combines the exceptions of `except*`.
const INTRINSIC_PREP_RERAISE_STAR: u32 = 1;

impl<'a> Compiler<'a> {
    /// `__exit__(None, None, None)`.
    pub(crate) fn call_exit_with_nones(&mut self) {
        for _ in 0..3 {
            self.load_const(ConstValue::None);
        }
        self.emit(Opcode::CALL, 3);
    }

    /// Restores the previous exception and re-raises the current one (the
    /// cleanup handler of an exception handler).
    fn pop_except_and_reraise(&mut self) {
        self.emit_at(Opcode::COPY, 3, None);
        self.emit_at(Opcode::POP_EXCEPT, 0, None);
        self.emit_at(Opcode::RERAISE, 1, None);
    }

    /// Emits `name = None; del name` without a location.
    fn clear_handler_name(&mut self, name: &str) -> CResult {
        let saved = self.unit().loc.take();
        self.load_const(ConstValue::None);
        self.name_op(name, ExprContext::Store)?;
        self.name_op(name, ExprContext::Del)?;
        self.unit().loc = saved;
        Ok(())
    }

    // ----- try/except -----------------------------------------------------------

    /// `try: ... except ...: ... else: ...` (CPython's `codegen_try_except`).
    pub(crate) fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_block = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let try_loc = self.unit_ref().loc;
        self.emit_jump(Opcode::SETUP_FINALLY, except);
        self.place(body_block);
        self.unit().fblocks.push(FrameBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.stmts(orelse)?;
        self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, end, None);
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
                    self.emit_at(Opcode::POP_BLOCK, 0, None);
                    self.emit_at(Opcode::POP_BLOCK, 0, None);
                    self.emit_at(Opcode::POP_EXCEPT, 0, None);
                    self.clear_handler_name(name)?;
                    self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, end, None);
                    self.place(cleanup_end);
                    self.clear_handler_name(name)?;
                    self.emit_at(Opcode::RERAISE, 1, None);
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
                    self.emit_at(Opcode::POP_BLOCK, 0, None);
                    self.emit_at(Opcode::POP_EXCEPT, 0, None);
                    self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, end, None);
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
        self.unit().loc = try_loc;
        Ok(())
    }

    /// `try: ... finally: ...` around a plain body or a `try`/`except`
    /// (CPython's `codegen_try_finally`); `star` for `except*`.
    pub(crate) fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        star: bool,
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
        } else if star {
            self.try_star_except(body, handlers, orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.unit().fblocks.pop();
        self.stmts(finalbody)?;
        self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, exit, None);
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

    /// `try: ... except* T: ...` (CPython's `codegen_try_star_except`): each
    /// handler takes the part of the group it matches; what it raises and
    /// what nothing matched are re-raised together at the end.
    pub(crate) fn try_star_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_block = self.new_block();
        let except_start = self.new_block();
        let orelse_block = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        let try_loc = self.unit_ref().loc;
        self.emit_jump(Opcode::SETUP_FINALLY, except_start);
        self.place(body_block);
        self.unit().fblocks.push(FrameBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, orelse_block, None);
        self.place(except_start);
        self.emit_jump_at(Opcode::SETUP_CLEANUP, cleanup, None);
        self.emit_at(Opcode::PUSH_EXC_INFO, 0, None);
        self.unit().fblocks.push(FrameBlock::ExceptionGroupHandler);
        let n = handlers.len();
        for (i, handler) in handlers.iter().enumerate() {
            let saved = self.set_loc(handler.range);
            let next_except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                // [orig] -> [orig, [], exc]: a list for what the handlers raise.
                self.emit(Opcode::BUILD_LIST, 0);
                self.emit(Opcode::COPY, 2);
            }
            if let Some(t) = &handler.typ {
                self.expr(t)?;
                self.emit(Opcode::CHECK_EG_MATCH, 0);
                self.emit(Opcode::COPY, 1);
                self.emit_jump(Opcode::POP_JUMP_IF_NONE, no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &handler.name {
                Some(name) => self.name_op(name, ExprContext::Store)?,
                None => self.emit(Opcode::POP_TOP, 0),
            }
            self.emit_jump(Opcode::SETUP_CLEANUP, cleanup_end);
            self.place(cleanup_body);
            self.unit().fblocks.push(FrameBlock::HandlerCleanup {
                name: handler.name.clone(),
            });
            self.stmts(&handler.body)?;
            self.unit().fblocks.pop();
            self.emit_at(Opcode::POP_BLOCK, 0, None);
            if let Some(name) = &handler.name {
                self.clear_handler_name(name)?;
            }
            self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, next_except, None);
            self.place(cleanup_end);
            if let Some(name) = &handler.name {
                self.clear_handler_name(name)?;
            }
            // What the handler raised joins the list.
            self.emit_at(Opcode::LIST_APPEND, 3, None);
            self.emit_at(Opcode::POP_TOP, 0, None);
            self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, except_with_error, None);
            self.place(next_except);
            self.emit_at(Opcode::NOP, 0, None);
            self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, except_with_error, None);
            self.place(no_match);
            self.emit(Opcode::POP_TOP, 0);
            self.place(except_with_error);
            if i + 1 == n {
                // The unmatched rest (or None) joins the list too.
                self.emit_at(Opcode::LIST_APPEND, 1, None);
                self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, reraise_star, None);
            }
            self.unit().loc = saved;
        }
        self.unit().fblocks.pop();
        let reraise = self.new_block();
        self.place(reraise_star);
        self.emit_at(Opcode::CALL_INTRINSIC_2, INTRINSIC_PREP_RERAISE_STAR, None);
        self.emit_at(Opcode::COPY, 1, None);
        self.emit_jump_at(Opcode::POP_JUMP_IF_NOT_NONE, reraise, None);
        self.emit_at(Opcode::POP_TOP, 0, None);
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.emit_at(Opcode::POP_EXCEPT, 0, None);
        self.emit_jump_at(Opcode::JUMP_NO_INTERRUPT, end, None);
        self.place(reraise);
        self.emit_at(Opcode::POP_BLOCK, 0, None);
        self.emit_at(Opcode::SWAP, 2, None);
        self.emit_at(Opcode::POP_EXCEPT, 0, None);
        self.emit_at(Opcode::RERAISE, 0, None);
        self.place(cleanup);
        self.pop_except_and_reraise();
        self.place(orelse_block);
        self.stmts(orelse)?;
        self.place(end);
        self.unit().loc = try_loc;
        Ok(())
    }

    // ----- with -------------------------------------------------------------------

    /// `with`/`async with`, one item at a time (CPython's `codegen_with_inner`
    /// and `codegen_async_with_inner`).
    pub(crate) fn with_stmt(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        pos: usize,
        body: &'a [Stmt],
        is_async: bool,
    ) -> CResult {
        if is_async && !self.is_async_context() {
            return Err(SyntaxError::syntax(
                "asynchronous with outside async function",
                s.range,
            ));
        }
        let item = &items[pos];
        let block = self.new_block();
        let final_block = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        let loc = item.context_expr.range;
        let saved = self.set_loc(loc);
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
        if is_async {
            self.emit(Opcode::GET_AWAITABLE, 1);
            self.load_const(ConstValue::None);
            self.yield_from(true)?;
        }
        self.emit_jump(Opcode::SETUP_WITH, final_block);
        self.place(block);
        self.unit().fblocks.push(FrameBlock::With {
            is_async,
            range: loc,
        });
        match &item.optional_vars {
            Some(v) => self.store(v)?,
            None => self.emit(Opcode::POP_TOP, 0),
        }
        if pos + 1 == items.len() {
            self.unit().loc = saved;
            self.stmts(body)?;
        } else {
            self.with_stmt(s, items, pos + 1, body, is_async)?;
        }
        self.unit().loc = Some(loc);
        self.unit().fblocks.pop();
        if is_async {
            self.emit(Opcode::POP_BLOCK, 0);
        } else {
            self.emit_at(Opcode::POP_BLOCK, 0, None);
        }
        // Success: __exit__(None, None, None).
        self.call_exit_with_nones();
        if is_async {
            self.emit(Opcode::GET_AWAITABLE, 2);
            self.load_const(ConstValue::None);
            self.yield_from(true)?;
        }
        self.emit(Opcode::POP_TOP, 0);
        self.emit_jump(Opcode::JUMP, exit);
        // Failure: __exit__ with the exception, which it may suppress.
        self.place(final_block);
        self.emit_jump(Opcode::SETUP_CLEANUP, cleanup);
        self.emit(Opcode::PUSH_EXC_INFO, 0);
        self.emit(Opcode::WITH_EXCEPT_START, 0);
        if is_async {
            self.emit(Opcode::GET_AWAITABLE, 2);
            self.load_const(ConstValue::None);
            self.yield_from(true)?;
        }
        self.with_except_finish(cleanup, exit);
        self.unit().loc = saved;
        Ok(())
    }

    /// Re-raises unless `__exit__` returned true, then leaves the handler.
    fn with_except_finish(&mut self, cleanup: BlockId, exit: BlockId) {
        let suppress = self.new_block();
        self.emit_at(Opcode::TO_BOOL, 0, None);
        self.emit_jump_at(Opcode::POP_JUMP_IF_TRUE, suppress, None);
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
        self.place(exit);
    }

    /// Whether `await`, `async for` and `async with` may appear here.
    pub(crate) fn is_async_context(&self) -> bool {
        self.table.scopes[self.unit_ref().scope].coroutine || self.top_level_await
    }

    // ----- async for -----------------------------------------------------------------

    /// `async for` (CPython's `codegen_async_for`): `__anext__` awaited under
    /// a handler whose `END_ASYNC_FOR` ends the loop on `StopAsyncIteration`.
    pub(crate) fn async_for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        let loc = self.unit_ref().loc;
        if !self.is_async_context() {
            return Err(SyntaxError::syntax(
                "asynchronous for outside async function",
                loc.unwrap_or_default(),
            ));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(iter)?;
        self.emit_at(Opcode::GET_AITER, 0, Some(iter.range));
        self.place(start);
        self.unit().fblocks.push(FrameBlock::ForLoop {
            head: start,
            exit: end,
        });
        self.emit_jump(Opcode::SETUP_FINALLY, except);
        self.emit(Opcode::GET_ANEXT, 0);
        self.load_const(ConstValue::None);
        // END_ASYNC_FOR names the END_SEND (for branch monitoring).
        let send = self.yield_from(true)?;
        self.emit(Opcode::POP_BLOCK, 0);
        self.emit(Opcode::NOT_TAKEN, 0);
        self.store(target)?;
        self.stmts(body)?;
        self.emit_jump_at(Opcode::JUMP, start, None);
        self.unit().fblocks.pop();
        self.place(except);
        self.emit_jump_at(Opcode::END_ASYNC_FOR, send, Some(iter.range));
        self.stmts(orelse)?;
        self.place(end);
        Ok(())
    }
}
