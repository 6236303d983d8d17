//! JSON lines: one object per bead with everything known about it, for
//! datasets and for other programs.

use std::io::Write;

use serde::Serialize;

use super::{AlignedDocument, Writer};

pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlWriter { out }
    }
}

#[derive(Serialize)]
struct Record<'a> {
    doc: &'a str,
    bead: String,
    source_ids: Vec<usize>,
    target_ids: Vec<usize>,
    source: Vec<&'a str>,
    target: Vec<&'a str>,
    confidence: f64,
    source_paragraphs: Vec<usize>,
    target_paragraphs: Vec<usize>,
    source_lang: String,
    target_lang: String,
}

impl<W: Write> Writer for JsonlWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        for bead in &doc.alignment.beads {
            let source = &doc.source[bead.source.clone()];
            let target = &doc.target[bead.target.clone()];
            let paragraphs = |side: &[crate::Sentence]| {
                let mut p: Vec<usize> = side.iter().map(|s| s.paragraph).collect();
                p.dedup();
                p
            };
            let record = Record {
                doc: doc.id,
                bead: bead.kind(),
                source_ids: bead.source.clone().collect(),
                target_ids: bead.target.clone().collect(),
                source: source.iter().map(|s| s.text.as_str()).collect(),
                target: target.iter().map(|s| s.text.as_str()).collect(),
                confidence: (bead.confidence * 10_000.0).round() / 10_000.0,
                source_paragraphs: paragraphs(source),
                target_paragraphs: paragraphs(target),
                source_lang: doc.source_lang.to_string(),
                target_lang: doc.target_lang.to_string(),
            };
            serde_json::to_writer(&mut self.out, &record)?;
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
