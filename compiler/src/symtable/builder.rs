//! The first pass: walking the tree, opening a scope for every function, class,
//! lambda, comprehension, annotation and type-parameter block, and recording
//! what each scope does with each name.

use super::flags::*;
use super::{ComprehensionKind, Scope, ScopeKind, ScopeRole, SymbolTable, mangle};
use crate::ast::*;
use crate::error::SyntaxError;
use crate::text::LineIndex;
use std::collections::HashMap;

pub(super) struct Builder {
    table: SymbolTable,
    stack: Vec<usize>,
    /// The class whose names are mangled (`__x` -> `_C__x`).
    private: Option<String>,
    lines: LineIndex,
    /// Visiting a comprehension's iteration target.
    comp_iter_target: bool,
    /// Visiting a comprehension's iterable (walrus is not allowed there).
    comp_iter_expr: u32,
    /// Visiting a conditional block of a module or class body.
    in_conditional: bool,
    /// `from __future__ import annotations`: annotations are strings, never
    /// evaluated, so they open no scopes.
    future_annotations: bool,
}

type BResult = Result<(), SyntaxError>;

fn key<T>(node: &T, role: ScopeRole) -> (usize, u8) {
    (node as *const T as usize, role as u8)
}

impl Builder {
    pub(super) fn run(module: &Mod, lines: &LineIndex) -> Result<SymbolTable, SyntaxError> {
        let mut b = Builder {
            table: SymbolTable {
                scopes: Vec::new(),
                by_node: HashMap::new(),
            },
            stack: Vec::new(),
            private: None,
            lines: lines.clone(),
            comp_iter_target: false,
            comp_iter_expr: 0,
            in_conditional: false,
            future_annotations: false,
        };
        if let Mod::Module { body, .. } = module {
            b.future_annotations = crate::future::future_features(body)?.annotations;
        }
        b.enter(
            ScopeKind::Module,
            "top",
            TextRange::default(),
            Some(key(module, ScopeRole::Body)),
        );
        b.table.scopes[0].lineno = 0;
        match module {
            Mod::Module { body, .. } | Mod::Interactive { body } => b.visit_body(body)?,
            Mod::Expression { body } => b.visit_expr(body)?,
            Mod::FunctionType { argtypes, returns } => {
                b.visit_exprs(argtypes)?;
                b.visit_expr(returns)?;
            }
        }
        Ok(b.table)
    }

    fn cur(&self) -> usize {
        *self.stack.last().expect("inside a scope")
    }

    fn scope(&mut self) -> &mut Scope {
        let i = self.cur();
        &mut self.table.scopes[i]
    }

    fn lineno(&self, range: TextRange) -> u32 {
        self.lines.line_col(range.start).0
    }

    /// Opens a new scope as a child of the current one.
    fn enter(
        &mut self,
        kind: ScopeKind,
        name: &str,
        range: TextRange,
        node: Option<(usize, u8)>,
    ) -> usize {
        let index = self.create(kind, name, range, node);
        self.enter_existing(index);
        index
    }

    /// Creates a scope without entering it.
    fn create(
        &mut self,
        kind: ScopeKind,
        name: &str,
        range: TextRange,
        node: Option<(usize, u8)>,
    ) -> usize {
        let parent = self.stack.last().copied();
        let mut scope = Scope::new(kind, name, self.lineno(range), parent, range);
        if let Some(p) = parent {
            let ps = &self.table.scopes[p];
            scope.nested = ps.nested || ps.kind.is_function_like();
        }
        let index = self.table.scopes.len();
        self.table.scopes.push(scope);
        if let Some(k) = node {
            self.table.by_node.insert(k, index);
        }
        index
    }

