//! Bytes of a reviewed file to rows of text cells, numbered as a spreadsheet
//! numbers them. Everything about file formats lives here (CSV encodings,
//! delimiters and the formula guard; XLSX sheets and cell types), so that
//! checking the rows does not depend on where they came from.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx};
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::error::{Error, Result, ReviewFileProblem};
use crate::lang::Lang;
use crate::review::{Contents, Locus, Place, Stated, page};
use crate::side::Side;
use crate::text::archive::check_unpacked;
use crate::text::{Encoding, decode};
use crate::write::table::CONTENTS_HEADER;

/// The name of the worksheet that holds the review table.
pub const REVIEW_SHEET: &str = "review";
/// The name of the optional worksheet that gives the languages.
pub const SUMMARY_SHEET: &str = "summary";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Old binary Excel workbooks (`.xls`) are OLE compound files.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

/// A table as read from a file, before any checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    /// Languages named on an XLSX summary sheet.
    pub source_lang: Option<Lang>,
    pub target_lang: Option<Lang>,
    /// Things the user should know although the file could be read.
    pub warnings: Vec<String>,
    /// What an XLSX summary sheet (or a review page's file) says the file
    /// holds.
    pub contents: Option<Contents>,
    /// What the row numbers count: rows, or the beads of a review page's
    /// file.
    pub locus: Locus,
}

/// One row of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The row number a spreadsheet shows: 1-based, the header is row 1.
    pub number: usize,
    pub cells: Vec<String>,
}

impl SheetRow {
    /// Whether the row holds nothing at all (spreadsheets save emptied rows
    /// as a run of delimiters).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Reads a reviewed file, telling XLSX, the review page's JSON and CSV
/// apart by their content rather than their name (a renamed file should
/// still be read right). No review CSV starts with `{`: its header starts
/// with `id` or Excel's `sep=`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if text.trim_ascii_start().starts_with(b"{") {
        page::read(path, text)
    } else if page::is_page(text) {
        Err(Error::Review {
            path: path.to_path_buf(),
            problem: ReviewFileProblem::PageItself,
        })
    } else if bytes.starts_with(ZIP_MAGIC) {
        xlsx(path, bytes, &LIMITS)
    } else if bytes.starts_with(OLE_MAGIC) {
        Err(Error::Review {
            path: path.to_path_buf(),
            problem: ReviewFileProblem::OldExcel,
        })
    } else {
        csv(path, bytes)
    }
}

// ---------------------------------------------------------------- CSV ----

/// Reads a CSV file in any of the profiles `bitext align` writes (`excel-de`,
/// `excel`, `data`), or as a spreadsheet saved it again.
fn csv(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    let (text, warning) = decode_csv(path, bytes)?;
    let (delimiter, body) = match sep_line(&text) {
        Some((delimiter, rest)) => (delimiter, rest),
        None => (detect_delimiter(first_line(&text)), text.as_str()),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    // Spreadsheets show one row per record (a quoted cell may span lines),
    // so records, not lines, are counted. The csv reader skips blank lines,
    // which spreadsheets do not write between rows.
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        let record = record.map_err(|cause| Error::Review {
            path: path.to_path_buf(),
            problem: ReviewFileProblem::Csv { row: number, cause },
        })?;
        rows.push(SheetRow {
            number,
            cells: record
                .iter()
                .map(|cell| unguard(cell).to_string())
                .collect(),
        });
    }
    Ok(Sheet {
        rows,
        warnings: warning.into_iter().collect(),
        ..Sheet::default()
    })
}

