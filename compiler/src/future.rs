//! `from __future__ import ...`: which features a module turns on, and
//! CPython's errors for misplaced or unknown features.

use crate::ast::{Stmt, StmtKind};
use crate::error::SyntaxError;

/// The future features a module enables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FutureFeatures {
    /// `annotations` (PEP 563): annotations are kept as strings.
    pub annotations: bool,
    /// `barry_as_FLUFL`: `<>` instead of `!=`.
    pub barry_as_flufl: bool,
}

/// Features that are always on or have no effect any more, but may be named.
const KNOWN: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "generator_stop",
];

/// Reads the future imports at the top of a module (after its docstring).
pub fn future_features(body: &[Stmt]) -> Result<FutureFeatures, SyntaxError> {
    let mut features = FutureFeatures::default();
    let mut at_top = true;
    for (i, stmt) in body.iter().enumerate() {
        let is_docstring = i == 0
            && matches!(&stmt.kind, StmtKind::Expr { value } if matches!(value.kind, crate::ast::ExprKind::Constant { value: crate::ast::Constant::Str(_), .. }));
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(module),
                names,
                level: 0,
            } if module == "__future__" => {
                if !at_top {
                    return Err(SyntaxError::syntax(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt.range,
                    ));
                }
                for alias in names {
                    match alias.name.as_str() {
                        "annotations" => features.annotations = true,
                        "barry_as_FLUFL" => features.barry_as_flufl = true,
                        "braces" => return Err(SyntaxError::syntax("not a chance", alias.range)),
                        name if KNOWN.contains(&name) => {}
                        name => {
                            return Err(SyntaxError::syntax(
                                format!("future feature {name} is not defined"),
                                alias.range,
                            ));
                        }
                    }
                }
            }
            _ if is_docstring => {}
            _ => at_top = false,
        }
    }
    Ok(features)
}
