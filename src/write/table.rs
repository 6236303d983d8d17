//! Beads as table rows: the columns shared by the review files (CSV and
//! XLSX) and read back by `bitext review`.

use std::fmt;
use std::str::FromStr;

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
    /// The document id, the same in every row of the document; the review rebuilds documents by it.
    pub doc: String,
    /// Sentence ids as in the bead format: `[3, 4]`, `[]`.
    pub source_ids: String,
    /// Target sentence ids, as the source's are written.
    pub target_ids: String,
    /// Bead type, source count first: `2-1`.
    pub bead: String,
    /// The aligner's confidence that the bead is right, to sort and filter by.
    pub confidence: f64,
    /// Empty when written; the reviewer sets `ok`, `fix` or `reject`.
    pub status: String,
    /// The sentences of each side, joined by one space.
    pub source: String,
    /// The target sentences, joined as the source's are; the reviewer may edit it (status `fix`).
    pub target: String,
    /// Empty when written: a column for the reviewer's remarks, kept in the review file only.
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

/// The order in which a review table lists its rows. Only the rows move:
/// the ids keep numbering the beads in document order, and `bitext review`
/// puts the rows back in that order by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewOrder {
    /// Bead by bead, as the documents run.
    #[default]
    Document,
    /// Least confident first (equal confidences in document order): a
    /// reviewer who works from the top checks the beads most likely wrong
    /// first, without sorting (which a protected sheet may not allow).
    Confidence,
}

impl ReviewOrder {
    /// The names the orders are parsed from (`FromStr`), listed in messages about an unknown one.
    pub const NAMES: &'static [&'static str] = &["document", "confidence"];

    /// Puts `rows` (given in document order) in this order.
    pub fn arrange(self, rows: &mut [Row]) {
        match self {
            ReviewOrder::Document => {}
            // A stable sort: equal confidences stay in document order.
            ReviewOrder::Confidence => rows.sort_by(|a, b| a.confidence.total_cmp(&b.confidence)),
        }
    }
}

impl FromStr for ReviewOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<ReviewOrder, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "document" => Ok(ReviewOrder::Document),
            "confidence" => Ok(ReviewOrder::Confidence),
            _ => Err(format!(
                "unknown review order {s:?}; use one of {}",
                ReviewOrder::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for ReviewOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReviewOrder::Document => "document",
            ReviewOrder::Confidence => "confidence",
        })
    }
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
/// file cut off anywhere in them. It also names the languages, in the
/// columns `source` and `target` (a plain code such as `en` or `de-AT`,
/// which no spreadsheet converts), so that the file can be read back
/// without being told them; the explanation is in `note`.
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
        doc.source_lang.to_string(),
        doc.target_lang.to_string(),
        format!(
            "document {ordinal} of the file with {}, in the languages shown: bitext review \
             checks with this row that none is missing (keep it)",
            counted(beads, "row")
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: usize, confidence: f64) -> Row {
        Row {
            id: row_id("d", index),
            doc: "d".into(),
            source_ids: ids(&(index..index + 1)),
            target_ids: ids(&(index..index + 1)),
            bead: "1-1".into(),
            confidence,
            status: String::new(),
            source: "a".into(),
            target: "b".into(),
            note: String::new(),
        }
    }

    #[test]
    fn confidence_order_is_least_confident_first_ties_in_document_order() {
        let rows: Vec<Row> = [0.9, 0.2, 0.5, 0.2, 1.0]
            .iter()
            .enumerate()
            .map(|(i, &c)| row(i, c))
            .collect();
        let mut ordered = rows.clone();
        ReviewOrder::Confidence.arrange(&mut ordered);
        let order: Vec<&str> = ordered.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order, ["d-0001", "d-0003", "d-0002", "d-0000", "d-0004"]);
        let mut same = rows.clone();
        ReviewOrder::Document.arrange(&mut same);
        assert_eq!(same, rows);
    }

    #[test]
    fn orders_parse_by_name() {
        for name in ReviewOrder::NAMES {
            let order: ReviewOrder = name.parse().unwrap();
            assert_eq!(order.to_string(), *name);
        }
        assert_eq!(" Confidence ".parse(), Ok(ReviewOrder::Confidence));
        assert!("least".parse::<ReviewOrder>().is_err());
    }
}
