//! What a batch writes once it is aligned: the combined corpus of each
//! language pair in every format asked for, each document's own files, and
//! the summary (`summary.csv`, and the figures the command reports).
//!
//! Every file is written atomically, so that a failure or a kill leaves the
//! files of an earlier run as they were; documents are loaded from the
//! batch's store a slice at a time, so that memory does not grow with the
//! batch.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::batch::{DocumentSummary, Failure, Outcome, Store};
use super::check::{self, Policy};
use super::{Orphan, PairSpec, document_file_stem};
use crate::align::{AlignedPair, Aligner, SPLIT_CONFIDENCE, Unit};
use crate::error::{Error, Result};
use crate::eval::{self, Evaluation};
use crate::lang::Lang;
use crate::write::{
    AtomicFile, Dropped, Format, Options, Writer, atomic, create_dir_within, guard_formula,
    one_line,
};

/// Documents loaded at a time when the combined corpus is written.
const LOAD_SLICE: usize = 256;

/// Where and how a batch writes its results.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The folder everything is written in (and nothing outside it).
    pub folder: PathBuf,
    /// The formats, each written as one corpus file per language pair.
    pub formats: Vec<Format>,
    /// How the writers write (selection, columns, CSV profile).
    pub options: Options,
    /// Whether each document also gets its own files under `documents/`.
    pub per_document: bool,
    /// Whether pairs are scored against the `gold.txt` beside their source.
    pub gold: bool,
    /// Whether files of an earlier run may be replaced.
    pub overwrite: bool,
    /// Which findings of the checks after aligning keep a document out of
    /// the corpus formats.
    pub policy: Policy,
    /// The bead types every document is counted by (see
    /// [`crate::align::bead_kinds`]).
    pub bead_kinds: Vec<String>,
    /// With an aligner, TMX units are cut to sentences where it is sure of
    /// the parts ([`Aligner::split_beads`]); without, a unit is a bead.
    pub sentence_units: Option<Aligner>,
}

/// What the batch produced, for the terminal, `summary.csv` and JSON.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Document pairs found.
    pub documents: usize,
    /// Of them, aligned (now or in the run resumed).
    pub aligned: usize,
    /// Of them, taken from the run resumed.
    pub resumed: usize,
    /// Stored from an earlier run but made from other inputs or settings:
    /// aligned again.
    pub stale: usize,
    /// The bead types every document is counted by (its columns).
    #[serde(skip)]
    pub bead_kinds: Vec<String>,
    /// The pairs that could not be aligned, with why.
    pub failed: Vec<Failure>,
    /// Documents found with no partner: not aligned, listed.
    pub orphans: Vec<Orphan>,
    /// Sentences of all originals.
    pub source_sentences: usize,
    /// Sentences of all translations.
    pub target_sentences: usize,
    /// Beads of all documents by type.
    pub beads: BTreeMap<String, usize>,
    /// Over the beads that pair sentences, as per document.
    pub mean_confidence: Option<f64>,
    /// Beads below confidence 0.5.
    pub below_half: usize,
    /// The documents that do not look like translations of each other, left
    /// out of the corpus formats (none when the policy allows them).
    pub unrelated: Vec<String>,
    /// What the user should know, each naming its document or file.
    pub warnings: Vec<String>,
    /// What the corpus files left out by choice (a minimum confidence,
    /// duplicates), by file name.
    pub left_out: BTreeMap<String, Dropped>,
    /// Every file written, summary.csv last.
    pub outputs: Vec<PathBuf>,
    /// The score against the gold alignments found, if asked for.
    pub gold: Option<eval::Report>,
    /// The figures of each aligned document, in order.
    pub per_document: Vec<DocumentSummary>,
}

/// The pairs of each language pair, in order of first appearance.
type Groups = Vec<((Lang, Lang), Vec<usize>)>;

impl Outputs {
    /// The combined files the batch of `pairs` writes: summary.csv and one
    /// corpus file per language pair and format (not the per-document
    /// files, see [`Outputs::document_files`]).
    pub fn corpus_files(&self, pairs: &[PairSpec]) -> Vec<PathBuf> {
        let groups = language_groups(pairs);
        let mut files = vec![self.folder.join("summary.csv")];
        for (key, _) in &groups {
            for format in &self.formats {
                files.push(self.corpus_file(&groups, key, format));
            }
        }
        files
    }

