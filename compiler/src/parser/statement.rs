//! Statements: simple statements, blocks and compound statements.

use super::target::TargetKind;
use super::{PResult, Parser};
use crate::ast::{
    Alias, ExceptHandler, Expr, ExprContext, ExprKind, MatchCase, Operator, Stmt, StmtKind,
    TypeParam, TypeParamKind, WithItem,
};
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::lexer::Tok;
use crate::text::TextRange;

/// Augmented assignment operators.
const AUG_OPS: &[(Tok, Operator)] = &[
    (Tok::PlusEqual, Operator::Add),
    (Tok::MinEqual, Operator::Sub),
    (Tok::StarEqual, Operator::Mult),
    (Tok::AtEqual, Operator::MatMult),
    (Tok::SlashEqual, Operator::Div),
    (Tok::PercentEqual, Operator::Mod),
    (Tok::AmperEqual, Operator::BitAnd),
    (Tok::VBarEqual, Operator::BitOr),
    (Tok::CircumflexEqual, Operator::BitXor),
    (Tok::LeftShiftEqual, Operator::LShift),
    (Tok::RightShiftEqual, Operator::RShift),
    (Tok::DoubleStarEqual, Operator::Pow),
    (Tok::DoubleSlashEqual, Operator::FloorDiv),
];

