//! The field's bead format: `[source ids]:[target ids]:confidence`, one bead
//! per line, 0-based ids (what Bleualign, Vecalign and `bitext eval` read).

use std::io::Write;

use super::table::ids;
use super::{AlignedDocument, Writer};

pub struct BeadsWriter<W: Write> {
    out: W,
}

impl<W: Write> BeadsWriter<W> {
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
