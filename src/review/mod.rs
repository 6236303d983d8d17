//! Reading a reviewed spreadsheet back: the review table that
//! `bitext align -o review.csv|review.xlsx` wrote, after a person set the
//! `status` of its rows (`ok`, `fix`, `reject`) and perhaps edited texts,
//! becomes aligned documents again, ready for any writer.
//!
//! Two pure steps, so that nothing is written unless the whole file is sound:
//!
//! 1. [`parse`]: bytes → checked rows, plus every problem found, each with
//!    the row number the spreadsheet shows (header = row 1): an unknown
//!    status, a changed header, ids duplicated or missing (a deleted row),
//!    ids, bead and type that disagree, unreadable confidences.
//! 2. [`ReviewTable::apply`]: statuses → documents. Rejected rows are left
//!    out, fixed rows taken with their edited text, rows without a status
//!    follow [`Unreviewed`]. A kept row whose text was emptied is a problem
//!    too. If the file has any problem, all of them are returned together as
//!    [`Error::ReviewRows`].
//!
//! Rows are matched by their stable id (`<doc>-<bead number>`), not by their
//! position: the beads of a document come out in id order however the sheet
//! was sorted or filtered (say, by confidence, to review the least sure rows
//! first). Documents come out in the order the file states them (a CSV's
//! heading rows, a workbook's summary sheet), else in the order of their
//! first row in the sheet.
//!
//! ```
//! use std::path::Path;
//! use bitext::review::{self, Unreviewed};
//!
//! let csv = "id,doc,source_ids,target_ids,bead,confidence,status,source,target,note\n\
//!            d-0000,d,[0],[0],1-1,0.98,ok,Hello.,Hallo.,\n\
//!            d-0001,d,[1],[1],1-1,0.41,fix,Thank you.,Danke schön.,was: Danke sehr\n\
//!            d-0002,d,[2],[],1-0,0.77,reject,Ad.,,\n";
//! let table = review::parse(Path::new("review.csv"), csv.as_bytes())?;
//! let reviewed = table.apply(Unreviewed::Keep)?;
//! let doc = &reviewed.documents[0];
//! assert_eq!(doc.target[1].text, "Danke schön.");
//! assert_eq!(doc.alignment.beads.len(), 2);
//! assert_eq!(reviewed.summary.rejected, 1);
//! # Ok::<(), bitext::Error>(())
//! ```

mod page;
mod sheet;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::align::{Alignment, Bead};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::segment::Sentence;
use crate::side::Side;
use crate::text::normalize;
use crate::write::AlignedDocument;
use crate::write::table::{COLUMNS, END_ID, heading_id, row_id};

pub use sheet::unguard;

/// What the reviewer decided for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The status cell is empty: nobody looked at the row.
    Unreviewed,
    /// The row is right as it is.
    Ok,
    /// The row was corrected: its texts are the corrected ones.
    Fix,
    /// The row does not belong in the corpus.
    Reject,
}

impl Status {
    /// Reads a status cell; any case and surrounding spaces, as typed.
    pub fn parse(cell: &str) -> Option<Status> {
        match cell.trim().to_lowercase().as_str() {
            "" => Some(Status::Unreviewed),
            "ok" => Some(Status::Ok),
            "fix" => Some(Status::Fix),
            "reject" => Some(Status::Reject),
            _ => None,
        }
    }
}

/// What to do with rows whose status is empty (`--unreviewed`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Unreviewed {
    /// Keep them with their confidence: a partial review still gives the
    /// whole corpus.
    #[default]
    Keep,
    /// Leave them out: only what a person checked.
    Drop,
    /// Keep those at least this confident, leave out the others.
    Above(f64),
}

impl Unreviewed {
    /// Whether an unreviewed row with this confidence is kept.
    pub fn keeps(self, confidence: f64) -> bool {
        match self {
            Unreviewed::Keep => true,
            Unreviewed::Drop => false,
            Unreviewed::Above(min) => confidence >= min,
        }
    }
}

impl FromStr for Unreviewed {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "keep" => return Ok(Unreviewed::Keep),
            "drop" => return Ok(Unreviewed::Drop),
            _ => {}
        }
        let bad = || format!("{s:?} is not keep, drop or above=X with X between 0 and 1");
        let value = s.strip_prefix("above=").ok_or_else(bad)?;
        match parse_confidence(value) {
            Some(min) => Ok(Unreviewed::Above(min)),
            None => Err(bad()),
        }
    }
}

impl fmt::Display for Unreviewed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreviewed::Keep => f.write_str("keep"),
            Unreviewed::Drop => f.write_str("drop"),
            Unreviewed::Above(min) => write!(f, "above={min}"),
        }
    }
}

/// One row of a review table, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    /// The row number the spreadsheet shows (header = row 1).
    pub row: usize,
    /// The bead's id as bitext wrote it, the document id and the bead number
    /// (`atlantic-council-0007`): how a row is put back in its place however the sheet was sorted.
    pub id: String,
    /// The id of the document the row belongs to, as in the outputs.
    pub doc: String,
    /// The bead number, from the id: `atlantic-council-0007` → 7.
    pub index: usize,
    /// The sentence ids bitext wrote, consecutive (empty for a null side).
    pub source_ids: Vec<usize>,
    /// The target sentence ids bitext wrote, consecutive (empty for a null side).
    pub target_ids: Vec<usize>,
    /// The aligner's confidence as written in the file; kept for rows nobody reviewed.
    pub confidence: f64,
    /// What the reviewer decided for the row.
    pub status: Status,
    /// Texts as one line each, normalised like input documents (NFC, no
    /// invisible characters; line breaks typed in a cell become spaces).
    pub source: String,
    /// The target text, normalised as the source is; the reviewer's version for a `fix` row.
    pub target: String,
    /// The reviewer's note, which stays in the review file and goes into no output.
    pub note: String,
}

pub use crate::error::{Locus, Problem};

impl Problem {
    fn new(row: usize, message: impl Into<String>) -> Problem {
        Problem::at(&Place { sheet: None, row }, message)
    }

    fn at(place: &Place, message: impl Into<String>) -> Problem {
        Problem {
            sheet: place.sheet.clone(),
            row: place.row,
            locus: Locus::Row,
            message: message.into(),
        }
    }
}

/// Where a file states what it holds: a row of the review table (a CSV's
/// heading and end rows), or of another sheet (a workbook's summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The sheet, when not the review table (a workbook's summary sheet).
    pub sheet: Option<String>,
    /// The row number the spreadsheet shows (header = row 1).
    pub row: usize,
}

/// What a review file says it holds, written by bitext so that rows lost
/// on the way back (a file cut off, rows or a whole document deleted) are
/// noticed: deleted rows would silently drop sentences from the corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    /// The documents, by number from 1 (a CSV's heading rows; the table of
    /// documents on a workbook's summary sheet, in order).
    pub documents: Vec<Stated>,
    /// How many documents the file holds, and where it says so (a CSV's end
    /// row, a workbook's `documents`); none if not said.
    pub total: Option<(usize, Place)>,
    /// How many beads all documents hold (a workbook's `beads`), checked
    /// when the documents are not listed one by one.
    pub beads: Option<(usize, Place)>,
}

/// One document as the file states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    /// Its number in the file, from 1.
    pub ordinal: usize,
    /// The document id the file states.
    pub doc: String,
    /// How many beads (rows of the review table) the document had when written.
    pub beads: usize,
    /// Sentences of each side.
    pub source: usize,
    /// Sentences of the target side.
    pub target: usize,
    /// Where the file states this, for the message when the rows disagree with it.
    pub place: Place,
}

/// A reviewed file, read and checked row by row.
#[derive(Debug, Clone)]
pub struct ReviewTable {
    /// The file (named in every message).
    pub path: PathBuf,
    /// The rows that could be read, in document order (see [`parse`]):
    /// however the sheet was sorted.
    pub rows: Vec<ReviewRow>,
    /// Everything wrong in the file so far, by row number.
    pub problems: Vec<Problem>,
    /// Languages named in the file (an XLSX summary sheet, the heading
    /// rows of a CSV).
    pub source_lang: Option<Lang>,
    /// The target language, as [`source_lang`](Self::source_lang) is found.
    pub target_lang: Option<Lang>,
    /// Things to tell the user although the file could be read (such as an
    /// encoding guessed).
    pub warnings: Vec<String>,
    /// What the file's places are: spreadsheet rows, or the beads of a
    /// review page's file (then [`ReviewRow::row`] is the bead number).
    pub locus: Locus,
}

/// Reads a reviewed file (CSV in any profile `bitext align` writes, also as
/// Excel saves it again, XLSX, or the JSON file the review page saves; told
/// apart by content) and checks every row. Fails only if the file cannot be read as a table at all; problems
/// in its rows are collected in [`ReviewTable::problems`]. The rows come
/// in document order: documents as the file states them (else by their
/// first row), beads by id.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<ReviewTable> {
    let mut sheet = sheet::read(path, bytes)?;
    let mut checked = check_rows(&sheet.rows, sheet.locus);
    let (source_lang, target_lang) = named_languages(path, &checked.languages, &mut sheet);
    let contents = checked.contents.take().or(sheet.contents.take());
    // A table whose header is not bitext's was not read: nothing to compare.
    match &contents {
        _ if !checked.header_ok => {}
        Some(contents) => {
            let problems = check_contents(contents, &checked.ids, &checked.rows);
            checked.problems.extend(problems);
        }
        None => sheet.warnings.push(format!(
            "{}: the file does not say how many rows and documents it holds (it was written \
             by an older bitext, or its heading and end rows were deleted), so rows missing at \
             the end of a document, or whole documents, cannot be noticed",
            path.display()
        )),
    }
    let mut rows = checked.rows;
    in_document_order(&mut rows, contents.as_ref());
    Ok(ReviewTable {
        path: path.to_path_buf(),
        rows,
        problems: counted_in(checked.problems, sheet.locus),
        source_lang,
        target_lang,
        warnings: sheet.warnings,
        locus: sheet.locus,
    })
}

