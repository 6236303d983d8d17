//! Review tables as CSV, in one of three profiles: two for spreadsheets
//! (what Excel and LibreOffice open correctly with a double-click) and one
//! plain RFC 4180 profile for programs.
//!
//! Spreadsheets change what they open: they guess the encoding and the
//! delimiter, read `0.93` as text in a German locale, turn `2-1` into the
//! 2nd of January and evaluate cells that start with `=`. The spreadsheet
//! profiles write every cell so that it arrives as written (the README's
//! "CSV profiles" says what each spreadsheet does and why); the `data`
//! profile writes the values
//! unaltered, for programs that read CSV by the book.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

use serde::Serialize;

use super::table::{self, COLUMNS, ReviewOrder, Row};
use super::{AlignedDocument, Writer};

/// How a CSV file is written, for whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvProfile {
    /// German (and other decimal-comma) Excel and LibreOffice: UTF-8 with
    /// BOM, `;`, CRLF, `0,9312`, formula guard, bead type as `2–1`.
    ExcelDe,
    /// English Excel and LibreOffice: as `ExcelDe` with `,` and `0.9312`.
    Excel,
    /// RFC 4180 for programs: UTF-8 without BOM, `,`, LF, `0.9312`, cells
    /// unaltered. The library's default, because it changes nothing;
    /// commands choose their own default for their users.
    #[default]
    Data,
}

impl CsvProfile {
    /// The names the profiles are parsed from (`FromStr`), listed in messages about an unknown one.
    pub const NAMES: &'static [&'static str] = &["excel-de", "excel", "data"];

    /// Whether the file is meant to be opened in a spreadsheet program, and
    /// so written to survive its conversions.
    pub fn for_spreadsheets(self) -> bool {
        self != CsvProfile::Data
    }

    fn delimiter(self) -> u8 {
        match self {
            CsvProfile::ExcelDe => b';',
            CsvProfile::Excel | CsvProfile::Data => b',',
        }
    }

    fn terminator(self) -> ::csv::Terminator {
        if self.for_spreadsheets() {
            ::csv::Terminator::CRLF
        } else {
            ::csv::Terminator::Any(b'\n')
        }
    }

    /// Excel detects UTF-8 only by its BOM; without it umlauts break.
    fn bom(self) -> &'static [u8] {
        if self.for_spreadsheets() {
            b"\xEF\xBB\xBF"
        } else {
            b""
        }
    }

    /// A confidence with four decimals, with the decimal separator a
    /// spreadsheet in the profile's locale reads as a number.
    pub fn confidence(self, confidence: f64) -> String {
        let text = format!("{confidence:.4}");
        match self {
            CsvProfile::ExcelDe => text.replace('.', ","),
            CsvProfile::Excel | CsvProfile::Data => text,
        }
    }

    /// The bead type: `2-1` in data, `2–1` (en dash) for spreadsheets,
    /// because Excel reads `2-1` as a date (2 January) even when quoted, and
    /// an en dash is not a date separator anywhere.
    pub fn bead(self, kind: &str) -> String {
        if self.for_spreadsheets() {
            kind.replace('-', "\u{2013}")
        } else {
            kind.to_string()
        }
    }

    /// A text cell as this profile writes it: for spreadsheets on one line
    /// and guarded against formula injection, in data unaltered.
    pub fn text<'a>(self, cell: &'a str) -> Cow<'a, str> {
        if self.for_spreadsheets() {
            match one_line(cell) {
                Cow::Borrowed(line) => guard(line),
                Cow::Owned(line) => Cow::Owned(guard(&line).into_owned()),
            }
        } else {
            Cow::Borrowed(cell)
        }
    }
}

/// Characters that make a spreadsheet evaluate a cell as a formula when
/// they come first (OWASP, CSV injection; CWE-1236).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that a spreadsheet would evaluate gets a leading `'`, which makes
/// it text. Real sentences start with `-` too (dialogue, lists), so the
/// review reader strips exactly this `'` again.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Line breaks inside a cell (CRLF, CR, LF, and the Unicode line and
/// paragraph separators and NEL) become one space each: older Excel import
/// paths split quoted multi-line cells into rows.
pub fn one_line(cell: &str) -> Cow<'_, str> {
    const BREAKS: [char; 5] = ['\r', '\n', '\u{85}', '\u{2028}', '\u{2029}'];
    if !cell.contains(BREAKS) {
        return Cow::Borrowed(cell);
    }
    Cow::Owned(cell.replace("\r\n", " ").replace(BREAKS, " "))
}

