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