/// The problems with their places counted in `locus` (they are found as
/// rows, which are beads in a review page's file).
fn counted_in(mut problems: Vec<Problem>, locus: Locus) -> Vec<Problem> {
    for problem in &mut problems {
        problem.locus = locus;
    }
    problems
}

/// Puts rows in document order: documents in the order the file states
/// them (a CSV's heading rows, a workbook's table of documents), those it
/// does not state after them in the order of their first row; within a
/// document, beads by id. So a sheet sorted by confidence, or written so,
/// gives the documents in their order, not in that of their least
/// confident bead.
fn in_document_order(rows: &mut [ReviewRow], contents: Option<&Contents>) {
    let mut rank: HashMap<String, usize> = HashMap::new();
    let stated = contents.map_or(&[][..], |c| &c.documents[..]);
    for doc in stated
        .iter()
        .map(|d| &d.doc)
        .chain(rows.iter().map(|r| &r.doc))
    {
        let next = rank.len();
        rank.entry(doc.clone()).or_insert(next);
    }
    // Stable: a duplicated id (a problem already) keeps its sheet order.
    rows.sort_by_key(|r| (rank.get(&r.doc).copied(), r.index));
}

impl ReviewTable {
    /// Applies the statuses and rebuilds the documents: see [`Reviewed`].
    /// Fails with [`Error::ReviewRows`] listing every problem of the file
    /// (those [`parse`] found and emptied texts of kept rows), so that
    /// nothing is written from a file with mistakes.
    pub fn apply(&self, unreviewed: Unreviewed) -> Result<Reviewed> {
        let (mut reviewed, problems) = apply(&self.rows, unreviewed);
        reviewed.summary.locus = self.locus;
        let mut problems = counted_in(problems, self.locus);
        problems.extend(self.problems.iter().cloned());
        if problems.is_empty() {
            return Ok(reviewed);
        }
        problems.sort_by_key(|p| (p.sheet.is_some(), p.row));
        Err(Error::ReviewRows {
            path: self.path.clone(),
            problems,
        })
    }

    /// The languages of the two sides: those given (on the command line),
    /// else those the file names, else an error asking for them.
    pub fn languages(&self, source: Option<&Lang>, target: Option<&Lang>) -> Result<(Lang, Lang)> {
        let pick = |given: Option<&Lang>, in_file: &Option<Lang>, side| {
            given
                .or(in_file.as_ref())
                .cloned()
                .ok_or_else(|| Error::ReviewLanguage {
                    path: self.path.clone(),
                    side,
                })
        };
        Ok((
            pick(source, &self.source_lang, Side::Source)?,
            pick(target, &self.target_lang, Side::Target)?,
        ))
    }

    /// What to tell the user when the languages given are other languages
    /// than those the file names (the given ones are used, see
    /// [`ReviewTable::languages`]): sides swapped, or the wrong file. A
    /// region added or changed (`de` → `de-AT`, as a CAT tool may need) is
    /// no conflict.
    pub fn language_conflicts(&self, source: Option<&Lang>, target: Option<&Lang>) -> Vec<String> {
        [
            ("source", source, &self.source_lang),
            ("target", target, &self.target_lang),
        ]
        .into_iter()
        .filter_map(|(side, given, in_file)| match (given, in_file) {
            (Some(given), Some(in_file)) if given.code() != in_file.code() => Some(format!(
                "{}: the file names {in_file} as the {side} language, but {given} was given; \
                 writing {given} (sides swapped, or another file?)",
                self.path.display()
            )),
            _ => None,
        })
        .collect()
    }
}

/// The final corpus: documents rebuilt from the kept rows, and what
/// happened to every row.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    /// The documents rebuilt from the kept rows, in document order (as the file states it, else by
    /// first row).
    pub documents: Vec<ReviewedDocument>,
    /// How many rows were kept, fixed, rejected or dropped.
    pub summary: Summary,
}

/// A document rebuilt from its kept rows, in bead order.
///
/// Each row becomes one bead with at most one sentence a side, holding the
/// row's text (a 2-1 bead becomes a 1-1 pair of the joined source and the
/// target): the reviewer may have rewritten a side as a whole, and the
/// sentences of an edited text cannot be told apart again. Sentence ids are
/// therefore new, counted from 0 per side in bead order over the kept rows;
/// the original ids stay in the review file. A side without text (a null
/// bead) has no sentence. The table has no paragraphs: every sentence is in
/// paragraph 0.
///
/// Confidence: rows a person checked (`ok`, `fix`) get 1.0; rows kept
/// unreviewed keep the aligner's confidence, so `--min-confidence` and
/// confidence-sorted reviews still see them as bitext rated them.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedDocument {
    /// The document id, as the review file names it.
    pub id: String,
    /// The source sentences, one per kept row that has source text, numbered anew from 0.
    pub source: Vec<Sentence>,
    /// The target sentences, one per kept row that has target text, numbered anew from 0.
    pub target: Vec<Sentence>,
    /// One bead per kept row, pairing its sentences; the confidence is 1.0 for rows a person
    /// checked.
    pub alignment: Alignment,
}

impl ReviewedDocument {
    /// The document as the writers take it.
    pub fn aligned<'a>(
        &'a self,
        source_lang: &'a Lang,
        target_lang: &'a Lang,
    ) -> AlignedDocument<'a> {
        AlignedDocument {
            id: &self.id,
            source: &self.source,
            target: &self.target,
            source_lang,
            target_lang,
            alignment: &self.alignment,
            units: None,
        }
    }
}

/// What became of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// Rows (or beads of a review page) read from the file, whatever their status.
    pub rows: usize,
    /// Documents in the file (with at least one row), including those whose rows were all left out.
    pub documents: usize,
    /// Status `ok`: kept as they are.
    pub ok: usize,
    /// Status `fix`: kept with the edited text.
    pub fixed: usize,
    /// Status `reject`: left out.
    pub rejected: usize,
    /// No status, kept by the `--unreviewed` policy.
    pub unreviewed_kept: usize,
    /// No status, left out by the `--unreviewed` policy.
    pub unreviewed_dropped: usize,
    /// Rows with a note; notes stay in the review file.
    pub notes: usize,
    /// The policy applied to rows without a status.
    pub policy: Unreviewed,
    /// What `rows` counts: spreadsheet rows, or a review page's beads.
    pub locus: Locus,
}

impl Summary {
    /// Rows that are in the output.
    pub fn kept(&self) -> usize {
        self.ok + self.fixed + self.unreviewed_kept
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let documents = if self.documents == 1 {
            "document"
        } else {
            "documents"
        };
        writeln!(
            f,
            "{} {}s in {} {documents}, {} kept:",
            self.rows,
            self.locus,
            self.documents,
            self.kept()
        )?;
        let dropped_why = match self.policy {
            Unreviewed::Keep => "left out (none: unreviewed rows are kept)".to_string(),
            Unreviewed::Drop => "left out (unreviewed rows are dropped)".to_string(),
            Unreviewed::Above(min) => {
                format!("left out: confidence below {min} (kept only above {min})")
            }
        };
        let lines = [
            (
                "ok",
                self.ok,
                "kept as they are, confidence 1.0".to_string(),
            ),
            (
                "fix",
                self.fixed,
                "kept with the edited text, confidence 1.0".to_string(),
            ),
            (
                "unreviewed",
                self.unreviewed_kept,
                format!("kept with their confidence (policy {})", self.policy),
            ),
            ("unreviewed", self.unreviewed_dropped, dropped_why),
            (
                "reject",
                self.rejected,
                "left out (status reject)".to_string(),
            ),
        ];
        for (status, count, what) in lines {
            writeln!(f, "  {status:<10} {count:>6}  {what}")?;
        }
        match self.notes {
            0 => {}
            1 => writeln!(f, "  1 row has a note; notes stay in the review file")?,
            n => writeln!(f, "  {n} rows have a note; notes stay in the review file")?,
        }
        Ok(())
    }
}

// ----------------------------------------------------- reading rows ----

/// The rows of a file, checked one by one and against each other.
#[derive(Debug, Default)]
struct Checked {
    /// Whether the header is bitext's (else nothing else was read).
    header_ok: bool,
    rows: Vec<ReviewRow>,
    /// Where each row with a readable id places itself.
    ids: Vec<Identity>,
    /// What the heading and end rows say, if the table has any.
    contents: Option<Contents>,
    /// The languages the heading rows name, by row number.
    languages: Vec<HeadingLanguages>,
    problems: Vec<Problem>,
}

