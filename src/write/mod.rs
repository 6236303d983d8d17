//! Writing outputs: one writer per format behind one small interface
//! ([`Writer`]), and [`atomic`] files, so that an interrupted or failed run
//! never leaves a half-written file behind.

mod beads;
pub mod html;
mod jsonl;
mod lines;
mod parquet;
mod select;
mod store;
pub mod table;
pub mod tmx;
// Spreadsheet review files (CSV, XLSX).
mod csv;
mod temp;
mod view;
mod xlsx;

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::align::{AlignedPair, Alignment, Bead, Unit};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::segment::Sentence;

pub use beads::BeadsWriter;
pub use html::HtmlWriter;
pub use jsonl::{JsonlWriter, Shape};
pub use lines::{Columns, LinesWriter, TsvColumn};
pub use parquet::ParquetWriter;
pub use select::{Dropped, Selection};
pub use store::CacheFolder;
pub use tmx::{LangMap, TmxFlavour, TmxWriter};
// Spreadsheet review files (CSV, XLSX).
pub use csv::{CsvProfile, CsvWriter, guard as guard_formula, one_line};
pub use table::ReviewOrder;
pub use temp::remove_temporaries;
pub use view::{ViewWriter, summary};
pub use xlsx::XlsxWriter;

/// An aligned document pair, as the writers see it.
#[derive(Debug, Clone, Copy)]
pub struct AlignedDocument<'a> {
    /// A name for the pair, stable across runs (used in ids).
    pub id: &'a str,
    /// The original's sentences, which the beads' source ranges index.
    pub source: &'a [Sentence],
    /// The translation's sentences, which the beads' target ranges index.
    pub target: &'a [Sentence],
    /// The original's language, written where a format names languages (TMX `xml:lang`, JSON lines,
    /// the review files).
    pub source_lang: &'a Lang,
    /// The translation's language.
    pub target_lang: &'a Lang,
    /// The beads pairing the two sides, with their confidences.
    pub alignment: &'a Alignment,
    /// The translation units for TMX when they are not the beads: the
    /// sentence-level cut of [`Aligner::split_beads`](crate::align::Aligner::split_beads).
    pub units: Option<&'a [Unit]>,
}

impl AlignedPair {
    /// The view the writers take.
    pub fn view(&self) -> AlignedDocument<'_> {
        AlignedDocument {
            id: &self.id,
            source: &self.source,
            target: &self.target,
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            alignment: &self.alignment,
            units: None,
        }
    }
}

impl<'a> AlignedDocument<'a> {
    /// The same document with these TMX units.
    pub fn with_units(self, units: &'a [Unit]) -> AlignedDocument<'a> {
        AlignedDocument {
            units: Some(units),
            ..self
        }
    }

    /// The units a TMX holds: the beads, or their sentence-level cut.
    pub fn tmx_units(&self) -> Vec<Unit> {
        match self.units {
            Some(units) => units.to_vec(),
            None => self
                .alignment
                .beads
                .iter()
                .cloned()
                .map(Unit::from)
                .collect(),
        }
    }

    /// The target text of a unit: its part of a sentence, or its sentences.
    pub fn unit_target_text(&self, unit: &Unit) -> String {
        match &unit.part {
            Some(part) => part.text.clone(),
            None => self.target_text(&unit.bead),
        }
    }

    /// The source sentences of a bead, joined by one space.
    pub fn source_text(&self, bead: &Bead) -> String {
        join(&self.source[bead.source.clone()])
    }

    /// The target sentences of a bead, joined by one space.
    pub fn target_text(&self, bead: &Bead) -> String {
        join(&self.target[bead.target.clone()])
    }
}

fn join(sentences: &[Sentence]) -> String {
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    texts.join(" ")
}

/// Options for the writers; each writer reads the ones that concern it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Corpus formats (TMX, TSV, line-aligned files, JSON lines) keep only
    /// beads at least this confident.
    pub min_confidence: Option<f64>,
    /// Corpus formats write each sentence pair once (see [`Selection`]).
    pub dedup: bool,
    /// The columns of TSV files; empty is `source<TAB>target`.
    pub tsv_columns: Vec<TsvColumn>,

