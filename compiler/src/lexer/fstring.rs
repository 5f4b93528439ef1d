//! PEP 701 f-strings and PEP 750 t-strings: the literal text and format specs
//! between replacement fields. Replacement fields themselves are ordinary tokens.

use super::{LexResult, Lexer, Mode, StringFrame, Tok};
use crate::error::SyntaxError;

/// CPython's MAXFSTRINGLEVEL: how many f-strings and t-strings may be open at once.
const MAX_STRING_NESTING: usize = 150;

impl Lexer<'_> {
    /// Whether the string's closing quote(s) start at `at`.
    fn closes(&self, frame: StringFrame, at: usize) -> bool {
        let q = frame.quote;
        self.bytes.get(at) == Some(&q)
            && (!frame.triple
                || (self.bytes.get(at + 1) == Some(&q) && self.bytes.get(at + 2) == Some(&q)))
    }

    pub(super) fn unterminated_fstring(&self, frame: StringFrame, at: usize) -> SyntaxError {
        let line = self.detected_line(at);
        let kind = if frame.template {
            "t-string"
        } else {
            "f-string"
        };
        let msg = if frame.triple {
            format!("unterminated triple-quoted {kind} literal (detected at line {line})")
        } else {
            format!("unterminated {kind} literal (detected at line {line})")
        };
        self.error(msg, frame.start, frame.start)
    }

    /// Skips a backslash sequence at `i` in literal text; returns the next offset.
    fn skip_escape(&self, frame: StringFrame, i: usize) -> usize {
        let next = self.bytes.get(i + 1).copied().unwrap_or(0);
        if frame.raw {
            return if next == frame.quote || next == b'\\' {
                i + 2
            } else {
                i + 1
            };
        }
        match next {
            b'{' | b'}' | 0 => i + 1,
            b'N' if self.bytes.get(i + 2) == Some(&b'{') => {
                let close = self.bytes[i + 3..]
                    .iter()
                    .position(|&b| b == b'}' || b == frame.quote || b == b'\n');
                match close {
                    Some(k) if self.bytes[i + 3 + k] == b'}' => i + 3 + k + 1,
                    _ => i + 2,
                }
            }
            _ => i + 2,
        }
    }

    /// CPython's limit on f-strings and t-strings nested in each other's fields.
    pub(super) fn check_string_nesting(&self, body: usize) -> LexResult {
        let depth = self
            .modes
            .iter()
            .filter(|m| matches!(m, Mode::Literal(_)))
            .count();
        if depth + 1 >= MAX_STRING_NESTING {
            return Err(self.cursor_error("too many nested f-strings or t-strings", body));
        }
        Ok(())
    }

    fn emit_middle(&mut self, start: usize, end: usize) {
        if end > start {
            self.push(Tok::FStringMiddle, start, end);
        }
    }

    fn open_field(&mut self, at: usize) -> LexResult {
        if self.brackets.len() >= super::MAX_BRACKET_DEPTH {
            return Err(self.error("too many nested parentheses", at, at + 1));
        }
        self.push(Tok::LBrace, at, at + 1);
        self.brackets.push((b'{', at));
        self.modes.push(Mode::Replacement {
            depth: self.brackets.len(),
        });
        self.pos = at + 1;
        Ok(())
    }

    /// Lexes literal text up to the next replacement field or the closing quote.
    pub(super) fn lex_fstring_literal(&mut self, frame: StringFrame) -> LexResult {
        let start = self.pos;
        let mut i = start;
        loop {
            if i >= self.bytes.len() {
                return Err(self.unterminated_fstring(frame, i));
            }
            if self.closes(frame, i) {
                self.emit_middle(start, i);
                let end = i + if frame.triple { 3 } else { 1 };
                self.push(Tok::FStringEnd, i, end);
                self.modes.pop();
                self.pos = end;
                return Ok(());
            }
            match self.bytes[i] {
                b'\n' if !frame.triple => return Err(self.unterminated_fstring(frame, i)),
                b'\\' => i = self.skip_escape(frame, i),
                b'{' if self.bytes.get(i + 1) == Some(&b'{') => i += 2,
                b'{' => {
                    self.emit_middle(start, i);
                    return self.open_field(i);
                }
                b'}' if self.bytes.get(i + 1) == Some(&b'}') => i += 2,
                b'}' => {
                    let kind = if frame.template {
                        "t-string"
                    } else {
                        "f-string"
                    };
                    return Err(self.error(
                        format!("{kind}: single '}}' is not allowed"),
                        i,
                        i + 1,
                    ));
                }
                _ => i += 1,
            }
        }
    }

    /// Lexes format-spec text up to a nested field or the end of the field.
    pub(super) fn lex_format_spec(&mut self, depth: usize) -> LexResult {
        let frame = self
            .innermost_fstring()
            .expect("format spec inside a string");
        let start = self.pos;
        let mut i = start;
        loop {
            if i >= self.bytes.len() {
                return Err(self.unterminated_fstring(frame, i));
            }
            if self.closes(frame, i) {
                // The string ends inside the field; the parser reports it.
                self.emit_middle(start, i);
                while !matches!(self.modes.pop(), Some(Mode::Literal(_)) | None) {}
                self.brackets.pop();
                let end = i + if frame.triple { 3 } else { 1 };
                self.push(Tok::FStringEnd, i, end);
                self.pos = end;
                return Ok(());
            }
            match self.bytes[i] {
                b'\n' if !frame.triple => {
                    // A newline ends a single-quoted string's format spec.
                    self.emit_middle(start, i);
                    self.modes.pop();
                    self.pos = i;
                    return Ok(());
                }
                b'\\' => i = self.skip_escape(frame, i),
                b'{' => {
                    self.emit_middle(start, i);
                    return self.open_field(i);
                }
                b'}' => {
                    if self.trivia && i == start {
                        // CPython's tokenizer reports an empty spec's text.
                        self.push(Tok::FStringMiddle, i, i);
                    }
                    self.emit_middle(start, i);
                    // The `}` ends both the spec and the replacement field.
                    self.modes.pop();
                    debug_assert!(matches!(self.modes.last(), Some(Mode::Replacement { .. })));
                    self.modes.pop();
                    debug_assert_eq!(self.brackets.len(), depth);
                    self.brackets.pop();
                    self.push(Tok::RBrace, i, i + 1);
                    self.pos = i + 1;
                    return Ok(());
                }
                _ => i += 1,
            }
        }
    }
}