/// Checks the header and every row: the rows that could be read and the
/// problems of the file.
fn check_rows(rows: &[sheet::SheetRow], locus: Locus) -> Checked {
    let last = rows.last().map_or(1, |r| r.number);
    let mut rows = rows.iter().filter(|r| !r.is_blank());
    let Some(header) = rows.next() else {
        let problem = Problem::new(
            1,
            format!(
                "the file holds no table; expected the header {} and one row per bead",
                COLUMNS.join(",")
            ),
        );
        return Checked {
            problems: vec![problem],
            ..Checked::default()
        };
    };
    if let Some(problem) = check_header(header) {
        // With columns moved or renamed, every cell would be misread.
        return Checked {
            problems: vec![problem],
            ..Checked::default()
        };
    }
    let mut checked = Checked {
        header_ok: true,
        ..Checked::default()
    };
    let mut markers = Vec::new();
    for row in rows {
        if let Some(marker) = read_marker(row) {
            if let Ok(Marker::Heading(_)) = &marker {
                checked.languages.extend(heading_languages(row));
            }
            match marker {
                Ok(marker) => markers.push(marker),
                Err(problem) => checked.problems.push(problem),
            }
            continue;
        }
        let (parsed, identity, row_problems) = read_row(row);
        checked.rows.extend(parsed);
        checked.ids.extend(identity);
        checked.problems.extend(row_problems);
    }
    checked.problems.extend(check_ids(&checked.ids));
    checked
        .problems
        .extend(check_sequence(&checked.rows, locus));
    if !markers.is_empty() {
        let (contents, problems) = contents_of(markers, last);
        checked.contents = Some(contents);
        checked.problems.extend(problems);
    }
    checked
}

/// The header must be bitext's: the columns are read by position, so a moved,
/// renamed, added or deleted column would silently shift every value.
/// Surrounding spaces, letter case and empty trailing cells are forgiven.
fn check_header(header: &sheet::SheetRow) -> Option<Problem> {
    let mut found: Vec<&str> = header.cells.iter().map(|c| c.trim()).collect();
    while found.last() == Some(&"") {
        found.pop();
    }
    let same = found.len() == COLUMNS.len()
        && found
            .iter()
            .zip(COLUMNS)
            .all(|(f, c)| f.eq_ignore_ascii_case(c));
    if same {
        return None;
    }
    let first_difference = COLUMNS
        .iter()
        .zip(found.iter().chain(std::iter::repeat(&"")))
        .position(|(c, f)| !f.eq_ignore_ascii_case(c))
        .unwrap_or(COLUMNS.len());
    let at = match found.get(first_difference) {
        Some(cell) => format!("column {} is {cell:?}", first_difference + 1),
        None => format!("column {} is missing", first_difference + 1),
    };
    Some(Problem::new(
        header.number,
        format!(
            "the header is not bitext's review header ({at}):\n      expected {}\n      found    {}\n    \
             restore the header and the columns as bitext wrote them (columns must not be moved, \
             renamed, added or deleted)",
            COLUMNS.join(","),
            found.join(",")
        ),
    ))
}

/// Where a row's id places it: document, bead number, row.
#[derive(Debug, Clone)]
struct Identity {
    id: String,
    doc: String,
    index: usize,
    row: usize,
}

/// Reads one row: the row if every cell is sound, its identity if at least
/// its id is (so that a row with a bad status does not also look deleted),
/// and its problems.
fn read_row(row: &sheet::SheetRow) -> (Option<ReviewRow>, Option<Identity>, Vec<Problem>) {
    let cells = &row.cells;
    let mut messages = Vec::new();
    if let Err(message) = check_width(cells) {
        let problems = vec![Problem::new(row.number, message)];
        return (None, None, problems);
    }
    if let Err(message) = check_beyond_note(cells) {
        messages.push(message);
    }
    let cell = |column: &str| {
        let k = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
        cells[k].as_str()
    };
    let (id, doc) = (cell("id").trim(), cell("doc").trim());
    let index = ok(read_index(id, doc), &mut messages);
    let source_ids = ok(read_ids("source_ids", cell("source_ids")), &mut messages);
    let target_ids = ok(read_ids("target_ids", cell("target_ids")), &mut messages);
    if let Err(message) = check_bead(cell("bead"), source_ids.as_deref(), target_ids.as_deref()) {
        messages.push(message);
    }
    let confidence = ok(read_confidence(cell("confidence")), &mut messages);
    let status = ok(read_status(cell("status")), &mut messages);

    let identity = index.map(|index| Identity {
        id: id.to_string(),
        doc: doc.to_string(),
        index,
        row: row.number,
    });
    let parsed = match (index, source_ids, target_ids, confidence, status) {
        (Some(index), Some(source_ids), Some(target_ids), Some(confidence), Some(status))
            if messages.is_empty() =>
        {
            Some(ReviewRow {
                row: row.number,
                id: id.to_string(),
                doc: doc.to_string(),
                index,
                source_ids,
                target_ids,
                confidence,
                status,
                source: one_line(cell("source")),
                target: one_line(cell("target")),
                note: cell("note").trim().to_string(),
            })
        }
        _ => None,
    };
    let problems = messages
        .into_iter()
        .map(|m| Problem::new(row.number, m))
        .collect();
    (parsed, identity, problems)
}

/// The value of a cell, or None with its problem noted.
fn ok<T>(result: Result<T, String>, messages: &mut Vec<String>) -> Option<T> {
    result.map_err(|m| messages.push(m)).ok()
}

/// A row needs a cell for every column; fewer cells mean a row broken
/// apart (an unquoted line break) or cells deleted, which shifts values.
fn check_width(cells: &[String]) -> Result<(), String> {
    if cells.len() >= COLUMNS.len() {
        return Ok(());
    }
    Err(format!(
        "{} cells where the header has {}; a line break outside quotes, or cells deleted? \
         Restore the row as bitext wrote it",
        cells.len(),
        COLUMNS.len()
    ))
}

/// Text typed to the right of the note column would be lost without a word.
fn check_beyond_note(cells: &[String]) -> Result<(), String> {
    match cells[COLUMNS.len()..]
        .iter()
        .position(|c| !c.trim().is_empty())
    {
        None => Ok(()),
        Some(k) => Err(format!(
            "text in column {} after the note column would be lost; move it into the note",
            COLUMNS.len() + k + 1
        )),
    }
}

/// The bead number from the id, which must be `<doc>-<number>`.
fn read_index(id: &str, doc: &str) -> Result<usize, String> {
    if id.is_empty() || doc.is_empty() {
        return Err("the id or doc cell is empty; restore the row as bitext wrote it".to_string());
    }
    bead_index(id, doc).ok_or_else(|| {
        format!(
            "id {id:?} is not {:?} with a bead number for doc {doc:?}; restore the id and doc \
             bitext wrote",
            row_id(doc, 7)
        )
    })
}

fn read_ids(column: &str, cell: &str) -> Result<Vec<usize>, String> {
    parse_ids(cell).ok_or_else(|| {
        format!(
            "{column} {cell:?} are not consecutive sentence ids like [3, 4] or []; restore the \
             ids bitext wrote"
        )
    })
}

/// The bead type must be readable and agree with the ids (when those could
/// be read), and a bead has sentences on at least one side.
fn check_bead(
    cell: &str,
    source: Option<&[usize]>,
    target: Option<&[usize]>,
) -> Result<(), String> {
    let Some((s, t)) = parse_bead(cell) else {
        return Err(format!(
            "bead {cell:?} is not a bead type like 2-1 (Excel turns 1-1 into a date when it \
             opens a CSV of the data profile; write the review file as XLSX or with a \
             spreadsheet profile)"
        ));
    };
    let (Some(source), Some(target)) = (source, target) else {
        return Ok(());
    };
    if source.is_empty() && target.is_empty() {
        return Err(
            "source_ids and target_ids are both []; a bead has sentences on at least one side"
                .to_string(),
        );
    }
    if (s, t) != (source.len(), target.len()) {
        return Err(format!(
            "bead {:?} but source_ids {} and target_ids {} make {}-{}; restore the row as \
             bitext wrote it",
            cell.trim(),
            format_ids(source),
            format_ids(target),
            source.len(),
            target.len()
        ));
    }
    Ok(())
}

fn read_confidence(cell: &str) -> Result<f64, String> {
    parse_confidence(cell).ok_or_else(|| {
        format!(
            "confidence {cell:?} is not a number between 0 and 1 (such as 0.93 or 0,93); \
             restore it"
        )
    })
}

fn read_status(cell: &str) -> Result<Status, String> {
    Status::parse(cell).ok_or_else(|| {
        format!(
            "unknown status {:?}; use ok, fix or reject, or leave it empty",
            cell.trim()
        )
    })
}

