//! The review workbook: the review table as an Excel workbook, the most
//! robust format for reviewers. Cells are typed (strings stay strings, the
//! confidence is a number), so none of CSV's encoding, delimiter, locale or
//! formula troubles arise and no cell needs altering.
//!
//! Sheet `review` has one row per bead (in document order, or least
//! confident first), shaded by confidence, with a `status` dropdown; rows
//! are as high as their wrapped texts and the sheet prints landscape, one
//! page wide, the header on every page. bitext's columns are protected so
//! that the review can be matched back to the alignment, and only
//! `status`, `target` and `note` can be edited. Sheet `summary` describes
//! the run. A workbook is a zip archive that is written whole, so rows are
//! collected and the file is written at `finish`.

use std::collections::BTreeMap;
use std::io::Write;

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::table::{self, COLUMNS, ReviewOrder, Row};
use super::{AlignedDocument, Writer};

/// Below this confidence a row is shaded red: review it first.
pub const LOW: f64 = 0.5;
/// Below this (and at least [`LOW`]) a row is shaded yellow; above, green.
pub const MIDDLE: f64 = 0.8;

/// What the reviewer may put in `status`.
pub const STATUSES: [&str; 3] = ["ok", "fix", "reject"];

/// The largest number of rows a sheet holds, header included.
const MAX_ROWS: usize = 1_048_576;

/// The position of a column of [`COLUMNS`], checked when compiling.
const fn column(name: &str) -> u16 {
    let mut i = 0;
    while i < COLUMNS.len() {
        if eq(COLUMNS[i].as_bytes(), name.as_bytes()) {
            return i as u16;
        }
        i += 1;
    }
    panic!("not a review column")
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const CONFIDENCE: u16 = column("confidence");
const STATUS: u16 = column("status");
const SOURCE: u16 = column("source");
const TARGET: u16 = column("target");
const NOTE: u16 = column("note");
const LAST: u16 = COLUMNS.len() as u16 - 1;

/// Column widths in characters, in the order of [`COLUMNS`]: the texts get
/// room, the ids just enough.
const WIDTHS: [f64; COLUMNS.len()] = [24.0, 16.0, 11.0, 11.0, 6.0, 11.0, 9.0, 60.0, 60.0, 30.0];

/// The height of one line of text in points: that of the workbook's font,
/// Calibri 11 (rust_xlsxwriter's default; LibreOffice shows it as the
/// metric-compatible Carlito), which is also the default row height.
const LINE_HEIGHT: f64 = 15.0;

/// The tallest row a spreadsheet allows, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Collects the rows of every document and writes the workbook at `finish`.
pub struct XlsxWriter<W: Write> {
    out: W,
    rows: Vec<Row>,
    documents: Vec<Contents>,
    source_langs: Vec<String>,
    target_langs: Vec<String>,
    /// The order of the rows on the sheet `review`.
    order: ReviewOrder,
    /// The creation time the workbook records (seconds since 1970), from
    /// `SOURCE_DATE_EPOCH`; none: now. Two runs with the same one give the
    /// same bytes.
    created: Option<u64>,
}

impl<W: Write> XlsxWriter<W> {
    /// A writer; `created` is the creation time to record (default: now).
    pub fn new(out: W, created: Option<u64>) -> Self {
        XlsxWriter {
            out,
            created,
            rows: Vec::new(),
            documents: Vec::new(),
            source_langs: Vec::new(),
            target_langs: Vec::new(),
            order: ReviewOrder::default(),
        }
    }

    /// The writer with its rows in `order` (default: document order).
    pub fn in_order(mut self, order: ReviewOrder) -> Self {
        self.order = order;
        self
    }

    /// The workbook as bytes.
    fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let mut workbook = Workbook::new();
        if let Some(seconds) = self.created {
            let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
            let date = rust_xlsxwriter::ExcelDateTime::from_timestamp(seconds)?;
            workbook.set_properties(
                &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date),
            );
        }
        // Across all documents: the least confident beads of a batch first.
        let mut rows = self.rows.clone();
        self.order.arrange(&mut rows);
        review_sheet(workbook.add_worksheet(), &rows)?;
        let summary = Summary {
            documents: &self.documents,
            source_langs: &self.source_langs,
            target_langs: &self.target_langs,
            rows: &self.rows,
        };
        summary_sheet(workbook.add_worksheet(), &summary)?;
        workbook.save_to_buffer()
    }
}

