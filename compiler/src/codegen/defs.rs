//! Definitions: functions, classes and type aliases, with the code objects
//! CPython 3.14 builds around them — PEP 649 `__annotate__` functions for
//! annotations and PEP 695 scopes for type parameters.

use super::expr::intrinsic1;
use super::stmt::{clean_doc, docstring};
use super::{CResult, Compiler, UnitKind};
use crate::ast::*;
use crate::code::{ConstValue, flags as co};
use crate::error::SyntaxError;
use crate::symtable::{ScopeKind, ScopeRole};
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `SET_FUNCTION_ATTRIBUTE` flags.
pub(crate) mod function_attr {
    pub const DEFAULTS: u32 = 1;
    pub const KWDEFAULTS: u32 = 2;
    pub const ANNOTATIONS: u32 = 4;
    pub const CLOSURE: u32 = 8;
    pub const ANNOTATE: u32 = 16;
}

/// `CALL_INTRINSIC_1` operands for type parameters.
mod intrinsic {
    pub const TYPEVAR: u32 = 7;
    pub const PARAMSPEC: u32 = 8;
    pub const TYPEVARTUPLE: u32 = 9;
    pub const SUBSCRIPT_GENERIC: u32 = 10;
    pub const TYPEALIAS: u32 = 11;
}

/// `CALL_INTRINSIC_2` operands.
mod intrinsic2 {
    pub const TYPEVAR_WITH_BOUND: u32 = 2;
    pub const TYPEVAR_WITH_CONSTRAINTS: u32 = 3;
    pub const SET_FUNCTION_TYPE_PARAMS: u32 = 4;
    pub const SET_TYPEPARAM_DEFAULT: u32 = 5;
}

/// `format` values `__annotate__` accepts (`VALUE_WITH_FAKE_GLOBALS`).
const ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS: i64 = 2;

/// `COMPARE_OP` operand for `>`.
const COMPARE_GREATER: u32 = (4 << 5) | 4;

/// `LOAD_COMMON_CONSTANT` operand for `NotImplementedError`.
const NOT_IMPLEMENTED_ERROR: u32 = 1;

/// The parts of a `def` or `async def`.
struct FunctionParts<'a> {
    name: &'a str,
    args: &'a Arguments,
    body: &'a [Stmt],
    decorators: &'a [Expr],
    returns: Option<&'a Expr>,
    type_params: &'a [TypeParam],
    is_async: bool,
}

fn function_parts(s: &Stmt) -> FunctionParts<'_> {
    match &s.kind {
        StmtKind::FunctionDef {
            name,
            args,
            body,
            decorator_list,
            returns,
            type_params,
            ..
        } => FunctionParts {
            name,
            args,
            body,
            decorators: decorator_list,
            returns: returns.as_deref(),
            type_params,
            is_async: false,
        },
        StmtKind::AsyncFunctionDef {
            name,
            args,
            body,
            decorator_list,
            returns,
            type_params,
            ..
        } => FunctionParts {
            name,
            args,
            body,
            decorators: decorator_list,
            returns: returns.as_deref(),
            type_params,
            is_async: true,
        },
        _ => unreachable!("a function definition"),
    }
}

/// Whether the statements of a module or class body (not of nested
/// functions or classes) hold a variable annotation.
pub(crate) fn uses_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. }
        | StmtKind::AsyncFor { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::If { body, orelse, .. } => uses_annotations(body) || uses_annotations(orelse),
        StmtKind::With { body, .. } | StmtKind::AsyncWith { body, .. } => uses_annotations(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        }
        | StmtKind::TryStar {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            uses_annotations(body)
                || handlers.iter().any(|h| uses_annotations(&h.body))
                || uses_annotations(orelse)
                || uses_annotations(finalbody)
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| uses_annotations(&c.body)),
        _ => false,
    })
}

impl<'a> Compiler<'a> {
    /// Column 0 of `line`, CPython's location for the implicit code at the
    /// start of a scope.
    pub(crate) fn line_start(&self, line: u32) -> Option<TextRange> {
        self.lines.line_start(line).map(TextRange::empty)
    }