    // TMX
    /// Names of the TMX props (`x-confidence` or Trados's typed fields).
    pub tmx_flavour: TmxFlavour,
    /// Language tags written into TMX instead of the documents' own.
    pub tmx_langs: LangMap,
    /// Write beads without counterpart too (in TMX: as header notes).
    pub keep_unaligned: bool,
    /// The creation time written into files, in seconds since 1970 (the
    /// CLI takes it from `SOURCE_DATE_EPOCH`, for reproducible files);
    /// `None` is now.
    pub created: Option<u64>,
    /// How CSV review files are written. The library's default is `data`
    /// (nothing altered); commands choose the default for their users.
    pub csv_profile: CsvProfile,
    /// The order of the rows of review files (CSV, XLSX).
    pub review_order: ReviewOrder,
}

/// Writes aligned documents in one format. A writer may be given several
/// documents (a batch) before it is finished.
pub trait Writer {
    /// Writes one document pair (or, for formats written whole at the end, takes it in); called
    /// once per document, in order.
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()>;
    /// Writes whatever the format needs at the end, and flushes.
    fn finish(&mut self) -> std::io::Result<()>;
    /// What the user should know about the output, such as segments too
    /// long for some tools; the library does not print, the CLI does.
    fn warnings(&self) -> &[String] {
        &[]
    }
    /// What the writer left out by the options' choice (minimum confidence,
    /// deduplication); review formats leave out nothing.
    fn dropped(&self) -> Dropped {
        Dropped::default()
    }
}