/// Adds `value` to `list` unless it is there already (languages of a
/// batch, in order of appearance).
fn add_once(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl<W: Write> Writer for XlsxWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        self.documents.push(Contents {
            doc: doc.id.to_string(),
            beads: doc.alignment.beads.len(),
            source: doc.source.len(),
            target: doc.target.len(),
        });
        add_once(&mut self.source_langs, doc.source_lang.to_string());
        add_once(&mut self.target_langs, doc.target_lang.to_string());
        self.rows.extend(table::rows(doc));
        if self.rows.len() >= MAX_ROWS {
            return Err(std::io::Error::other(format!(
                "{} beads are more than a worksheet holds ({}); write CSV (the data profile) \
                 or JSON lines, or split the batch",
                self.rows.len(),
                MAX_ROWS - 1
            )));
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let bytes = self.workbook().map_err(explain)?;
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

/// An error of the workbook library as an I/O error, with advice where the
/// user can do something about it.
fn explain(error: XlsxError) -> std::io::Error {
    match error {
        XlsxError::MaxStringLengthExceeded => std::io::Error::other(
            "a bead's text is longer than the 32,767 characters a spreadsheet cell holds; \
             write CSV (--csv-profile data) or JSON lines instead",
        ),
        other => std::io::Error::other(format!("cannot write the workbook: {other}")),
    }
}

/// The cell formats of the review sheet. Cells are locked by default once
/// the sheet is protected; the reviewer's cells are unlocked.
struct Formats {
    header: Format,
    text: Format,
    wrapped: Format,
    editable: Format,
    editable_wrapped: Format,
    confidence: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border_bottom(FormatBorder::Thin),
            wrapped: cell.clone().set_text_wrap(),
            editable: cell.clone().set_unlocked(),
            editable_wrapped: cell.clone().set_unlocked().set_text_wrap(),
            confidence: cell.clone().set_num_format("0.00"),
            text: cell,
        }
    }

    /// The format of a text cell in column `col`.
    fn text(&self, col: u16) -> &Format {
        match col {
            STATUS => &self.editable,
            TARGET | NOTE => &self.editable_wrapped,
            SOURCE => &self.wrapped,
            _ => &self.text,
        }
    }
}

/// Writes the sheet `review`: header, rows, and what makes it a review tool.
fn review_sheet(sheet: &mut Worksheet, rows: &[Row]) -> Result<(), XlsxError> {
    let formats = Formats::new();
    sheet.set_name("review")?;
    for (col, (name, width)) in (0u16..).zip(COLUMNS.iter().zip(WIDTHS)) {
        sheet.write_string_with_format(0, col, *name, &formats.header)?;
        sheet.set_column_width(col, width)?;
    }
    for (row, cells) in (1u32..).zip(rows) {
        write_row(sheet, row, cells, &formats)?;
        sheet.set_row_height(row, row_height(cells))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet)?;
    let last = u32::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, last, LAST)?;
    if last > 0 {
        shade_by_confidence(sheet, last)?;
        status_dropdown(sheet, last)?;
    }
    sheet.protect_with_options(&protection());
    Ok(())
}

/// One bead's row: every cell a string but the confidence, a number (kept
/// to four decimals like the other formats, shown with two).
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &Row,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let texts = [
        &cells.id,
        &cells.doc,
        &cells.source_ids,
        &cells.target_ids,
        &cells.bead,
    ];
    for (col, text) in (0u16..).zip(texts) {
        sheet.write_string_with_format(row, col, text, formats.text(col))?;
    }
    let confidence = (cells.confidence * 10_000.0).round() / 10_000.0;
    sheet.write_number_with_format(row, CONFIDENCE, confidence, &formats.confidence)?;
    let texts = [&cells.status, &cells.source, &cells.target, &cells.note];
    for (col, text) in (STATUS..).zip(texts) {
        sheet.write_string_with_format(row, col, text, formats.text(col))?;
    }
    Ok(())
}

