//! `--output json`: what Python's `json.dump(indent=4, ensure_ascii=False)`
//! writes, followed by a newline.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::Value;

use crate::pyfmt::write_float_repr;

/// aws prints nothing at all for an empty object (its formatter treats `{}`
/// as "no response body"), but does print `null`, `[]` and `""`.
pub fn render_json(value: &Value, out: &mut impl Write) -> io::Result<()> {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return Ok(());
    }
    // Errors are the writer's own, so a closed pipe stays `BrokenPipe` (a
    // quiet exit 0) rather than becoming `Other`.
    let mut printer = Printer {
        out,
        scratch: String::new(),
    };
    printer.value(value, 0)?;
    printer.out.write_all(b"\n")
}

/// Writes Python's `json.dump(indent=4, ensure_ascii=False)` layout, which is
/// serde_json's pretty layout except for floats (`1e+16`, `1e-05`,
/// `1700000000.0`). It is done by hand rather than through serde_json's
/// serializer because that escapes strings a byte at a time and writes each
/// indentation level separately; here a string's plain runs and a whole
/// line break with its indentation each go out in one write.
struct Printer<'w, W: Write> {
    out: &'w mut W,
    /// Reused for every number so that spelling one allocates nothing.
    scratch: String,
}

/// `,\n` followed by enough spaces for 32 levels of indentation.
const BREAK: &[u8; 2 + 4 * 32] = b",\n                                                                                                                                ";

impl<W: Write> Printer<'_, W> {
    /// Writes `,\n` (or just `\n` when `comma` is false) and the indentation
    /// for `depth` levels.
    fn line_break(&mut self, depth: usize, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        match BREAK.get(from..2 + 4 * depth) {
            Some(bytes) => self.out.write_all(bytes),
            None => {
                // Deeper than the prepared run: write the rest level by level.
                self.out.write_all(&BREAK[from..2])?;
                for _ in 0..depth {
                    self.out.write_all(b"    ")?;
                }
                Ok(())
            }
        }
    }

    fn value(&mut self, value: &Value, depth: usize) -> io::Result<()> {
        match value {
            Value::Null => self.out.write_all(b"null"),
            Value::Bool(true) => self.out.write_all(b"true"),
            Value::Bool(false) => self.out.write_all(b"false"),
            Value::Number(n) => {
                self.scratch.clear();
                // Writing into a String cannot fail.
                if let Some(u) = n.as_u64() {
                    let _ = write!(self.scratch, "{u}");
                } else if let Some(i) = n.as_i64() {
                    let _ = write!(self.scratch, "{i}");
                } else {
                    match n.as_f64() {
                        // serde_json writes a non-finite float as `null`.
                        Some(f) if f.is_finite() => write_float_repr(f, &mut self.scratch),
                        _ => self.scratch.push_str("null"),
                    }
                }
                self.out.write_all(self.scratch.as_bytes())
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                if items.is_empty() {
                    return self.out.write_all(b"[]");
                }
                self.out.write_all(b"[")?;
                for (i, item) in items.iter().enumerate() {
                    self.line_break(depth + 1, i > 0)?;
                    self.value(item, depth + 1)?;
                }
                self.line_break(depth, false)?;
                self.out.write_all(b"]")
            }
            Value::Object(map) => {
                if map.is_empty() {
                    return self.out.write_all(b"{}");
                }
                self.out.write_all(b"{")?;
                for (i, (key, item)) in map.iter().enumerate() {
                    self.line_break(depth + 1, i > 0)?;
                    self.string(key)?;
                    self.out.write_all(b": ")?;
                    self.value(item, depth + 1)?;
                }
                self.line_break(depth, false)?;
                self.out.write_all(b"}")
            }
        }
    }

    /// A quoted string with serde_json's escapes: `\"`, `\\`, the short
    /// forms `\b \f \n \r \t`, and `\u00XX` (lowercase) for other control
    /// characters; everything else, non-ASCII included, is written as is.
    fn string(&mut self, s: &str) -> io::Result<()> {
        self.out.write_all(b"\"")?;
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Skip eight clean bytes at a time: most strings need no escape.
            if let Some(chunk) = bytes
                .get(i..i + 8)
                .and_then(|c| <[u8; 8]>::try_from(c).ok())
                && !chunk_needs_escape(u64::from_le_bytes(chunk))
            {
                i += 8;
                continue;
            }
            let b = bytes[i];
            i += 1;
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            let at = i - 1;
            self.out.write_all(&bytes[start..at])?;
            let short: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x0c => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                _ => b"",
            };
            if short.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let escape = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ];
                self.out.write_all(&escape)?;
            } else {
                self.out.write_all(short)?;
            }
            start = i;
        }
        self.out.write_all(&bytes[start..])?;
        self.out.write_all(b"\"")
    }
}

/// Whether any of the eight bytes packed in `x` is a control character, `"`
/// or `\\` (the classic "has a zero byte" bit trick, applied three times).
fn chunk_needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x;
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v;
    (below_space | has_zero(quote) | has_zero(backslash)) & HIGHS != 0
}

#[cfg(test)]
mod tests {
    use super::render_json;
    use serde_json::{Value, json};

    fn rendered(value: &Value) -> String {
        let mut out = Vec::new();
        if let Err(err) = render_json(value, &mut out) {
            panic!("{err}");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn layout_matches_python_json_dump() {
        let value = json!({"A": [], "B": {}, "C": [1, "é", null, true], "D": 1700000000.0,
                           "E": 1e16, "F": "tab\tquote\"ctl\u{1}", "G": 18446744073709551615u64});
        assert_eq!(
            rendered(&value),
            "{\n    \"A\": [],\n    \"B\": {},\n    \"C\": [\n        1,\n        \"é\",\n        null,\n        true\n    ],\n    \"D\": 1700000000.0,\n    \"E\": 1e+16,\n    \"F\": \"tab\\tquote\\\"ctl\\u0001\",\n    \"G\": 18446744073709551615\n}\n"
        );
    }

    /// Regression (issue 6): `cogimport … | head -1` printed
    /// `[Errno 5] Broken pipe` once JSON was streamed straight to stdout.
    #[test]
    fn a_closed_pipe_stays_a_broken_pipe() {
        struct Closed;
        impl std::io::Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = render_json(&json!({"A": [1, 2]}), &mut Closed).err();
        assert_eq!(err.map(|e| e.kind()), Some(std::io::ErrorKind::BrokenPipe));
    }

    #[test]
    fn empty_object_prints_nothing_but_null_prints() {
        assert_eq!(rendered(&json!({})), "");
        assert_eq!(rendered(&Value::Null), "null\n");
        assert_eq!(rendered(&json!([])), "[]\n");
    }
}
