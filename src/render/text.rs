//! `--output text`, byte for byte as AWS CLI v1 prints it.
//!
//! Layout rules (from awscli's `text.py`):
//! * a scalar prints as Python's `str()` of it, followed by a newline;
//! * an object prints its scalar values, sorted by key, on one tab-separated
//!   line (prefixed with the upper-cased identifier when nested), then each
//!   non-scalar value, sorted by key, with its key as the new identifier;
//! * a list holding objects prints one line per object, every line having a
//!   column for each key that is scalar in *any* of the objects (empty where
//!   absent);
//! * a list of scalars is one tab-joined line, or one `IDENT\tvalue` line per
//!   element when it has an identifier.
//!
//! Output is written as it is produced, so if the data trips one of aws's
//! own failure cases (a list mixing objects with other values) the lines
//! before it have already been written, exactly as with aws. That failure is
//! returned as an [`io::ErrorKind::InvalidData`] error whose message is the
//! text aws prints to stderr (aws also exits with status 255).

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{Map, Value};

use super::data_error;
use crate::pyfmt::{type_name, write_str_of};

/// Writes `value` the way `aws ... --output text` does.
pub fn render_text(value: &Value, out: &mut impl Write) -> io::Result<()> {
    let mut text = Text {
        out,
        line: String::new(),
    };
    text.item(value, None, None)
}

/// The writer plus one reusable line buffer: every cell is spelled straight
/// into the buffer and each finished line goes out in a single write, so a
/// row costs no allocation once the buffer has grown to the longest line.
///
/// Identifiers passed around here are already upper-cased: aws upper-cases
/// the key once per nested value, and doing the same keeps `to_uppercase`
/// out of the per-row path.
struct Text<'w, W: Write> {
    out: &'w mut W,
    line: String,
}

impl<W: Write> Text<'_, W> {
    /// Ends the line being built and writes it out.
    fn end_line(&mut self) -> io::Result<()> {
        self.line.push('\n');
        let result = self.out.write_all(self.line.as_bytes());
        self.line.clear();
        result
    }

    fn item(
        &mut self,
        value: &Value,
        ident: Option<&str>,
        scalar_keys: Option<&[&str]>,
    ) -> io::Result<()> {
        match value {
            Value::Object(map) => self.dict(map, ident, scalar_keys),
            Value::Array(items) => self.list(items, ident),
            scalar => {
                write_str_of(scalar, &mut self.line);
                self.end_line()
            }
        }
    }

    fn list(&mut self, items: &[Value], ident: Option<&str>) -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if items.iter().any(Value::is_object) {
            let keys = all_scalar_keys(items)?;
            for element in items {
                self.item(element, ident, Some(&keys))?;
            }
        } else if items.iter().any(Value::is_array) {
            let scalars: Vec<&Value> = items.iter().filter(|v| !v.is_array()).collect();
            if !scalars.is_empty() {
                self.scalar_list(&scalars, ident)?;
            }
            for nested in items.iter().filter(|v| v.is_array()) {
                self.item(nested, ident, None)?;
            }
        } else {
            let scalars: Vec<&Value> = items.iter().collect();
            self.scalar_list(&scalars, ident)?;
        }
        Ok(())
    }

    fn scalar_list(&mut self, elements: &[&Value], ident: Option<&str>) -> io::Result<()> {
        match ident {
            Some(ident) => {
                for element in elements {
                    self.line.push_str(ident);
                    self.line.push('\t');
                    write_str_of(element, &mut self.line);
                    self.end_line()?;
                }
                Ok(())
            }
            None => {
                for (i, element) in elements.iter().enumerate() {
                    if i > 0 {
                        self.line.push('\t');
                    }
                    write_str_of(element, &mut self.line);
                }
                self.end_line()
            }
        }
    }

    fn dict(
        &mut self,
        map: &Map<String, Value>,
        ident: Option<&str>,
        scalar_keys: Option<&[&str]>,
    ) -> io::Result<()> {
        // The line starts with the identifier; cells follow, each after a
        // tab unless it is the very first thing on the line.
        let mut cells = 0usize;
        if let Some(ident) = ident {
            self.line.push_str(ident);
            cells += 1;
        }
        let prefix = cells;
        let mut nested: Vec<(&str, &Value)> = Vec::new();
        match scalar_keys {
            None => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, value) in entries {
                    if is_container(value) {
                        nested.push((key, value));
                    } else {
                        if cells > 0 {
                            self.line.push('\t');
                        }
                        write_str_of(value, &mut self.line);
                        cells += 1;
                    }
                }
            }
            Some(keys) => {
                // A key that is scalar elsewhere in the list is printed in its
                // column even when this object holds a container under it.
                for key in keys {
                    if cells > 0 {
                        self.line.push('\t');
                    }
                    if let Some(value) = map.get(*key) {
                        write_str_of(value, &mut self.line);
                    }
                    cells += 1;
                }
                // Every scalar member's key is among `keys` (they are the
                // union of scalar keys), so only containers can be left
                // over; `keys` is sorted, so a binary search finds them.
                nested.extend(
                    map.iter()
                        .filter(|(key, value)| {
                            is_container(value) && keys.binary_search(&key.as_str()).is_err()
                        })
                        .map(|(k, v)| (k.as_str(), v)),
                );
                nested.sort_by(|a, b| a.0.cmp(b.0));
            }
        }
        if cells > prefix {
            self.end_line()?;
        } else {
            // Only the identifier was written: aws prints no line at all.
            self.line.clear();
        }
        for (key, value) in nested {
            let ident = key.to_uppercase();
            self.item(value, Some(&ident), None)?;
        }
        Ok(())
    }
}