impl Parser<'_> {
    /// One statement (a compound statement, or a line of simple statements),
    /// appended to `body`.
    pub(super) fn statement(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        match self.tok() {
            Tok::Def
            | Tok::If
            | Tok::Class
            | Tok::With
            | Tok::For
            | Tok::Try
            | Tok::While
            | Tok::At => {
                body.push(self.compound_statement()?);
                Ok(())
            }
            Tok::Async if matches!(self.nth(1), Tok::Def | Tok::With | Tok::For) => {
                body.push(self.compound_statement()?);
                Ok(())
            }
            Tok::Name if self.at_name("match") => {
                if let Some(stmt) = self.match_statement()? {
                    body.push(stmt);
                    return Ok(());
                }
                self.simple_statements(body)
            }
            Tok::Indent => Err(self.unexpected_indent()),
            _ => self.simple_statements(body),
        }
    }

    fn compound_statement(&mut self) -> PResult<Stmt> {
        self.nested(1, Self::compound_statement_inner)
    }

    fn compound_statement_inner(&mut self) -> PResult<Stmt> {
        match self.tok() {
            Tok::At => self.decorated(),
            Tok::Def => self.function_def(Vec::new(), None),
            Tok::Class => self.class_def(Vec::new()),
            Tok::If => self.if_statement(),
            Tok::While => self.while_statement(),
            Tok::For => self.for_statement(None),
            Tok::With => self.with_statement(None),
            Tok::Try => self.try_statement(),
            Tok::Async => {
                let start = self.bump().range.start;
                match self.tok() {
                    Tok::Def => self.function_def(Vec::new(), Some(start)),
                    Tok::For => self.for_statement(Some(start)),
                    _ => self.with_statement(Some(start)),
                }
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    /// `simple_stmts`: simple statements separated by `;`, ending the line.
    fn simple_statements(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            body.push(self.simple_statement()?);
            if !self.eat(Tok::Semi) || self.at(Tok::Newline) {
                break;
            }
        }
        if !self.eat(Tok::Newline) {
            return Err(self.statement_end_error(body.last()));
        }
        Ok(())
    }

    fn simple_statement(&mut self) -> PResult<Stmt> {
        let t = self.token();
        let start = t.range.start;
        let kind = match t.kind {
            Tok::Pass | Tok::Break | Tok::Continue if self.nth(1) == Tok::If => {
                return Err(self.statement_in_conditional());
            }
            Tok::Pass | Tok::Break | Tok::Continue => {
                self.bump();
                match t.kind {
                    Tok::Pass => StmtKind::Pass,
                    Tok::Break => StmtKind::Break,
                    _ => StmtKind::Continue,
                }
            }
            Tok::Return => {
                self.bump();
                let value = if self.starts_expression() {
                    Some(Box::new(self.star_expressions()?))
                } else {
                    None
                };
                StmtKind::Return { value }
            }
            Tok::Raise => {
                self.bump();
                let (mut exc, mut cause) = (None, None);
                if self.starts_expression() {
                    exc = Some(Box::new(self.expression()?));
                    if self.eat(Tok::From) {
                        cause = Some(Box::new(self.expression()?));
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            Tok::Global | Tok::Nonlocal => {
                self.bump();
                let mut names = vec![self.expect_name()?.0];
                while self.eat(Tok::Comma) {
                    names.push(self.expect_name()?.0);
                }
                if t.kind == Tok::Global {
                    StmtKind::Global { names }
                } else {
                    StmtKind::Nonlocal { names }
                }
            }
            Tok::Del => self.del_statement()?,
            Tok::Assert => {
                self.bump();
                let test = Box::new(self.expression()?);
                let msg = if self.eat(Tok::Comma) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            Tok::Import => self.import_name()?,
            Tok::From => self.import_from()?,
            Tok::Name
                if self.at_name("type")
                    && self.nth(1) == Tok::Name
                    && matches!(self.nth(2), Tok::Equal | Tok::LSqb) =>
            {
                self.type_alias()?
            }
            _ => return self.expression_statement(),
        };
        Ok(Stmt::new(kind, self.range_from(start)))
    }

    /// `pass if x else y`: CPython's hint when a statement stands where a
    /// conditional expression's first operand belongs.
    pub(super) fn statement_in_conditional(&mut self) -> SyntaxError {
        let keyword = self.range();
        // Without the hint, the first pass failed at the `if`.
        self.nth(1);
        self.diagnose(
            |p| {
                p.bump();
                p.bump();
                p.disjunction()?;
                p.expect(Tok::Else)?;
                p.simple_statement()
            },
            |_, _| {
                SyntaxError::syntax(
                    "expected expression before 'if', but statement is given",
                    keyword,
                )
            },
        )
    }

    fn del_statement(&mut self) -> PResult<StmtKind> {
        self.bump();
        let after_del = self.pos;
        let targets = self.speculate(|p| {
            let mut targets = Vec::new();
            loop {
                targets.push(p.primary_target(TargetKind::Del)?);
                if !p.eat(Tok::Comma) || matches!(p.tok(), Tok::Semi | Tok::Newline) {
                    break;
                }
            }
            if matches!(p.tok(), Tok::Semi | Tok::Newline) {
                Ok(targets)
            } else {
                Err(p.invalid_syntax())
            }
        });
        if let Some(targets) = targets {
            return Ok(StmtKind::Delete { targets });
        }
        if self.speculating {
            return Err(self.invalid_syntax());
        }
        // CPython's invalid_del_stmt: read what follows as expressions (whose
        // own errors stand) and blame the part that cannot be deleted.
        let furthest = self.furthest;
        self.pos = after_del;
        let exprs = self.star_expressions()?;
        if let Some(bad) = super::target::invalid_target(&exprs, TargetKind::Del) {
            return Err(SyntaxError::syntax(
                format!("cannot delete {}", super::target::expr_name(bad)),
                bad.range,
            ));
        }
        self.furthest = furthest;
        Err(self.invalid_syntax())
    }

    /// An expression statement, or an assignment of one of the three kinds.
    fn expression_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let first = self.star_expressions_or_yield(true)?;
        let kind = match self.tok() {
            Tok::Equal => {
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.bump();
                    value = self.star_expressions_or_yield(true)?;
                    if !self.at(Tok::Equal) {
                        break;
                    }
                    targets.push(value);
                }
                if targets
                    .iter()
                    .any(|t| super::target::invalid_target(t, TargetKind::Assign).is_some())
                {
                    return Err(self.invalid_assignment(&targets, &value));
                }
                let targets = targets
                    .into_iter()
                    .map(|t| self.checked_target(t, TargetKind::Assign))
                    .collect::<PResult<Vec<_>>>()?;
                StmtKind::Assign {
                    targets,
                    value: Box::new(value),
                    type_comment: None,
                }
            }
            Tok::Colon => {
                self.bump();
                let simple = i32::from(
                    matches!(first.kind, ExprKind::Name { .. }) && first.range.start == start,
                );
                let target = self.annotation_target(first)?;
                let annotation = Box::new(self.expression()?);
                let value = if self.eat(Tok::Equal) {
                    Some(Box::new(self.star_expressions_or_yield(true)?))
                } else {
                    None
                };
                StmtKind::AnnAssign {
                    target: Box::new(target),
                    annotation,
                    value,
                    simple,
                }
            }
            tok => match AUG_OPS.iter().find(|(t, _)| *t == tok) {
                Some(&(_, op)) => {
                    let target = self.aug_target(first)?;
                    self.bump();
                    let value = self.star_expressions_or_yield(true)?;
                    StmtKind::AugAssign {
                        target: Box::new(target),
                        op,
                        value: Box::new(value),
                    }
                }
                None => StmtKind::Expr {
                    value: Box::new(first),
                },
            },
        };
        Ok(Stmt::new(kind, self.range_from(start)))
    }

    fn import_name(&mut self) -> PResult<StmtKind> {
        let import = self.bump();
        if self.at(Tok::Newline) {
            return Err(SyntaxError::syntax(
                "Expected one or more names after 'import'",
                self.range(),
            ));
        }
        // `import a from b`: CPython's invalid_import.
        let swapped = self.try_diagnose(
            |p| {
                p.dotted_name()?;
                while p.eat(Tok::Comma) {
                    p.dotted_name()?;
                }
                p.expect(Tok::From)?;
                p.dotted_name()
            },
            |p, _| {
                SyntaxError::syntax(
                    "Did you mean to use 'from ... import ...' instead?",
                    p.range_from(import.range.start),
                )
            },
        );
        if let Some(err) = swapped {
            return Err(err);
        }
        let mut names = Vec::new();
        loop {
            let start = self.start();
            let name = self.dotted_name()?;
            let asname = self.import_asname()?;
            names.push(Alias {
                name,
                asname,
                range: self.range_from(start),
            });
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(StmtKind::Import { names })
    }

    /// `as NAME` after an imported name, with CPython's error when something
    /// other than a plain name follows `as`.
    fn import_asname(&mut self) -> PResult<Option<String>> {
        if !self.eat(Tok::As) {
            return Ok(None);
        }
        let plain = self.at(Tok::Name)
            && matches!(
                self.nth(1),
                Tok::Comma | Tok::RPar | Tok::Semi | Tok::Newline
            );
        if !plain
            && let Some(err) = self.try_diagnose(
                |p| p.expression(),
                |_, target| {
                    SyntaxError::syntax(
                        format!(
                            "cannot use {} as import target",
                            super::target::expr_name(&target)
                        ),
                        target.range,
                    )
                },
            )
        {
            return Err(err);
        }
        Ok(Some(self.expect_name()?.0))
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.expect_name()?.0;
        while self.at(Tok::Dot) && self.nth(1) == Tok::Name {
            self.bump();
            name.push('.');
            name.push_str(&self.expect_name()?.0);
        }
        Ok(name)
    }

    fn import_from(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut level = 0;
        loop {
            match self.tok() {
                Tok::Dot => level += 1,
                Tok::Ellipsis => level += 3,
                _ => break,
            }
            self.bump();
        }
        let module = if self.at(Tok::Name) {
            Some(self.dotted_name()?)
        } else {
            None
        };
        if module.is_none() && level == 0 {
            return Err(self.invalid_syntax());
        }
        if !self.eat(Tok::Import) {
            return Err(self.invalid_syntax());
        }
        let mut names = Vec::new();
        if self.at(Tok::Newline) {
            return Err(SyntaxError::syntax(
                "Expected one or more names after 'import'",
                self.range(),
            ));
        }
        if self.at(Tok::Star) {
            let t = self.bump();
            names.push(Alias {
                name: "*".into(),
                asname: None,
                range: t.range,
            });
            return Ok(StmtKind::ImportFrom {
                module,
                names,
                level,
            });
        }
        let parenthesized = self.eat(Tok::LPar);
        loop {
            let start = self.start();
            let (name, _) = self.expect_name()?;
            let asname = self.import_asname()?;
            names.push(Alias {
                name,
                asname,
                range: self.range_from(start),
            });
            if !self.eat(Tok::Comma) {
                break;
            }
            if parenthesized && self.at(Tok::RPar) {
                break;
            }
            if !parenthesized && matches!(self.tok(), Tok::Newline | Tok::Semi) {
                return Err(SyntaxError::syntax(
                    "trailing comma not allowed without surrounding parentheses",
                    self.range_from(self.token().range.start),
                ));
            }
        }
        if parenthesized {
            self.expect(Tok::RPar)?;
        }
        if module.as_deref() == Some("__future__")
            && names.iter().any(|a| a.name == "barry_as_FLUFL")
        {
            self.flufl = true;
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
        })
    }

    fn type_alias(&mut self) -> PResult<StmtKind> {
        self.bump();
        let name_tok = self.expect(Tok::Name)?;
        let name = self.name_expr(name_tok, ExprContext::Store);
        let type_params = self.type_params()?;
        self.expect(Tok::Equal)?;
        let value = self.expression()?;
        Ok(StmtKind::TypeAlias {
            name: Box::new(name),
            type_params,
            value: Box::new(value),
        })
    }

    /// `[type_params]` of a def, class or type alias; empty when absent.
    fn type_params(&mut self) -> PResult<Vec<TypeParam>> {
        if !self.at(Tok::LSqb) {
            return Ok(Vec::new());
        }
        self.bump();
        if self.at(Tok::RSqb) {
            return Err(SyntaxError::syntax(
                "Type parameter list cannot be empty",
                self.range(),
            ));
        }
        let mut params = Vec::new();
        loop {
            let start = self.start();
            let kind = if self.eat(Tok::Star) {
                let (name, _) = self.expect_name()?;
                if self.at(Tok::Colon) {
                    return Err(self.bound_on_variadic("TypeVarTuple"));
                }
                let default_value = if self.eat(Tok::Equal) {
                    Some(Box::new(self.star_expression()?))
                } else {
                    None
                };
                TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                }
            } else if self.eat(Tok::DoubleStar) {
                let (name, _) = self.expect_name()?;
                if self.at(Tok::Colon) {
                    return Err(self.bound_on_variadic("ParamSpec"));
                }
                let default_value = if self.eat(Tok::Equal) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                }
            } else {
                let (name, _) = self.expect_name()?;
                let bound = if self.eat(Tok::Colon) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                let default_value = if self.eat(Tok::Equal) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                }
            };
            params.push(TypeParam {
                kind,
                range: self.range_from(start),
            });
            if !self.eat(Tok::Comma) || self.at(Tok::RSqb) {
                break;
            }
        }
        if params.is_empty() {
            return Err(SyntaxError::syntax(
                "Type parameter list cannot be empty",
                self.range(),
            ));
        }
        self.expect(Tok::RSqb)?;
        Ok(params)
    }

    /// `*Ts: bound` or `**P: bound`: a bound (or constraints, for a tuple) on
    /// a type parameter that cannot have one.
    fn bound_on_variadic(&mut self, kind: &str) -> SyntaxError {
        let colon = self.bump().range;
        self.diagnose(
            |p| p.expression(),
            |_, bound| {
                let what = if matches!(bound.kind, ExprKind::Tuple { .. }) {
                    "constraints"
                } else {
                    "bound"
                };
                SyntaxError::syntax(
                    format!("cannot use {what} with {kind}"),
                    TextRange::new(colon.start, bound.range.end),
                )
            },
        )
    }

    // ----- blocks -------------------------------------------------------------

    /// `block`: an indented suite, or simple statements on the same line.
    /// `owner` names the statement for CPython's "expected an indented block".
    pub(super) fn block(&mut self, owner: &str, owner_start: u32) -> PResult<Vec<Stmt>> {
        if !self.at(Tok::Newline) {
            let mut body = Vec::new();
            self.simple_statements(&mut body)?;
            return Ok(body);
        }
        self.bump();
        if !self.at(Tok::Indent) {
            let line = self.line_of(owner_start);
            return Err(self.error_at_current(
                SyntaxErrorKind::Indentation,
                format!("expected an indented block after {owner} on line {line}"),
            ));
        }
        self.bump();
        let body = self.statements_until(Tok::Dedent)?;
        self.bump();
        Ok(body)
    }

    pub(super) fn line_of(&self, offset: u32) -> usize {
        self.text.as_bytes()[..offset as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// Expects the `:` that CPython's grammar forces (`&&':'` after `def`,
    /// `try`, `else` and `finally`): anything else is "expected ':'".
    pub(super) fn expect_colon(&mut self) -> PResult<()> {
        if self.eat(Tok::Colon) {
            return Ok(());
        }
        Err(self.expected_colon())
    }

    /// The `:` before a block where CPython reports "expected ':'" only when
    /// the line ends there (its `invalid_*_stmt` rules); anything else is a
    /// generic error.
    pub(super) fn expect_block_colon(&mut self) -> PResult<()> {
        if self.eat(Tok::Colon) {
            return Ok(());
        }
        if self.at(Tok::Newline) {
            return Err(self.expected_colon());
        }
        Err(self.invalid_syntax())
    }

    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if !self.at(Tok::Else) {
            return Ok(Vec::new());
        }
        let start = self.bump().range.start;
        self.expect_colon()?;
        self.block("'else' statement", start)
    }

    // ----- compound statements ------------------------------------------------

    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat(Tok::At) {
            decorators.push(self.named_expression()?);
            if !self.eat(Tok::Newline) {
                return Err(self.invalid_syntax());
            }
        }
        match self.tok() {
            Tok::Def => self.function_def(decorators, None),
            Tok::Class => self.class_def(decorators),
            Tok::Async if self.nth(1) == Tok::Def => {
                let start = self.bump().range.start;
                self.function_def(decorators, Some(start))
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    fn function_def(
        &mut self,
        decorator_list: Vec<Expr>,
        async_start: Option<u32>,
    ) -> PResult<Stmt> {
        let def = self.expect(Tok::Def)?;
        let start = async_start.unwrap_or(def.range.start);
        let (name, _) = self.expect_name()?;
        let type_params = self.type_params()?;
        if !self.eat(Tok::LPar) {
            return Err(self.expected_token("'('"));
        }
        let args = Box::new(self.parameters()?);
        self.expect(Tok::RPar)?;
        let returns = if self.at(Tok::RArrow) {
            // `-> :` leaves the forced `:` facing the arrow, as in CPython.
            if !super::expression::can_start_expression(self.nth(1)) {
                return Err(self.expected_colon());
            }
            self.bump();
            Some(Box::new(self.expression()?))
        } else {
            None
        };
        self.expect_colon()?;
        let body = self.block("function definition", def.range.start)?;
        let range = self.range_from(start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_comment: None,
                type_params,
            }
        } else {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_comment: None,
                type_params,
            }
        };
        Ok(Stmt::new(kind, range))
    }

    fn class_def(&mut self, decorator_list: Vec<Expr>) -> PResult<Stmt> {
        let start = self.expect(Tok::Class)?.range.start;
        let (name, _) = self.expect_name()?;
        let type_params = self.type_params()?;
        let (mut bases, mut keywords) = (Vec::new(), Vec::new());
        if self.at(Tok::LPar) {
            self.bump();
            let args = self.call_arguments(None)?;
            self.expect(Tok::RPar)?;
            bases = args.args;
            keywords = args.keywords;
        }
        self.expect_block_colon()?;
        let body = self.block("class definition", start)?;
        Ok(Stmt::new(
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
                type_params,
            },
            self.range_from(start),
        ))
    }

    /// `if` and `elif`: an elif chain nests as the orelse of its predecessor.
    fn if_statement(&mut self) -> PResult<Stmt> {
        let t = self.bump();
        let owner = if t.kind == Tok::If {
            "'if' statement"
        } else {
            "'elif' statement"
        };
        let test = Box::new(self.named_expression()?);
        self.expect_block_colon()?;
        let body = self.block(owner, t.range.start)?;
        let orelse = if self.at(Tok::Elif) {
            vec![self.if_statement()?]
        } else {
            let orelse = self.else_block()?;
            if !orelse.is_empty() && self.at(Tok::Elif) {
                return Err(SyntaxError::syntax(
                    "'elif' block follows an 'else' block",
                    self.range(),
                ));
            }
            orelse
        };
        Ok(Stmt::new(
            StmtKind::If { test, body, orelse },
            self.range_from(t.range.start),
        ))
    }

    fn while_statement(&mut self) -> PResult<Stmt> {
        let start = self.bump().range.start;
        let test = Box::new(self.named_expression()?);
        self.expect_block_colon()?;
        let body = self.block("'while' statement", start)?;
        let orelse = self.else_block()?;
        Ok(Stmt::new(
            StmtKind::While { test, body, orelse },
            self.range_from(start),
        ))
    }

    fn for_statement(&mut self, async_start: Option<u32>) -> PResult<Stmt> {
        let for_start = self.expect(Tok::For)?.range.start;
        let start = async_start.unwrap_or(for_start);
        let after_for = self.pos;
        let Some(target) = self.targets_then_in() else {
            return Err(self.invalid_for_target(after_for));
        };
        let target = Box::new(target);
        let iter = Box::new(self.star_expressions()?);
        self.expect_block_colon()?;
        let body = self.block("'for' statement", for_start)?;
        let orelse = self.else_block()?;
        let range = self.range_from(start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                type_comment: None,
            }
        } else {
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                type_comment: None,
            }
        };
        Ok(Stmt::new(kind, range))
    }

    fn with_item(&mut self) -> PResult<WithItem> {
        let context_expr = Box::new(self.expression()?);
        let optional_vars = if self.eat(Tok::As) {
            Some(Box::new(self.star_target()?))
        } else {
            None
        };
        Ok(WithItem {
            context_expr,
            optional_vars,
        })
    }

    fn with_statement(&mut self, async_start: Option<u32>) -> PResult<Stmt> {
        let with_start = self.expect(Tok::With)?.range.start;
        let start = async_start.unwrap_or(with_start);
        let parenthesized = if self.at(Tok::LPar) {
            self.speculate(|p| {
                p.bump();
                let mut items = vec![p.with_item()?];
                while p.eat(Tok::Comma) {
                    if p.at(Tok::RPar) {
                        break;
                    }
                    items.push(p.with_item()?);
                }
                p.expect(Tok::RPar)?;
                if !matches!(p.tok(), Tok::Colon | Tok::Newline) {
                    return Err(p.invalid_syntax());
                }
                Ok(items)
            })
        } else {
            None
        };
        let items = match parenthesized {
            Some(items) => items,
            None => {
                let mut items = vec![self.with_item()?];
                while self.eat(Tok::Comma) {
                    items.push(self.with_item()?);
                }
                items
            }
        };
        self.expect_block_colon()?;
        let body = self.block("'with' statement", with_start)?;
        let range = self.range_from(start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncWith {
                items,
                body,
                type_comment: None,
            }
        } else {
            StmtKind::With {
                items,
                body,
                type_comment: None,
            }
        };
        Ok(Stmt::new(kind, range))
    }

    fn try_statement(&mut self) -> PResult<Stmt> {
        let start = self.bump().range.start;
        self.expect_colon()?;
        let body = self.block("'try' statement", start)?;
        let mut handlers = Vec::new();
        let mut star: Option<bool> = None;
        while self.at(Tok::Except) {
            let (handler, is_star) = self.except_handler()?;
            if star.is_some_and(|s| s != is_star) {
                return Err(SyntaxError::syntax(
                    "cannot have both 'except' and 'except*' on the same 'try'",
                    handler.range,
                ));
            }
            star = Some(is_star);
            handlers.push(handler);
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_block()?
        };
        let finalbody = if self.at(Tok::Finally) {
            let fin = self.bump().range.start;
            self.expect_colon()?;
            self.block("'finally' statement", fin)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return Err(self.error_at_current(
                SyntaxErrorKind::Syntax,
                "expected 'except' or 'finally' block".into(),
            ));
        }
        let range = self.range_from(start);
        let kind = if star == Some(true) {
            StmtKind::TryStar {
                body,
                handlers,
                orelse,
                finalbody,
            }
        } else {
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            }
        };
        Ok(Stmt::new(kind, range))
    }

    fn except_handler(&mut self) -> PResult<(ExceptHandler, bool)> {
        let start = self.expect(Tok::Except)?.range.start;
        let is_star = self.eat(Tok::Star);
        if !is_star && self.at(Tok::Newline) {
            return Err(self.expected_colon());
        }
        if is_star && matches!(self.tok(), Tok::Colon | Tok::Newline) {
            return Err(SyntaxError::syntax(
                "expected one or more exception types",
                self.range(),
            ));
        }
        let mut typ = None;
        let mut name = None;
        if !self.at(Tok::Colon) || is_star {
            let type_start = self.start();
            let first = self.expression()?;
            let expr = if self.at(Tok::Comma) {
                let mut elts = vec![first];
                while self.eat(Tok::Comma) {
                    elts.push(self.expression()?);
                }
                if self.at(Tok::As) {
                    return Err(SyntaxError::syntax(
                        "multiple exception types must be parenthesized when using 'as'",
                        TextRange::new(type_start, self.prev_end()),
                    ));
                }
                self.tuple(elts, type_start)
            } else {
                first
            };
            typ = Some(Box::new(expr));
            if self.eat(Tok::As) {
                name = Some(self.except_target(is_star)?);
            }
        }
        self.expect_block_colon()?;
        let owner = if is_star {
            "'except*' statement"
        } else {
            "'except' statement"
        };
        let body = self.block(owner, start)?;
        Ok((
            ExceptHandler {
                typ,
                name,
                body,
                range: self.range_from(start),
            },
            is_star,
        ))
    }

    /// The name after `except E as`, with CPython's error for other targets.
    fn except_target(&mut self, is_star: bool) -> PResult<String> {
        let plain_name = self.at(Tok::Name) && self.nth(1) == Tok::Colon;
        let stmt = if is_star { "except*" } else { "except" };
        if !plain_name
            && let Some(err) = self.try_diagnose(
                |p| {
                    let e = p.expression()?;
                    p.expect(Tok::Colon)?;
                    Ok(e)
                },
                |_, target| {
                    SyntaxError::syntax(
                        format!(
                            "cannot use {stmt} statement with {}",
                            super::target::expr_name(&target)
                        ),
                        target.range,
                    )
                },
            )
        {
            return Err(err);
        }
        Ok(self.expect_name()?.0)
    }

    // ----- match --------------------------------------------------------------

    /// A `match` statement, or `None` when the soft keyword `match` starts an
    /// ordinary statement instead.
    fn match_statement(&mut self) -> PResult<Option<Stmt>> {
        let saved = self.pos;
        let start = self.bump().range.start;
        let subject = self.speculate(|p| {
            let subject = p.match_subject()?;
            if p.at(Tok::Colon) {
                Ok(subject)
            } else {
                Err(p.invalid_syntax())
            }
        });
        let Some(subject) = subject else {
            let after_match = saved + 1;
            self.pos = after_match;
            let furthest = self.furthest;
            let missing_colon =
                self.speculate(|p| p.match_subject()).is_some() && self.at(Tok::Newline);
            if missing_colon {
                return Err(self.expected_colon());
            }
            self.furthest = furthest;
            self.pos = saved;
            return Ok(None);
        };
        self.bump();
        if !self.eat(Tok::Newline) {
            return Err(self.invalid_syntax());
        }
        if !self.eat(Tok::Indent) {
            let line = self.line_of(start);
            return Err(self.error_at_current(
                SyntaxErrorKind::Indentation,
                format!("expected an indented block after 'match' statement on line {line}"),
            ));
        }
        let mut cases = Vec::new();
        while !self.at(Tok::Dedent) {
            cases.push(self.case_block()?);
        }
        self.bump();
        Ok(Some(Stmt::new(
            StmtKind::Match {
                subject: Box::new(subject),
                cases,
            },
            self.range_from(start),
        )))
    }

    fn match_subject(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_named_expression()?;
        if !self.at(Tok::Comma) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.invalid_syntax());
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::Colon) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        Ok(self.tuple(elts, start))
    }

    fn case_block(&mut self) -> PResult<MatchCase> {
        if !self.at_name("case") {
            return Err(self.invalid_syntax());
        }
        let start = self.bump().range.start;
        let pattern = self.patterns()?;
        let guard = if self.eat(Tok::If) {
            Some(Box::new(self.named_expression()?))
        } else {
            None
        };
        self.expect_block_colon()?;
        let body = self.block("'case' statement", start)?;
        Ok(MatchCase {
            pattern: Box::new(pattern),
            guard,
            body,
        })
    }
}
