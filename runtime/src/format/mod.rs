//! Text formatting shared by the numeric types, `str.format`, f-strings and
//! `%`: float reprs, the format-spec mini-language, and printf-style
//! formatting.

pub mod percent;
pub mod spec;

/// `repr(x)` for a float: the shortest string that round-trips.
pub fn float_repr(x: f64) -> String {
    pyrite_compiler::text::repr_float(x)
}

/// `repr(complex(re, im))`.
pub fn complex_repr(re: f64, im: f64) -> String {
    pyrite_compiler::text::repr_complex(re, im)
}

/// The decimal digits of `x` rounded to `digits` significant digits, and
/// the decimal exponent of the first one (`d.ddd * 10**exp`).
pub fn sig_digits(x: f64, digits: usize) -> (String, i32) {
    let s = format!("{:.*e}", digits.saturating_sub(1), x.abs());
    let (m, e) = s.split_once('e').expect("LowerExp has an exponent");
    (m.replace('.', ""), e.parse().expect("an integer exponent"))
}
