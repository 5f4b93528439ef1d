//! Character classes and case mappings of the regular expression engine:
//! the `CATEGORY_*` and `AT_*` codes of CPython's `re._constants`, and the
//! ASCII, locale (the C locale: ASCII) and Unicode case foldings the
//! `*_IGNORE` instructions compare with.

use pyrite_compiler::text::props;

/// `CATEGORY_*` codes, in `re._constants.CHCODES` order.
pub mod category {
    pub const DIGIT: u32 = 0;
    pub const NOT_DIGIT: u32 = 1;
    pub const SPACE: u32 = 2;
    pub const NOT_SPACE: u32 = 3;
    pub const WORD: u32 = 4;
    pub const NOT_WORD: u32 = 5;
    pub const LINEBREAK: u32 = 6;
    pub const NOT_LINEBREAK: u32 = 7;
    pub const LOC_WORD: u32 = 8;
    pub const LOC_NOT_WORD: u32 = 9;
    pub const UNI_DIGIT: u32 = 10;
    pub const UNI_NOT_DIGIT: u32 = 11;
    pub const UNI_SPACE: u32 = 12;
    pub const UNI_NOT_SPACE: u32 = 13;
    pub const UNI_WORD: u32 = 14;
    pub const UNI_NOT_WORD: u32 = 15;
    pub const UNI_LINEBREAK: u32 = 16;
    pub const UNI_NOT_LINEBREAK: u32 = 17;
}

/// `AT_*` codes, in `re._constants.ATCODES` order.
pub mod at {
    pub const BEGINNING: u32 = 0;
    pub const BEGINNING_LINE: u32 = 1;
    pub const BEGINNING_STRING: u32 = 2;
    pub const BOUNDARY: u32 = 3;
    pub const NON_BOUNDARY: u32 = 4;
    pub const END: u32 = 5;
    pub const END_LINE: u32 = 6;
    pub const END_STRING: u32 = 7;
    pub const LOC_BOUNDARY: u32 = 8;
    pub const LOC_NON_BOUNDARY: u32 = 9;
    pub const UNI_BOUNDARY: u32 = 10;
    pub const UNI_NON_BOUNDARY: u32 = 11;
}

fn is_ascii_digit(c: u32) -> bool {
    (u32::from(b'0')..=u32::from(b'9')).contains(&c)
}

fn is_ascii_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09..=0x0d)
}

/// A word character in ASCII (and the C locale) terms.
pub fn is_ascii_word(c: u32) -> bool {
    c < 128 && (char::from(c as u8).is_ascii_alphanumeric() || c == u32::from(b'_'))
}

/// A word character in Unicode terms: `str.isalnum()` or `_`.
pub fn is_uni_word(c: u32) -> bool {
    c == u32::from(b'_')
        || props::is_alpha(c)
        || props::is_decimal(c)
        || props::is_digit(c)
        || props::is_numeric(c)
}

fn is_uni_linebreak(c: u32) -> bool {
    matches!(
        c,
        0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029
    )
}

/// Whether `c` is in category `code`.
pub fn in_category(code: u32, c: u32) -> bool {
    use category::*;
    match code {
        DIGIT => is_ascii_digit(c),
        NOT_DIGIT => !is_ascii_digit(c),
        SPACE => is_ascii_space(c),
        NOT_SPACE => !is_ascii_space(c),
        WORD | LOC_WORD => is_ascii_word(c),
        NOT_WORD | LOC_NOT_WORD => !is_ascii_word(c),
        LINEBREAK => c == 0x0a,
        NOT_LINEBREAK => c != 0x0a,
        UNI_DIGIT => props::is_decimal(c),
        UNI_NOT_DIGIT => !props::is_decimal(c),
        UNI_SPACE => props::is_space(c),
        UNI_NOT_SPACE => !props::is_space(c),
        UNI_WORD => is_uni_word(c),
        UNI_NOT_WORD => !is_uni_word(c),
        UNI_LINEBREAK => is_uni_linebreak(c),
        UNI_NOT_LINEBREAK => !is_uni_linebreak(c),
        _ => false,
    }
}

/// ASCII lowercase (also the C locale's).
pub fn ascii_lower(c: u32) -> u32 {
    if (0x41..=0x5a).contains(&c) {
        c + 32
    } else {
        c
    }
}

/// ASCII uppercase (also the C locale's).
pub fn ascii_upper(c: u32) -> u32 {
    if (0x61..=0x7a).contains(&c) {
        c - 32
    } else {
        c
    }
}

/// The lowercase CPython's regular expressions compare with: one
/// character, the first of the full mapping (`İ` lowers to `i`).
pub fn uni_lower(c: u32) -> u32 {
    if c < 128 {
        return ascii_lower(c);
    }
    char::from_u32(c)
        .and_then(|ch| ch.to_lowercase().next())
        .map_or(c, u32::from)
}

/// The uppercase they compare with: the first character of the full
/// mapping, as CPython's case tables give it (`ß` uppers to `S`).
pub fn uni_upper(c: u32) -> u32 {
    if c < 128 {
        return ascii_upper(c);
    }
    char::from_u32(c)
        .and_then(|ch| ch.to_uppercase().next())
        .map_or(c, u32::from)
}

/// Whether `c` has another case in ASCII terms.
pub fn ascii_iscased(c: u32) -> bool {
    c < 128 && char::from(c as u8).is_ascii_alphabetic()
}

/// Whether `c` has another case in Unicode terms.
pub fn uni_iscased(c: u32) -> bool {
    c != uni_lower(c) || c != uni_upper(c)
}