/// Which side a Moses-style line-aligned file holds.
pub use crate::side::Side;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[0, 1]:[0]:0.9312` per line.
    Beads,
    /// One JSON object per bead.
    Jsonl,
    /// One sentence pair per line in Hugging Face's `translation` shape.
    Hf,
    /// The sentence pairs as a Parquet table.
    Parquet,
    /// `source<TAB>target`, one bead per line (for MT training).
    Tsv,
    /// One side of Moses-style line-aligned files (`out.en` + `out.de`).
    Moses(Side),
    /// Where each line of the line-aligned files comes from (`out.ids`).
    MosesIds,
    /// TMX 1.4, a translation memory for CAT tools.
    Tmx,
    /// The review table as CSV, in a [`CsvProfile`].
    Csv,
    /// The review table as an Excel workbook.
    Xlsx,
    /// The review page: both texts side by side in a browser, to mark,
    /// edit and re-align; it saves a review file.
    Html,
}

impl Format {
    /// The format names listed in messages about an unknown one; `FromStr`
    /// parses each of them (and `ids`, the line-aligned id file, which is
    /// not listed).
    pub const NAMES: &'static [&'static str] = &[
        "beads", "jsonl", "hf", "tsv", "parquet", "tmx", "csv", "xlsx", "html",
    ];

    /// The format a file name asks for, by its extension; an extension that
    /// is the source or target language code (`out.en`, `out.de`) asks for
    /// that side of line-aligned files.
    pub fn from_path(path: &Path, source: &Lang, target: &Lang) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".hf.jsonl") {
            return Some(Format::Hf);
        }
        match extension.as_str() {
            "beads" | "align" => Some(Format::Beads),
            "ids" => Some(Format::MosesIds),
            "parquet" => Some(Format::Parquet),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "tsv" => Some(Format::Tsv),
            "tmx" => Some(Format::Tmx),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            e if e == source.to_string().to_ascii_lowercase() || e == source.code() => {
                Some(Format::Moses(Side::Source))
            }
            e if e == target.to_string().to_ascii_lowercase() || e == target.code() => {
                Some(Format::Moses(Side::Target))
            }
            _ => None,
        }
    }

    /// The file extension of this format (line-aligned files are named by
    /// the language code of their side).
    pub fn extension(&self, source: &Lang, target: &Lang) -> String {
        match self {
            Format::Beads => "beads".into(),
            Format::Jsonl => "jsonl".into(),
            Format::Hf => "hf.jsonl".into(),
            Format::Parquet => "parquet".into(),
            Format::MosesIds => "ids".into(),
            Format::Tsv => "tsv".into(),
            Format::Tmx => "tmx".into(),
            Format::Csv => "csv".into(),
            Format::Xlsx => "xlsx".into(),
            Format::Html => "html".into(),
            Format::Moses(Side::Source) => source.to_string(),
            Format::Moses(Side::Target) => target.to_string(),
        }
    }

    /// The formats a name on the command line stands for: `moses` stands
    /// for both sides of line-aligned files.
    pub fn named(name: &str) -> Result<Vec<Format>, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "moses" => Ok(vec![
                Format::Moses(Side::Source),
                Format::Moses(Side::Target),
                Format::MosesIds,
            ]),
            other => other.parse().map(|f| vec![f]),
        }
    }

    /// Whether the format is a corpus format: a translation memory or
    /// training data (TMX, TSV, Hugging Face pairs, Parquet, line-aligned files and
    /// their ids), used without anyone reading it, where a wrong pair does
    /// harm unseen. The others (beads, JSON lines, CSV, XLSX, HTML) are read or
    /// reviewed.
    pub fn is_corpus(&self) -> bool {
        matches!(
            self,
            Format::Tmx
                | Format::Tsv
                | Format::Hf
                | Format::Parquet
                | Format::Moses(_)
                | Format::MosesIds
        )
    }

    /// A writer of this format into `out`.
    pub fn writer<'w>(self, out: impl Write + 'w, options: &Options) -> Box<dyn Writer + 'w> {
        match self {
            Format::Beads => Box::new(BeadsWriter::new(out)),
            Format::Jsonl => Box::new(JsonlWriter::new(out, Shape::Beads, options)),
            Format::Hf => Box::new(JsonlWriter::new(out, Shape::HuggingFace, options)),
            Format::Parquet => Box::new(ParquetWriter::new(out, options)),
            Format::Tsv => {
                let columns = match options.tsv_columns.as_slice() {
                    [] => TsvColumn::default_columns(),
                    given => given.to_vec(),
                };
                Box::new(LinesWriter::new(out, Columns::Tsv(columns), options))
            }
            Format::Moses(side) => Box::new(LinesWriter::new(out, Columns::One(side), options)),
            Format::MosesIds => Box::new(LinesWriter::new(out, Columns::Ids, options)),
            Format::Tmx => Box::new(TmxWriter::new(out, options)),
            Format::Csv => {
                Box::new(CsvWriter::new(out, options.csv_profile).in_order(options.review_order))
            }
            Format::Xlsx => {
                Box::new(XlsxWriter::new(out, options.created).in_order(options.review_order))
            }
            Format::Html => Box::new(HtmlWriter::new(out)),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "beads" => Ok(Format::Beads),
            "jsonl" => Ok(Format::Jsonl),
            "hf" => Ok(Format::Hf),
            "parquet" => Ok(Format::Parquet),
            "ids" => Ok(Format::MosesIds),
            "tsv" => Ok(Format::Tsv),
            "tmx" => Ok(Format::Tmx),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "html" => Ok(Format::Html),
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
            Format::Hf => "hf",
            Format::Parquet => "parquet",
            Format::MosesIds => "ids of line-aligned files",
            Format::Tsv => "tsv",
            Format::Tmx => "tmx",
            Format::Moses(Side::Source) => "source side of line-aligned files",
            Format::Moses(Side::Target) => "target side of line-aligned files",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        })
    }
}

/// Creates `dir` (and what is missing above it) inside `folder`, refusing
/// when an existing part of it, once links are resolved, is not inside
/// `folder`: a link planted in an output folder must not carry the outputs
/// elsewhere. `dir` is `folder` joined with a relative path.
pub fn create_dir_within(folder: &Path, dir: &Path) -> Result<()> {
    let root = folder.canonicalize().map_err(|e| Error::write(folder, e))?;
    let relative = dir.strip_prefix(folder).map_err(|_| Error::OutsideOutput {
        path: dir.to_path_buf(),
        folder: folder.to_path_buf(),
    })?;
    let mut current = folder.to_path_buf();
    for part in relative.components() {
        if !matches!(part, std::path::Component::Normal(_)) {
            return Err(Error::OutsideOutput {
                path: dir.to_path_buf(),
                folder: folder.to_path_buf(),
            });
        }
        current.push(part);
        match std::fs::create_dir(&current) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::write(&current, e)),
        }
        let real = current
            .canonicalize()
            .map_err(|e| Error::write(&current, e))?;
        if !real.starts_with(&root) || !real.is_dir() {
            return Err(Error::OutsideOutput {
                path: current,
                folder: folder.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Writes a file atomically: the content goes to a temporary file in the same
/// folder, which is renamed to `path` only once it is complete and flushed.
/// An existing file at `path` is replaced only if `overwrite` is set;
/// otherwise it is left alone and the write fails (checked at the rename,
/// so no other writer can slip in between).
pub fn atomic(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(path, overwrite)?;
    write(&mut file).map_err(|e| Error::write(path, e))?;
    file.commit()
}

/// A file being written atomically (see [`atomic`]); several can be open
/// at once. Dropped without [`AtomicFile::commit`], it leaves nothing behind.
pub struct AtomicFile {
    path: std::path::PathBuf,
    overwrite: bool,
    sync: bool,
    out: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Known to the signal handler until committed or dropped.
    _live: temp::Registered,
}

impl AtomicFile {
    /// Starts writing `path`; fails at once if it exists and `overwrite` is
    /// not set.
    pub fn create(path: &Path, overwrite: bool) -> Result<AtomicFile> {
        if !overwrite && path.exists() {
            return Err(Error::OutputExists {
                path: path.to_path_buf(),
            });
        }
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        temp::sweep(dir);
        let (temp, live) = temp::Registered::create(
            || {
                tempfile::Builder::new()
                    .prefix(&temp::prefix())
                    .suffix(".tmp")
                    .tempfile_in(dir)
            },
            |temp| temp.path(),
        )
        .map_err(|e| Error::write(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            overwrite,
            sync: true,
            _live: live,
            out: std::io::BufWriter::new(temp),
        })
    }

    /// Does not force the content to disk before the rename: for files that
    /// can be made again (a batch's state), where fsync would make the
    /// writes, not the work, the bottleneck.
    pub fn without_sync(mut self) -> Self {
        self.sync = false;
        self
    }

    /// Flushes the content to disk and puts the file in place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let io = |e| Error::write(&path, e);
        let temp = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        // Temporary files are private (0600); outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = std::fs::Permissions::from_mode(0o644);
            temp.as_file().set_permissions(permissions).map_err(io)?;
        }
        if self.sync {
            temp.as_file().sync_all().map_err(io)?;
        }
        if self.overwrite {
            temp.persist(&path).map_err(|e| io(e.error))?;
        } else {
            temp.persist_noclobber(&path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::OutputExists { path: path.clone() }
                } else {
                    io(e.error)
                }
            })?;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        atomic(&path, false, |w: &mut dyn Write| w.write_all(b"done\n")).unwrap();
        let refused = atomic(&path, false, |w: &mut dyn Write| w.write_all(b"again\n"));
        assert!(matches!(refused, Err(Error::OutputExists { .. })));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "done\n");

        let failed = atomic(&path, true, |w: &mut dyn Write| {
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

/// Documents for the writers' tests: an English–German pair of sentences
/// and beads, written out once here instead of in every writer's tests.
#[cfg(test)]
pub(crate) mod fixture {
    use super::AlignedDocument;
    use crate::align::{Alignment, Bead};
    use crate::lang::Lang;
    use crate::segment::Sentence;

    /// Sentences of one paragraph with these texts, ids from 0.
    pub fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .enumerate()
            .map(|(id, text)| Sentence {
                id,
                paragraph: 0,
                text: (*text).to_string(),
            })
            .collect()
    }

    /// A bead of these sentences.
    pub fn bead(
        source: std::ops::Range<usize>,
        target: std::ops::Range<usize>,
        confidence: f64,
    ) -> Bead {
        Bead {
            source,
            target,
            confidence,
        }
    }

    /// An aligned English original with its German translation.
    pub struct Pair {
        pub source: Vec<Sentence>,
        pub target: Vec<Sentence>,
        pub alignment: Alignment,
        en: Lang,
        de: Lang,
    }

    impl Pair {
        pub fn new(source: &[&str], target: &[&str], beads: Vec<Bead>) -> Pair {
            Pair {
                source: sentences(source),
                target: sentences(target),
                alignment: Alignment {
                    beads,
                    parallel: 1.0,
                },
                en: Lang::parse("en").unwrap(),
                de: Lang::parse("de").unwrap(),
            }
        }

        /// The pair as the writers see it, named `id`.
        pub fn doc<'a>(&'a self, id: &'a str) -> AlignedDocument<'a> {
            AlignedDocument {
                id,
                source: &self.source,
                target: &self.target,
                source_lang: &self.en,
                target_lang: &self.de,
                alignment: &self.alignment,
                units: None,
            }
        }
    }
}
