//! The field's bead format: `[source ids]:[target ids]:confidence`, one bead
//! per line, 0-based ids (what Bleualign, Vecalign and `bitext eval` read).

use std::io::Write;

use super::table::ids;
use super::{AlignedDocument, Writer};

/// Writes the bead format: one line per bead (null beads too) with 0-based
/// sentence ids and the confidence to four decimals. Documents follow one
/// another without a separator and their ids restart at 0, so a file read
/// back by `bitext eval` holds one document.
pub struct BeadsWriter<W: Write> {
    out: W,
}

impl<W: Write> BeadsWriter<W> {
    /// A writer to `out`; it writes as documents are given and holds nothing back.
    pub fn new(out: W) -> Self {
        BeadsWriter { out }
    }
}

impl<W: Write> Writer for BeadsWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        for bead in &doc.alignment.beads {
            writeln!(
                self.out,
                "{}:{}:{:.4}",
                ids(&bead.source),
                ids(&bead.target),
                bead.confidence
            )?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