    pub(crate) fn decorators(&mut self, decorators: &'a [Expr]) -> CResult {
        decorators.iter().try_for_each(|d| self.expr(d))
    }

    fn apply_decorators(&mut self, decorators: &'a [Expr]) {
        for d in decorators.iter().rev() {
            self.emit_at(Opcode::CALL, 0, Some(d.range));
        }
    }

    fn first_line(&self, s: &Stmt, decorators: &[Expr]) -> u32 {
        decorators
            .first()
            .map_or(self.line(s.range.start), |d| self.line(d.range.start))
    }

    // ----- functions ------------------------------------------------------------

    /// `def` and `async def` (CPython's `codegen_function`).
    pub(crate) fn function_def(&mut self, s: &'a Stmt) -> CResult {
        let f = function_parts(s);
        self.decorators(f.decorators)?;
        let firstlineno = self.first_line(s, f.decorators);
        let loc = Some(s.range);
        let saved = self.unit().loc.replace(s.range);
        let mut flags = self.defaults(f.args)?;
        let generic = !f.type_params.is_empty();
        let mut type_param_args = 0;
        if generic {
            type_param_args = u32::from(flags & function_attr::DEFAULTS != 0)
                + u32::from(flags & function_attr::KWDEFAULTS != 0);
            if type_param_args == 2 {
                self.emit(Opcode::SWAP, 2);
            }
            let scope = self
                .table
                .scope_for(s, ScopeRole::TypeParams)
                .expect("a generic function has a type-parameter scope");
            let name = format!("<generic parameters of {}>", f.name);
            self.enter_unit(UnitKind::TypeParams, scope, &name, firstlineno);
            self.unit().argcount = type_param_args;
            self.unit().loc = loc;
            self.type_params(f.type_params)?;
            for i in 0..type_param_args {
                self.emit_at(Opcode::LOAD_FAST, i, loc);
            }
        }
        flags |= self.function_annotations(s, f.args, f.returns)?;
        self.function_body(s, &f, flags, firstlineno)?;
        if generic {
            self.emit_at(Opcode::SWAP, 2, loc);
            self.emit_at(
                Opcode::CALL_INTRINSIC_2,
                intrinsic2::SET_FUNCTION_TYPE_PARAMS,
                loc,
            );
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
            let code = self.exit_unit()?;
            self.unit().loc = loc;
            self.make_closure(code, 0)?;
            if type_param_args > 0 {
                self.emit(Opcode::SWAP, type_param_args + 1);
                self.emit(Opcode::CALL, type_param_args - 1);
            } else {
                self.emit(Opcode::PUSH_NULL, 0);
                self.emit(Opcode::CALL, 0);
            }
        }
        self.apply_decorators(f.decorators);
        self.unit().loc = loc;
        self.name_op(f.name, ExprContext::Store)?;
        self.unit().loc = saved;
        Ok(())
    }

    /// The function's own code object, made into a function.
    fn function_body(
        &mut self,
        s: &'a Stmt,
        f: &FunctionParts<'a>,
        flags: u32,
        firstlineno: u32,
    ) -> CResult {
        let scope = self
            .table
            .scope_for(s, ScopeRole::Body)
            .expect("a function has a scope");
        self.enter_unit(UnitKind::Function, scope, f.name, firstlineno);
        self.set_arg_counts(f.args);
        if f.is_async {
            self.unit().flags |= co::CO_COROUTINE;
        }
        if self.table.scopes[scope]
            .parent
            .is_some_and(|p| self.table.scopes[p].kind == ScopeKind::Class)
            && self
                .units
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|u| u.kind == UnitKind::Class)
        {
            self.unit().flags |= co::CO_METHOD;
        }
        let mut first = 0;
        if let Some(doc) = docstring(f.body) {
            first = 1;
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
        for stmt in &f.body[first..] {
            self.stmt(stmt)?;
        }
        if wrap {
            self.load_const_at(ConstValue::None);
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
            self.unit().fblocks.pop();
            self.place(handler);
            self.emit_at(
                Opcode::CALL_INTRINSIC_1,
                intrinsic1::STOPITERATION_ERROR,
                None,
            );
            self.emit_at(Opcode::RERAISE, 1, None);
        }
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        let code = self.exit_unit()?;
        let saved = self.unit().loc.replace(s.range);
        self.make_closure(code, flags)?;
        self.unit().loc = saved;
        Ok(())
    }

