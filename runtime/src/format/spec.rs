//! The format-spec mini-language (`format(x, spec)`, `str.format`,
//! f-strings) for `int`, `float`, `complex` and `str`, with CPython's error
//! messages.

use crate::error::PyResult;
use crate::types::int::IntVal;
use crate::vm::Vm;

/// A parsed format spec.
#[derive(Clone, Debug, Default)]
pub struct FormatSpec {
    /// The fill character.
    pub fill: Option<char>,
    /// `<`, `>`, `=` or `^`.
    pub align: Option<char>,
    /// `+`, `-` or space.
    pub sign: Option<char>,
    /// `z`: negative zero becomes positive.
    pub no_neg_zero: bool,
    /// `#`.
    pub alternate: bool,
    /// A leading `0` before the width.
    pub zero: bool,
    /// Minimum width.
    pub width: Option<usize>,
    /// `,` or `_`.
    pub grouping: Option<char>,
    /// Digits after the point (or characters of a string).
    pub precision: Option<usize>,
    /// The presentation type.
    pub ty: Option<char>,
}

fn invalid(vm: &Vm, spec: &str, type_name: &str) -> crate::error::PyErr {
    vm.value_error(format!(
        "Invalid format specifier '{spec}' for object of type '{type_name}'"
    ))
}

/// Reads digits at `chars[*i..]`.
fn number(vm: &Vm, chars: &[char], i: &mut usize) -> PyResult<Option<usize>> {
    let start = *i;
    let mut n: usize = 0;
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(chars[*i] as usize - '0' as usize))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| vm.value_error("Too many decimal digits in format string"))?;
        *i += 1;
    }
    Ok(if *i > start { Some(n) } else { None })
}

impl FormatSpec {
    /// Parses `spec` for an object of type `type_name`.
    pub fn parse(vm: &Vm, spec: &str, type_name: &str) -> PyResult<FormatSpec> {
        let chars: Vec<char> = spec.chars().collect();
        let mut f = FormatSpec::default();
        let mut i = 0;
        let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
        if chars.len() >= 2 && is_align(chars[1]) {
            f.fill = Some(chars[0]);
            f.align = Some(chars[1]);
            i = 2;
        } else if !chars.is_empty() && is_align(chars[0]) {
            f.align = Some(chars[0]);
            i = 1;
        }
        if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
            f.sign = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == 'z' {
            f.no_neg_zero = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '#' {
            f.alternate = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '0' {
            f.zero = true;
            if f.fill.is_none() {
                f.fill = Some('0');
            }
            if f.align.is_none() {
                f.align = Some('=');
            }
            i += 1;
        }
        f.width = number(vm, &chars, &mut i)?;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            f.grouping = Some(chars[i]);
            i += 1;
            if i < chars.len() && matches!(chars[i], ',' | '_') {
                return Err(vm.value_error("Cannot specify both ',' and '_'."));
            }
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            f.precision = number(vm, &chars, &mut i)?;
            if f.precision.is_none() {
                return Err(vm.value_error("Format specifier missing precision"));
            }
        }
        if chars.len() - i > 1 {
            return Err(invalid(vm, spec, type_name));
        }
        if i < chars.len() {
            f.ty = Some(chars[i]);
        }
        if let Some(g) = f.grouping {
            let ok = match f.ty {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
                Some('b' | 'o' | 'x' | 'X') => g == '_',
                _ => false,
            };
            if !ok {
                let t = f.ty.unwrap_or(' ');
                return Err(vm.value_error(format!("Cannot specify '{g}' with '{t}'.")));
            }
        }
        Ok(f)
    }

    /// Pads `body` (sign and prefix first) to the width.
    fn pad(&self, sign: &str, body: &str, default_align: char) -> String {
        let len = sign.chars().count() + body.chars().count();
        let width = self.width.unwrap_or(0);
        if len >= width {
            return format!("{sign}{body}");
        }
        let fill = self.fill.unwrap_or(' ');
        let n = width - len;
        let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
        match self.align.unwrap_or(default_align) {
            '<' => format!("{sign}{body}{}", fills(n)),
            '^' => format!("{}{sign}{body}{}", fills(n / 2), fills(n - n / 2)),
            '=' => format!("{sign}{}{body}", fills(n)),
            _ => format!("{}{sign}{body}", fills(n)),
        }
    }

    fn sign_str(&self, negative: bool) -> &'static str {
        match (negative, self.sign) {
            (true, _) => "-",
            (false, Some('+')) => "+",
            (false, Some(' ')) => " ",
            _ => "",
        }
    }
}