    /// Enters a created scope, making it the current scope's child.
    fn enter_existing(&mut self, index: usize) {
        if let Some(&parent) = self.stack.last() {
            self.table.scopes[parent].children.push(index);
        }
        self.stack.push(index);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    /// Records `flag` for `name` in the current scope.
    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> BResult {
        let scope = self.cur();
        self.add_def_in(scope, name, flag, range)
    }

    fn add_def_in(&mut self, scope: usize, name: &str, flag: u32, range: TextRange) -> BResult {
        let mangled = mangle(self.private.as_deref(), name);
        let comp_iter_target = self.comp_iter_target;
        let entry = self.table.scopes[scope].flags_mut(&mangled);
        if flag & DEF_PARAM != 0 && entry.flags & DEF_PARAM != 0 {
            return Err(SyntaxError::syntax(
                format!("duplicate argument '{name}' in function definition"),
                range,
            ));
        }
        if flag & DEF_TYPE_PARAM != 0 && entry.flags & DEF_TYPE_PARAM != 0 {
            return Err(SyntaxError::syntax(
                format!("duplicate type parameter '{name}'"),
                range,
            ));
        }
        entry.flags |= flag;
        if comp_iter_target {
            if entry.flags & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(SyntaxError::syntax(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{name}'"
                    ),
                    range,
                ));
            }
            entry.flags |= DEF_COMP_ITER;
        }
        if flag & DEF_PARAM != 0 {
            self.table.scopes[scope].varnames.push(mangled);
        } else if flag & DEF_GLOBAL != 0 {
            // Global declarations are also recorded in the module.
            self.table.scopes[0].flags_mut(&mangled).flags |= flag;
        }
        Ok(())
    }

    // ----- statements ---------------------------------------------------------

    fn visit_body(&mut self, body: &[Stmt]) -> BResult {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    /// Visits a block that runs conditionally in a module or class body.
    fn visit_conditional(&mut self, body: &[Stmt]) -> BResult {
        let was = std::mem::replace(&mut self.in_conditional, true);
        let result = self.visit_body(body);
        self.in_conditional = was;
        result
    }

    fn visit_exprs(&mut self, exprs: &[Expr]) -> BResult {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_stmt(&mut self, s: &Stmt) -> BResult {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_params,
                ..
            }
            | StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_params,
                ..
            } => {
                let is_async = matches!(s.kind, StmtKind::AsyncFunctionDef { .. });
                self.add_def(name, DEF_LOCAL, s.range)?;
                self.visit_exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.visit_exprs(decorator_list)?;
                let generic = !type_params.is_empty();
                if generic {
                    // CPython gives every generic function a `.defaults`.
                    self.enter_type_params(
                        name,
                        s,
                        true,
                        args.kw_defaults.iter().any(Option::is_some),
                        false,
                    )?;
                    self.visit_type_params(type_params)?;
                }
                let function = self.create(
                    ScopeKind::Function,
                    name,
                    s.range,
                    Some(key(s, ScopeRole::Body)),
                );
                self.table.scopes[function].coroutine = is_async;
                self.visit_function_annotations(s, args, returns.as_deref())?;
                self.enter_existing(function);
                self.visit_params(args)?;
                let was = std::mem::replace(&mut self.in_conditional, false);
                let result = self.visit_body(body);
                self.in_conditional = was;
                result?;
                self.exit();
                if generic {
                    self.exit();
                }
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
                type_params,
            } => {
                self.add_def(name, DEF_LOCAL, s.range)?;
                self.visit_exprs(decorator_list)?;
                let saved_private = self.private.clone();
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_params(name, s, false, false, true)?;
                    self.private = Some(name.clone());
                    self.visit_type_params(type_params)?;
                }
                self.visit_exprs(bases)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.enter(
                    ScopeKind::Class,
                    name,
                    s.range,
                    Some(key(s, ScopeRole::Body)),
                );
                self.private = Some(name.clone());
                if generic {
                    self.add_def("__type_params__", DEF_LOCAL, s.range)?;
                    self.add_def(".type_params", USE, s.range)?;
                }
                let was = std::mem::replace(&mut self.in_conditional, false);
                let result = self.visit_body(body);
                self.in_conditional = was;
                result?;
                self.exit();
                if generic {
                    self.exit();
                }
                self.private = saved_private;
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                self.visit_expr(name)?;
                let ExprKind::Name { id, .. } = &name.kind else {
                    unreachable!("a type alias names a Name")
                };
                let in_class = self.table.scopes[self.cur()].kind == ScopeKind::Class;
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_params(id, s, false, false, false)?;
                    self.visit_type_params(type_params)?;
                }
                self.enter(
                    ScopeKind::TypeAlias,
                    id,
                    s.range,
                    Some(key(s, ScopeRole::Body)),
                );
                self.scope().can_see_class_scope = in_class;
                if in_class {
                    self.add_def("__classdict__", USE, value.range)?;
                }
                self.add_def(".format", DEF_PARAM, value.range)?;
                self.add_def(".format", USE, value.range)?;
                self.visit_expr(value)?;
                self.exit();
                if generic {
                    self.exit();
                }
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::Delete { targets } => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur =
                        self.table.scopes[self.cur()].lookup(&mangle(self.private.as_deref(), id));
                    let declared = cur.map_or(0, |s| s.flags) & (DEF_GLOBAL | DEF_NONLOCAL);
                    if declared != 0 && self.cur() != 0 && *simple != 0 {
                        let what = if declared & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(SyntaxError::syntax(
                            format!("annotated name '{id}' can't be {what}"),
                            s.range,
                        ));
                    }
                    if *simple != 0 {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.range)?;
                    } else if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.range)?;
                    }
                } else {
                    self.visit_expr(target)?;
                }
                self.visit_body_annotation(annotation)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            }
            | StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.visit_expr(target)?;
                self.visit_expr(iter)?;
                self.visit_conditional(body)?;
                self.visit_conditional(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_conditional(body)?;
                self.visit_conditional(orelse)?;
            }
            StmtKind::With { items, body, .. } | StmtKind::AsyncWith { items, body, .. } => {
                for item in items {
                    self.visit_expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_conditional(body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.visit_expr(subject)?;
                for case in cases {
                    self.visit_pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_conditional(&case.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.visit_expr(e)?;
                }
                if let Some(c) = cause {
                    self.visit_expr(c)?;
                }
            }
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
                self.visit_conditional(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.visit_expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, h.range)?;
                    }
                    self.visit_conditional(&h.body)?;
                }
                self.visit_conditional(orelse)?;
                self.visit_conditional(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                if let Some(m) = msg {
                    self.visit_expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    self.visit_alias(alias, s.range)?;
                }
            }
            StmtKind::Global { names } => {
                for name in names {
                    self.declare(name, DEF_GLOBAL, s.range)?;
                }
            }
            StmtKind::Nonlocal { names } => {
                if self.cur() == 0 {
                    return Err(SyntaxError::syntax(
                        "nonlocal declaration not allowed at module level",
                        s.range,
                    ));
                }
                for name in names {
                    self.declare(name, DEF_NONLOCAL, s.range)?;
                }
            }
            StmtKind::Expr { value } => self.visit_expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    /// `global` and `nonlocal`: CPython refuses names the scope already used.
    fn declare(&mut self, name: &str, flag: u32, range: TextRange) -> BResult {
        let what = if flag == DEF_GLOBAL {
            "global"
        } else {
            "nonlocal"
        };
        let cur = self.table.scopes[self.cur()]
            .lookup(&mangle(self.private.as_deref(), name))
            .map_or(0, |s| s.flags);
        if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
            let msg = if cur & DEF_PARAM != 0 {
                format!("name '{name}' is parameter and {what}")
            } else if cur & USE != 0 {
                format!("name '{name}' is used prior to {what} declaration")
            } else if cur & DEF_ANNOT != 0 {
                format!("annotated name '{name}' can't be {what}")
            } else {
                format!("name '{name}' is assigned to before {what} declaration")
            };
            return Err(SyntaxError::syntax(msg, range));
        }
        self.add_def(name, flag, range)
    }

    fn visit_alias(&mut self, alias: &Alias, stmt_range: TextRange) -> BResult {
        let stored = alias
            .asname
            .as_deref()
            .unwrap_or_else(|| alias.name.split('.').next().unwrap_or(&alias.name));
        if stored == "*" {
            if self.cur() != 0 {
                return Err(SyntaxError::syntax(
                    "import * only allowed at module level",
                    stmt_range,
                ));
            }
            return Ok(());
        }
        self.add_def(stored, DEF_IMPORT, alias.range)
    }

    // ----- functions, annotations, type parameters ----------------------------

    fn visit_params(&mut self, args: &Arguments) -> BResult {
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
            .chain(args.vararg.as_deref())
            .chain(args.kwarg.as_deref());
        for arg in all {
            self.add_def(&arg.arg, DEF_PARAM, arg.range)?;
        }
        let scope = self.scope();
        scope.varargs = args.vararg.is_some();
        scope.varkeywords = args.kwarg.is_some();
        Ok(())
    }

    /// The annotation scope of a function (PEP 649), which CPython opens for
    /// every `def`, annotated or not.
    fn visit_function_annotations(
        &mut self,
        s: &Stmt,
        args: &Arguments,
        returns: Option<&Expr>,
    ) -> BResult {
        if self.future_annotations {
            // PEP 563: the compiler still makes an `__annotate__` that
            // returns the annotations' text; its scope holds only the
            // `format` parameter and is not a child (CPython's `symtable`
            // module does not list it).
            let annotated = args.any_annotated() || returns.is_some();
            if annotated {
                let index = self.create(
                    ScopeKind::Annotation,
                    "__annotate__",
                    s.range,
                    Some(key(s, ScopeRole::Annotations)),
                );
                self.add_def_in(index, ".format", DEF_PARAM, s.range)?;
                self.add_def_in(index, ".format", USE, s.range)?;
            }
            return Ok(());
        }
        let in_class = {
            let cur = &self.table.scopes[self.cur()];
            cur.can_see_class_scope || cur.kind == ScopeKind::Class
        };
        self.enter(
            ScopeKind::Annotation,
            "__annotate__",
            s.range,
            Some(key(s, ScopeRole::Annotations)),
        );
        self.add_def(".format", DEF_PARAM, s.range)?;
        self.add_def(".format", USE, s.range)?;
        if in_class {
            self.scope().can_see_class_scope = true;
            self.add_def("__classdict__", USE, s.range)?;
        }
        let annotated = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.as_deref())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.as_deref());
        for arg in annotated {
            if let Some(a) = &arg.annotation {
                self.visit_expr(a)?;
            }
        }
        if let Some(r) = returns {
            self.visit_expr(r)?;
        }
        self.exit();
        Ok(())
    }

    /// A variable annotation: evaluated lazily in its scope's one
    /// `__annotate__` block. Module-level annotations always count as
    /// conditional (a module may run only in part); in functions the block
    /// exists but the annotation is never evaluated, so its names are not
    /// recorded.
    fn visit_body_annotation(&mut self, annotation: &Expr) -> BResult {
        let owner = self.cur();
        let owner_kind = self.table.scopes[owner].kind;
        let conditional = owner_kind == ScopeKind::Module
            || (owner_kind == ScopeKind::Class && self.in_conditional);
        if conditional && !self.table.scopes[owner].has_conditional_annotations {
            self.table.scopes[owner].has_conditional_annotations = true;
            self.add_def("__conditional_annotations__", USE, annotation.range)?;
        }
        if self.future_annotations {
            return Ok(());
        }
        match self.table.scopes[owner].annotation_block {
            Some(block) => {
                self.stack.push(block);
            }
            None => {
                let range = annotation.range;
                let block = self.enter(ScopeKind::Annotation, "__annotate__", range, None);
                self.table.scopes[owner].annotation_block = Some(block);
                self.add_def(".format", DEF_PARAM, range)?;
                self.add_def(".format", USE, range)?;
                if owner_kind == ScopeKind::Class {
                    self.scope().can_see_class_scope = true;
                    self.add_def("__classdict__", USE, range)?;
                }
            }
        }
        let result = if owner_kind.is_function_like() {
            Ok(())
        } else {
            self.visit_expr(annotation)
        };
        self.exit();
        result
    }

    /// Opens the PEP 695 scope that holds a definition's type parameters.
    fn enter_type_params(
        &mut self,
        name: &str,
        s: &Stmt,
        has_defaults: bool,
        has_kwdefaults: bool,
        is_class: bool,
    ) -> BResult {
        let in_class = self.table.scopes[self.cur()].kind == ScopeKind::Class;
        self.enter(
            ScopeKind::TypeParameters,
            name,
            s.range,
            Some(key(s, ScopeRole::TypeParams)),
        );
        if in_class {
            self.scope().can_see_class_scope = true;
            self.add_def("__classdict__", USE, s.range)?;
        }
        if is_class {
            self.add_def(".type_params", DEF_LOCAL, s.range)?;
            self.add_def(".type_params", USE, s.range)?;
            self.add_def(".generic_base", DEF_LOCAL, s.range)?;
            self.add_def(".generic_base", USE, s.range)?;
        }
        if has_defaults {
            self.add_def(".defaults", DEF_PARAM, s.range)?;
        }
        if has_kwdefaults {
            self.add_def(".kwdefaults", DEF_PARAM, s.range)?;
        }
        Ok(())
    }

    fn visit_type_params(&mut self, params: &[TypeParam]) -> BResult {
        for tp in params {
            let (name, bound, default) = match &tp.kind {
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                } => (name, bound.as_deref(), default_value.as_deref()),
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                }
                | TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                } => (name, None, default_value.as_deref()),
            };
            self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tp.range)?;
            if let Some(b) = bound {
                self.visit_type_var_part(name, b, key(tp, ScopeRole::TypeVarBound))?;
            }
            if let Some(d) = default {
                self.visit_type_var_part(name, d, key(tp, ScopeRole::TypeVarDefault))?;
            }
        }
        Ok(())
    }

    /// A type variable's bound or default: evaluated lazily in its own scope.
    fn visit_type_var_part(&mut self, name: &str, e: &Expr, node: (usize, u8)) -> BResult {
        let in_class = self.table.scopes[self.cur()].can_see_class_scope;
        self.enter(ScopeKind::TypeVariable, name, e.range, Some(node));
        self.scope().can_see_class_scope = in_class;
        self.add_def(".format", DEF_PARAM, e.range)?;
        self.add_def(".format", USE, e.range)?;
        if in_class {
            self.add_def("__classdict__", USE, e.range)?;
        }
        self.visit_expr(e)?;
        self.exit();
        Ok(())
    }

    // ----- expressions --------------------------------------------------------

    fn visit_expr(&mut self, e: &Expr) -> BResult {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values)?,
            ExprKind::NamedExpr { target, value } => {
                if self.comp_iter_expr > 0 {
                    return Err(SyntaxError::syntax(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        e.range,
                    ));
                }
                if self.scope().comprehension.is_some() {
                    self.extend_named_target_scope(target)?;
                }
                self.visit_expr(value)?;
                self.visit_expr(target)?;
            }
            ExprKind::BinOp { left, right, .. } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.visit_exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.enter(
                    ScopeKind::Function,
                    "lambda",
                    e.range,
                    Some(key(e, ScopeRole::Body)),
                );
                self.visit_params(args)?;
                self.visit_expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_expr(body)?;
                self.visit_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.visit_expr(k)?;
                }
                self.visit_exprs(values)?;
            }
            ExprKind::Set { elts } => self.visit_exprs(elts)?,
            ExprKind::ListComp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::List, elt, None, generators)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::Set, elt, None, generators)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::Generator, elt, None, generators)?
            }
            ExprKind::DictComp {
                key: k,
                value,
                generators,
            } => {
                self.visit_comprehension(e, ComprehensionKind::Dict, k, Some(value), generators)?
            }
            ExprKind::Yield { value } => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
                self.scope().generator = true;
            }
            ExprKind::YieldFrom { value } => {
                self.visit_expr(value)?;
                self.scope().generator = true;
            }
            ExprKind::Await { value } => {
                self.visit_expr(value)?;
                if self.scope().comprehension.is_some() {
                    self.scope().coroutine = true;
                }
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            }
            | ExprKind::Interpolation {
                value, format_spec, ..
            } => {
                self.visit_expr(value)?;
                if let Some(f) = format_spec {
                    self.visit_expr(f)?;
                }
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                self.visit_exprs(values)?
            }
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.visit_expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.visit_expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let flag = if *ctx == ExprContext::Load {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(id, flag, e.range)?;
                // `super()` reads the `__class__` cell.
                if *ctx == ExprContext::Load
                    && id == "super"
                    && self.scope().kind.is_function_like()
                {
                    self.add_def("__class__", USE, e.range)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.visit_exprs(elts)?,
        }
        Ok(())
    }

    /// A walrus target in a comprehension binds in the nearest enclosing scope
    /// that is not a comprehension (PEP 572); the comprehension itself sees it
    /// as nonlocal (or global).
    fn extend_named_target_scope(&mut self, target: &Expr) -> BResult {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Ok(());
        };
        let mangled = mangle(self.private.as_deref(), id);
        for &scope in self.stack.clone().iter().rev() {
            let s = &self.table.scopes[scope];
            if s.comprehension.is_some() {
                if s.lookup(&mangled)
                    .is_some_and(|sym| sym.flags & DEF_COMP_ITER != 0)
                {
                    return Err(SyntaxError::syntax(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{id}'"
                        ),
                        target.range,
                    ));
                }
                continue;
            }
            match s.kind {
                ScopeKind::Function => {
                    let outer_global = s
                        .lookup(&mangled)
                        .is_some_and(|sym| sym.flags & DEF_GLOBAL != 0);
                    let here = if outer_global {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(id, here, target.range)?;
                    return self.add_def_in(scope, id, DEF_LOCAL, target.range);
                }
                ScopeKind::Module => {
                    self.add_def(id, DEF_GLOBAL, target.range)?;
                    return self.add_def_in(scope, id, DEF_GLOBAL, target.range);
                }
                _ => {
                    return Err(SyntaxError::syntax(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.range,
                    ));
                }
            }
        }
        Ok(())
    }

    fn visit_comprehension(
        &mut self,
        e: &Expr,
        kind: ComprehensionKind,
        elt: &Expr,
        value: Option<&Expr>,
        generators: &[Comprehension],
    ) -> BResult {
        let first = &generators[0];
        self.comp_iter_expr += 1;
        let result = self.visit_expr(&first.iter);
        self.comp_iter_expr -= 1;
        result?;
        let name = match kind {
            ComprehensionKind::List => "listcomp",
            ComprehensionKind::Set => "setcomp",
            ComprehensionKind::Dict => "dictcomp",
            ComprehensionKind::Generator => "genexpr",
        };
        self.enter(
            ScopeKind::Function,
            name,
            e.range,
            Some(key(e, ScopeRole::Body)),
        );
        self.scope().comprehension = Some(kind);
        if generators.iter().any(|g| g.is_async != 0) {
            self.scope().coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, first.iter.range)?;
        self.visit_comp_target(&first.target)?;
        self.visit_exprs(&first.ifs)?;
        for g in &generators[1..] {
            self.visit_comp_target(&g.target)?;
            self.comp_iter_expr += 1;
            let result = self.visit_expr(&g.iter);
            self.comp_iter_expr -= 1;
            result?;
            self.visit_exprs(&g.ifs)?;
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        if kind == ComprehensionKind::Generator {
            self.scope().generator = true;
        }
        self.exit();
        Ok(())
    }

    fn visit_comp_target(&mut self, target: &Expr) -> BResult {
        self.comp_iter_target = true;
        let result = self.visit_expr(target);
        self.comp_iter_target = false;
        result
    }

    fn visit_pattern(&mut self, p: &Pattern) -> BResult {
        match &p.kind {
            PatternKind::MatchValue { value } => self.visit_expr(value),
            PatternKind::MatchSingleton { .. } => Ok(()),
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter().try_for_each(|p| self.visit_pattern(p))
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.visit_exprs(keys)?;
                patterns.iter().try_for_each(|p| self.visit_pattern(p))?;
                match rest {
                    Some(r) => self.add_def(r, DEF_LOCAL, p.range),
                    None => Ok(()),
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.visit_expr(cls)?;
                patterns
                    .iter()
                    .chain(kwd_patterns)
                    .try_for_each(|p| self.visit_pattern(p))
            }
            PatternKind::MatchStar { name } => match name {
                Some(n) => self.add_def(n, DEF_LOCAL, p.range),
                None => Ok(()),
            },
            PatternKind::MatchAs { pattern, name } => {
                if let Some(inner) = pattern {
                    self.visit_pattern(inner)?;
                }
                match name {
                    Some(n) => self.add_def(n, DEF_LOCAL, p.range),
                    None => Ok(()),
                }
            }
        }
    }
}
