//! Python `str` values, which may hold any code point, lone surrogates included.

use std::fmt;

/// A Python string: a sequence of code points in 0..=0x10FFFF.
///
/// Stored as UTF-8 generalized to surrogates (each code point encoded on its own,
/// so a lone `\ud800` is the three bytes ED A0 80). Strings without surrogates
/// are plain UTF-8 and borrow as `&str` for free; that is the common case.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyStr {
    bytes: Vec<u8>,
    has_surrogates: bool,
}

impl PyStr {
    /// An empty string.
    pub const fn new() -> Self {
        PyStr {
            bytes: Vec::new(),
            has_surrogates: false,
        }
    }

    /// Appends one code point (any value below 0x110000).
    pub fn push(&mut self, cp: u32) {
        debug_assert!(cp < 0x11_0000);
        if let Some(c) = char::from_u32(cp) {
            let mut buf = [0u8; 4];
            self.bytes
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        } else {
            self.has_surrogates = true;
            self.bytes.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]);
        }
    }

    /// Appends text.
    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Appends another Python string.
    pub fn push_pystr(&mut self, other: &PyStr) {
        self.bytes.extend_from_slice(&other.bytes);
        self.has_surrogates |= other.has_surrogates;
    }

    /// The text as `&str` when it holds no surrogates.
    pub fn as_str(&self) -> Option<&str> {
        if self.has_surrogates {
            None
        } else {
            // Valid UTF-8 whenever no surrogate was pushed.
            std::str::from_utf8(&self.bytes).ok()
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The generalized UTF-8 bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The code points, in order.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints { rest: &self.bytes }
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> Self {
        PyStr {
            bytes: s.as_bytes().to_vec(),
            has_surrogates: false,
        }
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> Self {
        PyStr {
            bytes: s.into_bytes(),
            has_surrogates: false,
        }
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::repr_str_code_points(self.code_points()))
    }
}

/// Iterator over the code points of a [`PyStr`].
#[derive(Clone)]
pub struct CodePoints<'a> {
    rest: &'a [u8],
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (&lead, tail) = self.rest.split_first()?;
        let (len, init) = match lead {
            0x00..=0x7F => (1, u32::from(lead)),
            0xC0..=0xDF => (2, u32::from(lead & 0x1F)),
            0xE0..=0xEF => (3, u32::from(lead & 0x0F)),
            _ => (4, u32::from(lead & 0x07)),
        };
        let cp = tail[..len - 1]
            .iter()
            .fold(init, |acc, &b| (acc << 6) | u32::from(b & 0x3F));
        self.rest = &self.rest[len..];
        Some(cp)
    }
}