impl FromStr for CsvProfile {
    type Err = String;
    fn from_str(s: &str) -> Result<CsvProfile, String> {
        match s.to_ascii_lowercase().as_str() {
            "excel-de" => Ok(CsvProfile::ExcelDe),
            "excel" => Ok(CsvProfile::Excel),
            "data" => Ok(CsvProfile::Data),
            _ => Err(format!(
                "unknown CSV profile {s:?}; use one of {}",
                CsvProfile::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for CsvProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CsvProfile::ExcelDe => "excel-de",
            CsvProfile::Excel => "excel",
            CsvProfile::Data => "data",
        })
    }
}

/// A table row as its CSV cells, fields in the order of [`COLUMNS`] (a
/// test checks it); the header itself is written from [`COLUMNS`].
#[derive(Debug, Serialize)]
struct Record<'a> {
    id: Cow<'a, str>,
    doc: Cow<'a, str>,
    source_ids: Cow<'a, str>,
    target_ids: Cow<'a, str>,
    bead: String,
    confidence: String,
    status: Cow<'a, str>,
    source: Cow<'a, str>,
    target: Cow<'a, str>,
    note: Cow<'a, str>,
}

impl<'a> Record<'a> {
    fn new(row: &'a Row, profile: CsvProfile) -> Self {
        let text = |cell: &'a String| profile.text(cell);
        Record {
            id: text(&row.id),
            doc: text(&row.doc),
            source_ids: text(&row.source_ids),
            target_ids: text(&row.target_ids),
            bead: profile.bead(&row.bead),
            confidence: profile.confidence(row.confidence),
            status: text(&row.status),
            source: text(&row.source),
            target: text(&row.target),
            note: text(&row.note),
        }
    }
}

/// Puts a byte order mark before the first bytes written through it.
struct WithBom<W: Write> {
    out: W,
    /// The BOM still to write; empty once written, or if there is none.
    bom: &'static [u8],
}

impl<W: Write> Write for WithBom<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.bom.is_empty() {
            self.out.write_all(self.bom)?;
            self.bom = b"";
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes the review table (one row per bead, null beads included) as CSV.
pub struct CsvWriter<W: Write> {
    out: ::csv::Writer<WithBom<W>>,
    profile: CsvProfile,
    /// Whether the header (and with it the BOM) is out; it is written with
    /// the first document, or at `finish` for an empty batch.
    started: bool,
    /// Documents written so far: each gets a heading row with its number,
    /// and the end row gives their count (see [`table::heading`]).
    documents: usize,
    /// The order of each document's rows. A CSV is written document by
    /// document, so rows are ordered within each document, below its
    /// heading row.
    order: ReviewOrder,
}

impl<W: Write> CsvWriter<W> {
    /// A writer of the review table to `out` in `profile`'s dialect, rows in document order until
    /// [`in_order`](Self::in_order) says otherwise.
    pub fn new(out: W, profile: CsvProfile) -> Self {
        let out = ::csv::WriterBuilder::new()
            .delimiter(profile.delimiter())
            .terminator(profile.terminator())
            .quote_style(::csv::QuoteStyle::Necessary)
            .has_headers(false)
            .from_writer(WithBom {
                out,
                bom: profile.bom(),
            });
        CsvWriter {
            out,
            profile,
            started: false,
            documents: 0,
            order: ReviewOrder::default(),
        }
    }

    /// The writer with each document's rows in `order` (default: document
    /// order).
    pub fn in_order(mut self, order: ReviewOrder) -> Self {
        self.order = order;
        self
    }

    /// A heading or end row, its cells written as the profile writes text.
    fn marker(&mut self, cells: &[String]) -> std::io::Result<()> {
        let cells = cells.iter().map(|cell| self.profile.text(cell));
        self.out
            .write_record(cells.collect::<Vec<_>>().iter().map(|c| c.as_bytes()))?;
        Ok(())
    }

    fn start(&mut self) -> std::io::Result<()> {
        if !self.started {
            self.out.write_record(COLUMNS)?;
            self.started = true;
        }
        Ok(())
    }
}

impl<W: Write> Writer for CsvWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        self.start()?;
        self.documents += 1;
        self.marker(&table::heading(self.documents, doc))?;
        let mut rows: Vec<Row> = table::rows(doc).collect();
        self.order.arrange(&mut rows);
        for row in &rows {
            self.out.serialize(Record::new(row, self.profile))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.start()?;
        self.marker(&table::end(self.documents))?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bead: &str, confidence: f64, source: &str, target: &str) -> Row {
        Row {
            id: table::row_id("doc", 7),
            doc: "doc".into(),
            source_ids: "[3, 4]".into(),
            target_ids: "[]".into(),
            bead: bead.into(),
            confidence,
            status: String::new(),
            source: source.into(),
            target: target.into(),
            note: String::new(),
        }
    }

    /// The whole file for `rows` (header included) in `profile`.
    fn csv(profile: CsvProfile, rows: &[Row]) -> Vec<u8> {
        let mut writer = CsvWriter::new(Vec::new(), profile);
        writer.start().unwrap();
        for row in rows {
            writer.out.serialize(Record::new(row, profile)).unwrap();
        }
        writer.out.flush().unwrap();
        writer.out.into_inner().unwrap().out
    }