/// Decodes a CSV file: UTF-8 (with or without BOM, as bitext writes it),
/// UTF-16 with BOM (Excel's "Unicode text"), and otherwise Windows-1252,
/// which is what German Excel writes when a file is saved again as plain
/// "CSV (Trennzeichen-getrennt)". That last case is reported as a warning,
/// since such a save loses every character Windows-1252 lacks.
fn decode_csv(path: &Path, bytes: &[u8]) -> Result<(String, Option<String>)> {
    match decode(path, bytes, Encoding::Utf8) {
        Ok(text) => Ok((text, None)),
        Err(Error::InvalidUtf8 { offset, line, .. }) if bytes.starts_with(UTF8_BOM) => {
            Err(Error::Review {
                path: path.to_path_buf(),
                problem: ReviewFileProblem::DamagedUtf8 { offset, line },
            })
        }
        Err(Error::InvalidUtf8 { .. }) => {
            let text = decode(path, bytes, Encoding::Windows1252)?;
            let warning = format!(
                "{}: not UTF-8, read as Windows-1252 (a re-save by Excel as plain \
                 \"CSV (Trennzeichen-getrennt)\"?); characters Windows-1252 lacks were lost by \
                 that save and show as \"?\": check the output, or save as \"CSV UTF-8\" or XLSX",
                path.display()
            );
            Ok((text, Some(warning)))
        }
        Err(e) => Err(e),
    }
}

/// The first line of the text (the header), without its line end.
fn first_line(text: &str) -> &str {
    text.split(['\n', '\r']).next().unwrap_or("")
}

/// Excel's `sep=;` first line, which forces the delimiter and which Excel
/// does not show as a row: the delimiter and the text after that line.
fn sep_line(text: &str) -> Option<(u8, &str)> {
    let line = first_line(text);
    let rest = line.strip_prefix("sep=")?;
    let [delimiter] = rest.as_bytes() else {
        return None;
    };
    let body = text[line.len()..]
        .strip_prefix("\r\n")
        .or_else(|| text[line.len()..].strip_prefix(['\n', '\r']))
        .unwrap_or("");
    Some((*delimiter, body))
}

/// The delimiter of a header line: whichever of `;` (German Excel), `,` and
/// TAB (Excel's "Unicode text") it holds most of outside quotes. The header
/// has nine of them; a header with none is reported as a changed header.
fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
            entry.1 += 1;
        }
    }
    // max_by_key keeps the last of equal counts; reversing makes `,` win ties.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// Removes the formula guard of the spreadsheet profiles: a `'` put before a
/// cell that starts with `=`, `+`, `-`, `@`, TAB or CR so that Excel shows it
/// as text instead of evaluating it. Only that `'` is removed, exactly one;
/// an apostrophe before anything else is the reviewer's text.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

// --------------------------------------------------------------- XLSX ----

/// How much a workbook may hold before it is refused. A far-away cell or a
/// damaged reference (`B99999999999`) in a workbook of a few KiB must not cost
/// gigabytes, so these bound what is unpacked and stored, not the sheet's
/// declared size.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Bytes all parts of the zip unpack to, as it declares them (the zip
    /// reader refuses to unpack a part beyond its declared size).
    unpacked: u64,
    /// Rows and columns a value may sit in.
    rows: u32,
    columns: u32,
    /// Cells stored: values, and the empty cells that fill the rows to the
    /// width of the sheet.
    cells: usize,
}

/// Rows and columns of a worksheet (A1 to XFD1048576); `bitext align`
/// writes at most as many rows.
const SHEET_ROWS: u32 = 1_048_576;
const SHEET_COLUMNS: u32 = 16_384;

/// A full sheet of bead rows at about 1 KiB each unpacked (ten cells and
/// two sentences) fits, as do ten columns plus a reviewer's notes beside
/// them; a workbook beyond these is no review table.
const LIMITS: Limits = Limits {
    unpacked: 1 << 30,
    rows: SHEET_ROWS,
    columns: 64,
    cells: SHEET_ROWS as usize * 16,
};

/// A limit a workbook goes beyond: where (`sheet "review", cell B7`, or
/// a part of the zip) and why.
struct Beyond {
    place: String,
    reason: String,
}

type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// A value and its 0-based (row, column).
type Positioned = ((u32, u32), String);

