//! Dataset formats with one sentence pair per line: TSV (`source<TAB>target`,
//! or the columns asked for) and Moses-style line-aligned files (`out.en`
//! and `out.de`, line *n* of one translating line *n* of the other, with
//! `out.ids` beside them saying where each line comes from, as OPUS ships
//! them). Null beads are left out, since a line without counterpart would
//! break the pairing; so is what the [`Selection`] leaves out.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use super::{AlignedDocument, Dropped, Options, Selection, Side, Writer};
use crate::align::Bead;

/// What each line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    /// TSV: these columns, tab-separated.
    Tsv(Vec<TsvColumn>),
    /// One side (a Moses-style file).
    One(Side),
    /// Where each line of the Moses-style files comes from, as OPUS's
    /// `.ids` files say it: `<source lang>/<doc>`, `<target lang>/<doc>`,
    /// the source sentence ids and the target sentence ids (space-separated,
    /// counted from 0), tab-separated.
    Ids,
}

/// A column of a TSV corpus. Bitextor's and ParaCrawl's names are read as
/// ours: `src_text` (source), `trg_text` (target), `aligner_score`
/// (confidence), `src_url`/`trg_url` (doc), `src_lang`/`trg_lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsvColumn {
    /// The source sentences of the bead, joined by one space.
    Source,
    /// The target sentences of the bead, joined by one space.
    Target,
    /// The bead's confidence, four decimals.
    Confidence,
    /// The document id.
    Doc,
    /// The bead type (`2-1`).
    Bead,
    /// The source sentence ids, comma-separated (`3,4`).
    SourceIds,
    /// The target sentence ids, comma-separated.
    TargetIds,
    /// The source language tag.
    SourceLang,
    /// The target language tag.
    TargetLang,
}

impl TsvColumn {
    /// Our names, in the order `--help` lists them.
    pub const NAMES: &'static [&'static str] = &[
        "source",
        "target",
        "confidence",
        "doc",
        "bead",
        "source_ids",
        "target_ids",
        "source_lang",
        "target_lang",
    ];

    /// The default columns: `source<TAB>target`.
    pub fn default_columns() -> Vec<TsvColumn> {
        vec![TsvColumn::Source, TsvColumn::Target]
    }

    fn cell(self, doc: &AlignedDocument, bead: &Bead) -> String {
        match self {
            TsvColumn::Source => one_line(&doc.source_text(bead)),
            TsvColumn::Target => one_line(&doc.target_text(bead)),
            TsvColumn::Confidence => format!("{:.4}", bead.confidence),
            TsvColumn::Doc => one_line(doc.id),
            TsvColumn::Bead => bead.kind(),
            TsvColumn::SourceIds => ids(&bead.source, ","),
            TsvColumn::TargetIds => ids(&bead.target, ","),
            TsvColumn::SourceLang => doc.source_lang.to_string(),
            TsvColumn::TargetLang => doc.target_lang.to_string(),
        }
    }
}

impl FromStr for TsvColumn {
    type Err = String;
    fn from_str(s: &str) -> Result<TsvColumn, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "source" | "src_text" => TsvColumn::Source,
            "target" | "trg_text" => TsvColumn::Target,
            "confidence" | "aligner_score" => TsvColumn::Confidence,
            "doc" | "src_url" | "trg_url" => TsvColumn::Doc,
            "bead" => TsvColumn::Bead,
            "source_ids" => TsvColumn::SourceIds,
            "target_ids" => TsvColumn::TargetIds,
            "source_lang" | "src_lang" => TsvColumn::SourceLang,
            "target_lang" | "trg_lang" => TsvColumn::TargetLang,
            _ => {
                return Err(format!(
                    "unknown TSV column {s:?}; use {} (or Bitextor's src_text, trg_text, \
                     aligner_score, src_url, trg_url, src_lang, trg_lang)",
                    TsvColumn::NAMES.join(", ")
                ));
            }
        })
    }
}

impl fmt::Display for TsvColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TsvColumn::Source => "source",
            TsvColumn::Target => "target",
            TsvColumn::Confidence => "confidence",
            TsvColumn::Doc => "doc",
            TsvColumn::Bead => "bead",
            TsvColumn::SourceIds => "source_ids",
            TsvColumn::TargetIds => "target_ids",
            TsvColumn::SourceLang => "source_lang",
            TsvColumn::TargetLang => "target_lang",
        })
    }
}

/// Sentence ids of one side of a bead, separated by `separator`.
pub(super) fn ids(range: &std::ops::Range<usize>, separator: &str) -> String {
    range
        .clone()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(separator)
}

/// Writes one line per kept bead.
pub struct LinesWriter<W: Write> {
    out: W,
    columns: Columns,
    selection: Selection,
}

impl<W: Write> LinesWriter<W> {
    /// A writer to `out` of `columns`, keeping only the beads `options` select.
    pub fn new(out: W, columns: Columns, options: &Options) -> Self {
        LinesWriter {
            out,
            columns,
            selection: Selection::new(options),
        }
    }
}

/// A line of one side: text with line breaks and tabs as spaces (the reader
/// already turned tabs into spaces; this keeps the format safe regardless).
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl<W: Write> Writer for LinesWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        let beads = doc.alignment.beads.iter().filter(|b| !b.is_null());
        for bead in beads {
            if !self.selection.keep(doc, bead) {
                continue;
            }
            let line = match &self.columns {
                Columns::Tsv(columns) => columns
                    .iter()
                    .map(|c| c.cell(doc, bead))
                    .collect::<Vec<_>>()
                    .join("\t"),
                Columns::One(Side::Source) => one_line(&doc.source_text(bead)),
                Columns::One(Side::Target) => one_line(&doc.target_text(bead)),
                Columns::Ids => {
                    let id = one_line(doc.id);
                    format!(
                        "{}/{id}\t{}/{id}\t{}\t{}",
                        doc.source_lang,
                        doc.target_lang,
                        ids(&bead.source, " "),
                        ids(&bead.target, " ")
                    )
                }
            };
            writeln!(self.out, "{line}")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitextor_names_are_read_as_ours() {
        let names = "src_text,trg_text,aligner_score,src_url,src_lang,trg_lang";
        let columns: Vec<TsvColumn> = names.split(',').map(|n| n.parse().unwrap()).collect();
        let ours: Vec<String> = columns.iter().map(ToString::to_string).collect();
        assert_eq!(
            ours,
            [
                "source",
                "target",
                "confidence",
                "doc",
                "source_lang",
                "target_lang"
            ]
        );
        for name in TsvColumn::NAMES {
            assert_eq!(name.parse::<TsvColumn>().unwrap().to_string(), *name);
        }
        let err = "score".parse::<TsvColumn>().unwrap_err();
        assert!(err.contains("aligner_score"), "{err}");
    }
}
