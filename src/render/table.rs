//! `--output table`, byte for byte as AWS CLI v1 draws it.
//!
//! The value is first turned into a flat list of sections, the way awscli's
//! `TableFormatter` walks a response: every object becomes a section whose
//! sorted scalar keys are a header row over one row of values (a lone scalar
//! key becomes a two-cell `key | value` row), every list of objects becomes a
//! section with one row per object, and every non-scalar member becomes a
//! nested section one indent level deeper, drawn inside `|...|` edges. Then
//! all sections are stretched to the width of the widest one, scaling each
//! section's columns proportionally with Python's round-half-even. If that
//! width exceeds the terminal width, every section with a header and a
//! single row is turned into `key | value` rows and the widths are redone.
//! With colour on, aws writes through colorama with auto-reset, which adds a
//! reset sequence after every single `write()`; that is reproduced too.
//!
//! **Deliberate difference from aws:** aws measures text by counting East
//! Asian wide, full-width *and ambiguous* characters (`é`, `±`, `°`, ...) as
//! two columns, which misaligns its own tables in real terminals. We measure
//! with `unicode-width` (ambiguous = narrow), so the borders line up. Output
//! is identical to aws whenever no ambiguous (or zero-width) characters
//! appear.
//!
//! Why not comfy-table: it draws one grid with a single header row and a
//! fixed column set, wraps or truncates cells to fit the terminal, and pads
//! and centres on its own terms. aws stacks sections with differing column
//! counts under full-width title rows, nests them with repeated `|`
//! indentation, sizes columns by proportional scaling with round-half-even
//! and a left-to-right/right-to-left correction pass, centres with its own
//! floor arithmetic, lets overlong cells overflow instead of wrapping, and
//! collapses single-row sections when too wide. None of that can be
//! configured in comfy-table, so a small renderer lives here instead.
//!
//! Data that crashes aws's table builder (for example a list that starts
//! with an object but holds other values, or rows of different lengths in
//! one section) yields an [`io::ErrorKind::InvalidData`] error carrying the
//! message aws prints to stderr; nothing is written in that case, as with
//! aws, which builds the whole table before printing.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

use super::data_error;
use crate::pyfmt::{type_name, write_str_of};

/// How to draw the table.
pub struct TableStyle {
    /// Emit aws's ANSI colours (its `ColorizedStyler`).
    pub color: bool,
    /// Terminal columns; 80 when stdout is not a terminal, as aws assumes.
    pub width: usize,
}

/// Writes `value` the way `aws ... --output table` does, under `title`.
/// Values Python considers false (`null`, `false`, `0`, `""`, `[]`, `{}`)
/// print nothing at all. Shapes aws cannot draw give an `InvalidData`
/// error (see the module docs) and write nothing.
pub fn render_table(
    title: &str,
    value: &Value,
    style: &TableStyle,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut builder = Builder::default();
    if !builder.table(Some(title), value, 0)? {
        return Ok(());
    }
    let mut sections = builder.sections;
    let mut max_width = widest(&sections);
    if max_width > i64::try_from(style.width).unwrap_or(i64::MAX) {
        sections = sections.into_iter().map(Section::verticalize).collect();
        max_width = widest(&sections);
    }
    // Every drawn line is `max_width` columns plus a newline; reserving
    // that up front (more with colour codes) saves regrowing a buffer that
    // runs to megabytes for a long listing.
    let lines: usize = 1 + sections.iter().map(Section::line_estimate).sum::<usize>();
    let per_line = to_count(max_width) + 1 + if style.color { 64 } else { 0 };
    let mut painter = Painter {
        color: style.color,
        buf: String::with_capacity(lines.saturating_mul(per_line)),
    };
    push_repeat(&mut painter.buf, '-', max_width);
    painter.write("\n");
    for section in &sections {
        painter.section(section, max_width);
    }
    out.write_all(painter.buf.as_bytes())
}

const RESET: &str = "\x1b[0m";
const ROW_START: &str = "\x1b[1m\x1b[34m";
const INDENT_START: &str = "\x1b[2m\x1b[33m";

