//! Calls, attribute access (with `super()` shortcuts) and the displays that
//! build argument lists, as CPython 3.14's code generator emits them.

use super::expr::intrinsic1;
use super::{CResult, Compiler};
use crate::ast::*;
use crate::code::ConstValue;
use crate::error::SyntaxError;
use crate::symtable::{SymbolScope, flags as symflags};
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// The most items pushed before building a collection in pieces (CPython's
/// `_PY_STACK_USE_GUIDELINE`).
pub(crate) const STACK_USE_GUIDELINE: usize = 30;

/// `LOAD_COMMON_CONSTANT` operands.
pub(crate) mod common_constant {
    pub const BUILTIN_TUPLE: u32 = 2;
    pub const BUILTIN_ALL: u32 = 3;
    pub const BUILTIN_ANY: u32 = 4;
}

/// How a collection display is built: the opcode that makes it, adds one
/// item, and adds the items of an iterable.
#[derive(Clone, Copy)]
pub(crate) struct Display {
    pub build: Opcode,
    pub add: Opcode,
    pub extend: Opcode,
    /// Converted to a tuple at the end.
    pub tuple: bool,
}

impl Display {
    pub const LIST: Display = Display {
        build: Opcode::BUILD_LIST,
        add: Opcode::LIST_APPEND,
        extend: Opcode::LIST_EXTEND,
        tuple: false,
    };
    pub const TUPLE: Display = Display {
        tuple: true,
        ..Display::LIST
    };
    pub const SET: Display = Display {
        build: Opcode::BUILD_SET,
        add: Opcode::SET_ADD,
        extend: Opcode::SET_UPDATE,
        tuple: false,
    };
}

fn is_starred(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Starred { .. })
}

impl<'a> Compiler<'a> {
    /// A location starting where the attribute name of `attr` starts, when
    /// the attribute access spans lines (so tracebacks point at the name).
    pub(crate) fn attr_location(&self, range: TextRange, attr: &Expr) -> TextRange {
        let ExprKind::Attribute { attr: name, .. } = &attr.kind else {
            return range;
        };
        if self.line(range.start) == self.line(attr.range.end) {
            return range;
        }
        let start = attr.range.end.saturating_sub(name.chars().count() as u32);
        TextRange::new(start, range.end.max(start))
    }

    /// `f(...)`.
    pub(crate) fn call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CResult {
        self.validate_keywords(keywords)?;
        if self.method_call(e, func, args, keywords)? {
            return Ok(());
        }
        self.expr(func)?;
        let skip = self.new_block();
        let optimized = self.builtin_generator_call(func, args, keywords, skip)?;
        self.emit_at(Opcode::PUSH_NULL, 0, Some(func.range));
        let saved = self.set_loc(e.range);
        let result = self.call_helper(0, args, None, keywords);
        self.unit().loc = saved;
        result?;
        let _ = optimized;
        self.place(skip);
        Ok(())
    }

    fn validate_keywords(&self, keywords: &[Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            if let Some(other) = keywords[i + 1..]
                .iter()
                .find(|o| o.arg.as_ref() == Some(name))
            {
                return Err(SyntaxError::syntax(
                    format!("keyword argument repeated: {name}"),
                    other.range,
                ));
            }
        }
        Ok(())
    }

    /// Whether `e` is a name the module binds by importing (such a base is
    /// not given the method-call form: module attributes are not methods).
    fn is_import_originated(&self, e: &Expr) -> bool {
        let ExprKind::Name { id, .. } = &e.kind else {
            return false;
        };
        self.table.scopes[0]
            .lookup(id)
            .is_some_and(|s| s.flags & symflags::DEF_IMPORT != 0)
    }

