//! Number literals: decimal, hex, octal and binary ints with underscores, floats
//! and imaginary literals, with CPython's messages for malformed ones.

use super::{LexResult, Lexer, Tok};
use crate::error::SyntaxError;

/// Keywords that may directly follow a number (`1if x else y`), which CPython
/// still accepts with a warning.
const KEYWORDS_AFTER_NUMBER: [&[u8]; 8] =
    [b"and", b"else", b"for", b"if", b"in", b"is", b"not", b"or"];

impl Lexer<'_> {
    fn digits_while(&self, mut i: usize, is_digit: impl Fn(u8) -> bool) -> usize {
        while i < self.bytes.len() && is_digit(self.bytes[i]) {
            i += 1;
        }
        i
    }

    /// Reads digits with single underscores between them, starting at a digit.
    /// Returns the end, or an error for a stray underscore.
    fn digit_run(
        &self,
        mut i: usize,
        is_digit: impl Fn(u8) -> bool,
        kind: &str,
    ) -> LexResult<usize> {
        loop {
            i = self.digits_while(i, &is_digit);
            if self.bytes.get(i) != Some(&b'_') {
                return Ok(i);
            }
            if !self.bytes.get(i + 1).is_some_and(|&b| is_digit(b)) {
                return Err(self.cursor_error(format!("invalid {kind} literal"), i + 1));
            }
            i += 1;
        }
    }

    /// CPython's check that a number is not glued to a following name.
    fn verify_end_of_number(&mut self, end: usize, kind: &str) -> LexResult {
        let Some(&c) = self.bytes.get(end) else {
            return Ok(());
        };
        let rest = &self.bytes[end..];
        let keyword_follows = KEYWORDS_AFTER_NUMBER.iter().any(|kw| {
            rest.starts_with(kw)
                && !rest
                    .get(kw.len())
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        });
        if keyword_follows || (c == b'i' && matches!(rest.get(1), Some(b'f' | b'n' | b's'))) {
            self.warnings.push(crate::error::SyntaxWarning {
                offset: end as u32,
                msg: format!("invalid {kind} literal"),
            });
            return Ok(());
        }
        if c.is_ascii_alphanumeric() || c == b'_' {
            return Err(self.cursor_error(format!("invalid {kind} literal"), end));
        }
        Ok(())
    }

    pub(super) fn lex_number(&mut self, start: usize) -> LexResult {
        let end = self.number_end(start)?;
        self.pos = end;
        self.push(Tok::Number, start, end);
        Ok(())
    }

    fn number_end(&mut self, start: usize) -> LexResult<usize> {
        let b = |i: usize| self.bytes.get(i).copied().unwrap_or(0);
        if b(start) == b'0' {
            let (kind, is_digit): (&str, fn(u8) -> bool) = match b(start + 1) {
                b'x' | b'X' => ("hexadecimal", |c| c.is_ascii_hexdigit()),
                b'o' | b'O' => ("octal", |c| (b'0'..=b'7').contains(&c)),
                b'b' | b'B' => ("binary", |c| c == b'0' || c == b'1'),
                _ => ("", |_| false),
            };
            if !kind.is_empty() {
                let mut i = start + 2;
                if b(i) == b'_' {
                    i += 1;
                }
                if !is_digit(b(i)) {
                    if kind != "hexadecimal" && b(i).is_ascii_digit() {
                        return Err(self.bad_digit(i, kind));
                    }
                    return Err(self.cursor_error(format!("invalid {kind} literal"), i));
                }
                let end = self.digit_run(i, is_digit, kind)?;
                if kind != "hexadecimal" && b(end).is_ascii_digit() {
                    return Err(self.bad_digit(end, kind));
                }
                self.verify_end_of_number(end, kind)?;
                return Ok(end);
            }
        }
        // Decimal int, float or imaginary.
        let mut i = start;
        let mut is_float = false;
        if b(i) != b'.' {
            i = self.digit_run(i, |c| c.is_ascii_digit(), "decimal")?;
        }
        if b(i) == b'.' {
            is_float = true;
            i += 1;
            if b(i).is_ascii_digit() {
                i = self.digit_run(i, |c| c.is_ascii_digit(), "decimal")?;
            }
        }
        if matches!(b(i), b'e' | b'E') {
            let mut j = i + 1;
            if matches!(b(j), b'+' | b'-') {
                j += 1;
                if !b(j).is_ascii_digit() {
                    return Err(self.cursor_error("invalid decimal literal", j));
                }
            }
            if b(j).is_ascii_digit() {
                i = self.digit_run(j, |c| c.is_ascii_digit(), "decimal")?;
                is_float = true;
            } else {
                // `1else`: the number ends before the `e`.
                self.verify_end_of_number(i, "decimal")?;
                return self.check_leading_zeros(start, i, is_float).map(|()| i);
            }
        }
        if matches!(b(i), b'j' | b'J') {
            i += 1;
            self.verify_end_of_number(i, "imaginary")?;
            return Ok(i);
        }
        self.verify_end_of_number(i, "decimal")?;
        self.check_leading_zeros(start, i, is_float)?;
        Ok(i)
    }

    fn check_leading_zeros(&self, start: usize, end: usize, is_float: bool) -> LexResult {
        let text = &self.bytes[start..end];
        if !is_float
            && text.len() > 1
            && text[0] == b'0'
            && text.iter().any(|&c| c.is_ascii_digit() && c != b'0')
        {
            return Err(SyntaxError::syntax(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                crate::text::TextRange::new(start as u32, end as u32),
            ));
        }
        Ok(())
    }

    fn bad_digit(&self, at: usize, kind: &str) -> SyntaxError {
        let digit = self.bytes[at] as char;
        self.error(
            format!("invalid digit '{digit}' in {kind} literal"),
            at,
            at + 1,
        )
    }
}