fn text_width(s: &str) -> i64 {
    // Printable ASCII is one column a byte; skipping the Unicode tables for
    // it matters because every cell is measured. Control characters are
    // left to unicode-width, which has its own rules for them.
    if s.bytes().all(|b| b.wrapping_sub(0x20) < 0x5f) {
        return i64::try_from(s.len()).unwrap_or(i64::MAX);
    }
    i64::try_from(s.width()).unwrap_or(i64::MAX)
}

/// Appends `count` copies of `c`, which must be `' '` or `'-'` (nothing
/// for a negative count). Copies whole slices of a prepared run rather than
/// pushing a char at a time, since padding is most of a table's bytes.
fn push_repeat(buf: &mut String, c: char, count: i64) {
    const SPACES: &str = "                                                                ";
    const DASHES: &str = "----------------------------------------------------------------";
    let run = if c == '-' { DASHES } else { SPACES };
    let mut left = to_count(count);
    while left > 0 {
        let take = left.min(run.len());
        buf.push_str(&run[..take]);
        left -= take;
    }
}

/// Python's `' ' * n`: negative counts give nothing.
fn to_count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Python treats these as false, and aws skips false values entirely.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

#[derive(Default)]
struct Section {
    /// `None` mirrors Python's `None` title (used for lists inside lists);
    /// it is not drawn but still counts as four columns wide, as `str(None)`.
    title: Option<String>,
    headers: Vec<String>,
    /// The text of every cell of every row, back to back: one buffer per
    /// section rather than a String per cell.
    text: String,
    /// Per cell, in row order: where its text ends in `text`, and its width.
    cells: Vec<(usize, i64)>,
    /// Number of rows; each has `num_cols` cells (checked as rows are added).
    rows: usize,
    indent: usize,
    num_cols: Option<usize>,
    max_widths: Vec<i64>,
}

impl Section {
    fn new(title: Option<&str>, indent: usize) -> Self {
        Section {
            title: title.map(str::to_owned),
            indent,
            ..Section::default()
        }
    }

    fn add_header(&mut self, headers: Vec<String>) -> io::Result<()> {
        self.update_max_widths(&headers)?;
        self.num_cols.get_or_insert(headers.len());
        self.headers = headers;
        Ok(())
    }

    /// Appends one cell, spelled by `spell`, to the row being built.
    fn push_cell(&mut self, spell: impl FnOnce(&mut String)) {
        let start = self.text.len();
        spell(&mut self.text);
        let width = text_width(&self.text[start..]);
        self.cells.push((self.text.len(), width));
    }

    fn push_cell_str(&mut self, cell: &str) {
        self.push_cell(|text| text.push_str(cell));
    }

    /// Index of the first cell of the next row, for [`Section::end_row`].
    fn begin_row(&self) -> usize {
        self.cells.len()
    }

    /// Completes the row whose cells were pushed since `begin_row` returned
    /// `first`. A failure aborts the whole table, so a rejected row's
    /// cells need not be taken back.
    fn end_row(&mut self, first: usize) -> io::Result<()> {
        let len = self.cells.len() - first;
        let expected = *self.num_cols.get_or_insert(len);
        if len != expected {
            return Err(data_error(format!(
                "Row should have {expected} elements, instead it has {len}"
            )));
        }
        update_max_widths(
            &mut self.max_widths,
            self.cells[first..].iter().map(|&(_, width)| width),
        )?;
        self.rows += 1;
        Ok(())
    }

    fn add_empty_row(&mut self) -> io::Result<()> {
        let first = self.begin_row();
        self.end_row(first)
    }

    fn update_max_widths(&mut self, cells: &[String]) -> io::Result<()> {
        update_max_widths(&mut self.max_widths, cells.iter().map(|c| text_width(c)))
    }