/// Inserts `sep` every `every` digits from the right of `digits`; with
/// zero padding, pads with zeros (separated too) up to `min_len` characters.
fn group(digits: &str, sep: char, every: usize, min_len: usize) -> String {
    let mut d: Vec<char> = digits.chars().collect();
    let grouped_len = |n: usize| n + (n.max(1) - 1) / every;
    while grouped_len(d.len()) < min_len {
        d.insert(0, '0');
    }
    let mut out = String::new();
    for (i, c) in d.iter().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(*c);
    }
    if out.len() < min_len {
        // A leading separator cannot start a number: pad with one more zero.
        out.insert(0, '0');
    }
    out
}

/// Applies grouping and zero padding to the integer digits of a number.
fn grouped_digits(spec: &FormatSpec, digits: &str, every: usize, other_len: usize) -> String {
    let zero_fill = spec.fill == Some('0') && spec.align == Some('=');
    let min_len = if zero_fill {
        spec.width.unwrap_or(0).saturating_sub(other_len)
    } else {
        0
    };
    match spec.grouping {
        Some(sep) => group(digits, sep, every, min_len),
        None => digits.to_string(),
    }
}

/// `format(int, spec)`.
pub fn format_int(vm: &Vm, n: &IntVal, spec: &str) -> PyResult<String> {
    format_int_typed(vm, n, spec, "int")
}