/// The height a row needs to show its wrapped texts whole: the lines of
/// its longest text times the font's line height, at most the tallest row
/// a spreadsheet allows (whose text then shows its first 27 lines).
/// Spreadsheets do not grow rows when they open a file (LibreOffice shows
/// every row one line high, the texts cut off, until the user asks for the
/// optimal height), so the height is written into it.
fn row_height(cells: &Row) -> f64 {
    let lines = [
        (SOURCE, &cells.source),
        (TARGET, &cells.target),
        (NOTE, &cells.note),
    ]
    .into_iter()
    .map(|(col, text)| wrapped_lines(text, WIDTHS[usize::from(col)]))
    .max()
    .unwrap_or(1);
    (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

/// How many lines `text` takes in a wrapped cell `width` characters wide
/// (a column's width counts the digit `0` of the font), breaking at spaces
/// as a spreadsheet does, and between characters in a word longer than a
/// line (as in Chinese and Japanese, written without spaces). A character
/// counts its display width: two for Chinese, Japanese and Korean, one for
/// others. Letters of a proportional font are on average narrower than `0`,
/// so the estimate errs towards a line too many, never a line cut off.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = width.floor().max(2.0) as usize;
    let mut lines = 1;
    // Display columns used on the current line.
    let mut used = 0;
    for word in text.split_whitespace() {
        let after = if used == 0 { 0 } else { used + 1 };
        if after + word.width() <= width {
            used = after + word.width();
            continue;
        }
        if used > 0 {
            lines += 1;
            used = 0;
        }
        for ch in word.chars() {
            let w = ch.width().unwrap_or(0);
            if used + w > width {
                lines += 1;
                used = 0;
            }
            used += w;
        }
    }
    lines
}

/// Printing: landscape, all columns scaled to the width of one page (as
/// many pages down as the rows need), the header row on every page, narrow
/// margins, gridlines (the shading alone may not print), and the file name
/// and page number in the footer. The paper is the printer's default (A4
/// or Letter).
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_gridlines(true);
    sheet.set_footer("&L&F&R&P / &N");
    Ok(())
}

/// Light red, yellow and green fills by confidence over whole rows, as
/// conditional formats so that they follow the rows when sorted.
fn shade_by_confidence(sheet: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    let confidence = column_letter(CONFIDENCE);
    let first = 2; // the first data row, as Excel counts
    let bands = [
        (format!("=${confidence}{first}<{LOW}"), 0xFFC7CE),
        (
            format!("=AND(${confidence}{first}>={LOW},${confidence}{first}<{MIDDLE})"),
            0xFFEB9C,
        ),
        (format!("=${confidence}{first}>={MIDDLE}"), 0xC6EFCE),
    ];
    for (rule, fill) in bands {
        let shade = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(Format::new().set_background_color(Color::RGB(fill)));
        sheet.add_conditional_format(1, 0, last, LAST, &shade)?;
    }
    Ok(())
}

/// A dropdown with the statuses the review reader accepts, on every row;
/// anything else is refused as it is typed.
fn status_dropdown(sheet: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    let validation = DataValidation::new()
        .allow_list_strings(&STATUSES)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("status")?
        .set_error_message("Choose ok, fix or reject, or leave the cell empty.")?;
    sheet.add_data_validation(1, STATUS, last, STATUS, &validation)?;
    Ok(())
}

/// Protection without a password (it guards against slips, not people):
/// locked cells cannot be edited, and the reviewer can still filter, sort
/// (where Excel allows it), resize columns and rows. Excel sorts only
/// ranges without locked cells on a protected sheet; filtering by
/// confidence works, sorting needs Review → Unprotect Sheet.
fn protection() -> ProtectionOptions {
    ProtectionOptions {
        use_autofilter: true,
        sort: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    }
}