    /// `obj.meth(...)` loads the method and `self` together (CPython's
    /// `maybe_optimize_method_call`); returns whether it applied.
    fn method_call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CResult<bool> {
        let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = &func.kind
        else {
            return Ok(false);
        };
        if self.is_import_originated(value) {
            return Ok(false);
        }
        let nkw = keywords.len();
        if args.len() + nkw + usize::from(nkw != 0) >= STACK_USE_GUIDELINE
            || args.iter().any(is_starred)
            || keywords.iter().any(|k| k.arg.is_none())
        {
            return Ok(false);
        }
        let name = self.mangled(attr);
        if self.can_optimize_super_call(func) {
            let saved = self.set_loc(func.range);
            let two_args = self.load_args_for_super(value)?;
            let index = self.unit().add_name(&name);
            let arg = (index << 2) | if two_args { 3 } else { 1 };
            self.emit(Opcode::LOAD_SUPER_ATTR, arg);
            let loc = self.attr_location(func.range, func);
            self.emit_at(Opcode::NOP, 0, Some(loc));
            self.unit().loc = saved;
        } else {
            self.expr(value)?;
            let index = self.unit().add_name(&name);
            let loc = self.attr_location(func.range, func);
            self.emit_at(Opcode::LOAD_ATTR, (index << 1) | 1, Some(loc));
        }
        for a in args {
            self.expr(a)?;
        }
        let loc = Some(self.attr_location(e.range, func));
        if nkw > 0 {
            for k in keywords {
                self.expr(&k.value)?;
            }
            let names = keyword_names(keywords);
            let i = self.unit().add_const(names);
            self.emit_at(Opcode::LOAD_CONST, i, Some(func.range));
            self.emit_at(Opcode::CALL_KW, (args.len() + nkw) as u32, loc);
        } else {
            self.emit_at(Opcode::CALL, args.len() as u32, loc);
        }
        Ok(true)
    }