    /// The files a pair gets of its own, one per format (written only with
    /// [`Outputs::per_document`]).
    pub fn document_files(&self, pair: &PairSpec) -> Vec<PathBuf> {
        let stem = self
            .folder
            .join("documents")
            .join(document_file_stem(&pair.id));
        self.formats
            .iter()
            .map(|format| {
                let mut name = stem.file_name().unwrap_or_default().to_os_string();
                name.push(".");
                name.push(format.extension(&pair.source_lang, &pair.target_lang));
                stem.with_file_name(name)
            })
            .collect()
    }

    /// An error if a combined file is there from an earlier run and may
    /// not be replaced: checked before anything is aligned.
    pub fn refuse_existing(&self, pairs: &[PairSpec]) -> Result<()> {
        match self.corpus_files(pairs).into_iter().find(|p| p.exists()) {
            Some(path) if !self.overwrite => Err(Error::OutputExists { path }),
            _ => Ok(()),
        }
    }

    /// The corpus formats asked for (those unrelated documents are left
    /// out of), by name.
    pub fn corpus_formats(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for format in self.formats.iter().filter(|f| f.is_corpus()) {
            let name = match format {
                Format::Moses(_) | Format::MosesIds => "moses".to_string(),
                other => other.to_string(),
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Writes the results of [`super::batch::run`] (`outcomes`, one per
    /// pair, the aligned documents in `store`) and the summary.
    pub fn write(
        &self,
        pairs: &[PairSpec],
        outcomes: &[Outcome],
        store: &Store,
        orphans: Vec<Orphan>,
    ) -> Result<Summary> {
        let mut summary = Summary {
            bead_kinds: self.bead_kinds.clone(),
            documents: pairs.len(),
            aligned: 0,
            resumed: 0,
            stale: 0,
            failed: Vec::new(),
            orphans,
            source_sentences: 0,
            target_sentences: 0,
            beads: BTreeMap::new(),
            mean_confidence: None,
            below_half: 0,
            unrelated: Vec::new(),
            warnings: Vec::new(),
            left_out: BTreeMap::new(),
            outputs: Vec::new(),
            gold: None,
            per_document: Vec::new(),
        };
        let mut evaluation = Evaluation::new();
        let mut confidence = (0.0, 0usize);
        let groups = language_groups(pairs);
        for (key, members) in &groups {
            let paths: Vec<PathBuf> = (self.formats.iter())
                .map(|format| self.corpus_file(&groups, key, format))
                .collect();
            let mut files = paths
                .iter()
                .map(|path| AtomicFile::create(path, self.overwrite))
                .collect::<Result<Vec<AtomicFile>>>()?;
            {
                let mut writers: Vec<Box<dyn Writer + '_>> = (files.iter_mut())
                    .zip(&self.formats)
                    .map(|(file, format)| format.writer(file, &self.options))
                    .collect();
                // Documents are loaded (parsed) in parallel, a slice at a
                // time, and written in order.
                for slice in members.chunks(LOAD_SLICE) {
                    let loaded: Vec<Option<Result<AlignedPair>>> = slice
                        .par_iter()
                        .map(|&k| {
                            matches!(outcomes[k], Outcome::Done { .. })
                                .then(|| store.load(&pairs[k].id))
                        })
                        .collect();
                    for (&k, pair) in slice.iter().zip(loaded) {
                        let pair = pair.transpose()?;
                        self.add(
                            &pairs[k],
                            &outcomes[k],
                            pair.as_ref(),
                            &mut writers,
                            &paths,
                            &mut summary,
                            &mut evaluation,
                        )?;
                        if let Some(pair) = &pair {
                            for bead in pair.alignment.beads.iter().filter(|b| !b.is_null()) {
                                confidence.0 += bead.confidence;
                                confidence.1 += 1;
                            }
                        }
                    }
                }
                for (writer, path) in writers.iter_mut().zip(&paths) {
                    writer.finish().map_err(|e| Error::write(path, e))?;
                    let name = file_name(path);
                    summary
                        .warnings
                        .extend(writer.warnings().iter().map(|w| format!("{name}: {w}")));
                    if !writer.dropped().is_empty() {
                        summary.left_out.insert(name, writer.dropped());
                    }
                }
            }
            for file in files {
                file.commit()?;
            }
            summary.outputs.extend(paths);
        }
        summary.mean_confidence = (confidence.1 > 0).then(|| confidence.0 / confidence.1 as f64);
        if self.gold {
            summary.gold = Some(evaluation.report());
        }
        let path = self.folder.join("summary.csv");
        atomic(&path, self.overwrite, |out| {
            write_summary_csv(out, pairs, outcomes, &summary)
        })?;
        summary.outputs.push(path);
        Ok(summary)
    }

    /// Adds one pair's outcome to the corpus files and the summary (`pair`
    /// is the aligned document, if it was aligned).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        spec: &PairSpec,
        outcome: &Outcome,
        pair: Option<&AlignedPair>,
        writers: &mut [Box<dyn Writer + '_>],
        paths: &[PathBuf],
        summary: &mut Summary,
        evaluation: &mut Evaluation,
    ) -> Result<()> {
        let (pair, resumed, stale, notes) = match (outcome, pair) {
            (Outcome::Failed(failure), _) => {
                summary.failed.push(failure.clone());
                return Ok(());
            }
            (
                Outcome::Done {
                    resumed,
                    stale,
                    notes,
                },
                Some(pair),
            ) => (pair, *resumed, *stale, notes),
            (Outcome::Done { .. }, None) => unreachable!("every aligned document is loaded"),
        };
        let findings = check::after_aligning(pair);
        let withheld = findings.iter().any(|f| self.policy.withholds(f));
        let units = self.units(pair);
        for ((writer, format), path) in writers.iter_mut().zip(&self.formats).zip(paths) {
            if !(withheld && format.is_corpus()) {
                writer
                    .document(&view(pair, units.as_deref()))
                    .map_err(|e| Error::write(path, e))?;
            }
        }
        if self.per_document {
            self.write_document(spec, pair, units.as_deref(), withheld)?;
        }
        let gold = self.gold.then(|| score(spec, pair, evaluation)).flatten();
        let mut doc = DocumentSummary::of(pair, &self.bead_kinds, &findings);
        if withheld {
            doc.warnings
                .push(format!("left out of {}", self.corpus_formats().join(", ")));
            summary.unrelated.push(doc.id.clone());
        }
        doc.warnings.extend(spec.notes.iter().cloned());
        doc.warnings.extend(notes.iter().cloned());
        doc.warnings.extend(gold);
        summary.aligned += 1;
        summary.resumed += usize::from(resumed);
        summary.stale += usize::from(stale);
        summary.source_sentences += doc.source_sentences;
        summary.target_sentences += doc.target_sentences;
        for (kind, n) in &doc.beads {
            *summary.beads.entry(kind.clone()).or_insert(0) += n;
        }
        summary.below_half += doc.below_half;
        summary
            .warnings
            .extend(doc.warnings.iter().map(|w| format!("{}: {w}", doc.id)));
        summary.per_document.push(doc);
        Ok(())
    }

    /// The TMX units of a pair cut to sentences, if asked for and a TMX is
    /// written.
    fn units(&self, pair: &AlignedPair) -> Option<Vec<Unit>> {
        let aligner = self.sentence_units.as_ref()?;
        self.formats
            .contains(&Format::Tmx)
            .then(|| aligner.split_beads(pair, SPLIT_CONFIDENCE))
    }

    /// The corpus file of one language pair in one format.
    fn corpus_file(&self, groups: &Groups, key: &(Lang, Lang), format: &Format) -> PathBuf {
        let stem = if groups.len() == 1 {
            "corpus".to_string()
        } else {
            format!("corpus.{}-{}", key.0, key.1)
        };
        let name = format!("{stem}.{}", format.extension(&key.0, &key.1));
        self.folder.join(name)
    }

    /// Writes one document's own files; a `withheld` document goes only
    /// into the review formats (the corpus formats' files are written
    /// without it).
    fn write_document(
        &self,
        spec: &PairSpec,
        pair: &AlignedPair,
        units: Option<&[Unit]>,
        withheld: bool,
    ) -> Result<()> {
        for (format, path) in self.formats.iter().zip(self.document_files(spec)) {
            if let Some(parent) = path.parent() {
                create_dir_within(&self.folder, parent)?;
            }
            atomic(&path, self.overwrite, |out| {
                let mut writer = format.writer(out, &self.options);
                if !(withheld && format.is_corpus()) {
                    writer.document(&view(pair, units))?;
                }
                writer.finish()
            })?;
        }
        Ok(())
    }
}

/// What the writers take of a pair, with its TMX units if they are cut.
fn view<'a>(pair: &'a AlignedPair, units: Option<&'a [Unit]>) -> crate::write::AlignedDocument<'a> {
    match units {
        Some(units) => pair.view().with_units(units),
        None => pair.view(),
    }
}

/// The pairs of each language pair, in order of first appearance.
fn language_groups(pairs: &[PairSpec]) -> Groups {
    let mut groups: Groups = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        let key = (pair.source_lang.clone(), pair.target_lang.clone());
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, members)) => members.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    groups
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Scores a pair against the gold.txt beside its source, if there is one.
/// A gold file that is there but cannot be read or parsed is not scored and
/// comes back as a warning naming the file and line: skipping it silently
/// would report a score over fewer documents than the user gave.
fn score(spec: &PairSpec, pair: &AlignedPair, evaluation: &mut Evaluation) -> Option<String> {
    let gold_path = spec.source.parent()?.join("gold.txt");
    if !gold_path.exists() {
        return None;
    }
    let gold = match eval::read_beads(&gold_path) {
        Ok(gold) => gold,
        Err(e) => return Some(format!("gold not scored: {e}")),
    };
    let predicted: Vec<eval::ScoredBead> = pair
        .alignment
        .beads
        .iter()
        .map(|b| {
            eval::ScoredBead::new(b.source.clone().collect(), b.target.clone().collect())
                .with_confidence(b.confidence)
        })
        .collect();
    evaluation.add(&gold, &predicted);
    None
}

/// `summary.csv`: one row per pair and per orphan, with the same columns
/// whatever was found (every bead type `summary.bead_kinds` names).
fn write_summary_csv(
    out: &mut dyn Write,
    pairs: &[PairSpec],
    outcomes: &[Outcome],
    summary: &Summary,
) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let kinds = &summary.bead_kinds;
    let mut header: Vec<String> = [
        "id",
        "status",
        "source_sentences",
        "target_sentences",
        "beads",
    ]
    .map(String::from)
    .into();
    header.extend(kinds.iter().map(|k| format!("beads_{k}")));
    header.extend(
        [
            "parallel_probability",
            "mean_confidence",
            "below_0.5",
            "unaligned_share",
            "warnings",
            "error",
        ]
        .map(String::from),
    );
    csv.write_record(&header)?;
    // Every row has every column; a failed document's figures are empty.
    let empty = header.len() - 3;
    let mut docs = summary.per_document.iter();
    // People open the summary in spreadsheets: an id or a message
    // starting with = + - @ must not run as a formula there.
    let text = |cell: &str| guard_formula(&one_line(cell)).into_owned();
    let unrelated: HashSet<&str> = summary.unrelated.iter().map(String::as_str).collect();
    for (pair, outcome) in pairs.iter().zip(outcomes) {
        let mut record = vec![text(&pair.id)];
        match outcome {
            Outcome::Failed(failure) => {
                record.push("failed".into());
                record.extend(std::iter::repeat_n(String::new(), empty));
                record.push(text(&failure.reason()));
            }
            Outcome::Done { .. } => {
                let doc = docs.next().expect("a summary for every aligned document");
                let status = if unrelated.contains(doc.id.as_str()) {
                    "unrelated"
                } else {
                    "aligned"
                };
                record.push(status.into());
                record.push(doc.source_sentences.to_string());
                record.push(doc.target_sentences.to_string());
                record.push(doc.beads.values().sum::<usize>().to_string());
                record.extend(
                    kinds
                        .iter()
                        .map(|k| doc.beads.get(k).copied().unwrap_or(0).to_string()),
                );
                record.push(format!("{:.4}", doc.parallel_probability));
                record.push(
                    doc.mean_confidence
                        .map_or(String::new(), |m| format!("{m:.4}")),
                );
                record.push(doc.below_half.to_string());
                record.push(format!("{:.4}", doc.unaligned_share));
                record.push(text(&doc.warnings.join("; ")));
                record.push(String::new());
            }
        }
        csv.write_record(&record)?;
    }
    for orphan in &summary.orphans {
        let mut record = vec![text(&orphan.path.display().to_string()), "orphan".into()];
        record.extend(std::iter::repeat_n(String::new(), empty));
        record.push(text(&orphan.to_string()));
        csv.write_record(&record)?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::align::Config;
    use crate::segment::Mode;
    use crate::text::{Document, Encoding};

    /// The bundled article aligned, with two 1-1 beads in a row joined into
    /// one 2-2 bead, kept in a store as a batch keeps it.
    fn joined(dir: &Path) -> (PairSpec, Store) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/atlantic-council");
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let read = |name: &str| Document::read(&root.join(name), Encoding::Utf8).unwrap();
        let mut pair = Aligner::new(Config::default()).unwrap().align_documents(
            "article",
            (read("en.txt"), &en),
            (read("de.txt"), &de),
            &Mode::Split,
        );
        let beads = &mut pair.alignment.beads;
        let one = |b: &Bead| b.source.len() == 1 && b.target.len() == 1;
        let k = (0..beads.len() - 1)
            .find(|&k| one(&beads[k]) && one(&beads[k + 1]))
            .unwrap();
        let next = beads.remove(k + 1);
        beads[k].source.end = next.source.end;
        beads[k].target.end = next.target.end;
        let store = Store::new(dir.join("store")).unwrap();
        store.save(&pair, 0).unwrap();
        let spec = PairSpec {
            id: "article".into(),
            source: root.join("en.txt"),
            target: root.join("de.txt"),
            source_lang: en,
            target_lang: de,
            notes: Vec::new(),
        };
        (spec, store)
    }

    /// The TMX's units, and how many more its sentences cut at their
    /// clauses make (parts beyond the first of each sentence).
    fn units(outputs: &Outputs, spec: &PairSpec, store: &Store) -> (usize, usize) {
        let done = Outcome::Done {
            resumed: false,
            stale: false,
            notes: Vec::new(),
        };
        outputs
            .write(std::slice::from_ref(spec), &[done], store, Vec::new())
            .unwrap();
        let tmx = std::fs::read_to_string(outputs.folder.join("corpus.tmx")).unwrap();
        let parts = tmx.matches(r#"<prop type="x-target-part">"#).count();
        let sentences = tmx.matches(r#"<prop type="x-target-part">1/"#).count();
        (tmx.matches("<tu ").count(), parts - sentences)
    }

    /// With sentence units, the TMX of a batch holds the joined bead cut
    /// into its two pairs again (and the article's German sentences that
    /// join two English ones cut at their clauses); without, the bead as
    /// one unit.
    #[test]
    fn sentence_units_cut_a_joined_bead_in_the_tmx() {
        let dir = tempfile::tempdir().unwrap();
        let (spec, store) = joined(dir.path());
        let mut outputs = Outputs {
            folder: dir.path().join("out"),
            formats: vec![Format::Tmx],
            options: Options::default(),
            per_document: false,
            gold: false,
            overwrite: true,
            policy: Policy::default(),
            bead_kinds: crate::align::bead_kinds(2),
            sentence_units: None,
        };
        std::fs::create_dir_all(&outputs.folder).unwrap();
        let (beads, none) = units(&outputs, &spec, &store);
        assert_eq!(none, 0);
        outputs.sentence_units = Some(Aligner::new(Config::default()).unwrap());
        let (cut, parts) = units(&outputs, &spec, &store);
        assert!(parts > 0);
        assert_eq!(cut, beads + 1 + parts);
    }
}
