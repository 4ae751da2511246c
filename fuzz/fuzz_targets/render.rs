//! The three renderers on any JSON value: they may refuse a shape aws's own
//! formatter cannot lay out (an `InvalidData` error), but never panic, and
//! json output always parses back to the value it was given.
#![no_main]

use cogimport::render::json::render_json;
use cogimport::render::table::{TableStyle, render_table};
use cogimport::render::text::render_text;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the terminal width and colour, so narrow
    // terminals (which turn sections into key/value rows) are reached too.
    let Some((&knobs, body)) = data.split_first() else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    let mut out = Vec::new();
    let _ = render_text(&value, &mut out);
    out.clear();
    let style = TableStyle {
        color: knobs & 0x80 != 0,
        width: usize::from(knobs & 0x7f),
    };
    let _ = render_table("ListUserImportJobs", &value, &style, &mut out);
    out.clear();
    render_json(&value, &mut out).expect("json output cannot fail");
    if !matches!(&value, Value::Object(map) if map.is_empty()) {
        let back: Value = serde_json::from_slice(&out).expect("json output parses");
        // Floats are written as Python writes them, which may change how a
        // number is spelled but not which number it is.
        assert_eq!(normalized(&back), normalized(&value));
    }
});

fn normalized(value: &Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}