    /// The cells of row `row` as (text, width) pairs.
    fn row(&self, row: usize) -> impl Iterator<Item = (&str, i64)> {
        let cols = self.num_cols.unwrap_or(0);
        let first = row * cols;
        let mut start = match first.checked_sub(1) {
            Some(previous) => self.cells.get(previous).map_or(0, |&(end, _)| end),
            None => 0,
        };
        self.cells
            .get(first..first + cols)
            .unwrap_or_default()
            .iter()
            .map(move |&(end, width)| {
                let text = self.text.get(start..end).unwrap_or_default();
                start = end;
                (text, width)
            })
    }

    /// Lines this section will draw, near enough to size the output.
    fn line_estimate(&self) -> usize {
        self.rows + 6
    }

    fn title_is_drawn(&self) -> bool {
        self.title.as_deref().is_some_and(|t| !t.is_empty())
    }

    /// Width this section needs on its own, including borders and the
    /// indentation edges of its nesting level.
    fn total_width(&self) -> i64 {
        let outer = 2 * self.indent as i64;
        let columns: i64 = self.max_widths.iter().map(|w| w + 4).sum::<i64>() + 2 + outer;
        let title = self.title.as_deref().map_or(4, text_width) + 2 + outer;
        columns.max(title)
    }

    /// Column widths (cell padding included) stretched to sum to `target`.
    fn column_widths(&self, target: i64) -> Vec<i64> {
        let unscaled: Vec<i64> = self.max_widths.iter().map(|w| w + 4).collect();
        let total: i64 = unscaled.iter().sum();
        if unscaled.is_empty() {
            return unscaled;
        }
        let scale = target as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        // Rounding may leave the sum off by a few: take the excess from the
        // leftmost columns, or give the shortfall to the rightmost ones.
        let mut off_by = scaled.iter().sum::<i64>() - target;
        while off_by != 0 {
            let order: Vec<usize> = if off_by > 0 {
                (0..scaled.len()).collect()
            } else {
                (0..scaled.len()).rev().collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled
    }

    /// A header plus exactly one row becomes one `header | value` row per
    /// column; used when the table is too wide for the terminal.
    fn verticalize(self) -> Section {
        if self.rows != 1 || self.headers.is_empty() {
            return self;
        }
        let mut flipped = Section::new(self.title.as_deref(), self.indent);
        for (header, (cell, _)) in self.headers.iter().zip(self.row(0)) {
            let first = flipped.begin_row();
            flipped.push_cell_str(header);
            flipped.push_cell_str(cell);
            // Two cells per row, so neither check in end_row can fail.
            let _ = flipped.end_row(first);
        }
        flipped
    }
}

/// Python's `max_widths` update: the first row (or header) sets the widths,
/// later ones widen them, and a longer one fails as indexing does in aws.
fn update_max_widths(
    max_widths: &mut Vec<i64>,
    widths: impl Iterator<Item = i64>,
) -> io::Result<()> {
    if max_widths.is_empty() {
        max_widths.extend(widths);
        return Ok(());
    }
    for (i, width) in widths.enumerate() {
        let slot = max_widths
            .get_mut(i)
            .ok_or_else(|| data_error("list index out of range".to_owned()))?;
        *slot = (*slot).max(width);
    }
    Ok(())
}

/// Every section is drawn this wide (outer edges included).
fn widest(sections: &[Section]) -> i64 {
    sections.iter().map(Section::total_width).max().unwrap_or(0)
}

/// Walks the value the way aws's `TableFormatter._build_table` does.
#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn table(&mut self, title: Option<&str>, value: &Value, indent: usize) -> io::Result<bool> {
        if is_falsy(value) {
            return Ok(false);
        }
        if let Some(title) = title {
            self.sections.push(Section::new(Some(title), indent));
        }
        match value {
            Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                self.list_of_objects(items, indent, title)?;
            }
            Value::Array(items) => {
                for element in items {
                    match element {
                        Value::Array(inner) if !inner.iter().all(is_scalar) => {
                            self.table(None, element, 0)?;
                        }
                        Value::Array(inner) => {
                            let section = self.current();
                            let first = section.begin_row();
                            for cell in inner {
                                section.push_cell(|text| write_str_of(cell, text));
                            }
                            section.end_row(first)?;
                        }
                        // aws tests "all elements are scalars" by iterating,
                        // which for a dict yields its keys: they become the row.
                        Value::Object(map) => {
                            let section = self.current();
                            let first = section.begin_row();
                            for key in map.keys() {
                                section.push_cell_str(key);
                            }
                            section.end_row(first)?;
                        }
                        scalar => {
                            let section = self.current();
                            let first = section.begin_row();
                            section.push_cell(|text| write_str_of(scalar, text));
                            section.end_row(first)?;
                        }
                    }
                }
            }
            Value::Object(map) => self.object(map, indent)?,
            _ => {}
        }
        Ok(true)
    }

    fn object(&mut self, map: &Map<String, Value>, indent: usize) -> io::Result<()> {
        let (headers, nested) = split_keys(map);
        if let [(only, value)] = headers.as_slice() {
            let section = self.current();
            let first = section.begin_row();
            section.push_cell_str(only);
            section.push_cell(|text| write_str_of(value, text));
            section.end_row(first)?;
        } else if !headers.is_empty() {
            let section = self.current();
            section.add_header(headers.iter().map(|(key, _)| (*key).to_owned()).collect())?;
            let first = section.begin_row();
            for (_, value) in &headers {
                section.push_cell(|text| write_str_of(value, text));
            }
            section.end_row(first)?;
        }
        for (key, value) in nested {
            self.table(Some(key), value, indent + 1)?;
        }
        Ok(())
    }

    fn list_of_objects(
        &mut self,
        items: &[Value],
        indent: usize,
        title: Option<&str>,
    ) -> io::Result<()> {
        let mut headers = BTreeSet::new();
        let mut nested = BTreeSet::new();
        let (mut int_headers, mut int_nested) = (false, false);
        for element in items {
            match element {
                Value::Object(map) => {
                    for (key, value) in map {
                        if is_scalar(value) {
                            headers.insert(key.as_str());
                        } else {
                            nested.insert(key.as_str());
                        }
                    }
                }
                other => {
                    let (h, n) = non_object_keys(other)?;
                    int_headers |= h;
                    int_nested |= n;
                }
            }
        }
        if (int_headers && !headers.is_empty()) || (int_nested && !nested.is_empty()) {
            // Small ints usually precede strings in a Python set, so the sort
            // compares a str against an int; the hash seed can flip that.
            return Err(data_error(
                "'<' not supported between instances of 'str' and 'int'".to_owned(),
            ));
        }
        let headers: Vec<&str> = headers.into_iter().collect();
        let owned_headers = || headers.iter().map(|h| (*h).to_owned()).collect();
        self.current().add_header(owned_headers())?;
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !nested.is_empty() {
                self.sections.push(Section::new(title, indent));
                self.current().add_header(owned_headers())?;
            }
            let Value::Object(map) = element else {
                // Only an empty string or a list gets here: aws calls `.get`
                // on it once per header, and tests `key in element`.
                if !headers.is_empty() || int_headers {
                    return Err(data_error(format!(
                        "'{}' object has no attribute 'get'",
                        type_name(element)
                    )));
                }
                self.current().add_empty_row()?;
                if element.is_string() && nested.contains("") {
                    return Err(data_error(
                        "string indices must be integers, not 'str'".to_owned(),
                    ));
                }
                continue;
            };
            let section = self.current();
            let first = section.begin_row();
            for header in &headers {
                section.push_cell(|text| {
                    if let Some(value) = map.get(*header) {
                        write_str_of(value, text);
                    }
                });
            }
            section.end_row(first)?;
            for key in &nested {
                if let Some(value) = map.get(*key) {
                    self.table(Some(key), value, indent + 1)?;
                }
            }
        }
        Ok(())
    }
}

