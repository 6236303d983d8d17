//! Beads as table rows: the columns shared by the review files (CSV and
//! XLSX) and read back by `bitext review`.

use serde::{Deserialize, Serialize};

use super::AlignedDocument;

/// The columns of a review table, in order. `status` and `note` are for the
/// reviewer; the others are written by bitext.
pub const COLUMNS: [&str; 10] = [
    "id",
    "doc",
    "source_ids",
    "target_ids",
    "bead",
    "confidence",
    "status",
    "source",
    "target",
    "note",
];

/// The header of the table of documents on the summary sheet of a review
/// workbook, one row per document below it; the review reader finds the
/// table by it.
pub const CONTENTS_HEADER: [&str; 4] =
    ["document", "beads", "source sentences", "target sentences"];

/// One bead as a table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Stable and never numeric, so that spreadsheets leave it alone:
    /// `<doc>-<bead number, 4 digits>`, e.g. `atlantic-council-0007`.
    pub id: String,
    pub doc: String,
    /// Sentence ids as in the bead format: `[3, 4]`, `[]`.
    pub source_ids: String,
    pub target_ids: String,
    /// Bead type, source count first: `2-1`.
    pub bead: String,
    pub confidence: f64,
    /// Empty when written; the reviewer sets `ok`, `fix` or `reject`.
    pub status: String,
    /// The sentences of each side, joined by one space.
    pub source: String,
    pub target: String,
    pub note: String,
}

/// The id of bead number `index` (0-based) of document `doc`.
pub fn row_id(doc: &str, index: usize) -> String {
    format!("{doc}-{index:04}")
}

/// Sentence ids in the bead notation: `[3, 4]`.
pub fn ids(range: &std::ops::Range<usize>) -> String {
    let ids: Vec<String> = range.clone().map(|i| i.to_string()).collect();
    format!("[{}]", ids.join(", "))
}

/// The rows of one aligned document, in document order.
pub fn rows<'a>(doc: &'a AlignedDocument<'a>) -> impl Iterator<Item = Row> + 'a {
    doc.alignment
        .beads
        .iter()
        .enumerate()
        .map(move |(index, bead)| Row {
            id: row_id(doc.id, index),
            doc: doc.id.to_string(),
            source_ids: ids(&bead.source),
            target_ids: ids(&bead.target),
            bead: bead.kind(),
            confidence: bead.confidence,
            status: String::new(),
            source: doc.source_text(bead),
            target: doc.target_text(bead),
            note: String::new(),
        })
}

/// The id of the row that heads document number `ordinal` (from 1) in a
/// CSV review table. No bead id has this form (a bead id ends in `-` and a
/// number), so the reader tells the two apart by the id alone.
pub fn heading_id(ordinal: usize) -> String {
    format!("#document {ordinal}")
}

/// The id of the last row of a CSV review table.
pub const END_ID: &str = "#end";

/// `1 sentence`, `41 sentences`: a count as a person reads it; the review
/// reader takes the number it starts with.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The cells (in the order of [`COLUMNS`]) of the row a CSV review table
/// writes before the rows of a document: a CSV has no second sheet, and
/// the rows' ids cannot tell where a document ends, so this row states how
/// many beads and sentences follow. Written before the rows, it survives a
/// file cut off anywhere in them.
pub fn heading(ordinal: usize, doc: &AlignedDocument) -> [String; COLUMNS.len()] {
    let beads = doc.alignment.beads.len();
    [
        heading_id(ordinal),
        doc.id.to_string(),
        counted(doc.source.len(), "sentence"),
        counted(doc.target.len(), "sentence"),
        counted(beads, "bead"),
        String::new(),
        String::new(),
        format!(
            "document {ordinal} of the file with {}: bitext review checks with this row that \
             none is missing (keep it)",
            counted(beads, "row")
        ),
        String::new(),
        String::new(),
    ]
}

/// The cells of the last row of a CSV review table: how many documents the
/// file holds, so that a file cut off, or a document deleted with its
/// heading row, is noticed.
pub fn end(documents: usize) -> [String; COLUMNS.len()] {
    [
        END_ID.to_string(),
        counted(documents, "document"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "end of the review table: bitext review checks with this row that no document is \
         missing (keep it)"
            .to_string(),
        String::new(),
        String::new(),
    ]
}