/// The bead number of an id `<doc>-<number>`, if the id has that form.
fn bead_index(id: &str, doc: &str) -> Option<usize> {
    let number = id.strip_prefix(doc)?.strip_prefix('-')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

/// Sentence ids as bitext writes them, `[3, 4]` or `[]`; they must be
/// consecutive, since a bead is a run of sentences.
fn parse_ids(cell: &str) -> Option<Vec<usize>> {
    let inner = cell.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let ids = inner
        .split(',')
        .map(|id| id.trim().parse::<usize>().ok())
        .collect::<Option<Vec<usize>>>()?;
    ids.windows(2)
        .all(|pair| pair[0].checked_add(1) == Some(pair[1]))
        .then_some(ids)
}

fn format_ids(ids: &[usize]) -> String {
    let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
    format!("[{}]", ids.join(", "))
}

/// A bead type, source count first: `2-1`, and as the spreadsheet profiles
/// write it so that Excel does not take it for a date: `2–1`, `2 to 1`.
fn parse_bead(cell: &str) -> Option<(usize, usize)> {
    let cell = cell.trim().to_lowercase();
    ["-", "–", "to"].iter().find_map(|separator| {
        let (source, target) = cell.split_once(separator)?;
        Some((source.trim().parse().ok()?, target.trim().parse().ok()?))
    })
}

/// A confidence between 0 and 1, with a decimal point or a decimal comma.
fn parse_confidence(cell: &str) -> Option<f64> {
    let value: f64 = cell.trim().replace(',', ".").parse().ok()?;
    (0.0..=1.0).contains(&value).then_some(value)
}

/// A cell's text as one line, normalised like input documents: line breaks
/// typed in a cell become spaces, NFC, invisible characters removed.
fn one_line(cell: &str) -> String {
    let text = normalize(cell);
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// Every id once; the bead numbers of each document consecutive from 0.
/// A gap is a deleted row, which would silently drop sentences.
fn check_ids(ids: &[Identity]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    for identity in ids {
        if let Some(first) = first_row.get(identity.id.as_str()) {
            problems.push(Problem::new(
                identity.row,
                format!(
                    "id {} is also on row {first}; every id appears once (a copied row?): \
                     delete the copy",
                    identity.id
                ),
            ));
        } else {
            first_row.insert(&identity.id, identity.row);
        }
    }
    for (doc, mut rows) in by_document(ids, |i| i.doc.as_str()) {
        rows.sort_by_key(|i| i.index);
        let mut expected = 0;
        let mut previous: Option<&Identity> = None;
        for identity in rows {
            if identity.index > expected {
                problems.push(missing(doc, expected, identity.index, previous, identity));
            }
            expected = expected.max(identity.index + 1);
            previous = Some(identity);
        }
    }
    problems
}

/// The problem of bead numbers `from..to` missing from a document, reported
/// at the row before the gap (or after it, for a gap at the start).
fn missing(
    doc: &str,
    from: usize,
    to: usize,
    before: Option<&Identity>,
    after: &Identity,
) -> Problem {
    let ids = if to - from == 1 {
        format!("id {} is missing", row_id(doc, from))
    } else {
        format!(
            "ids {} to {} are missing ({} rows)",
            row_id(doc, from),
            row_id(doc, to - 1),
            to - from
        )
    };
    let (row, place) = match before {
        Some(b) => (b.row, format!("after {} (this row)", b.id)),
        None => (after.row, format!("before {} (this row)", after.id)),
    };
    Problem::new(
        row,
        format!(
            "{ids} {place}; a deleted row? Restore it from the file bitext wrote; to leave a \
             bead out, set its status to reject"
        ),
    )
}

/// Consecutive beads continue each other's sentence ids: a bead starts on
/// each side where the previous one ended. Beads after a gap or a duplicate
/// are not compared (that problem is already reported).
fn check_sequence(rows: &[ReviewRow], locus: Locus) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (_, mut rows) in by_document(rows, |r| r.doc.as_str()) {
        rows.sort_by_key(|r| r.index);
        let mut previous: Option<&ReviewRow> = None;
        // The next sentence id each side expects; None where unknown.
        let mut next = (Some(0), Some(0));
        for row in rows {
            let follows = match previous {
                None => row.index == 0,
                Some(p) => row.index == p.index + 1,
            };
            if !follows {
                next = (None, None);
            }
            for (side, ids, expected) in [
                ("source_ids", &row.source_ids, &mut next.0),
                ("target_ids", &row.target_ids, &mut next.1),
            ] {
                if let (Some(&first), Some(want)) = (ids.first(), *expected)
                    && first != want
                {
                    let after = match previous {
                        Some(p) if follows => match locus {
                            Locus::Row => format!("the bead on row {}", p.row),
                            Locus::Bead => format!("bead {}", p.row),
                        },
                        _ => "the start of the document".to_string(),
                    };
                    problems.push(Problem::new(
                        row.row,
                        format!(
                            "{side} {} should start at {want}, after {after}; restore the ids \
                             bitext wrote",
                            format_ids(ids)
                        ),
                    ));
                }
                if let Some(&last) = ids.last() {
                    *expected = Some(last.saturating_add(1));
                }
            }
            previous = Some(row);
        }
    }
    problems
}

/// Items grouped by document, documents in order of first appearance.
fn by_document<'a, T>(
    items: &'a [T],
    doc: impl Fn(&'a T) -> &'a str,
) -> Vec<(&'a str, Vec<&'a T>)> {
    let mut groups: Vec<(&'a str, Vec<&'a T>)> = Vec::new();
    let mut position: HashMap<&'a str, usize> = HashMap::new();
    for item in items {
        let name = doc(item);
        let k = *position.entry(name).or_insert_with(|| {
            groups.push((name, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(item);
    }
    groups
}

// ------------------------------------------------ what the file holds ----

/// A heading or end row of a CSV review table (see
/// [`crate::write::table::heading`]).
#[derive(Debug, Clone)]
enum Marker {
    Heading(Stated),
    End(usize, Place),
}

/// The languages a heading row names, with its row number: source and
/// target, or the cell that is no language code.
type HeadingLanguages = (usize, Result<(Lang, Lang), String>);

/// The languages a heading row names in its `source` and `target` cells
/// (see [`crate::write::table::heading`]); None if it names none: an older
/// bitext wrote its note into `source` and left `target` empty.
fn heading_languages(row: &sheet::SheetRow) -> Option<HeadingLanguages> {
    let cell = |column: &str| {
        let k = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
        row.cells.get(k).map_or("", |c| c.trim())
    };
    let (source, target) = (cell("source"), cell("target"));
    if target.is_empty() {
        return None;
    }
    let parsed = match (Lang::parse(source), Lang::parse(target)) {
        (Ok(source), Ok(target)) => Ok((source, target)),
        (Err(_), _) => Err(source.to_string()),
        (_, Err(_)) => Err(target.to_string()),
    };
    Some((row.number, parsed))
}

/// The languages of the file: those of an XLSX summary sheet, else those
/// the CSV heading rows name if they agree. A code that cannot be read, or
/// documents that name different languages (one pair is written for the
/// whole file), leave the language unnamed, with a warning: it must then
/// be given.
fn named_languages(
    path: &Path,
    headings: &[HeadingLanguages],
    sheet: &mut sheet::Sheet,
) -> (Option<Lang>, Option<Lang>) {
    let mut named = Vec::new();
    for (row, languages) in headings {
        match languages {
            Ok(pair) => named.push((*row, pair)),
            Err(value) => sheet.warnings.push(format!(
                "{}: row {row}: {value:?} is not a language code (such as de or de-DE); the \
                 languages of the heading row are ignored: name them on the command line",
                path.display()
            )),
        }
    }
    let mut agreed = |side: &str, of: fn(&(Lang, Lang)) -> &Lang| {
        let first = named.first().map(|(_, pair)| of(pair))?;
        match named.iter().find(|(_, pair)| of(pair) != first) {
            None => Some(first.clone()),
            Some((row, other)) => {
                sheet.warnings.push(format!(
                    "{}: the heading rows name different {side} languages ({first} on row {}, \
                     {} on row {row}), and one is written for the whole file: name it on the \
                     command line",
                    path.display(),
                    named[0].0,
                    of(other)
                ));
                None
            }
        }
    };
    let source = agreed("source", |pair| &pair.0);
    let target = agreed("target", |pair| &pair.1);
    (
        sheet.source_lang.take().or(source),
        sheet.target_lang.take().or(target),
    )
}

/// Reads a row if it is a heading or end row (told by its id alone): None
/// for a bead row, else the marker or the problem of its cells.
fn read_marker(row: &sheet::SheetRow) -> Option<Result<Marker, Problem>> {
    let cell = |k: usize| row.cells.get(k).map_or("", |c| c.trim());
    let id = cell(0);
    let place = Place {
        sheet: None,
        row: row.number,
    };
    let restore = |what: &str| {
        Problem::at(
            &place,
            format!("the {what} {id:?} cannot be read; restore it as bitext wrote it"),
        )
    };
    if id.eq_ignore_ascii_case(END_ID) {
        return Some(
            leading_number(cell(1))
                .map(|n| Marker::End(n, place.clone()))
                .ok_or_else(|| restore("end row")),
        );
    }
    let ordinal = id
        .strip_prefix("#document ")
        .and_then(|n| n.trim().parse().ok())?;
    let stated = (|| {
        Some(Stated {
            ordinal,
            doc: Some(cell(1)).filter(|d| !d.is_empty())?.to_string(),
            source: leading_number(cell(2))?,
            target: leading_number(cell(3))?,
            beads: leading_number(cell(4))?,
            place: place.clone(),
        })
    })();
    Some(
        stated
            .map(Marker::Heading)
            .ok_or_else(|| restore("heading row")),
    )
}

/// The number a cell starts with: `41 sentences` → 41.
fn leading_number(cell: &str) -> Option<usize> {
    cell.split_whitespace().next()?.parse().ok()
}

/// The contents the markers state, and their own problems: a heading row
/// copied, or no end row (the file was cut off: the end row is the last
/// thing bitext writes). `last` is the number of the file's last row.
fn contents_of(markers: Vec<Marker>, last: usize) -> (Contents, Vec<Problem>) {
    let mut contents = Contents::default();
    let mut problems = Vec::new();
    for marker in markers {
        match marker {
            Marker::Heading(stated) => {
                let twice = contents
                    .documents
                    .iter()
                    .find(|d| d.ordinal == stated.ordinal);
                match twice {
                    Some(first) => problems.push(Problem::at(
                        &stated.place,
                        format!(
                            "{} is also on row {}; delete the copy",
                            heading_id(stated.ordinal),
                            first.place.row
                        ),
                    )),
                    None => contents.documents.push(stated),
                }
            }
            Marker::End(n, place) => contents.total = Some((n, place)),
        }
    }
    if contents.total.is_none() {
        problems.push(Problem::new(
            last + 1,
            format!(
                "the file ends after row {last} without the row {END_ID} bitext writes last: it \
                 was cut off? Give the whole file (or restore its end from the file bitext wrote)"
            ),
        ));
    }
    contents.documents.sort_by_key(|d| d.ordinal);
    (contents, problems)
}

/// Compares what the file states with the rows it holds: every stated
/// document present, each with all its beads up to the last and its
/// sentences covered to the end, no document that is not stated, as many
/// documents (and beads) as stated. Gaps within a document are
/// [`check_ids`]'s.
fn check_contents(contents: &Contents, ids: &[Identity], rows: &[ReviewRow]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let found = by_document(ids, |i| i.doc.as_str());
    let read = by_document(rows, |r| r.doc.as_str());
    for stated in &contents.documents {
        let ids = found.iter().find(|(d, _)| *d == stated.doc).map(|(_, i)| i);
        let rows = read.iter().find(|(d, _)| *d == stated.doc).map(|(_, r)| r);
        let rows: &[&ReviewRow] = rows.map_or(&[], |r| r);
        problems.extend(check_stated(stated, ids.map_or(&[], |i| i), rows));
    }
    for (doc, ids) in &found {
        if !contents.documents.iter().any(|d| d.doc == *doc) && !contents.documents.is_empty() {
            let row = ids.iter().map(|i| i.row).min().unwrap_or(1);
            problems.push(Problem::new(
                row,
                format!(
                    "document {doc} is not among the documents the file states ({}); restore \
                     the row bitext wrote for it",
                    where_stated(contents)
                ),
            ));
        }
    }
    if let Some((total, place)) = &contents.total {
        problems.extend(check_total(contents, *total, place, found.len()));
    }
    if let (Some((beads, place)), true) = (&contents.beads, contents.documents.is_empty())
        && *beads != ids.len()
    {
        problems.push(Problem::at(
            place,
            format!(
                "says {beads} beads, but the review table holds {} rows: rows deleted? Restore \
                 them from the file bitext wrote; to leave a bead out, set its status to reject",
                ids.len()
            ),
        ));
    }
    problems
}

/// `1 row`, `3 rows`.
fn rows_of(n: usize) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

/// The ids of beads `from..to` of a document: `id d-0003`, `ids d-0003 to
/// d-0007`.
fn id_span(doc: &str, from: usize, to: usize) -> String {
    if to - from == 1 {
        format!("id {}", row_id(doc, from))
    } else {
        format!("ids {} to {}", row_id(doc, from), row_id(doc, to - 1))
    }
}

/// Where the file states its documents, for messages.
fn where_stated(contents: &Contents) -> String {
    match contents
        .documents
        .first()
        .and_then(|d| d.place.sheet.as_ref())
    {
        Some(sheet) => format!("on sheet \"{sheet}\""),
        None => "by its rows #document".to_string(),
    }
}

/// The number of documents against those stated one by one (a document
/// deleted with its heading row leaves its number out) and those found.
fn check_total(contents: &Contents, total: usize, place: &Place, found: usize) -> Vec<Problem> {
    let stated = &contents.documents;
    if stated.is_empty() {
        return (total != found)
            .then(|| {
                Problem::at(
                    place,
                    format!(
                        "says {total} documents, but the review table holds rows of {found}: \
                         a document deleted? Restore its rows from the file bitext wrote; to \
                         leave a document out, set the status of its rows to reject"
                    ),
                )
            })
            .into_iter()
            .collect();
    }
    let name = |ordinal: usize| {
        stated
            .iter()
            .find(|d| d.ordinal == ordinal)
            .map(|d| d.doc.as_str())
    };
    let mut problems = Vec::new();
    for ordinal in 1..=total {
        if name(ordinal).is_some() {
            continue;
        }
        let between = [
            ordinal
                .checked_sub(1)
                .and_then(name)
                .map(|d| format!("after {d}")),
            name(ordinal + 1).map(|d| format!("before {d}")),
        ];
        let between: Vec<String> = between.into_iter().flatten().collect();
        problems.push(Problem::at(
            place,
            format!(
                "document {ordinal} of {total} ({}) is missing: its rows, with {}, were \
                 deleted? Restore them from the file bitext wrote; to leave a document out, set \
                 the status of its rows to reject",
                between.join(", "),
                heading_id(ordinal)
            ),
        ));
    }
    if let Some(beyond) = stated.iter().find(|d| d.ordinal > total) {
        problems.push(Problem::at(
            &beyond.place,
            format!(
                "{} but the file says it holds {total} documents; restore the rows bitext wrote",
                heading_id(beyond.ordinal)
            ),
        ));
    }
    problems
}

/// One stated document against its rows: none left, beads missing at the
/// end (with the sentences they held), beads beyond those stated, or
/// sentences at the end in no bead.
fn check_stated(stated: &Stated, ids: &[&Identity], rows: &[&ReviewRow]) -> Vec<Problem> {
    let doc = &stated.doc;
    let reject = "to leave a bead out, set its status to reject instead of deleting the row";
    let end = ids.iter().map(|i| i.index + 1).max().unwrap_or(0);
    // The first sentence of each side no readable row holds.
    let covered = |side: fn(&ReviewRow) -> &Vec<usize>| {
        rows.iter()
            .filter_map(|r| side(r).last())
            .map(|id| id.saturating_add(1))
            .max()
            .unwrap_or(0)
    };
    let (source, target) = (covered(|r| &r.source_ids), covered(|r| &r.target_ids));
    let sentences = || {
        let side = |name: &str, from: usize, to: usize| match to.saturating_sub(from) {
            0 => None,
            1 => Some(format!("{name} sentence {from}")),
            _ => Some(format!("{name} sentences {from} to {}", to - 1)),
        };
        let sides: Vec<String> = [
            side("source", source, stated.source),
            side("target", target, stated.target),
        ]
        .into_iter()
        .flatten()
        .collect();
        if sides.is_empty() {
            "no sentences".to_string()
        } else {
            sides.join(" and ")
        }
    };
    let message = if stated.beads == 0 {
        if stated.source == 0 && stated.target == 0 {
            return Vec::new();
        }
        // bitext puts every sentence in a bead; a file without beads for
        // them would drop them without a word.
        format!(
            "document {doc} has {} source and {} target sentences but no beads: every sentence \
             must be in a bead; restore them from the file bitext wrote",
            stated.source, stated.target
        )
    } else if ids.is_empty() {
        format!(
            "document {doc} has {} ({}, with {}), and none of them is in the file: deleted? \
             Restore them from the file bitext wrote; to leave the document out, set the status \
             of its rows to reject instead of deleting them",
            rows_of(stated.beads),
            id_span(doc, 0, stated.beads),
            sentences()
        )
    } else if end < stated.beads {
        let verb = if stated.beads - end == 1 { "is" } else { "are" };
        format!(
            "document {doc} has {}; {} {verb} missing at its end (with {}): the file was cut \
             off, or the rows deleted? Restore them from the file bitext wrote; {reject}",
            rows_of(stated.beads),
            id_span(doc, end, stated.beads),
            sentences()
        )
    } else if end > stated.beads {
        format!(
            "document {doc} has {}, but the file holds rows up to {}: rows from another file? \
             Restore the rows bitext wrote",
            rows_of(stated.beads),
            row_id(doc, end - 1)
        )
    } else if (source, target) != (stated.source, stated.target) && rows.len() == ids.len() {
        format!(
            "document {doc} has {} source and {} target sentences, but its rows hold {source} \
             and {target}; restore the ids bitext wrote",
            stated.source, stated.target,
        )
    } else {
        return Vec::new();
    };
    vec![Problem::at(&stated.place, message)]
}

// ---------------------------------------------------- applying statuses ----

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Fixed,
    Rejected,
    UnreviewedKept,
    UnreviewedDropped,
}

impl Outcome {
    fn of(row: &ReviewRow, unreviewed: Unreviewed) -> Outcome {
        match row.status {
            Status::Ok => Outcome::Ok,
            Status::Fix => Outcome::Fixed,
            Status::Reject => Outcome::Rejected,
            Status::Unreviewed if unreviewed.keeps(row.confidence) => Outcome::UnreviewedKept,
            Status::Unreviewed => Outcome::UnreviewedDropped,
        }
    }

    fn kept(self) -> bool {
        matches!(self, Outcome::Ok | Outcome::Fixed | Outcome::UnreviewedKept)
    }

    /// Reviewed rows were checked by a person; the others keep bitext's
    /// estimate.
    fn confidence(self, row: &ReviewRow) -> f64 {
        match self {
            Outcome::Ok | Outcome::Fixed => 1.0,
            _ => row.confidence,
        }
    }
}

/// Decides every row and rebuilds the documents from the kept ones; a kept
/// row whose text was emptied is a problem (its sentences would vanish).
fn apply(rows: &[ReviewRow], unreviewed: Unreviewed) -> (Reviewed, Vec<Problem>) {
    let mut summary = Summary {
        rows: rows.len(),
        policy: unreviewed,
        notes: rows.iter().filter(|r| !r.note.is_empty()).count(),
        ..Summary::default()
    };
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    for (doc, mut doc_rows) in by_document(rows, |r| r.doc.as_str()) {
        doc_rows.sort_by_key(|r| r.index);
        let mut document = ReviewedDocument {
            id: doc.to_string(),
            source: Vec::new(),
            target: Vec::new(),
            alignment: Alignment {
                beads: Vec::new(),
                // A reviewed corpus is taken to be parallel.
                parallel: 1.0,
            },
        };
        for row in doc_rows {
            let outcome = Outcome::of(row, unreviewed);
            match outcome {
                Outcome::Ok => summary.ok += 1,
                Outcome::Fixed => summary.fixed += 1,
                Outcome::Rejected => summary.rejected += 1,
                Outcome::UnreviewedKept => summary.unreviewed_kept += 1,
                Outcome::UnreviewedDropped => summary.unreviewed_dropped += 1,
            }
            if !outcome.kept() {
                continue;
            }
            if let Err(message) = check_texts(row) {
                problems.push(Problem::new(row.row, message));
                continue;
            }
            push_bead(&mut document, row, outcome.confidence(row));
        }
        documents.push(document);
    }
    summary.documents = documents.len();
    (Reviewed { documents, summary }, problems)
}

/// A kept row must still hold text on each side where bitext wrote
/// sentences: an emptied cell would silently drop them.
fn check_texts(row: &ReviewRow) -> Result<(), String> {
    let emptied = |side: &str, text: &str, ids: &[usize]| {
        (text.is_empty() && !ids.is_empty()).then(|| format!("{side} {}", format_ids(ids)))
    };
    let sides: Vec<String> = [
        emptied("source", &row.source, &row.source_ids),
        emptied("target", &row.target, &row.target_ids),
    ]
    .into_iter()
    .flatten()
    .collect();
    if sides.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the text of {} is empty; restore it, or set the status to reject to leave the row out",
        sides.join(" and ")
    ))
}

/// Adds a row as one bead with at most one sentence a side (see
/// [`ReviewedDocument`]). A side without text has no sentence; a reviewer
/// who typed a missing translation into a null bead's empty side gets a
/// pair.
fn push_bead(document: &mut ReviewedDocument, row: &ReviewRow, confidence: f64) {
    let side = |sentences: &mut Vec<Sentence>, text: &str| {
        let start = sentences.len();
        if !text.is_empty() {
            sentences.push(Sentence {
                id: start,
                paragraph: 0,
                text: text.to_string(),
            });
        }
        start..sentences.len()
    };
    let source = side(&mut document.source, &row.source);
    let target = side(&mut document.target, &row.target);
    if source.is_empty() && target.is_empty() {
        return;
    }
    document.alignment.beads.push(Bead {
        source,
        target,
        confidence,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,doc,source_ids,target_ids,bead,confidence,status,source,target,note";

    /// A data-profile CSV: the header, then the given rows.
    fn csv(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    fn table(rows: &[&str]) -> ReviewTable {
        parse(Path::new("review.csv"), csv(rows).as_bytes()).unwrap()
    }

    /// The problems of a file (parsing and applying with `keep`), as
    /// `row N: message` lines.
    fn problems(rows: &[&str]) -> Vec<String> {
        match table(rows).apply(Unreviewed::Keep) {
            Ok(_) => Vec::new(),
            Err(Error::ReviewRows { problems, .. }) => {
                problems.iter().map(Problem::to_string).collect()
            }
            Err(other) => panic!("unexpected error {other}"),
        }
    }

    fn assert_one_problem(rows: &[&str], row: usize, words: &[&str]) {
        let found = problems(rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        let prefix = format!("row {row}: ");
        assert!(found[0].starts_with(&prefix), "{found:#?}");
        for word in words {
            assert!(found[0].contains(word), "{word:?} not in {found:#?}");
        }
    }

    /// A sound three-bead document: 1-1, 2-1, 0-1.
    const SOUND: [&str; 3] = [
        "d-0000,d,[0],[0],1-1,0.98,,One.,Eins.,",
        "d-0001,d,\"[1, 2]\",[1],2-1,0.61,,Two. Three.,Zwei und drei.,",
        "d-0002,d,[],[2],0-1,0.55,,,Anmerkung.,",
    ];

    /// (bead, source, target, confidence) of each output bead.
    fn units(doc: &ReviewedDocument) -> Vec<(String, String, String, f64)> {
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let aligned = doc.aligned(&en, &de);
        doc.alignment
            .beads
            .iter()
            .map(|b| {
                (
                    b.kind(),
                    aligned.source_text(b),
                    aligned.target_text(b),
                    b.confidence,
                )
            })
            .collect()
    }

    /// The heading row of document `d` as bitext writes it: SOUND's three
    /// beads over three source and three target sentences.
    const HEADING_D: &str =
        "#document 1,d,3 sentences,3 sentences,3 beads,,,document 1 of the file,,";
    /// A second document, `e`, with its heading.
    const DOC_E: [&str; 2] = [
        "#document 2,e,1 sentence,1 sentence,1 bead,,,,,",
        "e-0000,e,[0],[0],1-1,0.9,,Yes.,Ja.,",
    ];
    const END_1: &str = "#end,1 document,,,,,,,,";
    const END_2: &str = "#end,2 documents,,,,,,,,";

    #[test]
    fn a_file_that_states_its_contents_is_checked_without_a_warning() {
        let t = table(&[HEADING_D, SOUND[0], SOUND[1], SOUND[2], END_1]);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let reviewed = t.apply(Unreviewed::Keep).unwrap();
        assert_eq!(
            reviewed.summary.rows, 3,
            "heading and end rows are no beads"
        );
        // Sorted: the heading and end rows may be anywhere.
        let sorted = table(&[SOUND[2], END_1, SOUND[0], HEADING_D, SOUND[1]]);
        assert!(sorted.apply(Unreviewed::Keep).is_ok());
    }

    #[test]
    fn a_file_without_heading_rows_is_read_with_a_warning() {
        let t = table(&SOUND);
        assert!(t.apply(Unreviewed::Keep).is_ok());
        assert_eq!(t.warnings.len(), 1);
        assert!(
            t.warnings[0].contains("cannot be noticed"),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn a_file_cut_off_names_the_rows_and_sentences_lost() {
        let found = problems(&[HEADING_D, SOUND[0]]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("row 2: document d has 3 rows; ids d-0001 to d-0002 are missing at its end (with source sentences 1 to 2 and target sentences 1 to 2)"),
            "{found:#?}"
        );
        assert!(found[0].contains("status to reject"), "{found:#?}");
        assert!(
            found[1].starts_with("row 4: the file ends after row 3 without the row #end"),
            "{found:#?}"
        );
    }

    #[test]
    fn a_deleted_document_is_named() {
        // Its rows deleted, its heading kept.
        let found = problems(&[HEADING_D, SOUND[0], SOUND[1], SOUND[2], DOC_E[0], END_2]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("row 6: document e has 1 row (id e-0000, with source sentence 0 and target sentence 0), and none of them is in the file"),
            "{found:#?}"
        );
        assert!(
            found[0].contains("status of its rows to reject"),
            "{found:#?}"
        );
        // Its heading deleted too: the end row still counts it.
        let found = problems(&[HEADING_D, SOUND[0], SOUND[1], SOUND[2], END_2]);
        assert_eq!(
            found,
            [
                "row 6: document 2 of 2 (after d) is missing: its rows, with #document 2, were deleted? Restore them from the file bitext wrote; to leave a document out, set the status of its rows to reject"
            ]
        );
        let all = [
            HEADING_D, SOUND[0], SOUND[1], SOUND[2], DOC_E[0], DOC_E[1], END_2,
        ];
        assert_eq!(problems(&all), Vec::<String>::new());
    }

    #[test]
    fn a_document_without_heading_and_damaged_markers() {
        let found = problems(&[HEADING_D, SOUND[0], SOUND[1], SOUND[2], DOC_E[1], END_1]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("row 6: document e is not among the documents the file states"),
            "{found:#?}"
        );
        let found = problems(&[
            "#document 1,d,three,3 sentences,3 beads,,,,,",
            SOUND[0],
            SOUND[1],
            SOUND[2],
            END_1,
        ]);
        assert!(
            found[0].starts_with("row 2: the heading row \"#document 1\" cannot be read"),
            "{found:#?}"
        );
    }

    #[test]
    fn sound_file_keeps_every_row() {
        let reviewed = table(&SOUND).apply(Unreviewed::Keep).unwrap();
        assert_eq!(reviewed.documents.len(), 1);
        let doc = &reviewed.documents[0];
        assert_eq!(doc.id, "d");
        assert_eq!(
            units(doc),
            [
                ("1-1".into(), "One.".into(), "Eins.".into(), 0.98),
                (
                    "1-1".into(),
                    "Two. Three.".into(),
                    "Zwei und drei.".into(),
                    0.61
                ),
                ("0-1".into(), "".into(), "Anmerkung.".into(), 0.55),
            ]
        );
        let ids: Vec<usize> = doc.source.iter().map(|s| s.id).collect();
        assert_eq!(ids, [0, 1], "renumbered from 0");
        assert_eq!(reviewed.summary.unreviewed_kept, 3);
    }

    #[test]
    fn statuses_decide_and_reviewed_rows_are_certain() {
        let reviewed = table(&[
            "d-0000,d,[0],[0],1-1,0.98, OK ,One.,Eins.,",
            "d-0001,d,\"[1, 2]\",[1],2-1,0.61,Fix,Two. Three.,Zwei. Drei.,split",
            "d-0002,d,[],[2],0-1,0.55,REJECT,,Anmerkung.,",
            "d-0003,d,[3],[3],1-1,0.42,,Four.,Vier.,",
        ])
        .apply(Unreviewed::Keep)
        .unwrap();
        assert_eq!(
            units(&reviewed.documents[0]),
            [
                ("1-1".into(), "One.".into(), "Eins.".into(), 1.0),
                (
                    "1-1".into(),
                    "Two. Three.".into(),
                    "Zwei. Drei.".into(),
                    1.0
                ),
                ("1-1".into(), "Four.".into(), "Vier.".into(), 0.42),
            ]
        );
        let s = reviewed.summary;
        assert_eq!(
            (
                s.rows,
                s.ok,
                s.fixed,
                s.rejected,
                s.unreviewed_kept,
                s.notes
            ),
            (4, 1, 1, 1, 1, 1)
        );
        assert_eq!(s.kept(), 3);
    }

    #[test]
    fn unreviewed_policies() {
        let rows = [
            "d-0000,d,[0],[0],1-1,0.95,,One.,Eins.,",
            "d-0001,d,[1],[1],1-1,0.80,,Two.,Zwei.,",
            "d-0002,d,[2],[2],1-1,0.79,,Three.,Drei.,",
            "d-0003,d,[3],[3],1-1,0.10,ok,Four.,Vier.,",
        ];
        let kept = |policy: &str| {
            let reviewed = table(&rows).apply(policy.parse().unwrap()).unwrap();
            let sources: Vec<String> = reviewed.documents[0]
                .source
                .iter()
                .map(|s| s.text.clone())
                .collect();
            (sources.join(" "), reviewed.summary.unreviewed_dropped)
        };
        assert_eq!(kept("keep"), ("One. Two. Three. Four.".into(), 0));
        assert_eq!(kept("drop"), ("Four.".into(), 3));
        assert_eq!(kept("above=0.8"), ("One. Two. Four.".into(), 1));
        assert_eq!(kept(" Above=0,8 "), ("One. Two. Four.".into(), 1));
    }

    #[test]
    fn unreviewed_policy_parsing() {
        assert_eq!("KEEP".parse(), Ok(Unreviewed::Keep));
        assert_eq!("drop".parse(), Ok(Unreviewed::Drop));
        assert_eq!("above=0.8".parse(), Ok(Unreviewed::Above(0.8)));
        for bad in ["above", "above=", "above=1.5", "above=x", "some", "0.8"] {
            assert!(bad.parse::<Unreviewed>().is_err(), "{bad}");
        }
        assert_eq!(Unreviewed::Above(0.8).to_string(), "above=0.8");
        assert_eq!(Unreviewed::default(), Unreviewed::Keep);
    }

    #[test]
    fn unknown_status() {
        assert_one_problem(
            &["d-0000,d,[0],[0],1-1,0.98,okay,One.,Eins.,"],
            2,
            &["unknown status \"okay\"", "ok, fix or reject"],
        );
    }

    #[test]
    fn duplicated_id() {
        assert_one_problem(
            &[SOUND[0], SOUND[1], SOUND[1], SOUND[2]],
            4,
            &["id d-0001 is also on row 3"],
        );
    }

    #[test]
    fn deleted_rows_are_missing_ids() {
        assert_one_problem(
            &[SOUND[0], SOUND[2]],
            2,
            &["id d-0001 is missing after d-0000", "reject"],
        );
        let rows = [
            SOUND[0],
            "d-0004,d,[5],[5],1-1,0.9,,Five.,Fünf.,",
            "d-0005,d,[6],[6],1-1,0.9,,Six.,Sechs.,",
        ];
        assert_one_problem(&rows, 2, &["ids d-0001 to d-0003 are missing (3 rows)"]);
        assert_one_problem(
            &["d-0001,d,[1],[1],1-1,0.9,,Two.,Zwei.,"],
            2,
            &["id d-0000 is missing before d-0001"],
        );
    }

    #[test]
    fn changed_header_shows_expected_and_found() {
        let text = "id;doc;source_ids;target_ids;bead;confidence;Status;source;Übersetzung;note\n\
                    d-0000;d;[0];[0];1-1;0,9;;One.;Eins.;\n";
        let err = parse(Path::new("r.csv"), text.as_bytes())
            .unwrap()
            .apply(Unreviewed::Keep)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("r.csv: 1 problem"), "{err}");
        assert!(err.contains("row 1: "), "{err}");
        assert!(err.contains("column 9 is \"Übersetzung\""), "{err}");
        assert!(err.contains(&format!("expected {HEADER}")), "{err}");
        assert!(
            err.contains("found    id,doc,source_ids,target_ids,bead,confidence,Status,source,Übersetzung,note"),
            "{err}"
        );
        let missing_column = "id,doc,source_ids,target_ids,bead,confidence,status,source,target\n";
        let err = parse(Path::new("r.csv"), missing_column.as_bytes())
            .unwrap()
            .apply(Unreviewed::Keep)
            .unwrap_err()
            .to_string();
        assert!(err.contains("column 10 is missing"), "{err}");
    }

    #[test]
    fn header_case_spaces_and_trailing_empty_cells_are_forgiven() {
        let text = format!(
            "{},,\n{},,\n",
            HEADER.to_uppercase().replace(',', " , "),
            SOUND[0]
        );
        let reviewed = parse(Path::new("r.csv"), text.as_bytes())
            .unwrap()
            .apply(Unreviewed::Keep)
            .unwrap();
        assert_eq!(reviewed.summary.rows, 1);
    }

    #[test]
    fn emptied_text_of_a_kept_row() {
        assert_one_problem(
            &[
                SOUND[0],
                "d-0001,d,\"[1, 2]\",[1],2-1,0.61,ok,Two. Three.,  ,",
                SOUND[2],
            ],
            3,
            &["the text of target [1] is empty", "status to reject"],
        );
        // Rejected or dropped rows may be empty; so may a null side.
        let rows = [
            SOUND[0],
            "d-0001,d,\"[1, 2]\",[1],2-1,0.61,reject,,,",
            SOUND[2],
        ];
        assert_eq!(problems(&rows), Vec::<String>::new());
        let dropped = table(&[SOUND[0], "d-0001,d,\"[1, 2]\",[1],2-1,0.61,,,,", SOUND[2]]);
        assert!(dropped.apply(Unreviewed::Above(0.9)).is_ok());
        assert!(dropped.apply(Unreviewed::Keep).is_err());
    }

    #[test]
    fn ids_and_bead_that_disagree() {
        assert_one_problem(
            &[
                SOUND[0],
                "d-0001,d,\"[1, 2]\",[1],1-1,0.61,,Two. Three.,Zwei.,",
                SOUND[2],
            ],
            3,
            &["bead \"1-1\" but source_ids [1, 2] and target_ids [1] make 2-1"],
        );
        assert_one_problem(
            &["d-0000,d,\"[0, 2]\",[0],2-1,0.9,,One.,Eins.,"],
            2,
            &["source_ids \"[0, 2]\" are not consecutive"],
        );
        assert_one_problem(&["d-0000,d,[],[],0-0,0.9,,,,"], 2, &["both []"]);
    }

    #[test]
    fn ids_must_continue_from_bead_to_bead() {
        let found = problems(&[
            SOUND[0],
            "d-0001,d,\"[2, 3]\",[1],2-1,0.61,,Two.,Zwei.,",
            SOUND[2],
        ]);
        assert_eq!(
            found,
            [
                "row 3: source_ids [2, 3] should start at 1, after the bead on row 2; restore the ids bitext wrote"
            ]
        );
        assert_one_problem(
            &["d-0000,d,[1],[0],1-1,0.9,,One.,Eins.,"],
            2,
            &["should start at 0, after the start of the document"],
        );
    }

    #[test]
    fn sorted_sheet_is_read_in_bead_order() {
        let reviewed = table(&[SOUND[2], SOUND[0], SOUND[1]])
            .apply(Unreviewed::Keep)
            .unwrap();
        let targets: Vec<&str> = reviewed.documents[0]
            .target
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(targets, ["Eins.", "Zwei und drei.", "Anmerkung."]);
    }

    #[test]
    fn documents_in_order_of_first_appearance() {
        let reviewed = table(&[
            "zeta-0000,zeta,[0],[0],1-1,0.9,,Z.,Z.,",
            "alpha-0000,alpha,[0],[0],1-1,0.9,,A.,A.,",
            "zeta-0001,zeta,[1],[1],1-1,0.9,,Y.,Y.,",
        ])
        .apply(Unreviewed::Keep)
        .unwrap();
        let ids: Vec<&str> = reviewed.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["zeta", "alpha"]);
        assert_eq!(reviewed.documents[0].alignment.beads.len(), 2);
        assert_eq!(reviewed.summary.documents, 2);
    }

    #[test]
    fn cells_that_cannot_be_read() {
        assert_one_problem(
            &["d-0000,d,[0],[0],1-1,1.5,,One.,Eins.,"],
            2,
            &["confidence \"1.5\""],
        );
        assert_one_problem(
            &["d-0000,d,[0],[0],01. Jan,0.9,,One.,Eins.,"],
            2,
            &["bead \"01. Jan\"", "date"],
        );
        assert_one_problem(
            &["x-0000,d,[0],[0],1-1,0.9,,One.,Eins.,"],
            2,
            &["id \"x-0000\"", "doc \"d\""],
        );
        assert_one_problem(&["d-0000,d,[0],[0],1-1,0.9"], 2, &["6 cells"]);
        assert_one_problem(
            &["d-0000,d,[0],[0],1-1,0.9,,One.,Eins.,,lost"],
            2,
            &["column 11", "note"],
        );
    }

    #[test]
    fn a_row_with_a_bad_cell_is_not_also_missing() {
        let found = problems(&[
            SOUND[0],
            "d-0001,d,\"[1, 2]\",[1],2-1,0.61,maybe,Two. Three.,Zwei.,",
            SOUND[2],
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn bead_types_in_every_profile_spelling() {
        for spelling in ["2-1", "2–1", "2 to 1", " 2 TO 1 "] {
            assert_eq!(parse_bead(spelling), Some((2, 1)), "{spelling}");
        }
        assert_eq!(parse_bead("2:1"), None);
        assert_eq!(parse_confidence("0,9312"), Some(0.9312));
        assert_eq!(parse_confidence(" 0.9312 "), Some(0.9312));
        assert_eq!(parse_confidence("-0.1"), None);
        assert_eq!(parse_ids("[3, 4]"), Some(vec![3, 4]));
        assert_eq!(parse_ids(" [] "), Some(vec![]));
        assert_eq!(parse_ids("3, 4"), None);
    }

    #[test]
    fn excel_de_profile_with_guard_and_decimal_comma() {
        let text = "\u{feff}id;doc;source_ids;target_ids;bead;confidence;status;source;target;note\r\n\
                    d-0000;d;[0];[0];1–1;0,9312;fix;'- a dash;'=Formel;'hello\r\n";
        let reviewed = parse(Path::new("r.csv"), text.as_bytes())
            .unwrap()
            .apply(Unreviewed::Keep)
            .unwrap();
        assert_eq!(
            units(&reviewed.documents[0]),
            [("1-1".into(), "- a dash".into(), "=Formel".into(), 1.0)]
        );
    }

    #[test]
    fn cell_text_becomes_one_clean_line() {
        assert_eq!(one_line("  Zwei\r\nZeilen \n\n"), "Zwei Zeilen");
        assert_eq!(one_line("Gru\u{308}\u{00AD}ße"), "Grüße");
    }

    #[test]
    fn many_problems_are_listed_up_to_the_cap() {
        let rows: Vec<String> = (0..60)
            .map(|i| format!("d-{i:04},d,[{i}],[{i}],1-1,0.9,bad,S.,T.,"))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let err = table(&rows)
            .apply(Unreviewed::Keep)
            .unwrap_err()
            .to_string();
        assert!(err.contains("60 problems"), "{err}");
        assert!(err.contains("row 51: "), "{err}");
        assert!(!err.contains("row 52: "), "{err}");
        assert!(err.ends_with("… and 10 more"), "{err}");
    }

    #[test]
    fn empty_file() {
        let err = parse(Path::new("r.csv"), b"")
            .unwrap()
            .apply(Unreviewed::Keep)
            .unwrap_err()
            .to_string();
        assert!(err.contains("row 1: the file holds no table"), "{err}");
    }

    #[test]
    fn languages_from_arguments_else_file_else_error() {
        let t = table(&SOUND);
        let en = Lang::parse("en").unwrap();
        let de = Lang::parse("de-AT").unwrap();
        let (s, g) = t.languages(Some(&en), Some(&de)).unwrap();
        assert_eq!(
            (s.to_string(), g.to_string()),
            ("en".into(), "de-AT".into())
        );
        let err = t.languages(Some(&en), None).unwrap_err();
        assert!(
            matches!(
                err,
                Error::ReviewLanguage {
                    side: Side::Target,
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("review.csv: the target language")
        );
        let named = ReviewTable {
            target_lang: Some(de.clone()),
            ..t
        };
        assert_eq!(named.languages(Some(&en), None).unwrap().1, de);
    }

    #[test]
    fn summary_says_what_happened_and_why() {
        let summary = Summary {
            rows: 10,
            documents: 1,
            ok: 4,
            fixed: 2,
            rejected: 1,
            unreviewed_kept: 2,
            unreviewed_dropped: 1,
            notes: 3,
            policy: Unreviewed::Above(0.8),
            locus: Locus::Row,
        };
        let text = summary.to_string();
        assert!(text.starts_with("10 rows in 1 document, 8 kept:"), "{text}");
        assert!(
            text.contains("fix             2  kept with the edited text"),
            "{text}"
        );
        assert!(
            text.contains("confidence below 0.8 (kept only above 0.8)"),
            "{text}"
        );
        assert!(text.contains("3 rows have a note"), "{text}");
    }

    /// The heading row of document `d` as this bitext writes it, with its
    /// languages.
    fn heading_d(source: &str, target: &str) -> String {
        format!("#document 1,d,3 sentences,3 sentences,3 beads,,,{source},{target},document 1")
    }

    #[test]
    fn heading_rows_name_the_languages() {
        let heading = heading_d("en", "de-AT");
        let t = table(&[&heading, SOUND[0], SOUND[1], SOUND[2], END_1]);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let (s, g) = t.languages(None, None).unwrap();
        assert_eq!(
            (s.to_string(), g.to_string()),
            ("en".into(), "de-AT".into())
        );
        // Older files name none: the languages must be given, no warning.
        let old = table(&[HEADING_D, SOUND[0], SOUND[1], SOUND[2], END_1]);
        assert!(old.warnings.is_empty(), "{:?}", old.warnings);
        assert_eq!((old.source_lang, old.target_lang), (None, None));
    }

    #[test]
    fn a_language_that_cannot_be_read_or_documents_that_disagree_are_warnings() {
        let heading = heading_d("Englisch", "de");
        let t = table(&[&heading, SOUND[0], SOUND[1], SOUND[2], END_1]);
        assert_eq!((t.source_lang.clone(), t.target_lang.clone()), (None, None));
        assert!(
            t.warnings[0].starts_with("review.csv: row 2: \"Englisch\" is not a language code"),
            "{:?}",
            t.warnings
        );
        let (d, e) = (
            heading_d("en", "de"),
            "#document 2,e,1 sentence,1 sentence,1 bead,,,fr,de,",
        );
        let t = table(&[&d, SOUND[0], SOUND[1], SOUND[2], e, DOC_E[1], END_2]);
        assert_eq!(t.source_lang, None);
        assert_eq!(t.target_lang, Some(Lang::parse("de").unwrap()));
        assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
        assert!(
            t.warnings[0].contains("different source languages (en on row 2, fr on row 6)"),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn given_languages_win_and_other_languages_are_a_conflict() {
        let heading = heading_d("en", "de");
        let t = table(&[&heading, SOUND[0], SOUND[1], SOUND[2], END_1]);
        let (de, de_at, en) = (
            Lang::parse("de").unwrap(),
            Lang::parse("de-AT").unwrap(),
            Lang::parse("en").unwrap(),
        );
        assert_eq!(
            t.languages(None, Some(&de_at)).unwrap(),
            (en.clone(), de_at.clone())
        );
        assert!(
            t.language_conflicts(None, Some(&de_at)).is_empty(),
            "a region is no conflict"
        );
        assert_eq!(
            t.languages(Some(&de), Some(&en)).unwrap(),
            (de.clone(), en.clone())
        );
        let conflicts = t.language_conflicts(Some(&de), Some(&en));
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        assert!(
            conflicts[0].starts_with(
                "review.csv: the file names en as the source language, but de was given; writing de"
            ),
            "{conflicts:?}"
        );
    }

    #[test]
    fn rows_in_confidence_order_come_back_in_document_order() {
        // Document e first in the file's statement, its bead the least
        // confident of d's: documents follow the headings, beads the ids.
        let rows = [
            "#document 1,e,1 sentence,1 sentence,1 bead,,,,,",
            "#document 2,d,3 sentences,3 sentences,3 beads,,,,,",
            SOUND[2],
            SOUND[1],
            DOC_E[1],
            SOUND[0],
            END_2,
        ];
        let t = table(&rows);
        let ids: Vec<&str> = t.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["e-0000", "d-0000", "d-0001", "d-0002"]);
        let reviewed = t.apply(Unreviewed::Keep).unwrap();
        let docs: Vec<&str> = reviewed.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(docs, ["e", "d"]);
        // Deleted and duplicated rows are still found in any order.
        let found = problems(&[
            rows[0], rows[1], SOUND[2], DOC_E[1], SOUND[2], SOUND[0], END_2,
        ]);
        for expected in [
            "row 6: id d-0002 is also on row 4",
            "row 7: id d-0001 is missing after d-0000",
        ] {
            assert!(found.iter().any(|p| p.starts_with(expected)), "{found:#?}");
        }
    }
}
