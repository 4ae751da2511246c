//! Python's spelling of scalars.
//!
//! aws v1 prints every number through Python, so a float must come out as
//! `repr(float)` does: the shortest digits that round-trip, fixed notation
//! for decimal exponents in (-4, 16], scientific with a signed two-digit
//! exponent otherwise, and always a `.0` on integral values. Python's
//! `str()`, `repr()` and type names of JSON values live here too.

use std::fmt::{self, Write as _};

use serde_json::Value;

/// `repr(x)` for a Python float.
pub fn float_repr(x: f64) -> String {
    let mut buf = String::new();
    write_float_repr(x, &mut buf);
    buf
}

/// Appends `repr(x)` to `buf` without allocating anything else: renderers
/// call this for every float cell, so it must not build temporaries.
pub fn write_float_repr(x: f64, buf: &mut String) {
    if x.is_nan() {
        buf.push_str("nan");
        return;
    }
    if x.is_infinite() {
        buf.push_str(if x > 0.0 { "inf" } else { "-inf" });
        return;
    }
    // Rust's `{:e}` yields the same shortest round-trip digits Python uses;
    // only the layout differs. It is formatted onto the stack, then its
    // digits and exponent are laid out the way Python does.
    let mut sci = StackText::default();
    // `{:e}` of an f64 is at most 24 bytes, well within the buffer, so the
    // write cannot fail; were it ever to, the digits parsed below would be
    // empty and we fall back to Rust's own spelling rather than panic.
    if write!(sci, "{:e}", x.abs()).is_err() {
        let _ = write!(buf, "{x:?}");
        return;
    }
    let text = sci.as_bytes();
    let (mantissa, exp_text) = match text.iter().position(|&b| b == b'e') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, &b"0"[..]),
    };
    let exp = parse_exponent(exp_text);
    // The significant digits, without the decimal point.
    let mut digits = [0u8; 24];
    let mut len = 0;
    for &b in mantissa.iter().filter(|b| b.is_ascii_digit()) {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b;
            len += 1;
        }
    }
    let digits = &digits[..len];
    if x.is_sign_negative() {
        buf.push('-');
    }
    // Position of the decimal point relative to the first digit.
    let point = exp + 1;
    if -4 < point && point <= 16 {
        fixed(digits, point, buf);
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        push_ascii(buf, first);
        if !rest.is_empty() {
            buf.push('.');
            push_ascii(buf, rest);
        }
        buf.push('e');
        buf.push(if exp < 0 { '-' } else { '+' });
        let magnitude = exp.unsigned_abs();
        if magnitude < 10 {
            buf.push('0');
        }
        // Writing into a String cannot fail.
        let _ = write!(buf, "{magnitude}");
    }
}

/// The exponent `{:e}` printed: an optional `-` and decimal digits.
fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, magnitude) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let value = magnitude
        .iter()
        .filter(|d| d.is_ascii_digit())
        .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
    if negative { -value } else { value }
}

/// Pushes ASCII bytes (digits here) onto a String.
fn push_ascii(buf: &mut String, bytes: &[u8]) {
    buf.extend(bytes.iter().map(|&b| char::from(b)));
}

/// Fixed notation for a decimal point `point` digits after the first one.
fn fixed(digits: &[u8], point: i32, buf: &mut String) {
    let len = digits.len() as i32;
    if point <= 0 {
        buf.push_str("0.");
        buf.extend(std::iter::repeat_n('0', (-point) as usize));
        push_ascii(buf, digits);
    } else if point >= len {
        push_ascii(buf, digits);
        buf.extend(std::iter::repeat_n('0', (point - len) as usize));
        buf.push_str(".0");
    } else {
        let (int, frac) = digits.split_at(point as usize);
        push_ascii(buf, int);
        buf.push('.');
        push_ascii(buf, frac);
    }
}

/// A small fixed-capacity text buffer on the stack, for `{:e}` output.
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Python's type name for the value json.loads would have produced.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `str()` of the value json.loads would have produced.
pub fn str_of(value: &Value) -> String {
    let mut buf = String::new();
    write_str_of(value, &mut buf);
    buf
}

