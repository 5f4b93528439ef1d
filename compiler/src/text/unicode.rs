//! Unicode predicates with CPython 3.14's exact answers (tables generated from its
//! `unicodedata` by scripts/gen_unicode_tables.py).

use super::unicode_tables::{NAME_ALIASES, PRINTABLE, XID_CONTINUE, XID_START};

fn in_table(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `repr` shows this code point as is (`str.isprintable`).
pub fn is_printable(cp: u32) -> bool {
    if cp < 0x7F {
        return cp >= 0x20;
    }
    in_table(PRINTABLE, cp)
}

/// The code point with the name alias `name` (uppercase), as `\N{...}` finds it.
pub fn lookup_name_alias(name: &str) -> Option<u32> {
    NAME_ALIASES
        .binary_search_by(|(alias, _)| (*alias).cmp(name))
        .ok()
        .map(|i| NAME_ALIASES[i].1)
}

/// Whether the code point may start an identifier (`_` included).
pub fn is_xid_start(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphabetic() || cp == u32::from(b'_');
    }
    in_table(XID_START, cp)
}

/// Whether the code point may continue an identifier.
pub fn is_xid_continue(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphanumeric() || cp == u32::from(b'_');
    }
    in_table(XID_CONTINUE, cp)
}
