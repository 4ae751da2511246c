//! Output stage: pure functions from one result document to bytes. The
//! caller decides colour and width and passes them in.

pub mod json;
pub mod table;
pub mod text;

use std::io::{self, Write};

use serde_json::Value;

use crate::cli::OutputFormat;
use table::TableStyle;

/// The operation name aws puts in a table's title row.
const TITLE: &str = "ListUserImportJobs";

pub fn render(
    format: OutputFormat,
    value: &Value,
    style: &TableStyle,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::render_json(value, out),
        OutputFormat::Text => text::render_text(value, out),
        OutputFormat::Table => table::render_table(TITLE, value, style, out),
    }
}

/// Data shaped so that aws's own formatter fails on it; the message is the
/// one aws prints.
pub(crate) fn data_error(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
