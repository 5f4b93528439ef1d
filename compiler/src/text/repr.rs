//! Python's `repr` for the literal types the parser produces.

use super::is_printable;
use std::fmt::Write as _;

/// `repr(s)` for a Python string given as code points.
pub fn repr_str_code_points(cps: impl Iterator<Item = u32> + Clone) -> String {
    let (mut single, mut double) = (false, false);
    for cp in cps.clone() {
        single |= cp == u32::from(b'\'');
        double |= cp == u32::from(b'"');
    }
    let quote = if single && !double { '"' } else { '\'' };
    let mut out = String::with_capacity(16);
    out.push(quote);
    for cp in cps {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if cp == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            _ if is_printable(cp) => out.push(char::from_u32(cp).expect("printable is a char")),
            0..=0xFF => write!(out, "\\x{cp:02x}").unwrap(),
            0x100..=0xFFFF => write!(out, "\\u{cp:04x}").unwrap(),
            _ => write!(out, "\\U{cp:08x}").unwrap(),
        }
    }
    out.push(quote);
    out
}

/// `repr(s)` for a Python string without surrogates.
pub fn repr_str(s: &str) -> String {
    repr_str_code_points(s.chars().map(u32::from))
}

/// `repr(b)` for a Python bytes object.
pub fn repr_bytes(bytes: &[u8]) -> String {
    let single = bytes.contains(&b'\'');
    let double = bytes.contains(&b'"');
    let quote = if single && !double { b'"' } else { b'\'' };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if b == quote => {
                out.push('\\');
                out.push(quote as char);
            }
            0x20..0x7F => out.push(b as char),
            _ => write!(out, "\\x{b:02x}").unwrap(),
        }
    }
    out.push(quote as char);
    out
}

/// Shortest round-trip digits of a finite, non-zero `x`, and the position of the
/// decimal point relative to them (`0.d1d2... * 10**decpt`).
fn shortest_digits(x: f64) -> (String, i32) {
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().expect("exponent is an integer");
    (digits, exp + 1)
}

/// Formats `x` the way `repr(float)` does; `add_dot_zero` appends `.0` to integral
/// values in fixed notation (floats do, the imaginary part of a complex does not).
fn format_float_repr(x: f64, add_dot_zero: bool) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0{}", if add_dot_zero { ".0" } else { "" });
    }
    let (digits, decpt) = shortest_digits(x);
    let n = digits.len() as i32;
    let mut out = String::from(sign);
    if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-decpt) as usize));
            out.push_str(&digits);
        } else if decpt >= n {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
            if add_dot_zero {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..decpt as usize]);
            out.push('.');
            out.push_str(&digits[decpt as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let exp = decpt - 1;
        write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs()).unwrap();
    }
    out
}

/// `repr(x)` for a Python float.
pub fn repr_float(x: f64) -> String {
    format_float_repr(x, true)
}

/// `repr(complex(0, imag))`, the only complex value a literal can produce.
pub fn repr_complex_imag(imag: f64) -> String {
    format_float_repr(imag, false) + "j"
}

/// `repr(complex(real, imag))`.
pub fn repr_complex(real: f64, imag: f64) -> String {
    if real == 0.0 && real.is_sign_positive() {
        return repr_complex_imag(imag);
    }
    let im = format_float_repr(imag, false);
    let sign = if im.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{im}j)", format_float_repr(real, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        let cases = [
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e300, "1.5e+300"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (123456789.125, "123456789.125"),
            (f64::INFINITY, "inf"),
            (5e-324, "5e-324"),
        ];
        for (x, want) in cases {
            assert_eq!(repr_float(x), want);
        }
        assert_eq!(repr_complex_imag(2.0), "2j");
        assert_eq!(repr_complex_imag(1.5e300), "1.5e+300j");
    }

    #[test]
    fn strings_print_like_python() {
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a'\"b"), "'a\\'\"b'");
        assert_eq!(repr_str("\u{7f}\u{a0}é\n"), "'\\x7f\\xa0é\\n'");
        assert_eq!(repr_bytes(b"\x00a'"), "b\"\\x00a'\"");
    }
}
