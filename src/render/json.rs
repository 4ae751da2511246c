//! `--output json`: what Python's `json.dump(indent=4, ensure_ascii=False)`
//! writes, followed by a newline.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::pyfmt::float_repr;

/// aws prints nothing at all for an empty object (its formatter treats `{}`
/// as "no response body"), but does print `null`, `[]` and `""`.
pub fn render_json(value: &Value, out: &mut impl Write) -> io::Result<()> {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return Ok(());
    }
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, PythonFormatter::default());
    // `io::Error::from` hands back the writer's own error, so a closed pipe
    // stays `BrokenPipe` (a quiet exit 0) rather than becoming `Other`.
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// serde_json's pretty layout already matches Python's for `indent=4`; only
/// floats differ (`1e+16`, `1e-05`, `1700000000.0`).
struct PythonFormatter {
    pretty: PrettyFormatter<'static>,
}

impl Default for PythonFormatter {
    fn default() -> Self {
        PythonFormatter {
            pretty: PrettyFormatter::with_indent(b"    "),
        }
    }
}

impl Formatter for PythonFormatter {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(float_repr(value).as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
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