/// Members holding scalars, and members holding containers, each sorted
/// by key.
type Members<'a> = Vec<(&'a str, &'a Value)>;

fn split_keys(map: &Map<String, Value>) -> (Members<'_>, Members<'_>) {
    let mut scalars = Vec::new();
    let mut nested = Vec::new();
    for (key, value) in map {
        if is_scalar(value) {
            scalars.push((key.as_str(), value));
        } else {
            nested.push((key.as_str(), value));
        }
    }
    // Keys in one object are unique, so an unstable sort is deterministic.
    scalars.sort_unstable_by_key(|&(key, _)| key);
    nested.sort_unstable_by_key(|&(key, _)| key);
    (scalars, nested)
}

/// aws iterates each element of a list that starts with a dict as if it
/// were one, indexing it by what it yields. Returns the message Python
/// raises there, or for a list, which kinds of integer "keys" it produced
/// (scalar, nested); sorting those among string keys fails later.
fn non_object_keys(element: &Value) -> io::Result<(bool, bool)> {
    let items = match element {
        Value::String(s) if s.is_empty() => return Ok((false, false)),
        Value::String(_) => {
            return Err(data_error(
                "string indices must be integers, not 'str'".to_owned(),
            ));
        }
        Value::Array(items) => items,
        other => {
            return Err(data_error(format!(
                "'{}' object is not iterable",
                type_name(other)
            )));
        }
    };
    let (mut scalar, mut nested) = (false, false);
    for key in items {
        let index = match key {
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Number(n) if !n.is_f64() => Some(n.as_i64().unwrap_or(i64::MAX)),
            _ => None,
        };
        let Some(index) = index else {
            return Err(data_error(format!(
                "list indices must be integers or slices, not {}",
                type_name(key)
            )));
        };
        let len = items.len() as i64;
        let resolved = if index < 0 { index + len } else { index };
        let target = usize::try_from(resolved)
            .ok()
            .and_then(|i| items.get(i))
            .ok_or_else(|| data_error("list index out of range".to_owned()))?;
        if is_scalar(target) {
            scalar = true;
        } else {
            nested = true;
        }
    }
    Ok((scalar, nested))
}

