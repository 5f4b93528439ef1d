//! Syntax errors as CPython reports them: class, message and position.

use crate::text::{LineIndex, TextRange};
use std::fmt;

/// Which of CPython's syntax exception classes an error belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError`.
    Indentation,
    /// `TabError`.
    Tab,
    /// `MemoryError`: the parser's nesting limit ("too complex to parse").
    Memory,
}

impl SyntaxErrorKind {
    /// The Python class name.
    pub fn class_name(self) -> &'static str {
        match self {
            SyntaxErrorKind::Syntax => "SyntaxError",
            SyntaxErrorKind::Indentation => "IndentationError",
            SyntaxErrorKind::Tab => "TabError",
            SyntaxErrorKind::Memory => "MemoryError",
        }
    }
}

/// A warning the parser raises (CPython's `SyntaxWarning`s for invalid escape
/// sequences and for numbers glued to keywords).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SyntaxWarning {
    /// Byte offset in the normalized source where the warning applies.
    pub offset: u32,
    /// CPython's message.
    pub msg: String,
}

/// Where an error points, before or after resolving offsets to lines.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorLocation {
    /// A byte range in the normalized source text.
    Range(TextRange),
    /// Explicit CPython-style position: 1-based line and 1-based character offset
    /// (offset 0 when CPython gives none), with optional ends.
    Position {
        /// 1-based line.
        lineno: u32,
        /// 1-based character column (0 or below when CPython has none).
        offset: i32,
        /// 1-based end line.
        end_lineno: u32,
        /// 1-based end column (0 or below when CPython has none).
        end_offset: i32,
    },
}

/// A `SyntaxError` (or subclass) raised while decoding, tokenizing or parsing.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// The exception class.
    pub kind: SyntaxErrorKind,
    /// CPython's message.
    pub msg: String,
    /// What the error points at.
    pub location: ErrorLocation,
}

/// A syntax error's position as Python's `SyntaxError` attributes show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedPosition {
    /// `lineno`.
    pub lineno: u32,
    /// `offset` (1-based, in characters).
    pub offset: i32,
    /// `end_lineno`.
    pub end_lineno: u32,
    /// `end_offset` (1-based, in characters).
    pub end_offset: i32,
    /// `text`: the source line the error is on, when there is one.
    pub text: Option<String>,
}

impl SyntaxError {
    /// An error of `kind` with `msg`, pointing at `range`.
    pub fn new(kind: SyntaxErrorKind, msg: impl Into<String>, range: TextRange) -> Self {
        SyntaxError {
            kind,
            msg: msg.into(),
            location: ErrorLocation::Range(range),
        }
    }

    /// A plain `SyntaxError` pointing at `range`.
    pub fn syntax(msg: impl Into<String>, range: TextRange) -> Self {
        Self::new(SyntaxErrorKind::Syntax, msg, range)
    }

    /// A `SyntaxError` at an explicit line and 1-based character offset.
    pub fn at_position(msg: impl Into<String>, lineno: u32, offset: i32) -> Self {
        SyntaxError {
            kind: SyntaxErrorKind::Syntax,
            msg: msg.into(),
            location: ErrorLocation::Position {
                lineno,
                offset,
                end_lineno: lineno,
                end_offset: offset,
            },
        }
    }

    /// Resolves the location against the source text it was raised for.
    pub fn resolve(&self, text: &str, index: &LineIndex) -> ResolvedPosition {
        match self.location {
            ErrorLocation::Range(range) => {
                let char_col = |offset: u32| -> (u32, i32) {
                    // A tree rebuilt from `ast` objects has no text, only an index.
                    let offset = if text.is_empty() {
                        offset
                    } else {
                        offset.min(text.len() as u32)
                    };
                    let (line, col) = index.line_col(offset);
                    let start = index.line_start(line).unwrap_or(0) as usize;
                    let end = (start + col as usize).min(text.len());
                    let chars = text
                        .get(start..end)
                        .map_or(col as usize, |s| s.chars().count());
                    (line, chars as i32 + 1)
                };
                let (lineno, offset) = char_col(range.start);
                let (end_lineno, end_offset) = char_col(range.end);
                ResolvedPosition {
                    lineno,
                    offset,
                    end_lineno,
                    end_offset,
                    text: line_text(text, index, lineno),
                }
            }
            ErrorLocation::Position {
                lineno,
                offset,
                end_lineno,
                end_offset,
            } => ResolvedPosition {
                lineno,
                offset,
                end_lineno,
                end_offset,
                text: line_text(text, index, lineno),
            },
        }
    }
}

fn line_text(text: &str, index: &LineIndex, lineno: u32) -> Option<String> {
    let start = index.line_start(lineno)? as usize;
    let end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    Some(text[start..end].to_string())
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.class_name(), self.msg)
    }
}

impl std::error::Error for SyntaxError {}
