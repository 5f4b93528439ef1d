//! Text facts shared by the parser, the printer and (later) the runtime: Python's
//! string values, their `repr`, Unicode predicates and byte-offset to line mapping.

mod line_index;
mod pystr;
mod repr;
mod unicode;
#[rustfmt::skip]
mod unicode_tables;

pub use line_index::LineIndex;
pub use pystr::PyStr;
pub use repr::{
    repr_bytes, repr_complex, repr_complex_imag, repr_float, repr_str, repr_str_code_points,
};
pub use unicode::{
    char_name, is_printable, is_xid_continue, is_xid_start, lookup_char_name, lookup_name_alias,
    props,
};

/// A half-open range of byte offsets into the (decoded, newline-normalized) source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextRange {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end`.
    pub const fn new(start: u32, end: u32) -> Self {
        TextRange { start, end }
    }

    /// The range that covers both `self` and `other`'s end.
    pub const fn to(self, other: TextRange) -> Self {
        TextRange {
            start: self.start,
            end: other.end,
        }
    }

    /// An empty range at `offset`.
    pub const fn empty(offset: u32) -> Self {
        TextRange {
            start: offset,
            end: offset,
        }
    }
}
