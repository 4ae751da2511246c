//! Properties of the three renderers over generated documents: what must
//! hold for any data, beyond the hand-picked cases in `src/render` and the
//! byte-for-byte comparisons with aws in `tests/cli/output.rs`.

use cogimport::render::json::render_json;
use cogimport::render::table::{TableStyle, render_table};
use cogimport::render::text::render_text;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use unicode_width::UnicodeWidthStr;

/// Printable text without control characters or newlines (which a table
/// cell cannot hold on one line), mixing ASCII, accented and double-width
/// characters.
fn cell_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _:/.-]{0,12}|[a-zé日本語ü ]{1,8}"
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        cell_text().prop_map(Value::String),
    ]
}

/// Column names: distinct, so every object has the same key set.
fn keys() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[A-Z][a-zA-Z]{0,9}", 1..6)
        .prop_map(|set| set.into_iter().collect())
}

/// `{"<Key>": [{flat object}, ...]}`: the shape of a ListUserImportJobs
/// result, each object having the same keys with scalar values.
fn flat_listing() -> impl Strategy<Value = (String, Value)> {
    ("[A-Z][a-zA-Z]{0,12}", keys()).prop_flat_map(|(name, keys)| {
        let columns = keys.len();
        prop::collection::vec(prop::collection::vec(scalar(), columns), 0..8).prop_map(
            move |rows| {
                let items = rows
                    .into_iter()
                    .map(|row| Value::Object(keys.iter().cloned().zip(row).collect::<Map<_, _>>()))
                    .collect();
                let mut document = Map::new();
                document.insert(name.clone(), Value::Array(items));
                (name.clone(), Value::Object(document))
            },
        )
    })
}

/// Any JSON value, nested a few levels deep, with any text in strings and
/// keys (control characters and non-BMP characters included).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn rendered(result: std::io::Result<()>, out: Vec<u8>) -> String {
    if let Err(err) = result {
        panic!("rendering failed: {err}");
    }
    String::from_utf8(out).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
}

proptest! {
    /// Every line of a table is as wide on screen as every other, at any
    /// terminal width (narrow ones turn sections into key/value rows).
    #[test]
    fn table_lines_have_one_display_width((_, document) in flat_listing(), width in 10usize..200) {
        let style = TableStyle { color: false, width };
        let mut out = Vec::new();
        let result = render_table("ListUserImportJobs", &document, &style, &mut out);
        let text = rendered(result, out);
        let widths: Vec<usize> = text.lines().map(UnicodeWidthStr::width).collect();
        prop_assert!(
            widths.windows(2).all(|pair| pair[0] == pair[1]),
            "widths {:?} in\n{}", widths, text
        );
    }

    /// Text output has one line per object of the list.
    #[test]
    fn text_prints_one_line_per_object((name, document) in flat_listing()) {
        let mut out = Vec::new();
        let result = render_text(&document, &mut out);
        let text = rendered(result, out);
        let objects = document[&name].as_array().map_or(0, Vec::len);
        prop_assert_eq!(text.lines().count(), objects, "{}", text);
        let ident = format!("{}\t", name.to_uppercase());
        prop_assert!(text.lines().all(|line| line.starts_with(&ident)), "{}", text);
    }

    /// JSON output parses back into the same value, members in the same
    /// order (aws prints nothing at all for an empty object).
    #[test]
    fn json_output_parses_back_into_the_same_value(value in any_json()) {
        let mut out = Vec::new();
        let result = render_json(&value, &mut out);
        let text = rendered(result, out);
        if matches!(&value, Value::Object(map) if map.is_empty()) {
            prop_assert_eq!(text, "");
        } else {
            let back: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
            prop_assert_eq!(&back, &value);
            prop_assert_eq!(back.to_string(), value.to_string());
        }
    }
}

/// Regression (issue 6, found by `json_output_parses_back_into_the_same_value`):
/// without serde_json's `float_roundtrip`, a float with a far exponent was
/// read one bit off, so cogimport printed other digits than the service
/// sent and aws (Python parses floats exactly) prints.
#[test]
fn issue_6_far_exponent_floats_print_the_digits_they_were_read_with() {
    for text in [
        "-2.1616598098839078e+195",
        "1.7976931348623157e+308",
        "5e-324",
    ] {
        let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        let result = render_json(&value, &mut out);
        assert_eq!(rendered(result, out), format!("{text}\n"));
    }
}