/// Keys that hold a scalar in at least one of the objects, sorted.
fn all_scalar_keys(items: &[Value]) -> io::Result<Vec<&str>> {
    let mut seen = BTreeSet::new();
    for element in items {
        let Value::Object(map) = element else {
            // aws calls `.items()` on every element and dies on the first
            // one that is not a dict.
            return Err(data_error(format!(
                "'{}' object has no attribute 'items'",
                type_name(element)
            )));
        };
        for (key, value) in map {
            if !is_container(value) {
                seen.insert(key.as_str());
            }
        }
    }
    Ok(seen.into_iter().collect())
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Array(_) | Value::Object(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &Value) -> String {
        let mut out = Vec::new();
        render_text(value, &mut out).expect("render");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn response_shape() {
        let v = json!({
            "UserImportJobs": [
                {"JobName": "my-job", "JobId": "import-abc", "CreationDate": 1548271795.471,
                 "Status": "Succeeded", "ImportedUsers": 3, "SkippedUsers": 0},
                {"JobName": "j2 é 日本", "JobId": "import-2", "CreationDate": 1548271795,
                 "Status": "Pending", "CompletionMessage": "tab\there"}
            ],
            "PaginationToken": "tok"
        });
        assert_eq!(
            text(&v),
            "tok\n\
             USERIMPORTJOBS\t\t1548271795.471\t3\timport-abc\tmy-job\t0\tSucceeded\n\
             USERIMPORTJOBS\ttab\there\t1548271795\t\timport-2\tj2 é 日本\t\tPending\n"
        );
    }

    #[test]
    fn scalars() {
        assert_eq!(text(&json!("abc")), "abc\n");
        assert_eq!(text(&json!(null)), "None\n");
        assert_eq!(text(&json!(true)), "True\n");
        assert_eq!(text(&json!(false)), "False\n");
        assert_eq!(
            text(&json!(18446744073709551615u64)),
            "18446744073709551615\n"
        );
        assert_eq!(
            text(&json!(-9223372036854775808i64)),
            "-9223372036854775808\n"
        );
        assert_eq!(text(&json!(1e16)), "1e+16\n");
        assert_eq!(text(&json!(1700000000.0)), "1700000000.0\n");
        assert_eq!(text(&json!("")), "\n");
    }

    #[test]
    fn empty_containers_print_nothing() {
        assert_eq!(text(&json!([])), "");
        assert_eq!(text(&json!({})), "");
        assert_eq!(text(&json!({"a": [], "b": {}})), "");
    }

    #[test]
    fn lists() {
        assert_eq!(
            text(&json!([1, null, "x y", 2.5, true])),
            "1\tNone\tx y\t2.5\tTrue\n"
        );
        assert_eq!(
            text(&json!([1, [2, 3], "a", [[4], 5]])),
            "1\ta\n2\t3\n5\n4\n"
        );
        assert_eq!(
            text(&json!({"Names": ["a", null, "c"], "Grid": [[1, 2], [3]]})),
            "GRID\t1\nGRID\t2\nGRID\t3\nNAMES\ta\nNAMES\tNone\nNAMES\tc\n"
        );
    }

    #[test]
    fn nested_objects() {
        let v = json!({"z": 1, "a": {"y": "q", "x": {"deep": [1]}}, "m": "s"});
        assert_eq!(text(&v), "s\t1\nA\tq\nDEEP\t1\n");
    }

    #[test]
    fn container_under_a_scalar_column_is_repred() {
        let v = json!({"L": [
            {"k": "it's", "n": 1},
            {"k": ["it's", "say \"hi\"", null, 1.0, {"a\tb": false}], "o": {"p": 1}}
        ]});
        assert_eq!(
            text(&v),
            "L\tit's\t1\n\
             L\t[\"it's\", 'say \"hi\"', None, 1.0, {'a\\tb': False}]\t\n\
             O\t1\n"
        );
    }

    #[test]
    fn mixed_list_fails_like_aws_after_partial_output() {
        let v = json!({"a": "first", "b": [{"x": 1}, "oops"]});
        let mut out = Vec::new();
        let err = render_text(&v, &mut out).expect_err("must fail");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert_eq!(err.to_string(), "'str' object has no attribute 'items'");
        assert_eq!(out, b"first\n");
    }
}