    #[test]
    fn each_document_has_a_heading_row_and_the_file_an_end_row() {
        use crate::write::fixture::{Pair, bead};
        let pair = Pair::new(
            &["One.", "Two."],
            &["Eins und zwei."],
            vec![bead(0..2, 0..1, 0.5)],
        );
        let doc = pair.doc("d");
        let mut writer = CsvWriter::new(Vec::new(), CsvProfile::Data);
        writer.document(&doc).unwrap();
        writer.finish().unwrap();
        let text = String::from_utf8(writer.out.into_inner().unwrap().out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[1].starts_with(
                "#document 1,d,2 sentences,1 sentence,1 bead,,,en,de,\"document 1 of the file with 1 row, in"
            ),
            "{text}"
        );
        assert!(lines[2].starts_with("d-0000,d,"), "{text}");
        assert!(lines[3].starts_with("#end,1 document,"), "{text}");
    }

    #[test]
    fn guard_prefixes_exactly_the_formula_starts() {
        for cell in ["=1+2", "+49 30", "- Ja.", "@home", "\tx", "\rx"] {
            assert_eq!(guard(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Ja.", "'quoted'", " -x", "[3]", "", "–1", "„Zitat“"] {
            assert_eq!(guard(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn spreadsheet_cells_are_one_line_then_guarded() {
        let profile = CsvProfile::ExcelDe;
        assert_eq!(profile.text("a\r\nb\nc\rd"), "a b c d");
        assert_eq!(profile.text("x\u{2028}y\u{2029}z\u{85}"), "x y z ");
        // A cell starting with a line break is a space after it: no guard.
        assert_eq!(profile.text("\r\n=1"), " =1");
        assert_eq!(profile.text("-1\n"), "'-1 ");
        assert_eq!(CsvProfile::Data.text("=1\n2"), "=1\n2");
    }

    #[test]
    fn decimal_comma_only_for_excel_de() {
        assert_eq!(CsvProfile::ExcelDe.confidence(0.93124), "0,9312");
        assert_eq!(CsvProfile::ExcelDe.confidence(1.0), "1,0000");
        assert_eq!(CsvProfile::Excel.confidence(0.93125001), "0.9313");
        assert_eq!(CsvProfile::Data.confidence(0.0), "0.0000");
    }

    #[test]
    fn bead_type_is_no_date_in_spreadsheets() {
        assert_eq!(CsvProfile::ExcelDe.bead("2-1"), "2\u{2013}1");
        assert_eq!(CsvProfile::Excel.bead("0-1"), "0\u{2013}1");
        assert_eq!(CsvProfile::Data.bead("2-1"), "2-1");
    }

    #[test]
    fn record_fields_are_the_columns_in_order() {
        let mut out = ::csv::Writer::from_writer(Vec::new());
        let row = row("1-1", 0.5, "a", "b");
        out.serialize(Record::new(&row, CsvProfile::Data)).unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next(), Some(COLUMNS.join(",").as_str()));
    }

    #[test]
    fn excel_de_file() {
        let rows = [
            row("2-1", 0.93124, "- Ja; „gut“.", "Größe\nneu"),
            row("0-1", 0.5, "", "=SUM(A1)"),
        ];
        let bytes = csv(CsvProfile::ExcelDe, &rows);
        let expected = "\u{feff}id;doc;source_ids;target_ids;bead;confidence;status;source;target;note\r\n\
             doc-0007;doc;[3, 4];[];2\u{2013}1;0,9312;;\"'- Ja; „gut“.\";Größe neu;\r\n\
             doc-0007;doc;[3, 4];[];0\u{2013}1;0,5000;;;'=SUM(A1);\r\n";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }

    #[test]
    fn excel_file() {
        let rows = [row("1-2", 0.25, "a, \"b\"", "+c")];
        let bytes = csv(CsvProfile::Excel, &rows);
        let expected = "\u{feff}id,doc,source_ids,target_ids,bead,confidence,status,source,target,note\r\n\
             doc-0007,doc,\"[3, 4]\",[],1\u{2013}2,0.2500,,\"a, \"\"b\"\"\",'+c,\r\n";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }

    #[test]
    fn data_file() {
        let rows = [row("2-1", 0.93126, "-a\nb", "=c")];
        let bytes = csv(CsvProfile::Data, &rows);
        let expected = "id,doc,source_ids,target_ids,bead,confidence,status,source,target,note\n\
             doc-0007,doc,\"[3, 4]\",[],2-1,0.9313,,\"-a\nb\",=c,\n";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }

    #[test]
    fn an_empty_batch_still_has_its_header() {
        let mut writer = CsvWriter::new(Vec::new(), CsvProfile::Excel);
        writer.finish().unwrap();
        let bytes = writer.out.into_inner().unwrap().out;
        assert!(bytes.starts_with(b"\xEF\xBB\xBFid,doc,"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("note\r\n#end,0 documents,,,,,,end of the review table:"),
            "{text}"
        );
    }

    #[test]
    fn profiles_parse_by_name() {
        for name in CsvProfile::NAMES {
            let profile: CsvProfile = name.parse().unwrap();
            assert_eq!(profile.to_string(), *name);
        }
        assert!("excel-fr".parse::<CsvProfile>().is_err());
    }
}
