//! Bytes of a reviewed file to rows of text cells, numbered as a spreadsheet
//! numbers them. Everything about file formats lives here (CSV encodings,
//! delimiters and the formula guard; XLSX sheets and cell types), so that
//! checking the rows does not depend on where they came from.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::text::{Encoding, decode};

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

/// Reads a reviewed file, telling XLSX from CSV by its content rather than
/// its name (a renamed file should still be read right).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    if bytes.starts_with(ZIP_MAGIC) {
        xlsx(path, bytes)
    } else if bytes.starts_with(OLE_MAGIC) {
        Err(Error::Review {
            path: path.to_path_buf(),
            message: "this is an old Excel workbook (.xls); save it as .xlsx or as CSV UTF-8 \
                      and give bitext that file"
                .to_string(),
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
        let record = record.map_err(|e| Error::Review {
            path: path.to_path_buf(),
            message: format!("row {number}: cannot read the CSV ({e})"),
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
                message: format!(
                    "starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte {offset} \
                     (line {line}); the file is damaged: save it again from the spreadsheet"
                ),
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

/// Reads the `review` sheet of a workbook, and the languages from its
/// `summary` sheet if there is one.
fn xlsx(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    let fail = |message: String| Error::Review {
        path: path.to_path_buf(),
        message,
    };
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        fail(format!(
            "cannot read the XLSX workbook ({e}); save it again from the spreadsheet"
        ))
    })?;
    let names = book.sheet_names();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let Some(review) = find(REVIEW_SHEET) else {
        return Err(fail(format!(
            "no sheet named \"{REVIEW_SHEET}\" (the workbook has {}); give the workbook \
             `bitext align -o review.xlsx` wrote, or rename the sheet with the review table",
            quoted_list(&names)
        )));
    };
    let range = book
        .worksheet_range(&review)
        .map_err(|e| fail(format!("cannot read sheet \"{review}\" ({e})")))?;
    let mut sheet = Sheet {
        rows: grid(&range),
        ..Sheet::default()
    };
    if let Some(summary) = find(SUMMARY_SHEET) {
        let range = book
            .worksheet_range(&summary)
            .map_err(|e| fail(format!("cannot read sheet \"{summary}\" ({e})")))?;
        read_languages(path, &summary, &grid(&range), &mut sheet);
    }
    Ok(sheet)
}

/// The cells of a sheet as text, by absolute position, so that row numbers
/// are those the spreadsheet shows even when the first rows or columns are
/// empty.
fn grid(range: &calamine::Range<Data>) -> Vec<SheetRow> {
    let Some((last_row, last_column)) = range.end() else {
        return Vec::new();
    };
    (0..=last_row)
        .map(|row| SheetRow {
            number: row as usize + 1,
            cells: (0..=last_column)
                .map(|column| {
                    range
                        .get_value((row, column))
                        .map_or_else(String::new, cell_text)
                })
                .collect(),
        })
        .collect()
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
        let (slot, flag) = match label.as_str() {
            "source language" | "source_lang" => (&mut sheet.source_lang, "--src-lang"),
            "target language" | "target_lang" => (&mut sheet.target_lang, "--tgt-lang"),
            _ => continue,
        };
        match Lang::parse(value.trim()) {
            Ok(lang) => *slot = Some(lang),
            Err(_) => sheet.warnings.push(format!(
                "{}: sheet \"{name}\", row {}: {:?} is not a language code (such as de or de-DE); \
                 ignored, name the language with {flag}",
                path.display(),
                row.number,
                value.trim()
            )),
        }
    }
}

fn quoted_list(names: &[String]) -> String {
    if names.is_empty() {
        return "no sheets".to_string();
    }
    let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    format!("sheets {}", names.join(", "))
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
            sheet.warnings[0].contains("row 1") && sheet.warnings[0].contains("--src-lang"),
            "{:?}",
            sheet.warnings
        );
    }

    #[test]
    fn xlsx_rows_keep_their_spreadsheet_numbers() {
        let bytes = workbook(&[("review", &[&[""], &["", "id"], &["", "x"]])]);
        let sheet = read(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(
            rows(&sheet),
            [(1, vec!["", ""]), (2, vec!["", "id"]), (3, vec!["", "x"])]
        );
    }
}