/// The letter of a column (0 → A); the review table has fewer than 27.
fn column_letter(col: u16) -> char {
    char::from(b'A' + col as u8)
}

/// What a document holds, listed on the sheet `summary` so that the review
/// reader can tell rows or documents deleted from the sheet `review`.
struct Contents {
    doc: String,
    beads: usize,
    source: usize,
    target: usize,
}

/// What the sheet `summary` reports.
struct Summary<'a> {
    documents: &'a [Contents],
    source_langs: &'a [String],
    target_langs: &'a [String],
    rows: &'a [Row],
}

/// A value in the summary sheet.
enum Value {
    Count(usize),
    Number(f64),
    Text(String),
}

impl Summary<'_> {
    /// The lines of the summary, `key`, `value`; the keys are stable (the
    /// review reader may read them).
    fn lines(&self) -> Vec<(String, Value)> {
        let mut lines = vec![
            ("documents".to_string(), Value::Count(self.documents.len())),
            (
                "source_lang".to_string(),
                Value::Text(self.source_langs.join(", ")),
            ),
            (
                "target_lang".to_string(),
                Value::Text(self.target_langs.join(", ")),
            ),
            ("beads".to_string(), Value::Count(self.rows.len())),
        ];
        for (kind, count) in bead_types(self.rows) {
            lines.push((format!("beads {}-{}", kind.0, kind.1), Value::Count(count)));
        }
        let confidences = self.rows.iter().map(|r| r.confidence);
        let mean = confidences.clone().sum::<f64>() / self.rows.len().max(1) as f64;
        lines.push((
            "mean confidence".to_string(),
            Value::Number((mean * 10_000.0).round() / 10_000.0),
        ));
        lines.push((
            format!("below {LOW}"),
            Value::Count(confidences.filter(|&c| c < LOW).count()),
        ));
        lines.push((
            "written by".to_string(),
            Value::Text(format!("bitext {}", env!("CARGO_PKG_VERSION"))),
        ));
        lines
    }
}

/// How many beads of each type, ordered by source then target count.
fn bead_types(rows: &[Row]) -> BTreeMap<(usize, usize), usize> {
    let mut types = BTreeMap::new();
    for row in rows {
        let counts = row
            .bead
            .split_once('-')
            .and_then(|(s, t)| Some((s.parse::<usize>().ok()?, t.parse::<usize>().ok()?)));
        if let Some(counts) = counts {
            *types.entry(counts).or_insert(0) += 1;
        }
    }
    types
}

