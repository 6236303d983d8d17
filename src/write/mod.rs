//! Writing outputs: one writer per format behind one small interface
//! ([`Writer`]), and [`atomic`] files, so that an interrupted or failed run
//! never leaves a half-written file behind.

mod beads;
mod jsonl;

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::align::Alignment;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::segment::Sentence;

pub use beads::BeadsWriter;
pub use jsonl::JsonlWriter;

/// An aligned document pair, as the writers see it.
#[derive(Debug, Clone, Copy)]
pub struct AlignedDocument<'a> {
    /// A name for the pair, stable across runs (used in ids).
    pub id: &'a str,
    pub source: &'a [Sentence],
    pub target: &'a [Sentence],
    pub source_lang: &'a Lang,
    pub target_lang: &'a Lang,
    pub alignment: &'a Alignment,
}

/// Writes aligned documents in one format. A writer may be given several
/// documents (a batch) before it is finished.
pub trait Writer {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()>;
    /// Writes whatever the format needs at the end, and flushes.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[0, 1]:[0]:0.9312` per line.
    Beads,
    /// One JSON object per bead.
    Jsonl,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["beads", "jsonl"];

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "beads" | "align" => Some(Format::Beads),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// A writer of this format into `out`.
    pub fn writer<'w>(self, out: impl Write + 'w) -> Box<dyn Writer + 'w> {
        match self {
            Format::Beads => Box::new(BeadsWriter::new(out)),
            Format::Jsonl => Box::new(JsonlWriter::new(out)),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "beads" => Ok(Format::Beads),
            "jsonl" => Ok(Format::Jsonl),
            _ => Err(format!(
                "unknown format {s:?}; use one of {}",
                Format::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Beads => "beads",
            Format::Jsonl => "jsonl",
        })
    }
}

/// Writes a file atomically: the content goes to a temporary file in the same
/// folder, which is renamed over `path` only once it is complete and flushed.
pub fn atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let io = |e| Error::io(path, e);
    let mut temp = tempfile::Builder::new()
        .prefix(".bitext-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    {
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut out).map_err(io)?;
        out.flush().map_err(io)?;
    }
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        atomic(&path, |w: &mut dyn Write| w.write_all(b"done\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "done\n");

        let failed = atomic(&path, |w: &mut dyn Write| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "done\n",
            "old file kept"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file removed");
    }
}
