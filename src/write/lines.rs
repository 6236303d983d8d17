//! Dataset formats with one bead per line: TSV (`source<TAB>target`) and
//! Moses-style line-aligned files (`out.en` and `out.de`, line *n* of one
//! translating line *n* of the other). Null beads are left out, since a
//! line without counterpart would break the pairing; so are beads below
//! `--min-confidence`.

use std::io::Write;

use super::{AlignedDocument, Options, Side, Writer};
use crate::align::Bead;

/// Whether a bead belongs in a dataset: both sides, confident enough.
fn keep(bead: &Bead, options: &Options) -> bool {
    !bead.is_null()
        && options
            .min_confidence
            .is_none_or(|min| bead.confidence >= min)
}

/// A line of one side: text with line breaks and tabs as spaces (the reader
/// already turned tabs into spaces; this keeps the format safe regardless).
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

pub struct TsvWriter<W: Write> {
    out: W,
    options: Options,
}

impl<W: Write> TsvWriter<W> {
    pub fn new(out: W, options: &Options) -> Self {
        TsvWriter {
            out,
            options: options.clone(),
        }
    }
}

impl<W: Write> Writer for TsvWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        for bead in doc
            .alignment
            .beads
            .iter()
            .filter(|b| keep(b, &self.options))
        {
            let (source, target) = (doc.source_text(bead), doc.target_text(bead));
            writeln!(self.out, "{}\t{}", one_line(&source), one_line(&target))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

pub struct MosesWriter<W: Write> {
    out: W,
    side: Side,
    options: Options,
}

impl<W: Write> MosesWriter<W> {
    pub fn new(out: W, side: Side, options: &Options) -> Self {
        MosesWriter {
            out,
            side,
            options: options.clone(),
        }
    }
}

impl<W: Write> Writer for MosesWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        for bead in doc
            .alignment
            .beads
            .iter()
            .filter(|b| keep(b, &self.options))
        {
            let text = match self.side {
                Side::Source => doc.source_text(bead),
                Side::Target => doc.target_text(bead),
            };
            writeln!(self.out, "{}", one_line(&text))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