/// Writes the sheet `summary`: `key` and `value` columns.
fn summary_sheet(sheet: &mut Worksheet, summary: &Summary) -> Result<(), XlsxError> {
    let formats = Formats::new();
    sheet.set_name("summary")?;
    sheet.write_string_with_format(0, 0, "key", &formats.header)?;
    sheet.write_string_with_format(0, 1, "value", &formats.header)?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 16)?;
    let number = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::Left);
    let count = Format::new().set_align(FormatAlign::Left);
    for (row, (key, value)) in (1u32..).zip(summary.lines()) {
        sheet.write_string(row, 0, key)?;
        match value {
            Value::Count(n) => sheet.write_number_with_format(row, 1, n as f64, &count)?,
            Value::Number(x) => sheet.write_number_with_format(row, 1, x, &number)?,
            Value::Text(text) => sheet.write_string(row, 1, text)?,
        };
    }
    // One empty row, then the documents: the key/value lines stay a block.
    let first =
        u32::try_from(summary.lines().len() + 2).map_err(|_| XlsxError::RowColumnLimitError)?;
    for (col, name) in (0u16..).zip(table::CONTENTS_HEADER) {
        sheet.write_string_with_format(first, col, name, &formats.header)?;
    }
    for (row, doc) in (first + 1..).zip(summary.documents) {
        sheet.write_string(row, 0, &doc.doc)?;
        for (col, n) in (1u16..).zip([doc.beads, doc.source, doc.target]) {
            sheet.write_number_with_format(row, col, n as f64, &count)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bead: &str, confidence: f64) -> Row {
        Row {
            id: table::row_id("doc", 0),
            doc: "doc".into(),
            source_ids: "[0]".into(),
            target_ids: "[0]".into(),
            bead: bead.into(),
            confidence,
            status: String::new(),
            source: "a".into(),
            target: "b".into(),
            note: String::new(),
        }
    }

    #[test]
    fn columns_are_found_by_name() {
        assert_eq!(usize::from(CONFIDENCE), 5);
        assert_eq!(COLUMNS[usize::from(STATUS)], "status");
        assert_eq!(COLUMNS[usize::from(SOURCE)], "source");
        assert_eq!(COLUMNS[usize::from(TARGET)], "target");
        assert_eq!(COLUMNS[usize::from(NOTE)], "note");
        assert_eq!(column_letter(CONFIDENCE), 'F');
        assert_eq!(column_letter(LAST), 'J');
    }

    #[test]
    fn summary_counts_types_and_low_confidence() {
        let rows = [
            row("1-1", 0.9),
            row("2-1", 0.3),
            row("1-1", 0.6),
            row("0-1", 0.4),
            row("1-10", 0.8),
        ];
        let langs = (
            vec!["en".to_string()],
            vec!["de".to_string(), "fr".to_string()],
        );
        let docs = [("a", 3, 3, 4), ("b", 2, 2, 2)].map(|(doc, beads, source, target)| Contents {
            doc: doc.into(),
            beads,
            source,
            target,
        });
        let summary = Summary {
            documents: &docs,
            source_langs: &langs.0,
            target_langs: &langs.1,
            rows: &rows,
        };
        let lines: Vec<String> = summary
            .lines()
            .into_iter()
            .map(|(key, value)| match value {
                Value::Count(n) => format!("{key}={n}"),
                Value::Number(x) => format!("{key}={x}"),
                Value::Text(t) => format!("{key}={t}"),
            })
            .collect();
        let expected = [
            "documents=2",
            "source_lang=en",
            "target_lang=de, fr",
            "beads=5",
            "beads 0-1=1",
            "beads 1-1=2",
            "beads 1-10=1",
            "beads 2-1=1",
            "mean confidence=0.6",
            "below 0.5=2",
        ];
        assert_eq!(lines[..expected.len()], expected);
        assert!(lines[expected.len()].starts_with("written by=bitext "));
    }

    #[test]
    fn lines_wrap_at_spaces_and_inside_long_words() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("0123456789", 10.0), 1);
        assert_eq!(
            wrapped_lines("01234 56789", 10.0),
            2,
            "the space does not fit"
        );
        assert_eq!(wrapped_lines("a b c d e", 3.0), 3);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrstuvwxy", 10.0), 3);
        assert_eq!(
            wrapped_lines("ab   cd\nef", 7.0),
            2,
            "any white space is one"
        );
        // Chinese and Japanese count double and break between characters.
        assert_eq!(wrapped_lines("日本語の文章です", 10.0), 2);
        assert_eq!(wrapped_lines("Größe", 5.0), 1, "umlauts are one wide");
    }

    #[test]
    fn rows_grow_with_their_longest_text_up_to_the_limit() {
        let mut short = row("1-1", 0.9);
        assert_eq!(row_height(&short), LINE_HEIGHT);
        let sentence = "A sentence of some length that a reviewer reads. ";
        short.target = sentence.repeat(4);
        let four = row_height(&short);
        short.source = sentence.repeat(8);
        let eight = row_height(&short);
        assert!(LINE_HEIGHT < four && four < eight, "{four} {eight}");
        assert_eq!(
            four,
            4.0 * LINE_HEIGHT,
            "200 characters in a 60 wide column"
        );
        short.note = sentence.repeat(200);
        assert_eq!(row_height(&short), MAX_ROW_HEIGHT);
    }

    #[test]
    fn an_empty_workbook_is_still_a_workbook() {
        let mut writer = XlsxWriter::new(Vec::new(), None);
        writer.finish().unwrap();
        assert!(writer.out.starts_with(b"PK"), "a zip archive");
    }
}
