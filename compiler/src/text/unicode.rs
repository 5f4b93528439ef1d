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

/// The character named `name` for `\N{...}`, as `unicodedata.lookup` finds it:
/// an exact name or name alias, ignoring case only.
///
/// Aliases come from our table (CPython's exact set); names from
/// `unicode_names2`, which matches loosely (ignoring spaces, underscores and
/// medial hyphens), so only a hit whose own name is exactly `name` counts.
pub fn lookup_char_name(name: &str) -> Option<char> {
    let canonical = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
        && !name.starts_with([' ', '-'])
        && !name.ends_with([' ', '-'])
        && !name.contains("  ");
    if !canonical {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    if let Some(cp) = lookup_name_alias(&upper) {
        return char::from_u32(cp);
    }
    let found = unicode_names2::character(&upper)?;
    let own_name = unicode_names2::name(found)?.to_string();
    (own_name == upper).then_some(found)
}

/// The Unicode name of `c` (`unicodedata.name`), if it has one.
pub fn char_name(c: char) -> Option<String> {
    unicode_names2::name(c).map(|n| n.to_string())
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

/// The Unicode predicates behind `str.isalpha()` and friends, one code
/// point at a time.
pub mod props {
    use super::in_table;
    use crate::text::unicode_tables::{
        ALPHA, CASED, DECIMAL, DIGIT, LOWER, NUMERIC, SPACE, TITLE, UPPER,
    };

    /// `str.isalpha()`.
    pub fn is_alpha(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_alphabetic();
        }
        in_table(ALPHA, cp)
    }

    /// `str.isdecimal()`.
    pub fn is_decimal(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_digit();
        }
        in_table(DECIMAL, cp)
    }

    /// The value of a decimal digit (`unicodedata.decimal`).
    pub fn decimal_value(cp: u32) -> Option<u32> {
        if cp < 0x80 {
            return (cp as u8 as char).to_digit(10);
        }
        let i = DECIMAL.binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        // Decimal digits come in runs of ten starting at zero.
        i.ok().map(|i| (cp - DECIMAL[i].0) % 10)
    }

    /// `str.isdigit()`.
    pub fn is_digit(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_digit();
        }
        in_table(DIGIT, cp)
    }

    /// `str.isnumeric()`.
    pub fn is_numeric(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_digit();
        }
        in_table(NUMERIC, cp)
    }

    /// `str.isspace()`.
    pub fn is_space(cp: u32) -> bool {
        if cp < 0x80 {
            return matches!(cp, 0x09..=0x0D | 0x1C..=0x20);
        }
        in_table(SPACE, cp)
    }

    /// A lowercase code point.
    pub fn is_lower(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_lowercase();
        }
        in_table(LOWER, cp)
    }

    /// An uppercase code point.
    pub fn is_upper(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_uppercase();
        }
        in_table(UPPER, cp)
    }

    /// A titlecase letter.
    pub fn is_title(cp: u32) -> bool {
        cp >= 0x80 && in_table(TITLE, cp)
    }

    /// A cased code point.
    pub fn is_cased(cp: u32) -> bool {
        if cp < 0x80 {
            return (cp as u8).is_ascii_alphabetic();
        }
        in_table(CASED, cp)
    }
}