    /// `all(genexp)`, `any(genexp)` and `tuple(genexp)` run the generator
    /// inline when the name is still the builtin (checked at run time).
    fn builtin_generator_call(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
        end: super::BlockId,
    ) -> CResult<bool> {
        let ExprKind::Name { id, .. } = &func.kind else {
            return Ok(false);
        };
        if args.len() != 1
            || !keywords.is_empty()
            || !matches!(args[0].kind, ExprKind::GeneratorExp { .. })
        {
            return Ok(false);
        }
        let (constant, initial, continue_jump) = match id.as_str() {
            "all" => (common_constant::BUILTIN_ALL, true, Opcode::POP_JUMP_IF_TRUE),
            "any" => (
                common_constant::BUILTIN_ANY,
                false,
                Opcode::POP_JUMP_IF_FALSE,
            ),
            "tuple" => (common_constant::BUILTIN_TUPLE, false, Opcode::NOP),
            _ => return Ok(false),
        };
        let is_tuple = constant == common_constant::BUILTIN_TUPLE;
        let saved = self.set_loc(func.range);
        let skip = self.new_block();
        self.emit(Opcode::COPY, 1);
        self.emit(Opcode::LOAD_COMMON_CONSTANT, constant);
        self.emit(Opcode::IS_OP, 0);
        self.emit_jump(Opcode::POP_JUMP_IF_FALSE, skip);
        self.emit(Opcode::POP_TOP, 0);
        if is_tuple {
            self.emit(Opcode::BUILD_LIST, 0);
        }
        self.expr(&args[0])?;
        let looping = self.new_block();
        let cleanup = self.new_block();
        self.place(looping);
        self.emit_jump(Opcode::FOR_ITER, cleanup);
        if is_tuple {
            self.emit(Opcode::LIST_APPEND, 2);
            self.emit_jump(Opcode::JUMP, looping);
        } else {
            self.emit(Opcode::TO_BOOL, 0);
            self.emit_jump(continue_jump, looping);
        }
        self.emit_at(Opcode::POP_ITER, 0, None);
        if !is_tuple {
            self.load_const(ConstValue::Bool(!initial));
        }
        self.emit_jump(Opcode::JUMP, end);
        self.place(cleanup);
        self.emit_at(Opcode::END_FOR, 0, None);
        self.emit_at(Opcode::POP_ITER, 0, None);
        if is_tuple {
            self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::LIST_TO_TUPLE);
        } else {
            self.load_const(ConstValue::Bool(initial));
        }
        self.emit_jump(Opcode::JUMP, end);
        self.place(skip);
        self.unit().loc = saved;
        Ok(true)
    }

    /// The arguments of a call whose callable and self-or-NULL (and `pushed`
    /// more positional arguments) are on the stack; `injected` names a
    /// variable passed as the last positional argument.
    pub(crate) fn call_helper(
        &mut self,
        pushed: u32,
        args: &'a [Expr],
        injected: Option<&str>,
        keywords: &'a [Keyword],
    ) -> CResult {
        self.validate_keywords(keywords)?;
        let simple = args.len() + keywords.len() * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(is_starred)
            && !keywords.iter().any(|k| k.arg.is_none());
        if simple {
            for a in args {
                self.expr(a)?;
            }
            let mut n = pushed + args.len() as u32;
            if let Some(name) = injected {
                self.name_op(name, ExprContext::Load)?;
                n += 1;
            }
            if keywords.is_empty() {
                self.emit(Opcode::CALL, n);
            } else {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.load_const(keyword_names(keywords));
                self.emit(Opcode::CALL_KW, n + keywords.len() as u32);
            }
            return Ok(());
        }
        // f(*args, **kwargs): a positional tuple and a keyword dict.
        if pushed == 0 && args.len() == 1 && injected.is_none() {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.expr(value)?;
            } else {
                self.starunpack(args, injected, pushed, Display::TUPLE)?;
            }
        } else {
            self.starunpack(args, injected, pushed, Display::TUPLE)?;
        }
        if keywords.is_empty() {
            self.emit(Opcode::PUSH_NULL, 0);
        } else {
            let mut have_dict = false;
            let mut seen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_some() {
                    seen += 1;
                    continue;
                }
                if seen > 0 {
                    self.keyword_dict(&keywords[i - seen..i])?;
                    if have_dict {
                        self.emit(Opcode::DICT_MERGE, 1);
                    }
                    have_dict = true;
                    seen = 0;
                }
                if !have_dict {
                    self.emit(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&k.value)?;
                self.emit(Opcode::DICT_MERGE, 1);
            }
            if seen > 0 {
                self.keyword_dict(&keywords[keywords.len() - seen..])?;
                if have_dict {
                    self.emit(Opcode::DICT_MERGE, 1);
                }
            }
        }
        self.emit(Opcode::CALL_FUNCTION_EX, 0);
        Ok(())
    }

    /// A dict of named keyword arguments.
    fn keyword_dict(&mut self, keywords: &'a [Keyword]) -> CResult {
        let big = keywords.len() * 2 > STACK_USE_GUIDELINE;
        if big {
            self.emit_at(Opcode::BUILD_MAP, 0, None);
        }
        for k in keywords {
            let name = k.arg.as_deref().expect("named keywords only");
            self.load_const(ConstValue::str(name));
            self.expr(&k.value)?;
            if big {
                self.emit_at(Opcode::MAP_ADD, 1, None);
            }
        }
        if !big {
            self.emit(Opcode::BUILD_MAP, keywords.len() as u32);
        }
        Ok(())
    }

    /// Lists, tuples and sets, with `*iterable` items (CPython's
    /// `starunpack_helper`): `pushed` items are on the stack already, and
    /// `injected` names a variable added at the end.
    pub(crate) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        injected: Option<&str>,
        pushed: u32,
        display: Display,
    ) -> CResult {
        let n = elts.len() as u32;
        let big = (n + pushed + u32::from(injected.is_some())) as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(is_starred);
        if !seen_star && !big {
            for e in elts {
                self.expr(e)?;
            }
            let mut count = n + pushed;
            if let Some(name) = injected {
                self.name_op(name, ExprContext::Load)?;
                count += 1;
            }
            let op = if display.tuple {
                Opcode::BUILD_TUPLE
            } else {
                display.build
            };
            self.emit(op, count);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(display.build, pushed);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &e.kind {
                if !built {
                    self.emit(display.build, i as u32 + pushed);
                    built = true;
                }
                self.expr(value)?;
                self.emit(display.extend, 1);
            } else {
                self.expr(e)?;
                if built {
                    self.emit(display.add, 1);
                }
            }
        }
        if let Some(name) = injected {
            self.name_op(name, ExprContext::Load)?;
            self.emit(display.add, 1);
        }
        if display.tuple {
            self.emit(Opcode::CALL_INTRINSIC_1, intrinsic1::LIST_TO_TUPLE);
        }
        Ok(())
    }

    // ----- attributes -----------------------------------------------------------

    /// `value.attr` in any context.
    pub(crate) fn attribute(
        &mut self,
        e: &'a Expr,
        value: &'a Expr,
        attr: &str,
        ctx: ExprContext,
    ) -> CResult {
        let name = self.mangled(attr);
        if ctx == ExprContext::Load && self.can_optimize_super_call(e) {
            let two_args = self.load_args_for_super(value)?;
            let index = self.unit().add_name(&name);
            self.emit(
                Opcode::LOAD_SUPER_ATTR,
                (index << 2) | if two_args { 2 } else { 0 },
            );
            let loc = self.attr_location(e.range, e);
            self.emit_at(Opcode::NOP, 0, Some(loc));
            return Ok(());
        }
        if ctx == ExprContext::Store {
            self.note_static_attribute(value, attr);
        }
        self.expr(value)?;
        let index = self.unit().add_name(&name);
        let loc = Some(self.attr_location(e.range, e));
        match ctx {
            ExprContext::Load => self.emit_at(Opcode::LOAD_ATTR, index << 1, loc),
            ExprContext::Store => self.emit_at(Opcode::STORE_ATTR, index, loc),
            ExprContext::Del => self.emit_at(Opcode::DELETE_ATTR, index, loc),
        }
        Ok(())
    }

    /// `super().attr` and `super(C, self).attr` load through
    /// `LOAD_SUPER_ATTR` when `super` is the builtin and the arguments are
    /// at hand.
    fn can_optimize_super_call(&self, attr_expr: &Expr) -> bool {
        let ExprKind::Attribute { value, attr, .. } = &attr_expr.kind else {
            return false;
        };
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &value.kind
        else {
            return false;
        };
        let ExprKind::Name { id, .. } = &func.kind else {
            return false;
        };
        if id != "super" || attr == "__class__" || !keywords.is_empty() {
            return false;
        }
        let scope = &self.table.scopes[self.unit_ref().scope];
        if scope.scope_of("super") != SymbolScope::GlobalImplicit {
            return false;
        }
        if self.table.scopes[0].scope_of("super") != SymbolScope::Unknown {
            return false;
        }
        match args.len() {
            2 => !args.iter().any(is_starred),
            0 => {
                let unit = self.unit_ref();
                (unit.argcount > 0 || unit.posonlyargcount > 0)
                    && self.scope_of("__class__") == SymbolScope::Free
            }
            _ => false,
        }
    }

    /// Pushes `super`, the class and the instance; returns whether they came
    /// from two explicit arguments.
    fn load_args_for_super(&mut self, call: &'a Expr) -> CResult<bool> {
        let ExprKind::Call { func, args, .. } = &call.kind else {
            unreachable!("checked by can_optimize_super_call");
        };
        let saved = self.set_loc(func.range);
        self.name_op("super", ExprContext::Load)?;
        self.unit().loc = Some(call.range);
        if args.len() == 2 {
            self.unit().loc = saved;
            self.expr(&args[0])?;
            self.expr(&args[1])?;
            return Ok(true);
        }
        self.name_op("__class__", ExprContext::Load)?;
        let first = self.unit_ref().varnames[0].clone();
        self.name_op(&first, ExprContext::Load)?;
        self.unit().loc = saved;
        Ok(false)
    }
}

/// The tuple of keyword names `CALL_KW` takes.
fn keyword_names(keywords: &[Keyword]) -> ConstValue {
    let names: Vec<ConstValue> = keywords
        .iter()
        .map(|k| ConstValue::str(k.arg.as_deref().expect("named keywords only")))
        .collect();
    ConstValue::Tuple(Rc::from(names))
}