/// Reads the `review` sheet of a workbook, and the languages from its
/// `summary` sheet if there is one.
fn xlsx(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Sheet> {
    let fail = |problem: ReviewFileProblem| Error::Review {
        path: path.to_path_buf(),
        problem,
    };
    let beyond = |b: Beyond| Error::ReviewWorkbook {
        path: path.to_path_buf(),
        place: b.place,
        reason: b.reason,
    };
    let unreadable = |cause: Box<dyn std::error::Error + Send + Sync>| {
        fail(ReviewFileProblem::Workbook { cause })
    };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.into()))?;
    check_unpacked(&archive, limits.unpacked)
        .map_err(|o| Beyond {
            place: format!("part {}", o.part),
            reason: format!(
                "the workbook unpacks to more than the limit of {} MiB",
                o.limit >> 20
            ),
        })
        .map_err(beyond)?;
    check_references(&mut archive).map_err(beyond)?;
    let mut book: Workbook = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.into()))?;
    let names = book.sheet_names();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let Some(review) = find(REVIEW_SHEET) else {
        return Err(fail(ReviewFileProblem::NoReviewSheet {
            expected: REVIEW_SHEET,
            sheets: names,
        }));
    };
    let read_sheet = |book: &mut Workbook, name: &str| {
        rows(name, cells(path, book, name, limits)?, limits).map_err(beyond)
    };
    let mut sheet = Sheet {
        rows: read_sheet(&mut book, &review)?,
        ..Sheet::default()
    };
    if let Some(summary) = find(SUMMARY_SHEET) {
        let rows = read_sheet(&mut book, &summary)?;
        read_languages(path, &summary, &rows, &mut sheet);
        sheet.contents = read_contents(&summary, &rows);
    }
    Ok(sheet)
}

/// Checks every reference of every worksheet (`<dimension ref>`, `<row r>`,
/// `<c r>`) before calamine reads them: its parser overflows on references
/// beyond 32 bits, which panics (or wraps to a far-away cell), and a
/// dimension that ends before it starts underflows. Only references within
/// a sheet pass.
fn check_references<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Result<(), Beyond> {
    let sheets = sheet_names_by_part(archive);
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with(".xml") {
            continue;
        }
        if let Some((kind, reference)) = first_bad_reference(BufReader::new(part)) {
            let sheet = match sheets.get(&name) {
                Some(sheet) => format!("sheet \"{sheet}\""),
                None => format!("part {name}"),
            };
            return Err(Beyond {
                place: format!("{sheet}, {kind} {reference}"),
                reason: format!(
                    "not a reference within a sheet (A1 to {}{SHEET_ROWS})",
                    column_name(SHEET_COLUMNS - 1)
                ),
            });
        }
    }
    Ok(())
}

/// An XML reader set up as calamine sets up its own, so that both stop at
/// the same malformed XML.
fn xml_reader<R: BufRead>(reader: R) -> quick_xml::Reader<R> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// The first reference of a worksheet part that is not within a sheet, with
/// what it names (`cell`, `row`, `dimension`). A part that is not a
/// worksheet is not read past its root; XML that cannot be read ends the
/// check, since calamine stops there too.
fn first_bad_reference<R: BufRead>(reader: R) -> Option<(&'static str, String)> {
    let mut xml = xml_reader(reader);
    let mut buf = Vec::new();
    let mut root = true;
    loop {
        buf.clear();
        let element = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(element)) => element,
            Ok(Event::End(end)) if end.local_name().as_ref() == "sheetData" => return None,
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => continue,
        };
        let local = element.local_name();
        if std::mem::take(&mut root) && local.as_ref() != "worksheet" {
            return None;
        }
        let (kind, attribute, sound): (_, _, fn(&str) -> bool) = match local.as_ref() {
            "c" => ("cell", "r", |r| cell_reference(r).is_some()),
            "row" => ("row", "r", |r| row_reference(r).is_some()),
            "dimension" => ("dimension", "ref", dimension_is_sound),
            _ => continue,
        };
        let value = element
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == attribute)
            .map(|a| a.value.into_owned());
        if let Some(value) = value
            && !sound(&value)
        {
            return Some((kind, value));
        }
    }
}

