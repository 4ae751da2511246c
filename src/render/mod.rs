//! Output stage: pure functions from one result document to bytes.

pub mod json;

use std::io::{self, Write};

use serde_json::Value;

use crate::cli::OutputFormat;

pub fn render(format: OutputFormat, value: &Value, out: &mut impl Write) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::render_json(value, out),
        // Rejected while settings are resolved until those renderers land.
        OutputFormat::Text | OutputFormat::Table => Ok(()),
    }
}