    /// The `__annotate__` function of an annotated `def`; returns the flag
    /// that attaches it.
    fn function_annotations(
        &mut self,
        s: &'a Stmt,
        args: &'a Arguments,
        returns: Option<&'a Expr>,
    ) -> CResult<u32> {
        let annotated = args.any_annotated() || returns.is_some();
        if !annotated {
            return Ok(0);
        }
        let scope = self
            .table
            .scope_for(s, ScopeRole::Annotations)
            .expect("every annotated def has an annotation scope");
        let loc = s.range;
        self.enter_annotation_scope(scope, "__annotate__", loc);
        let mut count = 0;
        let ordered = args
            .args
            .iter()
            .chain(&args.posonlyargs)
            .chain(args.vararg.as_deref())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.as_deref());
        for arg in ordered {
            if let Some(annotation) = &arg.annotation {
                self.annotation_entry(&arg.arg, annotation, loc)?;
                count += 1;
            }
        }
        if let Some(r) = returns {
            self.annotation_entry("return", r, loc)?;
            count += 1;
        }
        self.emit_at(Opcode::BUILD_MAP, count, Some(loc));
        self.leave_annotation_scope(loc)?;
        Ok(function_attr::ANNOTATE)
    }

    /// One `name: value` pair of a function's annotations dict.
    fn annotation_entry(&mut self, name: &str, annotation: &'a Expr, loc: TextRange) -> CResult {
        let mangled = self.mangled(name);
        let i = self.unit().add_const(ConstValue::str(&mangled));
        self.emit_at(Opcode::LOAD_CONST, i, Some(loc));
        if self.future.annotations {
            // PEP 563: the annotation's source text, never evaluated.
            let text = crate::ast::unparse_annotation(annotation);
            let i = self.unit().add_const(ConstValue::str(&text));
            self.emit_at(Opcode::LOAD_CONST, i, Some(loc));
        } else if let ExprKind::Starred { value, .. } = &annotation.kind {
            // `*args: *Ts` stores the single item of the unpacked value.
            self.expr(value)?;
            self.emit_at(Opcode::UNPACK_SEQUENCE, 1, Some(loc));
        } else {
            self.expr(annotation)?;
        }
        Ok(())
    }

    /// Opens an annotation scope (CPython's `codegen_setup_annotations_scope`):
    /// one positional-only `format` parameter, and code that refuses formats
    /// above `VALUE_WITH_FAKE_GLOBALS`.
    pub(crate) fn enter_annotation_scope(&mut self, scope: usize, name: &str, loc: TextRange) {
        let line = self.line(loc.start);
        self.enter_unit(UnitKind::Annotation, scope, name, line);
        self.unit().argcount = 1;
        self.unit().posonlyargcount = 1;
        let at = Some(loc);
        self.emit_at(Opcode::LOAD_FAST, 0, at);
        let i = self
            .unit()
            .add_const(ConstValue::Int(ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS));
        self.emit_at(Opcode::LOAD_CONST, i, at);
        self.emit_at(Opcode::COMPARE_OP, COMPARE_GREATER, at);
        let body = self.new_block();
        self.emit_jump_at(Opcode::POP_JUMP_IF_FALSE, body, at);
        self.emit_at(Opcode::LOAD_COMMON_CONSTANT, NOT_IMPLEMENTED_ERROR, at);
        self.emit_at(Opcode::RAISE_VARARGS, 1, at);
        self.place(body);
    }

    /// Returns the value on the stack, closes the annotation scope (its
    /// parameter shows as `format`) and makes the function.
    pub(crate) fn leave_annotation_scope(&mut self, loc: TextRange) -> CResult {
        self.emit_at(Opcode::RETURN_VALUE, 0, Some(loc));
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        let code = self.exit_unit()?;
        let mut code = Rc::try_unwrap(code).unwrap_or_else(|rc| (*rc).clone());
        if let Some(first) = code.localsplusnames.first_mut() {
            *first = "format".into();
        }
        let saved = self.unit().loc.replace(loc);
        self.make_closure(Rc::new(code), 0)?;
        self.unit().loc = saved;
        Ok(())
    }

    // ----- variable annotations -------------------------------------------------

    /// `target: annotation [= value]` (CPython's `codegen_annassign`).
    pub(crate) fn ann_assign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        value: Option<&'a Expr>,
        simple: bool,
    ) -> CResult {
        let StmtKind::AnnAssign { annotation, .. } = &s.kind else {
            unreachable!("an annotated assignment")
        };
        if let Some(v) = value {
            self.expr(v)?;
            self.store(target)?;
        }
        let in_body = matches!(self.unit_ref().kind, UnitKind::Module | UnitKind::Class);
        match &target.kind {
            ExprKind::Name { id, .. } if simple && in_body => {
                if self.future.annotations {
                    // PEP 563: `__annotations__[name] = "source text"`.
                    let at = Some(s.range);
                    let text = crate::ast::unparse_annotation(annotation);
                    let i = self.unit().add_const(ConstValue::str(&text));
                    self.emit_at(Opcode::LOAD_CONST, i, at);
                    let n = self.unit().add_name("__annotations__");
                    self.emit_at(Opcode::LOAD_NAME, n, at);
                    let mangled = self.mangled(id);
                    let k = self.unit().add_const(ConstValue::str(&mangled));
                    self.emit_at(Opcode::LOAD_CONST, k, at);
                    self.emit_at(Opcode::STORE_SUBSCR, 0, at);
                    return Ok(());
                }
                let index = self.add_deferred_annotation(s);
                if let Some(index) = index {
                    let at = Some(s.range);
                    if self.unit_ref().kind == UnitKind::Class {
                        let i = self
                            .unit_ref()
                            .deref_index("__conditional_annotations__")
                            .expect("a class with conditional annotations has the cell");
                        self.emit_at(Opcode::LOAD_DEREF, i, at);
                    } else {
                        let i = self.unit().add_name("__conditional_annotations__");
                        self.emit_at(Opcode::LOAD_NAME, i, at);
                    }
                    let c = self.unit().add_const(ConstValue::Int(i64::from(index)));
                    self.emit_at(Opcode::LOAD_CONST, c, at);
                    self.emit_at(Opcode::SET_ADD, 1, at);
                    self.emit_at(Opcode::POP_TOP, 0, at);
                }
            }
            ExprKind::Attribute { value: obj, .. } if value.is_none() => {
                self.expr(obj)?;
                self.emit_at(Opcode::POP_TOP, 0, Some(obj.range));
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } if value.is_none() => {
                self.expr(obj)?;
                self.emit_at(Opcode::POP_TOP, 0, Some(obj.range));
                self.check_annotated_subscript(slice)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// `x[a:b, c]: T` still evaluates the parts of the subscript.
    fn check_annotated_subscript(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part)?;
                    self.emit_at(Opcode::POP_TOP, 0, Some(part.range));
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => elts
                .iter()
                .try_for_each(|e| self.check_annotated_subscript(e)),
            _ => {
                self.expr(e)?;
                self.emit_at(Opcode::POP_TOP, 0, Some(e.range));
                Ok(())
            }
        }
    }

    /// Records an annotation for the scope's `__annotate__`; returns its
    /// index in `__conditional_annotations__` when it may not run.
    fn add_deferred_annotation(&mut self, s: &'a Stmt) -> Option<u32> {
        let unit = self.unit();
        let index = (unit.kind == UnitKind::Module || unit.in_conditional_block > 0).then(|| {
            unit.next_annotation_index += 1;
            unit.next_annotation_index - 1
        });
        unit.deferred_annotations.push((s, index));
        index
    }

    /// After a module or class body: its `__annotate__` function, built from
    /// the annotations recorded (CPython's
    /// `codegen_process_deferred_annotations`). A module's goes right after
    /// its `RESUME`.
    pub(crate) fn deferred_annotations(&mut self, loc: TextRange) -> CResult {
        let annotations = std::mem::take(&mut self.unit().deferred_annotations);
        if annotations.is_empty() {
            return Ok(());
        }
        let kind = self.unit_ref().kind;
        let module = kind == UnitKind::Module;
        let outer = self.unit_ref().scope;
        let scope = self.table.scopes[outer]
            .annotation_block
            .expect("annotated bodies have an annotation block");
        // A module's set-up is emitted into a block of its own and moved to
        // the start afterwards.
        let setup = self.new_block();
        let resume_block = self.unit_ref().current;
        if module {
            self.place(setup);
        }
        let name = self.table.scopes[scope].name.clone();
        self.enter_annotation_scope(scope, &name, loc);
        self.emit_at(Opcode::BUILD_MAP, 0, Some(loc));
        for (s, index) in annotations {
            let StmtKind::AnnAssign {
                target, annotation, ..
            } = &s.kind
            else {
                unreachable!("annotations come from annotated assignments")
            };
            let ExprKind::Name { id, .. } = &target.kind else {
                unreachable!("only simple targets are recorded")
            };
            let at = Some(s.range);
            let not_set = self.new_block();
            if let Some(index) = index {
                let c = self.unit().add_const(ConstValue::Int(i64::from(index)));
                self.emit_at(Opcode::LOAD_CONST, c, at);
                if module {
                    let i = self.unit().add_name("__conditional_annotations__");
                    self.emit_at(Opcode::LOAD_GLOBAL, i << 1, at);
                } else {
                    let i = self
                        .unit_ref()
                        .deref_index("__conditional_annotations__")
                        .expect("the annotation scope sees the class's set");
                    self.emit_at(Opcode::LOAD_DEREF, i, at);
                }
                self.emit_at(Opcode::CONTAINS_OP, 0, at);
                self.emit_jump_at(Opcode::POP_JUMP_IF_FALSE, not_set, at);
            }
            self.expr(annotation)?;
            self.emit_at(Opcode::COPY, 2, at);
            let mangled = self.mangled(id);
            let c = self.unit().add_const(ConstValue::str(&mangled));
            self.emit_at(Opcode::LOAD_CONST, c, at);
            self.emit_at(Opcode::STORE_SUBSCR, 0, Some(loc));
            self.place(not_set);
        }
        self.leave_annotation_scope(loc)?;
        let store = if module {
            "__annotate__"
        } else {
            "__annotate_func__"
        };
        let saved = self.unit().loc.replace(loc);
        self.name_op(store, ExprContext::Store)?;
        self.unit().loc = saved;
        if module {
            self.move_setup_after_resume(setup, resume_block);
        }
        Ok(())
    }

    /// Moves the instructions of `setup` (which has no jumps) to just after
    /// the `RESUME` of the unit's entry block.
    fn move_setup_after_resume(&mut self, setup: super::BlockId, resume_block: super::BlockId) {
        let unit = self.unit();
        let instrs = std::mem::take(&mut unit.blocks[setup].instrs);
        let entry = unit.order[0];
        let at = unit.blocks[entry]
            .instrs
            .iter()
            .position(|i| i.op == Opcode::RESUME)
            .map_or(0, |p| p + 1);
        unit.blocks[entry].instrs.splice(at..at, instrs);
        // Carry on emitting where the body ended.
        unit.current = resume_block;
        let _ = unit
            .order
            .iter()
            .position(|&b| b == setup)
            .map(|p| unit.order.remove(p));
        unit.blocks[setup].placed = true;
    }

    // ----- type parameters ------------------------------------------------------

    /// Creates the type parameters, storing each under its name, and leaves
    /// a tuple of them (CPython's `codegen_type_params`).
    fn type_params(&mut self, params: &'a [TypeParam]) -> CResult {
        let mut seen_default = false;
        for tp in params {
            let loc = Some(tp.range);
            let (name, default) = match &tp.kind {
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                } => {
                    self.load_const_here(ConstValue::str(name), loc);
                    if let Some(bound) = bound {
                        self.type_param_function(bound, name, ScopeRole::TypeVarBound, tp, false)?;
                        let op = if matches!(bound.kind, ExprKind::Tuple { .. }) {
                            intrinsic2::TYPEVAR_WITH_CONSTRAINTS
                        } else {
                            intrinsic2::TYPEVAR_WITH_BOUND
                        };
                        self.emit_at(Opcode::CALL_INTRINSIC_2, op, loc);
                    } else {
                        self.emit_at(Opcode::CALL_INTRINSIC_1, intrinsic::TYPEVAR, loc);
                    }
                    (name, default_value)
                }
                TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                } => {
                    self.load_const_here(ConstValue::str(name), loc);
                    self.emit_at(Opcode::CALL_INTRINSIC_1, intrinsic::TYPEVARTUPLE, loc);
                    (name, default_value)
                }
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                } => {
                    self.load_const_here(ConstValue::str(name), loc);
                    self.emit_at(Opcode::CALL_INTRINSIC_1, intrinsic::PARAMSPEC, loc);
                    (name, default_value)
                }
            };
            if let Some(default) = default {
                seen_default = true;
                let starred = matches!(tp.kind, TypeParamKind::TypeVarTuple { .. });
                self.type_param_function(default, name, ScopeRole::TypeVarDefault, tp, starred)?;
                self.emit_at(
                    Opcode::CALL_INTRINSIC_2,
                    intrinsic2::SET_TYPEPARAM_DEFAULT,
                    loc,
                );
            } else if seen_default {
                return Err(SyntaxError::syntax(
                    format!("non-default type parameter '{name}' follows default type parameter"),
                    tp.range,
                ));
            }
            self.emit_at(Opcode::COPY, 1, loc);
            let saved = std::mem::replace(&mut self.unit().loc, loc);
            self.name_op(name, ExprContext::Store)?;
            self.unit().loc = saved;
        }
        self.emit_at(
            Opcode::BUILD_TUPLE,
            params.len() as u32,
            Some(params[0].range),
        );
        Ok(())
    }

    fn load_const_here(&mut self, value: ConstValue, loc: Option<TextRange>) {
        let i = self.unit().add_const(value);
        self.emit_at(Opcode::LOAD_CONST, i, loc);
    }

    /// The lazily evaluated bound or default of a type parameter: an
    /// annotation-like function taking `format` (default 1).
    fn type_param_function(
        &mut self,
        e: &'a Expr,
        name: &str,
        role: ScopeRole,
        tp: &'a TypeParam,
        allow_starred: bool,
    ) -> CResult {
        let loc = Some(e.range);
        self.load_const_here(ConstValue::Tuple(Rc::from(vec![ConstValue::Int(1)])), loc);
        let scope = self
            .table
            .scope_for(tp, role)
            .expect("type-parameter parts have scopes");
        self.enter_annotation_scope(scope, name, e.range);
        match &e.kind {
            ExprKind::Starred { value, .. } if allow_starred => {
                self.expr(value)?;
                self.emit_at(Opcode::UNPACK_SEQUENCE, 1, loc);
            }
            _ => self.expr(e)?,
        }
        self.emit_at(Opcode::RETURN_VALUE, 0, loc);
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        let code = self.exit_unit()?;
        let saved = std::mem::replace(&mut self.unit().loc, loc);
        self.make_closure(code, function_attr::DEFAULTS)?;
        self.unit().loc = saved;
        Ok(())
    }

    // ----- classes ----------------------------------------------------------------

    /// `class` (CPython's `codegen_class`).
    pub(crate) fn class_def(&mut self, s: &'a Stmt) -> CResult {
        let StmtKind::ClassDef {
            name,
            bases,
            keywords,
            decorator_list,
            type_params,
            ..
        } = &s.kind
        else {
            unreachable!("a class definition")
        };
        self.decorators(decorator_list)?;
        let firstlineno = self.first_line(s, decorator_list);
        let loc = Some(s.range);
        let saved = self.unit().loc;
        let generic = !type_params.is_empty();
        if generic {
            let scope = self
                .table
                .scope_for(s, ScopeRole::TypeParams)
                .expect("a generic class has a type-parameter scope");
            let params_name = format!("<generic parameters of {name}>");
            self.enter_unit(UnitKind::TypeParams, scope, &params_name, firstlineno);
            self.unit().private = Some(name.clone());
            self.type_params(type_params)?;
            self.unit().loc = loc;
            self.name_op(".type_params", ExprContext::Store)?;
        }
        self.class_body(s, firstlineno)?;
        self.unit().loc = loc;
        if generic {
            self.name_op(".type_params", ExprContext::Load)?;
            self.emit(Opcode::CALL_INTRINSIC_1, intrinsic::SUBSCRIPT_GENERIC);
            self.name_op(".generic_base", ExprContext::Store)?;
            self.call_helper(2, bases, Some(".generic_base"), keywords)?;
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
            let code = self.exit_unit()?;
            self.unit().loc = loc;
            self.make_closure(code, 0)?;
            self.emit(Opcode::PUSH_NULL, 0);
            self.emit(Opcode::CALL, 0);
        } else {
            self.call_helper(2, bases, None, keywords)?;
        }
        self.apply_decorators(decorator_list);
        self.unit().loc = loc;
        self.name_op(name, ExprContext::Store)?;
        self.unit().loc = saved;
        Ok(())
    }

    /// The class body's code object, made into a function, then
    /// `__build_class__`, the function and the name on the stack.
    fn class_body(&mut self, s: &'a Stmt, firstlineno: u32) -> CResult {
        let StmtKind::ClassDef {
            name,
            body,
            type_params,
            ..
        } = &s.kind
        else {
            unreachable!("a class definition")
        };
        let scope = self
            .table
            .scope_for(s, ScopeRole::Body)
            .expect("a class has a scope");
        self.enter_unit(UnitKind::Class, scope, name, firstlineno);
        self.unit().private = Some(name.clone());
        let header = self.line_start(firstlineno);
        self.unit().loc = header;
        self.name_op("__name__", ExprContext::Load)?;
        self.name_op("__module__", ExprContext::Store)?;
        let qualname = self.unit_ref().qualname.clone();
        self.load_const(ConstValue::str(&qualname));
        self.name_op("__qualname__", ExprContext::Store)?;
        self.load_const(ConstValue::Int(i64::from(firstlineno)));
        self.name_op("__firstlineno__", ExprContext::Store)?;
        if !type_params.is_empty() {
            self.name_op(".type_params", ExprContext::Load)?;
            self.name_op("__type_params__", ExprContext::Store)?;
        }
        let st = &self.table.scopes[scope];
        let (needs_classdict, conditional, needs_class_closure) = (
            st.needs_classdict,
            st.has_conditional_annotations,
            st.needs_class_closure,
        );
        if needs_classdict {
            self.emit(Opcode::LOAD_LOCALS, 0);
            let i = self
                .unit_ref()
                .deref_index("__classdict__")
                .expect("a cell");
            self.emit(Opcode::STORE_DEREF, i);
        }
        if conditional {
            self.emit(Opcode::BUILD_SET, 0);
            let i = self
                .unit_ref()
                .deref_index("__conditional_annotations__")
                .expect("a cell");
            self.emit(Opcode::STORE_DEREF, i);
        }
        self.body(body, header.unwrap_or(s.range))?;
        self.unit().loc = None;
        let mut attributes = self.unit_ref().static_attributes.clone();
        attributes.sort();
        let attributes: Vec<ConstValue> = attributes.iter().map(|a| ConstValue::str(a)).collect();
        self.load_const(ConstValue::Tuple(Rc::from(attributes)));
        self.name_op("__static_attributes__", ExprContext::Store)?;
        if needs_classdict {
            let i = self
                .unit_ref()
                .deref_index("__classdict__")
                .expect("a cell");
            self.emit(Opcode::LOAD_CLOSURE, i);
            self.name_op("__classdictcell__", ExprContext::Store)?;
        }
        if needs_class_closure {
            let i = self.unit_ref().deref_index("__class__").expect("a cell");
            self.emit(Opcode::LOAD_CLOSURE, i);
            self.emit(Opcode::COPY, 1);
            self.name_op("__classcell__", ExprContext::Store)?;
        } else {
            self.load_const(ConstValue::None);
        }
        self.emit(Opcode::RETURN_VALUE, 0);
        self.load_const_at(ConstValue::None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
        let code = self.exit_unit()?;
        let loc = Some(s.range);
        self.emit_at(Opcode::LOAD_BUILD_CLASS, 0, loc);
        self.emit_at(Opcode::PUSH_NULL, 0, loc);
        let saved = std::mem::replace(&mut self.unit().loc, loc);
        self.make_closure(code, 0)?;
        self.load_const(ConstValue::str(name));
        self.unit().loc = saved;
        Ok(())
    }

    // ----- type aliases -------------------------------------------------------------

    /// `type X[T] = value` (CPython's `codegen_typealias`).
    pub(crate) fn type_alias(&mut self, s: &'a Stmt) -> CResult {
        let StmtKind::TypeAlias {
            name,
            type_params,
            value,
        } = &s.kind
        else {
            unreachable!("a type alias")
        };
        let ExprKind::Name { id: name, .. } = &name.kind else {
            return Err(SyntaxError::syntax("a type alias needs a name", s.range));
        };
        let loc = Some(s.range);
        let generic = !type_params.is_empty();
        if generic {
            let scope = self
                .table
                .scope_for(s, ScopeRole::TypeParams)
                .expect("a generic alias has a type-parameter scope");
            let line = self.line(s.range.start);
            self.enter_unit(
                UnitKind::TypeParams,
                scope,
                &format!("<generic parameters of {name}>"),
                line,
            );
            self.load_const_here(ConstValue::str(name), loc);
            self.type_params(type_params)?;
        } else {
            self.load_const_here(ConstValue::str(name), loc);
            self.load_const_here(ConstValue::None, loc);
        }
        self.load_const_here(ConstValue::Tuple(Rc::from(vec![ConstValue::Int(1)])), loc);
        let scope = self
            .table
            .scope_for(s, ScopeRole::Body)
            .expect("a type alias has a value scope");
        self.enter_annotation_scope(scope, name, s.range);
        self.expr(value)?;
        self.emit_at(Opcode::RETURN_VALUE, 0, loc);
        let code = self.exit_unit()?;
        let saved = std::mem::replace(&mut self.unit().loc, loc);
        self.make_closure(code, function_attr::DEFAULTS)?;
        self.emit(Opcode::BUILD_TUPLE, 3);
        self.emit(Opcode::CALL_INTRINSIC_1, intrinsic::TYPEALIAS);
        if generic {
            self.emit_at(Opcode::RETURN_VALUE, 0, None);
            let code = self.exit_unit()?;
            self.unit().loc = loc;
            self.make_closure(code, 0)?;
            self.emit(Opcode::PUSH_NULL, 0);
            self.emit(Opcode::CALL, 0);
        }
        self.name_op(name, ExprContext::Store)?;
        self.unit().loc = saved;
        Ok(())
    }
}