/// A cell reference such as `B7`, as 0-based (row, column), if it is
/// within a sheet.
fn cell_reference(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.as_bytes();
    let digits = reference.iter().position(u8::is_ascii_digit)?;
    let (letters, number) = reference.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let column = letters.iter().fold(0u32, |n, c| {
        n * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row = row_reference(std::str::from_utf8(number).ok()?)?;
    (column <= SHEET_COLUMNS).then_some((row, column - 1))
}

/// A row number such as `7`, 0-based, if it is within a sheet.
fn row_reference(reference: &str) -> Option<u32> {
    if reference.is_empty() || reference.len() > 7 || !reference.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let row = reference.parse::<u32>().ok()?;
    (1..=SHEET_ROWS).contains(&row).then(|| row - 1)
}

/// A dimension such as `A1:J20` or `A1`, within a sheet and not ending
/// before it starts.
fn dimension_is_sound(reference: &str) -> bool {
    let mut corners = reference.split(':').map(cell_reference);
    match (corners.next(), corners.next(), corners.next()) {
        (Some(Some(_)), None, None) => true,
        (Some(Some(start)), Some(Some(end)), None) => start.0 <= end.0 && start.1 <= end.1,
        _ => false,
    }
}

/// The names of the sheets by the zip part that holds them, for messages:
/// `xl/worksheets/sheet1.xml` → `review`. Read from `xl/workbook.xml` and
/// its relationships, where every workbook keeps them; a part not found
/// there is named by its path.
fn sheet_names_by_part<R: Read + Seek>(archive: &mut ZipArchive<R>) -> HashMap<String, String> {
    let targets = attributes_of(
        archive,
        "xl/_rels/workbook.xml.rels",
        "Relationship",
        "Id",
        "Target",
    );
    let ids = attributes_of(archive, "xl/workbook.xml", "sheet", "id", "name");
    ids.into_iter()
        .filter_map(|(id, name)| {
            let target = targets.get(&id)?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((part, name))
        })
        .collect()
}

/// Two attributes of every `element` of a part, the first as the key; the
/// keys' namespace prefixes (`r:id`) are left out.
fn attributes_of<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    part: &str,
    element: &str,
    key: &str,
    value: &str,
) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let Ok(part) = archive.by_name(part) else {
        return found;
    };
    let mut xml = xml_reader(BufReader::new(part));
    let mut buf = Vec::new();
    while let Ok(event) = xml.read_event_into(&mut buf) {
        match event {
            Event::Start(e) if e.local_name().as_ref() == element => {
                let attribute = |wanted: &str| {
                    e.attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == wanted)
                        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                        .map(|v| v.into_owned())
                };
                if let (Some(k), Some(v)) = (attribute(key), attribute(value)) {
                    found.insert(k, v);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    found
}

/// The values of a sheet by position, read one cell at a time so that
/// nothing is allocated for the sheet's extent; empty cells (formatted
/// only) are left out. Fails with calamine's error, or at the first value
/// beyond the limits.
fn cells(path: &Path, book: &mut Workbook, name: &str, limits: &Limits) -> Result<Vec<Positioned>> {
    let unreadable = |cause: calamine::XlsxError| Error::Review {
        path: path.to_path_buf(),
        problem: ReviewFileProblem::Sheet {
            sheet: name.to_string(),
            cause,
        },
    };
    let mut reader = book.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        let reason = if row >= limits.rows {
            format!("a value beyond the limit of {} rows", limits.rows)
        } else if column >= limits.columns {
            format!("a value beyond the limit of {} columns", limits.columns)
        } else if cells.len() >= limits.cells {
            format!("more values than the limit of {} cells", limits.cells)
        } else {
            cells.push(((row, column), cell_text(&cell.get_value().clone().into())));
            continue;
        };
        return Err(Error::ReviewWorkbook {
            path: path.to_path_buf(),
            place: cell_place(name, row, column),
            reason,
        });
    }
    Ok(cells)
}

/// The rows that hold values, each as wide as the widest, so that row
/// numbers are those the spreadsheet shows and a cell's column is its
/// position even when the first rows or columns are empty. The filled-in
/// empty cells count towards the limit.
fn rows(name: &str, mut cells: Vec<Positioned>, limits: &Limits) -> Result<Vec<SheetRow>, Beyond> {
    cells.sort_by_key(|(position, _)| *position);
    cells.dedup_by_key(|(position, _)| *position);
    let width = cells
        .iter()
        .map(|((_, c), _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<SheetRow> = Vec::new();
    for ((row, column), text) in cells {
        let number = row as usize + 1;
        if rows.last().is_none_or(|last| last.number != number) {
            if (rows.len() + 1) * width > limits.cells {
                return Err(Beyond {
                    place: cell_place(name, row, column),
                    reason: format!(
                        "{} rows {width} cells wide are more than the limit of {} cells",
                        rows.len() + 1,
                        limits.cells
                    ),
                });
            }
            rows.push(SheetRow {
                number,
                cells: vec![String::new(); width],
            });
        }
        if let Some(last) = rows.last_mut() {
            last.cells[column as usize] = text;
        }
    }
    Ok(rows)
}

/// `sheet "review", cell B7`.
fn cell_place(sheet: &str, row: u32, column: u32) -> String {
    format!(
        "sheet \"{sheet}\", cell {}{}",
        column_name(column),
        u64::from(row) + 1
    )
}

/// A 0-based column as a spreadsheet names it: `A`, `Z`, `AA`, `XFD`.
fn column_name(column: u32) -> String {
    let mut name = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        n -= 1;
        name.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A cell as the text it shows. Numbers print in their shortest exact form
/// (`0.9312`, `2025`), so a confidence or a number typed as a sentence reads
/// back as written.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Languages from the summary sheet: rows with a label in column A
/// (`source_lang` and `target_lang` as bitext writes them, or `source
/// language`, `target language`; any case, an optional colon) and
/// the code in column B. A value that is not a language code is left out
/// with a warning; the user can then name the language on the command line.
fn read_languages(path: &Path, name: &str, rows: &[SheetRow], sheet: &mut Sheet) {
    for row in rows {
        let (Some(label), Some(value)) = (row.cells.first(), row.cells.get(1)) else {
            continue;
        };
        let label = label.trim().trim_end_matches(':').trim().to_lowercase();
        let (slot, side) = match label.as_str() {
            "source language" | "source_lang" => (&mut sheet.source_lang, Side::Source),
            "target language" | "target_lang" => (&mut sheet.target_lang, Side::Target),
            _ => continue,
        };
        match Lang::parse(value.trim()) {
            Ok(lang) => *slot = Some(lang),
            Err(_) => sheet.warnings.push(format!(
                "{}: sheet \"{name}\", row {}: {:?} is not a language code (such as de or de-DE); \
                 ignored, name the {side} language to read the file",
                path.display(),
                row.number,
                value.trim()
            )),
        }
    }
}

/// What the summary sheet says the workbook holds: `documents` and `beads`
/// in column B beside those keys (every bitext workbook has them), and the
/// table of documents below a [`CONTENTS_HEADER`] row (since bitext lists
/// them), up to the first row that is not a document. None if the sheet
/// states neither.
fn read_contents(name: &str, rows: &[SheetRow]) -> Option<Contents> {
    let place = |row: &SheetRow| Place {
        sheet: Some(name.to_string()),
        row: row.number,
    };
    let cell = trimmed_cell;
    let count = |row: &SheetRow, k: usize| cell(row, k).parse::<usize>().ok();
    let mut contents = Contents::default();
    let mut listed = false;
    for row in rows {
        if listed {
            let stated = (|| {
                Some(Stated {
                    ordinal: contents.documents.len() + 1,
                    doc: Some(cell(row, 0)).filter(|d| !d.is_empty())?.to_string(),
                    beads: count(row, 1)?,
                    source: count(row, 2)?,
                    target: count(row, 3)?,
                    place: place(row),
                })
            })();
            match stated {
                Some(stated) => contents.documents.push(stated),
                None => break,
            }
            continue;
        }
        let is_header = CONTENTS_HEADER
            .iter()
            .enumerate()
            .all(|(k, h)| cell(row, k).eq_ignore_ascii_case(h));
        match cell(row, 0).to_lowercase().as_str() {
            _ if is_header => listed = true,
            "documents" => contents.total = count(row, 1).map(|n| (n, place(row))),
            "beads" => contents.beads = count(row, 1).map(|n| (n, place(row))),
            _ => {}
        }
    }
    let states = listed || contents.total.is_some() || contents.beads.is_some();
    states.then_some(contents)
}

/// Cell `k` of a row without surrounding spaces; empty if the row is shorter.
fn trimmed_cell(row: &SheetRow, k: usize) -> &str {
    row.cells.get(k).map_or("", |c| c.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(sheet: &Sheet) -> Vec<(usize, Vec<&str>)> {
        sheet
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn guard_is_stripped_once_and_only_before_formula_characters() {
        assert_eq!(unguard("'-x"), "-x");
        assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguard("'+49 30"), "+49 30");
        assert_eq!(unguard("'@home"), "@home");
        assert_eq!(unguard("'\tx"), "\tx");
        assert_eq!(unguard("'\rx"), "\rx");
        assert_eq!(unguard("''-x"), "''-x", "the guard is one quote");
        assert_eq!(unguard("'hello'"), "'hello'", "a real apostrophe stays");
        assert_eq!(unguard("'"), "'");
        assert_eq!(unguard("-x"), "-x");
        assert_eq!(unguard("rock 'n' roll"), "rock 'n' roll");
    }

    #[test]
    fn delimiter_comes_from_the_header() {
        assert_eq!(detect_delimiter("id,doc,source_ids"), b',');
        assert_eq!(detect_delimiter("id;doc;source_ids"), b';');
        assert_eq!(detect_delimiter("id\tdoc\tsource_ids"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',', "quoted ; is text");
        assert_eq!(detect_delimiter("id"), b',');
    }

    #[test]
    fn reads_each_profile() {
        let path = Path::new("r.csv");
        let data = read(path, b"id,doc\nd-0000,\"a, \"\"b\"\"\"\n").unwrap();
        assert_eq!(
            rows(&data),
            [(1, vec!["id", "doc"]), (2, vec!["d-0000", "a, \"b\""])]
        );
        assert!(data.warnings.is_empty());

        let excel_de = read(
            path,
            b"\xEF\xBB\xBFid;doc;confidence\r\nd-0000;'-x;0,93\r\nd-0001;\"two\r\nlines\";0,5\r\n",
        )
        .unwrap();
        assert_eq!(
            rows(&excel_de),
            [
                (1, vec!["id", "doc", "confidence"]),
                (2, vec!["d-0000", "-x", "0,93"]),
                (3, vec!["d-0001", "two\r\nlines", "0,5"]),
            ],
            "BOM removed, ; detected, guard stripped, a multi-line cell is one row"
        );

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "id\tdoc\r\nd-0000\tx\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            rows(&read(path, &utf16).unwrap()),
            [(1, vec!["id", "doc"]), (2, vec!["d-0000", "x"])]
        );
    }

    #[test]
    fn sep_line_sets_the_delimiter_and_is_not_a_row() {
        let sheet = read(Path::new("r.csv"), b"sep=;\r\nid;doc\r\nd-0000;a,b\r\n").unwrap();
        assert_eq!(
            rows(&sheet),
            [(1, vec!["id", "doc"]), (2, vec!["d-0000", "a,b"])]
        );
    }

    #[test]
    fn windows_1252_is_read_with_a_warning() {
        let sheet = read(
            Path::new("resaved.csv"),
            b"id;doc;target\r\nd-0000;d;Gr\xFC\xDFe \x80 \x84so\x93\r\n",
        )
        .unwrap();
        assert_eq!(sheet.rows[1].cells[2], "Grüße € „so“");
        assert_eq!(sheet.warnings.len(), 1);
        assert!(
            sheet.warnings[0].contains("resaved.csv") && sheet.warnings[0].contains("Windows-1252"),
            "{}",
            sheet.warnings[0]
        );
    }

    #[test]
    fn damaged_utf8_with_bom_is_an_error() {
        let err = read(Path::new("r.csv"), b"\xEF\xBB\xBFid\nGr\xFCe\n").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("r.csv") && message.contains("byte 8 (line 2)"),
            "{message}"
        );
    }

    #[test]
    fn old_xls_and_broken_xlsx_are_errors_naming_the_file() {
        let xls = read(Path::new("r.xls"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap_err();
        assert!(xls.to_string().contains(".xlsx"), "{xls}");
        let broken = read(Path::new("r.xlsx"), b"PK\x03\x04garbage").unwrap_err();
        assert!(broken.to_string().starts_with("r.xlsx: "), "{broken}");
    }

    fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    match cell.parse::<f64>() {
                        Ok(number) => sheet.write_number(r as u32, c as u16, number),
                        Err(_) => sheet.write_string(r as u32, c as u16, *cell),
                    }
                    .unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_review_and_summary_sheets() {
        let bytes = workbook(&[
            (
                "summary",
                &[
                    &["bitext review file"],
                    &["Source language:", "en-GB"],
                    &["TARGET LANGUAGE", "de"],
                ],
            ),
            (
                "Review",
                &[
                    &["id", "confidence", "target"],
                    &["d-0000", "0.9312", "2025"],
                ],
            ),
        ]);
        let sheet = read(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(
            rows(&sheet),
            [
                (1, vec!["id", "confidence", "target"]),
                (2, vec!["d-0000", "0.9312", "2025"]),
            ]
        );
        assert_eq!(sheet.source_lang.unwrap().to_string(), "en-GB");
        assert_eq!(sheet.target_lang.unwrap().to_string(), "de");
    }

    #[test]
    fn xlsx_without_review_sheet_names_the_sheets() {
        let bytes = workbook(&[("Tabelle1", &[&["id"]])]);
        let message = read(Path::new("r.xlsx"), &bytes).unwrap_err().to_string();
        assert!(
            message.contains("\"review\"") && message.contains("\"Tabelle1\""),
            "{message}"
        );
    }

    #[test]
    fn xlsx_bad_language_is_a_warning() {
        let bytes = workbook(&[
            ("review", &[&["id"]]),
            ("summary", &[&["source language", "Englisch"]]),
        ]);
        let sheet = read(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(sheet.source_lang, None);
        assert!(
            sheet.warnings[0].contains("row 1") && sheet.warnings[0].contains("source language"),
            "{:?}",
            sheet.warnings
        );
    }

    /// The workbook with `from` replaced by `to` in its part `name`, zipped
    /// again: a damaged or hostile workbook, made from a sound one.
    fn rewritten(bytes: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let part_name = part.name().unwrap().into_owned();
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            if part_name == name {
                assert!(xml.contains(from), "{name} has no {from}: {xml}");
                xml = xml.replacen(from, to, 1);
            }
            out.start_file(part_name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(xml.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// A `review` sheet (`xl/worksheets/sheet1.xml`) and a `summary` sheet
    /// (`sheet2.xml`).
    fn review_and_summary() -> Vec<u8> {
        workbook(&[
            ("review", &[&["id", "doc"], &["d-0000", "d"]]),
            ("summary", &[&["source language", "de"]]),
        ])
    }

    fn refused(bytes: &[u8]) -> String {
        match read(Path::new("review.xlsx"), bytes) {
            Err(e @ Error::ReviewWorkbook { .. }) => e.to_string(),
            other => panic!("not refused as beyond the limits: {other:?}"),
        }
    }

    #[test]
    fn xlsx_cell_far_away_is_refused_naming_sheet_and_cell() {
        let bytes = rewritten(
            &review_and_summary(),
            "xl/worksheets/sheet1.xml",
            "r=\"B2\"",
            "r=\"XFD1048576\"",
        );
        let message = refused(&bytes);
        assert!(
            message.starts_with("review.xlsx: sheet \"review\", cell XFD1048576: ")
                && message.contains("64 columns"),
            "{message}"
        );
    }

    #[test]
    fn xlsx_far_away_empty_cell_and_far_row_are_read() {
        // A formatted empty cell holds nothing to store; a value in the last
        // row of a sheet is stored as that one row.
        let far_empty = rewritten(
            &review_and_summary(),
            "xl/worksheets/sheet1.xml",
            "<sheetData>",
            "<sheetData><row r=\"1\"><c r=\"XFD1\" s=\"0\"/></row>",
        );
        let sheet = read(Path::new("r.xlsx"), &far_empty).unwrap();
        assert_eq!(rows(&sheet)[0], (1, vec!["id", "doc"]));
        let last_row = rewritten(
            &review_and_summary(),
            "xl/worksheets/sheet1.xml",
            "r=\"B2\"",
            "r=\"B1048576\"",
        );
        let sheet = read(Path::new("r.xlsx"), &last_row).unwrap();
        assert_eq!(
            rows(&sheet),
            [
                (1, vec!["id", "doc"]),
                (2, vec!["d-0000", ""]),
                (1_048_576, vec!["", "d"])
            ]
        );
    }

    #[test]
    fn xlsx_damaged_cell_reference_is_refused_naming_sheet_and_cell() {
        let bytes = rewritten(
            &review_and_summary(),
            "xl/worksheets/sheet2.xml",
            "r=\"B1\"",
            "r=\"B99999999999\"",
        );
        let message = refused(&bytes);
        assert!(
            message.starts_with("review.xlsx: sheet \"summary\", cell B99999999999: ")
                && message.contains("damaged"),
            "{message}"
        );
        for (from, to, place) in [
            ("r=\"1\"", "r=\"4294967297\"", "row 4294967297"),
            ("r=\"A1\"", "r=\"AAAAAAAAAA1\"", "cell AAAAAAAAAA1"),
            ("ref=\"A1:B2\"", "ref=\"B2:A1\"", "dimension B2:A1"),
            (
                "ref=\"A1:B2\"",
                "ref=\"A1:B99999999999\"",
                "dimension A1:B99999999999",
            ),
        ] {
            let bytes = rewritten(&review_and_summary(), "xl/worksheets/sheet1.xml", from, to);
            let message = refused(&bytes);
            assert!(
                message.starts_with(&format!("review.xlsx: sheet \"review\", {place}: ")),
                "{message}"
            );
        }
    }

    #[test]
    fn xlsx_too_many_cells_are_refused_naming_the_cell() {
        let limits = Limits { cells: 3, ..LIMITS };
        let message = xlsx(Path::new("r.xlsx"), &review_and_summary(), &limits)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("r.xlsx: sheet \"review\", cell B2: ")
                && message.contains("3 cells"),
            "{message}"
        );
    }

    #[test]
    fn xlsx_zip_bomb_is_refused_before_it_is_unpacked() {
        // 8 MiB of spaces in the sheet compress to a few KiB.
        let bytes = rewritten(
            &review_and_summary(),
            "xl/worksheets/sheet1.xml",
            "<sheetData>",
            &format!("{}<sheetData>", " ".repeat(8 << 20)),
        );
        assert!(bytes.len() < 1 << 20);
        let limits = Limits {
            unpacked: 4 << 20,
            ..LIMITS
        };
        let message = xlsx(Path::new("r.xlsx"), &bytes, &limits)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("r.xlsx: part xl/worksheets/sheet1.xml: ")
                && message.contains("4 MiB"),
            "{message}"
        );
        assert!(
            read(Path::new("r.xlsx"), &bytes).is_ok(),
            "within the real limit"
        );
    }

    #[test]
    fn xlsx_declared_sizes_bind() {
        // Sizes are checked as the zip declares them: a declared 3 GiB is
        // refused without unpacking, and a part that unpacks to more than it
        // declares is an error of the zip reader, not a bomb.
        let bytes = review_and_summary();
        let sizes = central_sizes(&bytes, "xl/worksheets/sheet1.xml");
        let mut huge = bytes.clone();
        huge[sizes..sizes + 4].copy_from_slice(&(3u32 << 30).to_le_bytes());
        let message = refused(&huge);
        assert!(
            message.contains("part xl/worksheets/sheet1.xml"),
            "{message}"
        );
        let mut small = bytes.clone();
        small[sizes..sizes + 4].copy_from_slice(&10u32.to_le_bytes());
        let message = read(Path::new("r.xlsx"), &small).unwrap_err().to_string();
        assert!(message.contains("sheet \"review\""), "{message}");
    }

    /// The offset of the uncompressed size of part `name` in the zip's
    /// central directory.
    fn central_sizes(bytes: &[u8], name: &str) -> usize {
        let header = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == b"PK\x01\x02")
            .map(|(i, _)| i)
            .find(|&i| bytes[i + 46..].starts_with(name.as_bytes()))
            .unwrap();
        header + 24
    }

    #[test]
    fn xlsx_rows_keep_their_spreadsheet_numbers() {
        let bytes = workbook(&[("review", &[&[""], &["", "id"], &["", "x"]])]);
        let sheet = read(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(
            rows(&sheet),
            [(2, vec!["", "id"]), (3, vec!["", "x"])],
            "rows without values are left out"
        );
    }
}