/// `format(int, spec)` for an int-like of type `type_name`.
pub fn format_int_typed(vm: &Vm, n: &IntVal, spec_text: &str, type_name: &str) -> PyResult<String> {
    let spec = FormatSpec::parse(vm, spec_text, type_name)?;
    match spec.ty {
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let f = n
                .to_f64()
                .ok_or_else(|| vm.overflow_error("int too large to convert to float"))?;
            return format_float_spec(vm, f, &spec, type_name);
        }
        Some('n') | None | Some('d' | 'b' | 'o' | 'x' | 'X' | 'c') => {}
        Some(c) => {
            return Err(unknown_code(vm, c, type_name));
        }
    }
    if spec.precision.is_some() {
        return Err(vm.value_error("Precision not allowed in integer format specifier"));
    }
    if spec.no_neg_zero {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in integer format specifier")
        );
    }
    let big = n.big();
    let negative = big.sign() == num_bigint::Sign::Minus;
    let mag = big.magnitude();
    if spec.ty == Some('c') {
        if spec.sign.is_some() {
            return Err(vm.value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if spec.alternate {
            return Err(
                vm.value_error("Alternate form (#) not allowed with integer format specifier 'c'")
            );
        }
        let cp = num_traits::ToPrimitive::to_u32(&big).filter(|&c| c <= 0x10FFFF && !negative);
        let Some(cp) = cp else {
            return Err(vm.overflow_error("%c arg not in range(0x110000)"));
        };
        let s: String =
            char::from_u32(cp).map_or_else(|| "\u{FFFD}".to_string(), |c| c.to_string());
        return Ok(spec.pad("", &s, '<'));
    }
    let (radix, prefix, every) = match spec.ty {
        Some('b') => (2, "0b", 4),
        Some('o') => (8, "0o", 4),
        Some('x') => (16, "0x", 4),
        Some('X') => (16, "0X", 4),
        _ => (10, "", 3),
    };
    let mut digits = mag.to_str_radix(radix);
    if spec.ty == Some('X') {
        digits = digits.to_uppercase();
    }
    let sign = spec.sign_str(negative);
    let prefix = if spec.alternate { prefix } else { "" };
    let other = sign.len() + prefix.len();
    let body = grouped_digits(&spec, &digits, every, other);
    Ok(spec.pad(&format!("{sign}{prefix}"), &body, '>'))
}

fn unknown_code(vm: &Vm, c: char, type_name: &str) -> crate::error::PyErr {
    if (c as u32) > 32 && (c as u32) < 128 {
        vm.value_error(format!(
            "Unknown format code '{c}' for object of type '{type_name}'"
        ))
    } else {
        vm.value_error(format!(
            "Unknown format code '\\x{:x}' for object of type '{type_name}'",
            c as u32
        ))
    }
}

/// `format(float, spec)`.
pub fn format_float(vm: &Vm, x: f64, spec_text: &str) -> PyResult<String> {
    let spec = FormatSpec::parse(vm, spec_text, "float")?;
    format_float_spec(vm, x, &spec, "float")
}

/// The digits of `x` (non-negative, finite) in presentation type `ty`
/// with `prec`; `None` type follows `repr` when `prec` is absent.
pub fn float_body(x: f64, ty: Option<char>, prec: Option<usize>, alternate: bool) -> String {
    match ty {
        Some('f' | 'F' | '%') => {
            let p = prec.unwrap_or(6);
            let mut s = format!("{:.*}", p, x);
            if alternate && p == 0 {
                s.push('.');
            }
            s
        }
        Some('e' | 'E') => {
            let p = prec.unwrap_or(6);
            sci(x, p, alternate)
        }
        Some('g' | 'G' | 'n') => general(x, prec.unwrap_or(6).max(1), alternate, false),
        _ => match prec {
            None => {
                let r = float_repr_abs(x);
                if alternate && !r.contains('.') && !r.contains('e') {
                    r + "."
                } else {
                    r
                }
            }
            Some(p) => general(x, p.max(1), alternate, true),
        },
    }
}

/// `repr` of a non-negative float.
fn float_repr_abs(x: f64) -> String {
    crate::format::float_repr(x)
}

/// Scientific notation with `p` digits after the point.
fn sci(x: f64, p: usize, alternate: bool) -> String {
    let s = format!("{:.*e}", p, x);
    let (m, e) = s.split_once('e').expect("LowerExp has an exponent");
    let e: i32 = e.parse().expect("an integer exponent");
    let dot = if alternate && p == 0 { "." } else { "" };
    format!("{m}{dot}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `g` formatting with `p` significant digits; `repr_style` keeps a `.0`
/// on integral values (the type-less presentation with a precision).
fn general(x: f64, p: usize, alternate: bool, repr_style: bool) -> String {
    if x == 0.0 {
        let mut s = String::from("0");
        if alternate {
            s.push('.');
            s.extend(std::iter::repeat_n('0', p - 1));
        } else if repr_style {
            s.push_str(".0");
        }
        return s;
    }
    let (_, exp) = crate::format::sig_digits(x, p);
    let mut s = if exp >= -4 && (exp as i64) < p as i64 {
        let decimals = (p as i64 - 1 - exp as i64).max(0) as usize;
        format!("{:.*}", decimals, x)
    } else {
        sci(x, p - 1, alternate)
    };
    if !alternate {
        let (mant, rest) = match s.find('e') {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mut mant = mant;
        if mant.contains('.') {
            while mant.ends_with('0') {
                mant.pop();
            }
            if mant.ends_with('.') {
                mant.pop();
            }
        }
        if repr_style && rest.is_empty() && !mant.contains('.') {
            mant.push_str(".0");
        }
        s = mant + &rest;
    } else if !s.contains('.') {
        match s.find('e') {
            Some(i) => s.insert(i, '.'),
            None => s.push('.'),
        }
    }
    s
}

/// `format(float, spec)` with a parsed spec.
pub fn format_float_spec(vm: &Vm, x: f64, spec: &FormatSpec, type_name: &str) -> PyResult<String> {
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {}
        Some(c) => return Err(unknown_code(vm, c, type_name)),
    }
    let upper = matches!(spec.ty, Some('E' | 'F' | 'G'));
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let mut v = x.abs();
    if spec.ty == Some('%') {
        v *= 100.0;
    }
    let mut body = if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        "inf".to_string()
    } else {
        float_body(v, spec.ty, spec.precision, spec.alternate)
    };
    if spec.no_neg_zero && negative && body.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        negative = false;
    }
    if spec.ty == Some('%') {
        body.push('%');
    }
    if upper {
        body = body.to_uppercase();
    }
    let sign = spec.sign_str(negative);
    if v.is_finite()
        && (spec.grouping.is_some() || (spec.fill == Some('0') && spec.align == Some('=')))
    {
        let split = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (int_part, rest) = body.split_at(split);
        let other = sign.len() + rest.chars().count();
        let grouped = grouped_digits(spec, int_part, 3, other);
        body = format!("{grouped}{rest}");
    }
    Ok(spec.pad(sign, &body, '>'))
}

/// `format(str, spec)`.
pub fn format_str(vm: &Vm, s: &str, spec_text: &str) -> PyResult<String> {
    let spec = FormatSpec::parse(vm, spec_text, "str")?;
    match spec.ty {
        None | Some('s') => {}
        Some(c) => return Err(unknown_code(vm, c, "str")),
    }
    if spec.sign.is_some() {
        return Err(vm.value_error("Sign not allowed in string format specifier"));
    }
    if spec.alternate {
        return Err(vm.value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if spec.no_neg_zero {
        return Err(vm.value_error("Negative zero coercion (z) not allowed in format specifier"));
    }
    if spec.align == Some('=') {
        return Err(vm.value_error("'=' alignment not allowed in string format specifier"));
    }
    if let Some(g) = spec.grouping {
        return Err(vm.value_error(format!("Cannot specify '{g}' with 's'.")));
    }
    let truncated: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(spec.pad("", &truncated, '<'))
}

/// `format(complex, spec)`.
pub fn format_complex(vm: &Vm, re: f64, im: f64, spec_text: &str) -> PyResult<String> {
    let spec = FormatSpec::parse(vm, spec_text, "complex")?;
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {}
        Some(c) => return Err(unknown_code(vm, c, "complex")),
    }
    if spec.zero {
        return Err(vm.value_error("Zero padding is not allowed in complex format specifier"));
    }
    if spec.align == Some('=') {
        return Err(vm.value_error("'=' alignment flag is not allowed in complex format specifier"));
    }
    if spec.ty.is_none() && spec.precision.is_none() {
        let r = crate::format::complex_repr(re, im);
        let r = match (spec.sign, r.starts_with('(')) {
            (Some('+'), false) if !r.starts_with('-') => format!("+{r}"),
            _ => r,
        };
        return Ok(spec.pad("", &r, '>'));
    }
    let part = |x: f64, with_sign: Option<char>| -> String {
        let mut inner = spec.clone();
        inner.width = None;
        inner.fill = None;
        inner.align = None;
        inner.sign = with_sign;
        inner.ty = spec.ty.or(Some('g'));
        format_float_spec(vm, x, &inner, "complex").unwrap_or_default()
    };
    let skip_re = spec.ty.is_none() && re == 0.0 && re.is_sign_positive();
    let body = if skip_re {
        format!("{}j", part(im, spec.sign))
    } else {
        let r = part(re, spec.sign);
        let i = part(im, Some('+'));
        if spec.ty.is_none() {
            format!("({r}{i}j)")
        } else {
            format!("{r}{i}j")
        }
    };
    Ok(spec.pad("", &body, '>'))
}