/// Accumulates output, mimicking colorama's auto-reset wrapper around
/// stdout, which appends a reset after every write aws makes. Pieces are
/// appended straight into one buffer; "a write" below means one of aws's
/// `write()` calls, which is where the resets go.
struct Painter {
    color: bool,
    buf: String,
}

impl Painter {
    fn write(&mut self, text: &str) {
        self.buf.push_str(text);
        self.end_write();
    }

    /// Closes one of aws's writes whose text was appended directly.
    fn end_write(&mut self) {
        if self.color {
            self.buf.push_str(RESET);
        }
    }

    /// The `|` edges of `indent` nesting levels, as one write.
    fn edges(&mut self, indent: usize) {
        for _ in 0..indent {
            if self.color {
                self.buf.push_str(INDENT_START);
                self.buf.push('|');
                self.buf.push_str(RESET);
            } else {
                self.buf.push('|');
            }
        }
        self.end_write();
    }

    /// Starts one line inside the section's indentation edges; the body is
    /// then appended to `buf` and [`Painter::end_line`] closes it. Edges,
    /// body, edges and newline are separate writes in aws, which matters
    /// for the colour resets.
    fn begin_line(&mut self, indent: usize) {
        self.edges(indent);
    }

    fn end_line(&mut self, indent: usize) {
        self.end_write();
        self.edges(indent);
        self.write("\n");
    }

    fn section(&mut self, section: &Section, max_width: i64) {
        let indent = section.indent;
        let width = max_width - 2 * indent as i64;
        if let (true, Some(title)) = (section.title_is_drawn(), section.title.as_deref()) {
            self.begin_line(indent);
            push_center(&mut self.buf, title, text_width(title), width, true);
            self.end_line(indent);
            if section.headers.is_empty() && section.rows == 0 {
                self.begin_line(indent);
                self.buf.push('+');
                push_repeat(&mut self.buf, '-', width - 2);
                self.buf.push('+');
                self.end_line(indent);
            }
        }
        if section.headers.is_empty() && section.rows == 0 {
            return;
        }
        let widths = section.column_widths(width);
        if !section.headers.is_empty() {
            self.rule_line(indent, &widths);
            self.begin_line(indent);
            for (i, (&w, header)) in widths.iter().zip(&section.headers).enumerate() {
                push_center(&mut self.buf, header, text_width(header), w, i == 0);
            }
            self.end_line(indent);
        }
        if section.rows == 0 || widths.is_empty() {
            return;
        }
        self.rule_line(indent, &widths);
        for row in 0..section.rows {
            self.begin_line(indent);
            for (i, (&w, (cell, cell_width))) in widths.iter().zip(section.row(row)).enumerate() {
                self.push_cell(cell, cell_width, w, i == 0);
            }
            self.end_line(indent);
        }
        self.rule_line(indent, &widths);
    }