/// Appends Python's `str()` of the value to `buf`, so renderers can build
/// a whole line without a String per cell.
pub fn write_str_of(value: &Value, buf: &mut String) {
    match value {
        Value::String(s) => buf.push_str(s),
        other => write_repr(other, buf),
    }
}

/// Python's `repr()` of the value json.loads would have produced.
pub fn write_repr(value: &Value, buf: &mut String) {
    match value {
        Value::Null => buf.push_str("None"),
        Value::Bool(true) => buf.push_str("True"),
        Value::Bool(false) => buf.push_str("False"),
        Value::Number(n) => {
            // Writing into a String cannot fail.
            if let Some(u) = n.as_u64() {
                let _ = write!(buf, "{u}");
            } else if let Some(i) = n.as_i64() {
                let _ = write!(buf, "{i}");
            } else {
                write_float_repr(n.as_f64().unwrap_or(f64::NAN), buf);
            }
        }
        Value::String(s) => repr_str(s, buf),
        Value::Array(items) => {
            buf.push('[');
            for (i, element) in items.iter().enumerate() {
                if i > 0 {
                    buf.push_str(", ");
                }
                write_repr(element, buf);
            }
            buf.push(']');
        }
        Value::Object(map) => {
            buf.push('{');
            for (i, (key, element)) in map.iter().enumerate() {
                if i > 0 {
                    buf.push_str(", ");
                }
                repr_str(key, buf);
                buf.push_str(": ");
                write_repr(element, buf);
            }
            buf.push('}');
        }
    }
}

/// Python's `repr()` of a str: single quotes unless only double quotes are
/// safe, C escapes for `\t\n\r`, hex escapes for unprintables.
fn repr_str(s: &str, buf: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    buf.push(quote);
    for c in s.chars() {
        match c {
            '\\' => buf.push_str("\\\\"),
            '\t' => buf.push_str("\\t"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            c if c == quote => {
                buf.push('\\');
                buf.push(c);
            }
            c if is_printable(c) => buf.push(c),
            // Writing into a String cannot fail.
            c if (c as u32) <= 0xff => {
                let _ = write!(buf, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(buf, "\\U{:08x}", c as u32);
            }
        }
    }
    buf.push(quote);
}

/// Approximates Python's `str.isprintable` for one character: controls,
/// format characters, separators other than space, and private-use or
/// non-character code points are unprintable. Unassigned code points are
/// not detected (that would need the whole Unicode database); they only
/// matter for containers repr'd inside a cell, which real responses never
/// produce.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    !matches!(
        u,
        0x00..=0x1f
            | 0x7f..=0xa0
            | 0xad
            | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x890..=0x891
            | 0x8e2
            | 0x1680
            | 0x180e
            | 0x2000..=0x200f
            | 0x2028..=0x202f
            | 0x205f..=0x2064
            | 0x2066..=0x206f
            | 0x3000
            | 0xe000..=0xf8ff
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0x110bd
            | 0x110cd
            | 0x13430..=0x1343f
            | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a
            | 0xe0001
            | 0xe0020..=0xe007f
            | 0xf0000..
    ) && (u & 0xfffe) != 0xfffe
        && !(0xfdd0..=0xfdef).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn matches_python_repr() {
        let cases = [
            (1548272793.069, "1548272793.069"),
            (1700000000.0, "1700000000.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1.5e300, "1.5e+300"),
            (-3.25, "-3.25"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x:?})");
        }
    }

    #[test]
    fn repr_escapes() {
        let mut buf = String::new();
        super::write_repr(
            &serde_json::Value::String("a'b\"c\\\u{1}\u{7f}\u{a0}\u{200b}é\u{10ffff}".into()),
            &mut buf,
        );
        assert_eq!(buf, "'a\\'b\"c\\\\\\x01\\x7f\\xa0\\u200bé\\U0010ffff'");
    }
}
