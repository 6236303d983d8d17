//! Dataset formats with one bead per line: TSV (`source<TAB>target`) and
//! Moses-style line-aligned files (`out.en` and `out.de`, line *n* of one
//! translating line *n* of the other). Null beads are left out, since a
//! line without counterpart would break the pairing; so are beads below
//! `--min-confidence`.

use std::io::Write;

use super::{AlignedDocument, Options, Side, Writer};
use crate::align::Bead;

/// What each line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// `source<TAB>target` (TSV).
    Both,
    /// One side (a Moses-style file).
    One(Side),
}

/// Writes one line per kept bead.
pub struct LinesWriter<W: Write> {
    out: W,
    columns: Columns,
    min_confidence: Option<f64>,
}

impl<W: Write> LinesWriter<W> {
    pub fn new(out: W, columns: Columns, options: &Options) -> Self {
        LinesWriter {
            out,
            columns,
            min_confidence: options.min_confidence,
        }
    }
}

/// Whether a bead belongs in a dataset: both sides, confident enough.
fn keep(bead: &Bead, min_confidence: Option<f64>) -> bool {
    !bead.is_null() && min_confidence.is_none_or(|min| bead.confidence >= min)
}

/// A line of one side: text with line breaks and tabs as spaces (the reader
/// already turned tabs into spaces; this keeps the format safe regardless).
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl<W: Write> Writer for LinesWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        let min = self.min_confidence;
        for bead in doc.alignment.beads.iter().filter(|b| keep(b, min)) {
            let line = match self.columns {
                Columns::Both => format!(
                    "{}\t{}",
                    one_line(&doc.source_text(bead)),
                    one_line(&doc.target_text(bead))
                ),
                Columns::One(Side::Source) => one_line(&doc.source_text(bead)),
                Columns::One(Side::Target) => one_line(&doc.target_text(bead)),
            };
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