    /// `+-----+------+` for the given column widths, as a whole line.
    fn rule_line(&mut self, indent: usize, widths: &[i64]) {
        self.begin_line(indent);
        for (i, &w) in widths.iter().enumerate() {
            if i == 0 {
                self.buf.push('+');
                push_repeat(&mut self.buf, '-', w - 2);
            } else {
                push_repeat(&mut self.buf, '-', w - 1);
            }
            self.buf.push('+');
        }
        self.end_line(indent);
    }

    /// One body cell, left-aligned: two spaces of left padding unless the
    /// text does not fit, then filled out to the cell width (overlong text
    /// simply overflows). With colour the text itself is painted.
    fn push_cell(&mut self, text: &str, text_len: i64, width: i64, first: bool) {
        let left_len = i64::from(first);
        if first {
            self.buf.push('|');
        }
        let padding = if width - (text_len + 2 + left_len + 1) >= 0 {
            2
        } else {
            0
        };
        push_repeat(&mut self.buf, ' ', padding);
        if self.color {
            self.buf.push_str(ROW_START);
            self.buf.push_str(text);
            self.buf.push_str(RESET);
        } else {
            self.buf.push_str(text);
        }
        let so_far = left_len + padding + text_len;
        push_repeat(&mut self.buf, ' ', width - so_far - 1);
        self.buf.push('|');
    }
}

