//! `match` statements (PEP 634), as CPython 3.14 compiles them: each
//! pattern consumes the subject on top of the stack and jumps to a "fail
//! pop" block that pops whatever it left on failure; captured names wait on
//! the stack until the whole pattern matched.

use super::{BlockId, CResult, Compiler};
use crate::ast::*;
use crate::code::ConstValue;
use crate::error::SyntaxError;
use crate::text::TextRange;
use pyrite_bytecode::Opcode;
use std::rc::Rc;

/// `COMPARE_OP` operands.
const COMPARE_EQ: u32 = (2 << 5) | 8;
const COMPARE_GE: u32 = (5 << 5) | 4 | 8;

/// What the pattern being compiled has on the stack and has captured.
struct PatternContext {
    /// Names captured so far, in stack order.
    stores: Vec<String>,
    /// Whether an irrefutable pattern is allowed here.
    allow_irrefutable: bool,
    /// `fail_pop[i]` pops `i` items, then falls into `fail_pop[i - 1]`.
    fail_pop: Vec<BlockId>,
    /// Items on top of the stack the current pattern must keep.
    on_top: usize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(
        &p.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchStar { name: None })
}

impl<'a> Compiler<'a> {
    /// `match subject: case ...` (CPython's `codegen_match_inner`).
    pub(crate) fn match_stmt(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> CResult {
        self.expr(subject)?;
        let end = self.new_block();
        let last = cases.last().expect("a match has cases");
        let has_default = is_wildcard(&last.pattern) && cases.len() > 1;
        let checked = cases.len() - usize::from(has_default);
        for (i, case) in cases[..checked].iter().enumerate() {
            let ploc = Some(case.pattern.range);
            // Only copy the subject if this is not the last case.
            if i + 1 != checked {
                self.emit_at(Opcode::COPY, 1, ploc);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i + 1 == cases.len(),
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            debug_assert_eq!(pc.on_top, 0);
            let saved = std::mem::replace(&mut self.unit().loc, ploc);
            for name in std::mem::take(&mut pc.stores) {
                self.name_op(&name, ExprContext::Store)?;
            }
            self.unit().loc = saved;
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.jump_if(guard, pc.fail_pop[0], false)?;
            }
            if i + 1 != checked {
                // The subject is done with; the pop takes the next line.
                let next = case.body.first().map(|s| s.range).or(ploc);
                self.emit_at(Opcode::POP_TOP, 0, next);
            }
            self.stmts(&case.body)?;
            self.emit_jump_at(Opcode::JUMP, end, None);
            self.emit_and_reset_fail_pop(&mut pc, case.pattern.range);
        }
        if has_default {
            let ploc = Some(last.pattern.range);
            if cases.len() == 1 {
                self.emit_at(Opcode::POP_TOP, 0, ploc);
            } else {
                self.emit_at(Opcode::NOP, 0, ploc);
            }
            if let Some(guard) = &last.guard {
                self.jump_if(guard, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.place(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let block = self.new_block();
            pc.fail_pop.push(block);
        }
    }

    /// Jumps with `op` to the block that pops what this pattern pushed.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Opcode, loc: TextRange) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.emit_jump_at(op, pc.fail_pop[pops], Some(loc));
    }

    /// Lays out the fail-pop blocks: each pops one item and falls into the
    /// next smaller one.
    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext, loc: TextRange) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.place(pc.fail_pop[i]);
            self.emit_at(Opcode::POP_TOP, 0, Some(loc));
        }
        self.place(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    /// Moves the top item under `count - 1` others (3.10's `ROT_N`).
    fn rotate(&mut self, count: usize, loc: TextRange) {
        for n in (2..=count).rev() {
            self.emit_at(Opcode::SWAP, n as u32, Some(loc));
        }
    }

    /// Captures the top of the stack as `name` (or drops it for `_`).
    fn store_capture(
        &mut self,
        name: Option<&str>,
        pc: &mut PatternContext,
        loc: TextRange,
    ) -> CResult {
        let Some(name) = name else {
            self.emit_at(Opcode::POP_TOP, 0, Some(loc));
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == name) {
            return Err(SyntaxError::syntax(
                format!("multiple assignments to name '{name}' in pattern"),
                loc,
            ));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(rotations, loc);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let loc = p.range;
        let at = Some(loc);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                // The parser only builds numbers (signed, or real +/- imaginary),
                // strings, bytes and dotted names here; CPython's AST optimizer
                // folds the arithmetic before this check.
                let literal = |e: &ExprKind| {
                    matches!(e, ExprKind::Constant { .. } | ExprKind::UnaryOp { .. })
                };
                let ok = match &value.kind {
                    ExprKind::Constant { .. }
                    | ExprKind::Attribute { .. }
                    | ExprKind::UnaryOp { .. } => true,
                    ExprKind::BinOp { left, right, .. } => {
                        literal(&left.kind) && literal(&right.kind)
                    }
                    _ => false,
                };
                if !ok {
                    return Err(SyntaxError::syntax(
                        "patterns may only match literals and attribute lookups",
                        loc,
                    ));
                }
                self.expr(value)?;
                self.emit_at(Opcode::COMPARE_OP, COMPARE_EQ, at);
                self.emit_at(Opcode::TO_BOOL, 0, at);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
            }
            PatternKind::MatchSingleton { value } => {
                let c = self.constant(value);
                let i = self.unit().add_const(c);
                self.emit_at(Opcode::LOAD_CONST, i, at);
                self.emit_at(Opcode::IS_OP, 0, at);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
            }
            PatternKind::MatchSequence { patterns } => self.sequence_pattern(patterns, pc, loc)?,
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.mapping_pattern(keys, patterns, rest.as_deref(), pc, loc)?,
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.class_pattern(cls, patterns, kwd_attrs, kwd_patterns, pc, loc)?,
            PatternKind::MatchStar { name } => self.store_capture(name.as_deref(), pc, loc)?,
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(SyntaxError::syntax(
                            match name {
                                Some(n) => format!(
                                    "name capture '{n}' makes remaining patterns unreachable"
                                ),
                                None => "wildcard makes remaining patterns unreachable".to_string(),
                            },
                            loc,
                        ));
                    }
                    self.store_capture(name.as_deref(), pc, loc)?;
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit_at(Opcode::COPY, 1, at);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_capture(name.as_deref(), pc, loc)?;
                }
            },
            PatternKind::MatchOr { patterns } => self.or_pattern(patterns, pc, loc)?,
        }
        Ok(())
    }

    fn sequence_pattern(
        &mut self,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
        loc: TextRange,
    ) -> CResult {
        let at = Some(loc);
        let mut star = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar { .. }) {
                if star.is_some() {
                    return Err(SyntaxError::syntax(
                        "multiple starred names in sequence pattern",
                        loc,
                    ));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        let size = patterns.len();
        pc.on_top += 1;
        self.emit_at(Opcode::MATCH_SEQUENCE, 0, at);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
        match star {
            None => {
                self.emit_at(Opcode::GET_LEN, 0, at);
                self.load_int_at(size as i64, at);
                self.emit_at(Opcode::COMPARE_OP, COMPARE_EQ, at);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
            }
            Some(_) if size > 1 => {
                self.emit_at(Opcode::GET_LEN, 0, at);
                self.load_int_at(size as i64 - 1, at);
                self.emit_at(Opcode::COMPARE_OP, COMPARE_GE, at);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit_at(Opcode::POP_TOP, 0, at);
        } else if star_wildcard {
            // [first, *_, last]: index instead of unpacking.
            let star = star.expect("a starred wildcard");
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit_at(Opcode::COPY, 1, at);
                if i < star {
                    self.load_int_at(i as i64, at);
                } else {
                    self.emit_at(Opcode::GET_LEN, 0, at);
                    self.load_int_at((size - i) as i64, at);
                    self.emit_at(
                        Opcode::BINARY_OP,
                        super::expr::binary_op_arg(Operator::Sub, false),
                        at,
                    );
                }
                self.emit_at(Opcode::BINARY_OP, super::expr::NB_SUBSCR, at);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit_at(Opcode::POP_TOP, 0, at);
        } else {
            self.unpack_pattern(patterns, loc)?;
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn load_int_at(&mut self, value: i64, at: Option<TextRange>) {
        let i = self.unit().add_const(ConstValue::Int(value));
        self.emit_at(Opcode::LOAD_CONST, i, at);
    }

    /// `UNPACK_SEQUENCE`/`UNPACK_EX` for the items of a sequence pattern.
    fn unpack_pattern(&mut self, patterns: &[Pattern], loc: TextRange) -> CResult {
        let n = patterns.len();
        match patterns
            .iter()
            .position(|p| matches!(p.kind, PatternKind::MatchStar { .. }))
        {
            Some(i) => {
                if i >= 1 << 8 || n - i > (i32::MAX as usize >> 8) {
                    return Err(SyntaxError::syntax(
                        "too many expressions in star-unpacking sequence pattern",
                        loc,
                    ));
                }
                self.emit_at(
                    Opcode::UNPACK_EX,
                    (i + ((n - i - 1) << 8)) as u32,
                    Some(loc),
                );
            }
            None => self.emit_at(Opcode::UNPACK_SEQUENCE, n as u32, Some(loc)),
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
        loc: TextRange,
    ) -> CResult {
        let at = Some(loc);
        let size = keys.len();
        pc.on_top += 1;
        self.emit_at(Opcode::MATCH_MAPPING, 0, at);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.emit_at(Opcode::POP_TOP, 0, at);
            return Ok(());
        }
        if size > 0 {
            self.emit_at(Opcode::GET_LEN, 0, at);
            self.load_int_at(size as i64, at);
            self.emit_at(Opcode::COMPARE_OP, COMPARE_GE, at);
            self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
        }
        let mut seen: Vec<ConstValue> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    let c = self.constant(value);
                    if seen.iter().any(|s| super::fold::py_eq(s, &c)) {
                        return Err(SyntaxError::syntax(
                            format!("mapping pattern checks duplicate key ({})", c.repr()),
                            loc,
                        ));
                    }
                    seen.push(c);
                }
                ExprKind::Attribute { .. } => {}
                _ => {
                    return Err(SyntaxError::syntax(
                        "mapping pattern keys may only match literals and attribute lookups",
                        loc,
                    ));
                }
            }
            self.expr(key)?;
        }
        self.emit_at(Opcode::BUILD_TUPLE, size as u32, at);
        self.emit_at(Opcode::MATCH_KEYS, 0, at);
        pc.on_top += 2;
        self.emit_at(Opcode::COPY, 1, at);
        let none = self.unit().add_const(ConstValue::None);
        self.emit_at(Opcode::LOAD_CONST, none, at);
        self.emit_at(Opcode::IS_OP, 1, at);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
        self.emit_at(Opcode::UNPACK_SEQUENCE, size as u32, at);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match rest {
            Some(name) => {
                // rest = dict(subject) without the matched keys.
                self.emit_at(Opcode::BUILD_MAP, 0, at);
                self.emit_at(Opcode::SWAP, 3, at);
                self.emit_at(Opcode::DICT_UPDATE, 2, at);
                self.emit_at(Opcode::UNPACK_SEQUENCE, size as u32, at);
                for k in (1..=size).rev() {
                    self.emit_at(Opcode::COPY, 1 + k as u32, at);
                    self.emit_at(Opcode::SWAP, 2, at);
                    self.emit_at(Opcode::DELETE_SUBSCR, 0, at);
                }
                self.store_capture(Some(name), pc, loc)?;
            }
            None => {
                self.emit_at(Opcode::POP_TOP, 0, at);
                self.emit_at(Opcode::POP_TOP, 0, at);
            }
        }
        Ok(())
    }

    fn class_pattern(
        &mut self,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &'a [String],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
        loc: TextRange,
    ) -> CResult {
        let at = Some(loc);
        for (i, attr) in kwd_attrs.iter().enumerate() {
            if kwd_attrs[i + 1..].contains(attr) {
                let j = i
                    + 1
                    + kwd_attrs[i + 1..]
                        .iter()
                        .position(|a| a == attr)
                        .expect("found");
                return Err(SyntaxError::syntax(
                    format!("attribute name repeated in class pattern: {attr}"),
                    kwd_patterns[j].range,
                ));
            }
        }
        self.expr(cls)?;
        let names: Vec<ConstValue> = kwd_attrs.iter().map(|a| ConstValue::str(a)).collect();
        let i = self.unit().add_const(ConstValue::Tuple(Rc::from(names)));
        self.emit_at(Opcode::LOAD_CONST, i, at);
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        self.emit_at(Opcode::MATCH_CLASS, nargs as u32, at);
        self.emit_at(Opcode::COPY, 1, at);
        let none = self.unit().add_const(ConstValue::None);
        self.emit_at(Opcode::LOAD_CONST, none, at);
        self.emit_at(Opcode::IS_OP, 1, at);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE, loc);
        self.emit_at(Opcode::UNPACK_SEQUENCE, (nargs + nattrs) as u32, at);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for p in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit_at(Opcode::POP_TOP, 0, at);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `p1 | p2 | ...`: each alternative on a copy of the subject; they must
    /// bind the same names, which end up in the first one's order.
    fn or_pattern(
        &mut self,
        alternatives: &'a [Pattern],
        pc: &mut PatternContext,
        loc: TextRange,
    ) -> CResult {
        let end = self.new_block();
        let outer_stores = std::mem::take(&mut pc.stores);
        let outer_fail_pop = std::mem::take(&mut pc.fail_pop);
        let outer_on_top = pc.on_top;
        let outer_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alternatives.iter().enumerate() {
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == alternatives.len() && outer_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit_at(Opcode::COPY, 1, Some(alt.range));
            self.pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(control) => {
                    if pc.stores.len() != control.len() {
                        return Err(SyntaxError::syntax(
                            "alternative patterns bind different names",
                            loc,
                        ));
                    }
                    for icontrol in (0..control.len()).rev() {
                        let name = &control[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(SyntaxError::syntax(
                                "alternative patterns bind different names",
                                loc,
                            ));
                        };
                        if icontrol != istores {
                            // Rotate the names (and the stack) into the
                            // first alternative's order.
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1, alt.range);
                            }
                        }
                    }
                }
            }
            self.emit_jump_at(Opcode::JUMP, end, Some(alt.range));
            self.emit_and_reset_fail_pop(pc, alt.range);
        }
        pc.stores = outer_stores;
        pc.fail_pop = outer_fail_pop;
        pc.on_top = outer_on_top;
        pc.allow_irrefutable = outer_allow;
        // No alternative matched: pop the copy and fail.
        self.emit_at(Opcode::POP_TOP, 0, Some(loc));
        self.jump_to_fail_pop(pc, Opcode::JUMP, loc);
        self.place(end);
        let control = control.unwrap_or_default();
        let nrots = control.len() + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots, loc);
            if pc.stores.contains(&name) {
                return Err(SyntaxError::syntax(
                    format!("multiple assignments to name '{name}' in pattern"),
                    loc,
                ));
            }
            pc.stores.push(name);
        }
        self.emit_at(Opcode::POP_TOP, 0, Some(loc));
        Ok(())
    }
}
