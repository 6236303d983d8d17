//! JSON lines: one object per bead with everything known about it, for
//! datasets and for other programs; or, in the shape of Hugging Face's
//! translation datasets, one sentence pair per line
//! (`{"translation": {"en": …, "de": …}, "doc": …, "confidence": …}`), which
//! `datasets.load_dataset("json", …)` loads as it is.

use std::io::Write;

use serde::Serialize;

use super::{AlignedDocument, Dropped, Options, Selection, Writer};

/// Which objects a JSON lines file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Every bead (null beads too) with ids, texts, paragraphs, languages.
    Beads,
    /// Sentence pairs in Hugging Face's `translation` shape (null beads are
    /// no pair, so they are left out).
    HuggingFace,
}

/// Writes JSON lines, one object per bead or per kept sentence pair (see [`Shape`]); documents
/// follow one another in one file, each line naming its document.
pub struct JsonlWriter<W: Write> {
    out: W,
    shape: Shape,
    selection: Selection,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer to `out` of objects of `shape`; the corpus options (minimum confidence,
    /// deduplication) select the beads written.
    pub fn new(out: W, shape: Shape, options: &Options) -> Self {
        JsonlWriter {
            out,
            shape,
            selection: Selection::new(options),
        }
    }
}

/// A sentence pair as Hugging Face's translation datasets hold it: the texts
/// keyed by language code.
#[derive(Serialize)]
struct Translation<'a> {
    translation: std::collections::BTreeMap<String, String>,
    doc: &'a str,
    confidence: f64,
}

/// The keys of a Hugging Face translation pair: the language codes, or the
/// full tags where both sides share a code (`en-US`, `en-GB`); `source` and
/// `target` if even those are equal, so that no text replaces the other.
fn translation_keys(doc: &AlignedDocument) -> (String, String) {
    let (source, target) = (doc.source_lang, doc.target_lang);
    if source.code() != target.code() {
        (source.code().to_string(), target.code().to_string())
    } else if source.to_string() != target.to_string() {
        (source.to_string(), target.to_string())
    } else {
        ("source".into(), "target".into())
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
        let keys = translation_keys(doc);
        for bead in &doc.alignment.beads {
            if self.shape == Shape::HuggingFace && bead.is_null() {
                continue;
            }
            if !self.selection.keep(doc, bead) {
                continue;
            }
            let confidence = (bead.confidence * 10_000.0).round() / 10_000.0;
            if self.shape == Shape::HuggingFace {
                let record = Translation {
                    translation: [
                        (keys.0.clone(), doc.source_text(bead)),
                        (keys.1.clone(), doc.target_text(bead)),
                    ]
                    .into(),
                    doc: doc.id,
                    confidence,
                };
                serde_json::to_writer(&mut self.out, &record)?;
                writeln!(self.out)?;
                continue;
            }
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
                confidence,
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

    fn dropped(&self) -> Dropped {
        self.selection.dropped()
    }
}