/// aws's centring: the text starts at `width/2 - text/2 - 1` (floored)
/// after the left edge (`|` on the first cell of a line), and the right
/// edge closes the cell.
fn push_center(buf: &mut String, text: &str, text_len: i64, width: i64, first: bool) {
    let left_len = i64::from(first);
    if first {
        buf.push('|');
    }
    let start = width.div_euclid(2) - text_len.div_euclid(2) - 1;
    push_repeat(buf, ' ', start);
    buf.push_str(text);
    let so_far = left_len + start + text_len;
    push_repeat(buf, ' ', width - 1 - so_far);
    buf.push('|');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(value: &Value, width: usize, color: bool) -> io::Result<String> {
        let mut out = Vec::new();
        let style = TableStyle { color, width };
        render_table("ListUserImportJobs", value, &style, &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn plain(value: &Value, width: usize) -> String {
        table(value, width, false).expect("render")
    }

    fn one_job() -> Value {
        json!({"UserImportJobs": [{
            "JobName": "my-job", "JobId": "import-abc", "UserPoolId": "us-east-1_X",
            "CreationDate": 1548271795.471, "Status": "Succeeded",
            "ImportedUsers": 3, "SkippedUsers": 0, "FailedUsers": 0
        }]})
    }

    #[test]
    fn single_job_collapses_to_key_value_rows_at_80_columns() {
        assert_eq!(
            plain(&one_job(), 80),
            "---------------------------------------\n\
             |         ListUserImportJobs          |\n\
             +-------------------------------------+\n\
             ||          UserImportJobs           ||\n\
             |+----------------+------------------+|\n\
             ||  CreationDate  |  1548271795.471  ||\n\
             ||  FailedUsers   |  0               ||\n\
             ||  ImportedUsers |  3               ||\n\
             ||  JobId         |  import-abc      ||\n\
             ||  JobName       |  my-job          ||\n\
             ||  SkippedUsers  |  0               ||\n\
             ||  Status        |  Succeeded       ||\n\
             ||  UserPoolId    |  us-east-1_X     ||\n\
             |+----------------+------------------+|\n"
        );
    }

    #[test]
    fn single_job_stays_horizontal_when_it_fits() {
        assert_eq!(
            plain(&one_job(), 200),
            "---------------------------------------------------------------------------------------------------------------------------\n\
             |                                                   ListUserImportJobs                                                    |\n\
             +-------------------------------------------------------------------------------------------------------------------------+\n\
             ||                                                    UserImportJobs                                                     ||\n\
             |+----------------+--------------+----------------+-------------+----------+---------------+-------------+---------------+|\n\
             ||  CreationDate  | FailedUsers  | ImportedUsers  |    JobId    | JobName  | SkippedUsers  |   Status    |  UserPoolId   ||\n\
             |+----------------+--------------+----------------+-------------+----------+---------------+-------------+---------------+|\n\
             ||  1548271795.471|  0           |  3             |  import-abc |  my-job  |  0            |  Succeeded  |  us-east-1_X  ||\n\
             |+----------------+--------------+----------------+-------------+----------+---------------+-------------+---------------+|\n"
        );
    }

    #[test]
    fn falsy_values_print_nothing() {
        for v in [
            json!({}),
            json!([]),
            json!(""),
            json!(0),
            json!(0.0),
            json!(null),
            json!(false),
        ] {
            assert_eq!(plain(&v, 80), "", "{v}");
        }
    }

    #[test]
    fn truthy_scalar_prints_the_title_box() {
        assert_eq!(
            plain(&json!("abc"), 80),
            "--------------------\n\
             |ListUserImportJobs|\n\
             +------------------+\n"
        );
    }

    #[test]
    fn nested_objects_lists_and_scalars() {
        let v = json!({
            "a": {"b": true, "c": null},
            "l": [[1, 2], [3, 4]],
            "n": [null, "x", 1e16],
            "big": 18446744073709551615u64,
            "f": 2.5
        });
        assert_eq!(
            plain(&v, 80),
            "---------------------------------\n\
             |      ListUserImportJobs       |\n\
             +------------------------+------+\n\
             |           big          |  f   |\n\
             +------------------------+------+\n\
             |  18446744073709551615  |  2.5 |\n\
             +------------------------+------+\n\
             ||              a              ||\n\
             |+-------------+---------------+|\n\
             ||      b      |       c       ||\n\
             |+-------------+---------------+|\n\
             ||  True       |  None         ||\n\
             |+-------------+---------------+|\n\
             ||              l              ||\n\
             |+-------------+---------------+|\n\
             ||  1          |  2            ||\n\
             ||  3          |  4            ||\n\
             |+-------------+---------------+|\n\
             ||              n              ||\n\
             |+-----------------------------+|\n\
             ||  None                       ||\n\
             ||  x                          ||\n\
             ||  1e+16                      ||\n\
             |+-----------------------------+|\n"
        );
    }

    #[test]
    fn list_of_objects_with_nested_members_repeats_the_section() {
        let v = json!({
            "Jobs": [{"Name": "a", "Tags": ["x", "y"]}, {"Name": "bb", "Extra": {"k": "v", "q": -1}}],
            "Token": ""
        });
        assert_eq!(
            plain(&v, 80),
            "--------------------\n\
             |ListUserImportJobs|\n\
             +------------+-----+\n\
             |  Token     |     |\n\
             +------------+-----+\n\
             ||      Jobs      ||\n\
             |+----------------+|\n\
             ||      Name      ||\n\
             |+----------------+|\n\
             ||  a             ||\n\
             |+----------------+|\n\
             |||     Tags     |||\n\
             ||+--------------+||\n\
             |||  x           |||\n\
             |||  y           |||\n\
             ||+--------------+||\n\
             ||      Jobs      ||\n\
             |+----------------+|\n\
             ||      Name      ||\n\
             |+----------------+|\n\
             ||  bb            ||\n\
             |+----------------+|\n\
             |||     Extra    |||\n\
             ||+-----+--------+||\n\
             |||  k  |   q    |||\n\
             ||+-----+--------+||\n\
             |||  v  |  -1    |||\n\
             ||+-----+--------+||\n"
        );
    }

    #[test]
    fn tabs_quotes_and_empty_cells() {
        let v = json!({"k": "tab\there", "q": "it's \"quoted\"", "e": ""});
        assert_eq!(
            plain(&v, 80),
            "------------------------------------\n\
             |        ListUserImportJobs        |\n\
             +---+------------+-----------------+\n\
             | e |     k      |        q        |\n\
             +---+------------+-----------------+\n\
             |   |  tab\there  |  it's \"quoted\"  |\n\
             +---+------------+-----------------+\n"
        );
    }

    #[test]
    fn colour_resets_after_every_write() {
        let v = json!({"UserImportJobs": [{"JobName": "j", "Status": "Pending"}], "PaginationToken": "t"});
        assert_eq!(
            table(&v, 80, true).expect("render"),
            "--------------------------\n\
             \x1b[0m\x1b[0m|   ListUserImportJobs   |\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[0m+-------------------+----+\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[0m|  \x1b[1m\x1b[34mPaginationToken\x1b[0m  |  \x1b[1m\x1b[34mt\x1b[0m |\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[0m+-------------------+----+\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|    UserImportJobs    |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----------+-----------+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  JobName |  Status   |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----------+-----------+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mj\x1b[0m       |  \x1b[1m\x1b[34mPending\x1b[0m  |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----------+-----------+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\
             \x1b[0m"
        );
    }

    /// aws would count `é` as two columns here; we count it as one.
    #[test]
    fn wide_and_ambiguous_text_lines_up() {
        let v = json!({"UserImportJobs": [{"JobName": "café 日本語", "JobId": "🚀 rocket", "Status": "é"}]});
        let out = plain(&v, 200);
        assert_eq!(
            out,
            "------------------------------------------\n\
             |           ListUserImportJobs           |\n\
             +----------------------------------------+\n\
             ||            UserImportJobs            ||\n\
             |+-----------+---------------+----------+|\n\
             ||   JobId   |    JobName    | Status   ||\n\
             |+-----------+---------------+----------+|\n\
             ||  🚀 rocket|  café 日本語  |  é       ||\n\
             |+-----------+---------------+----------+|\n"
        );
        let collapsed = plain(&v, 20);
        for rendered in [&out, &collapsed] {
            let widths: BTreeSet<usize> = rendered.lines().map(UnicodeWidthStr::width).collect();
            assert_eq!(widths.len(), 1, "{rendered}");
        }
    }

    #[test]
    fn shapes_that_crash_aws_are_errors() {
        let cases = [
            (
                json!([[1, 2], [3]]),
                "Row should have 2 elements, instead it has 1",
            ),
            (
                json!([{"a": 1}, "x"]),
                "string indices must be integers, not 'str'",
            ),
            (json!([{"a": 1}, 7]), "'int' object is not iterable"),
            (
                json!([1, {"k": 1, "j": 2}]),
                "Row should have 1 elements, instead it has 2",
            ),
        ];
        for (v, message) in cases {
            let err = table(&v, 80, false).expect_err("must fail");
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut v = json!("leaf");
        for _ in 0..128 {
            v = json!({"k": v, "s": 1});
        }
        let out = plain(&v, 80);
        // Size and last line as awscli renders the same value.
        assert_eq!((out.len(), out.lines().count()), (138_780, 514));
        let edge = "|".repeat(127);
        assert_eq!(
            out.lines().last(),
            Some(format!("{edge}+----+--------+{edge}").as_str())
        );
    }

    #[test]
    fn column_scaling_rounds_half_to_even_and_corrects() {
        let section = Section {
            max_widths: vec![1, 1, 1],
            ..Section::default()
        };
        // 3 columns of 5 stretched to 16: 16/15*5 = 5.33 each rounds to 5,
        // and the missing column goes to the rightmost.
        assert_eq!(section.column_widths(16), vec![5, 5, 6]);
        assert_eq!(section.column_widths(14), vec![4, 5, 5]);
        let ties = Section {
            max_widths: vec![1, 11],
            ..Section::default()
        };
        // 7.5 and 22.5 round to the even neighbours 8 and 22, as Python does.
        assert_eq!(ties.column_widths(30), vec![8, 22]);
    }
}
