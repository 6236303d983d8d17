//! Aligning a batch of document pairs: read and segment every pair, run the
//! first pass of each in parallel, learn from all of them together, run the
//! second pass of each in parallel, and keep every finished document in a
//! store so that an interrupted batch can resume.
//!
//! Work is done in chunks of documents, so memory holds one chunk of texts
//! at a time, whatever the size of the batch; results do not depend on the
//! number of threads or on resuming, because every step is per document and
//! what is learned is merged in order of document id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::PairSpec;
use super::check::{self, Declared, Finding, Policy};
use crate::align::{AlignedPair, Aligner, LexiconCounts, Model, Observation, Side};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::segment::{Mode, Segmenter, Sentence};
use crate::text::{Document, Encoding, InputFormat};
use crate::write::AtomicFile;

/// Documents are processed in chunks (in parallel within a chunk) of at
/// most this many documents and this many bytes of text, so that memory
/// holds one chunk whatever the size of the batch, while chunks stay large
/// enough to keep every thread busy.
const CHUNK_DOCUMENTS: usize = 512;
const CHUNK_BYTES: u64 = 64 << 20;

/// How the documents of a batch are read and aligned.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Aligns each pair; shared by the worker threads.
    pub aligner: Aligner,
    /// How every document is cut into sentences: split by bitext's rules, taken line by line, or
    /// split by SRX rules.
    pub mode: Mode,
    /// Encodings of the sources and of the targets.
    pub encodings: (Encoding, Encoding),
    /// The format every document is read in; `None`: the format each
    /// shows.
    pub format: Option<InputFormat>,
    /// Where the translation lexicon comes from.
    pub lexicon: LexiconSource,
    /// Which findings of the checks before aligning fail a pair.
    pub policy: Policy,
}

/// Where a batch's translation lexicon comes from.
#[derive(Debug, Clone)]
pub enum LexiconSource {
    /// Learned from the whole batch.
    Batch,
    /// Learned by each pair from itself, as `bitext align` does.
    Document,
    /// Learned from counts gathered elsewhere (`bitext lexicon`): the
    /// lexicon of the collection they were gathered from.
    Counts(LexiconCounts),
}

impl Settings {
    /// Every setting that changes a document's alignment, as text.
    fn fingerprint(&self) -> String {
        let lexicon = match &self.lexicon {
            LexiconSource::Batch => "batch".to_string(),
            LexiconSource::Document => "document".to_string(),
            LexiconSource::Counts(counts) => {
                let mut bytes = Vec::new();
                counts
                    .write(&mut bytes)
                    .expect("writing to memory does not fail");
                let mut hash = Fnv::default();
                hash.write(&bytes);
                format!("counts {:016x}", hash.0)
            }
        };
        format!(
            "{} mode={:?} encodings={:?} format={:?} lexicon={lexicon}",
            self.aligner.fingerprint(),
            self.mode,
            self.encodings,
            self.format,
        )
    }
}

/// A pair that could not be aligned, and why.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The id of the pair that failed, as in the summary and the outputs.
    pub id: String,
    /// Why it failed: an error naming the file, or the finding that
    /// refused the pair.
    pub cause: Cause,
}

/// Why a pair could not be aligned: kept typed, so that the command can
/// say which option mends it, as it does for a single pair.
#[derive(Debug, Clone)]
pub enum Cause {
    /// A document could not be read, or its result not stored.
    Error(Arc<Error>),
    /// A check refused the pair (the same document twice, a wrong language).
    Refused(Box<Finding>),
}

impl Failure {
    fn new(id: &str, cause: Cause) -> Failure {
        Failure {
            id: id.to_string(),
            cause,
        }
    }

    /// Why, as a sentence naming the file.
    pub fn reason(&self) -> String {
        match &self.cause {
            Cause::Error(error) => error.to_string(),
            Cause::Refused(finding) => finding.to_string(),
        }
    }
}

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        self.id == other.id && self.reason() == other.reason()
    }
}

/// A failure in the summary: `{"id": …, "reason": …}`.
impl Serialize for Failure {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut failure = serializer.serialize_struct("Failure", 2)?;
        failure.serialize_field("id", &self.id)?;
        failure.serialize_field("reason", &self.reason())?;
        failure.end()
    }
}

/// What became of every pair, in batch order.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Aligned (now, or in an earlier run when resuming).
    Done {
        /// Whether the pair was found done in the store from an earlier run and not aligned again.
        resumed: bool,
        /// Found in the store from an earlier run but made from other
        /// inputs or settings, so aligned again.
        stale: bool,
        /// What the user should know about how the documents were read
        /// (`de.txt: read as HTML …`); none when resumed, since the
        /// documents were not read again.
        notes: Vec<String>,
    },
    /// The pair was not aligned; the summary lists it with its reason.
    Failed(Failure),
}

/// Where finished documents are kept (one JSON file each): the marker that a
/// document is done, and what the combined outputs are written from.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// A store in the folder `dir` (a batch's state folder), created if it is missing so that the
    /// first document can be stored.
    pub fn new(dir: PathBuf) -> Result<Store> {
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(Store { dir })
    }

    fn path(&self, id: &str) -> PathBuf {
        // Ids may hold slashes (pair folders below the input); keep them
        // readable but flat and unambiguous.
        let name: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '~'
                }
            })
            .collect();
        self.dir.join(format!("{name}.{:016x}.json", fnv1a(id)))
    }

    /// Keeps a finished document with the key of what it was made from
    /// (atomically; not forced to disk: a file lost in a crash is one that
    /// does not load, and is aligned again).
    pub fn save(&self, pair: &AlignedPair, key: u64) -> Result<()> {
        let path = self.path(&pair.id);
        let mut file = AtomicFile::create(&path, true)?.without_sync();
        let stored = StoredRef {
            key: format!("{key:016x}"),
            pair,
        };
        serde_json::to_writer(&mut file, &stored).map_err(|e| Error::write(&path, e.into()))?;
        file.commit()
    }

    /// A finished document.
    pub fn load(&self, id: &str) -> Result<AlignedPair> {
        self.load_stored(id).map(|stored| stored.pair)
    }

    /// What the store holds for `id`, if it was made from inputs and
    /// settings of this `key`: `Some(true)` it is there and current,
    /// `Some(false)` it is there but stale, `None` nothing (or damaged).
    fn holds(&self, id: &str, key: u64) -> Option<bool> {
        self.load_stored(id)
            .ok()
            .map(|stored| stored.key == format!("{key:016x}"))
    }

    fn load_stored(&self, id: &str) -> Result<Stored> {
        let path = self.path(id);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_slice(&bytes).map_err(|cause| Error::DamagedState { path, cause })
    }
}

/// A stored document and the key of what it was made from.
#[derive(Deserialize)]
struct Stored {
    key: String,
    pair: AlignedPair,
}

#[derive(Serialize)]
struct StoredRef<'a> {
    key: String,
    pair: &'a AlignedPair,
}

/// The key of a pair's inputs: both files' bytes and languages. A file that
/// cannot be read has no key (the pair fails when it is read for aligning).
fn input_key(spec: &PairSpec) -> Option<u64> {
    let source = std::fs::read(&spec.source).ok()?;
    let target = std::fs::read(&spec.target).ok()?;
    let mut hash = Fnv::default();
    for part in [
        spec.source_lang.to_string().as_bytes(),
        &source,
        spec.target_lang.to_string().as_bytes(),
        &target,
    ] {
        hash.write(&(part.len() as u64).to_le_bytes());
        hash.write(part);
    }
    Some(hash.0)
}

/// FNV-1a, fed in parts.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A stable 64-bit hash (FNV-1a), for file names.
pub fn fnv1a(text: &str) -> u64 {
    let mut hash = Fnv::default();
    hash.write(text.as_bytes());
    hash.0
}

/// Receives how far a batch is, for a progress bar: one count over all
/// phases (reading and learning, then aligning), so that one bar and one
/// estimate of the time left cover the whole run.
pub trait Progress: Sync {
    /// The run has `total` steps in all (a step is one document in one
    /// phase); called once, before any other call.
    fn start(&self, total: usize);
    /// A phase begins (`learning`, `aligning`).
    fn phase(&self, name: &str);
    /// `done` steps of the total are finished.
    fn advance(&self, done: usize);
}

/// No progress reports.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn phase(&self, _: &str) {}
    fn advance(&self, _: usize) {}
}

/// Aligns every pair, keeping finished documents in `store`. With `resume`,
/// documents already in the store are not aligned again (the first pass
/// still reads every document, so that what is learned is the same as in
/// one uninterrupted run), unless they were made from other inputs or
/// settings: every stored document carries a key of its two files' bytes,
/// its languages and every setting that changes the result, and with a
/// batch-wide lexicon also of every other input of the batch (one changed
/// document changes what all of them learn).
pub fn run(
    pairs: &[PairSpec],
    settings: &Settings,
    store: &Store,
    resume: bool,
    progress: &dyn Progress,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; pairs.len()];
    let chunks = chunks(pairs);
    // Learned from as a sample that is the same however the batch is split
    // (see `LexiconCounts`): `bitext lexicon learn` on shards, merged,
    // gives this lexicon.
    let mut counts = LexiconCounts::default();
    let mut guides: Vec<Option<Vec<usize>>> = vec![None; pairs.len()];
    let learning = matches!(settings.lexicon, LexiconSource::Batch);
    let phases = 1 + usize::from(learning);
    progress.start(phases * pairs.len());
    if learning {
        progress.phase("learning");
        for &(start, chunk) in &chunks {
            let seen: Vec<std::result::Result<Observation, Failure>> = chunk
                .par_iter()
                .map(|spec| {
                    let (source, target, _notes) = read_pair(spec, settings)?;
                    Ok(settings.aligner.observe(
                        side(&source, &spec.source_lang),
                        side(&target, &spec.target_lang),
                    ))
                })
                .collect();
            for (k, seen) in seen.into_iter().enumerate() {
                match seen {
                    Ok(mut observation) => {
                        guides[start + k] = observation.take_guide();
                        let added = counts.insert(&chunk[k].id, observation);
                        debug_assert!(added, "the pairs of a batch have different ids");
                    }
                    Err(failure) => outcomes[start + k] = Some(Outcome::Failed(failure)),
                }
            }
            progress.advance(start + chunk.len());
        }
    }
    let model = match &settings.lexicon {
        LexiconSource::Counts(given) => settings.aligner.learn_counts(given),
        _ => settings.aligner.learn_counts(&counts),
    };
    let keys: Vec<Option<u64>> = pairs.par_iter().map(input_key).collect();
    let mut base = Fnv::default();
    base.write(settings.fingerprint().as_bytes());
    if learning {
        for key in &keys {
            base.write(&key.unwrap_or(0).to_le_bytes());
        }
    }
    let key_of = |k: usize| {
        keys[k].map(|key| {
            let mut hash = Fnv(base.0);
            hash.write(&key.to_le_bytes());
            hash.0
        })
    };
    progress.phase("aligning");
    let before = (phases - 1) * pairs.len();
    for &(start, chunk) in &chunks {
        // Pairs that failed in the first pass stay failed.
        let done: Vec<Option<Outcome>> = chunk
            .par_iter()
            .enumerate()
            .map(|(k, spec)| {
                if outcomes[start + k].is_some() {
                    return None;
                }
                let key = key_of(start + k);
                // A damaged file does not load, and the pair is aligned again.
                let held = key
                    .filter(|_| resume)
                    .and_then(|key| store.holds(&spec.id, key));
                if held == Some(true) {
                    return Some(Outcome::Done {
                        resumed: true,
                        stale: false,
                        notes: Vec::new(),
                    });
                }
                let guide = guides[start + k].as_deref();
                Some(align_one(
                    spec,
                    settings,
                    &model,
                    guide,
                    store,
                    key.unwrap_or(0),
                    held == Some(false),
                ))
            })
            .collect();
        for (k, outcome) in done.into_iter().enumerate() {
            if let Some(outcome) = outcome {
                outcomes[start + k] = Some(outcome);
            }
        }
        progress.advance(before + start + chunk.len());
    }
    outcomes
        .into_iter()
        .map(|o| o.expect("every pair has an outcome"))
        .collect()
}

/// The chunks of a batch, with the index of their first pair.
fn chunks(pairs: &[PairSpec]) -> Vec<(usize, &[PairSpec])> {
    let size = |spec: &PairSpec| {
        let bytes = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        bytes(&spec.source) + bytes(&spec.target)
    };
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (k, spec) in pairs.iter().enumerate() {
        let full = k - start == CHUNK_DOCUMENTS || (k > start && bytes + size(spec) > CHUNK_BYTES);
        if full {
            chunks.push((start, &pairs[start..k]));
            (start, bytes) = (k, 0);
        }
        bytes += size(spec);
    }
    if start < pairs.len() {
        chunks.push((start, &pairs[start..]));
    }
    chunks
}

fn side<'a>(sentences: &'a [Sentence], lang: &'a Lang) -> Side<'a> {
    Side { sentences, lang }
}

fn align_one(
    spec: &PairSpec,
    settings: &Settings,
    model: &Model,
    guide: Option<&[usize]>,
    store: &Store,
    key: u64,
    stale: bool,
) -> Outcome {
    let result = read_pair(spec, settings).and_then(|(source, target, notes)| {
        let (s, t) = (
            side(&source, &spec.source_lang),
            side(&target, &spec.target_lang),
        );
        let alignment = match settings.lexicon {
            LexiconSource::Batch => settings.aligner.align_guided(model, s, t, guide),
            LexiconSource::Counts(_) => settings.aligner.align_learned(model, s, t),
            LexiconSource::Document => settings.aligner.align(s, t),
        };
        let pair = AlignedPair {
            id: spec.id.clone(),
            source_lang: spec.source_lang.clone(),
            target_lang: spec.target_lang.clone(),
            source,
            target,
            alignment,
        };
        store
            .save(&pair, key)
            .map(|()| notes)
            .map_err(|e| Failure::new(&spec.id, Cause::Error(Arc::new(e))))
    });
    match result {
        Ok(notes) => Outcome::Done {
            resumed: false,
            stale,
            notes,
        },
        Err(failure) => Outcome::Failed(failure),
    }
}

/// The sentences of both documents of a pair, and the notes about how
/// they were read (each naming its file).
type ReadPair = (Vec<Sentence>, Vec<Sentence>, Vec<String>);

/// Reads and segments both documents of a pair; any problem (unreadable,
/// empty, wrong encoding) or finding the policy refuses (the same document
/// twice, a wrong language) becomes a failure naming the file.
fn read_pair(spec: &PairSpec, settings: &Settings) -> std::result::Result<ReadPair, Failure> {
    let fail = |cause: Cause| Failure::new(&spec.id, cause);
    let read = |path: &Path, encoding: Encoding| {
        Document::read_as(path, encoding, settings.format)
            .map_err(|e| fail(Cause::Error(Arc::new(e))))
    };
    let (source_encoding, target_encoding) = settings.encodings;
    let source = read(&spec.source, source_encoding)?;
    let target = read(&spec.target, target_encoding)?;
    let (source_text, target_text) = (source.text(), target.text());
    let findings = check::before_aligning(
        Declared::new(&spec.source, &source_text, &spec.source_lang),
        Declared::new(&spec.target, &target_text, &spec.target_lang),
    );
    if let Some(refused) = findings.iter().find(|f| settings.policy.refuses(f)) {
        return Err(fail(Cause::Refused(Box::new(refused.clone()))));
    }
    let mut notes: Vec<String> = findings.iter().map(ToString::to_string).collect();
    for document in [&source, &target] {
        notes.extend(
            document
                .notes
                .iter()
                .map(|note| format!("{}: {note}", document.path.display())),
        );
    }
    Ok((
        Segmenter::new(&spec.source_lang).segment(&source, &settings.mode),
        Segmenter::new(&spec.target_lang).segment(&target, &settings.mode.for_translation()),
        notes,
    ))
}

/// Per-document figures for the summary: the same fields for every
/// document, so that a summary can be filtered and joined on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// The pair's document id, to join the summary's rows with the outputs.
    pub id: String,
    /// Sentences of the original, as segmented.
    pub source_sentences: usize,
    /// Sentences of the translation, as segmented.
    pub target_sentences: usize,
    /// Beads of every type the alignment allows, zero where there are none.
    pub beads: BTreeMap<String, usize>,
    /// The probability that the two documents translate each other.
    pub parallel_probability: f64,
    /// Mean confidence of the beads that pair sentences (null beads are
    /// confident in unrelated documents too, so they are left out); none
    /// where no bead pairs sentences.
    pub mean_confidence: Option<f64>,
    /// Beads (null beads too) below confidence 0.5: what a reviewer reads.
    pub below_half: usize,
    /// Share of the sentences of both documents in null beads.
    pub unaligned_share: f64,
    /// The findings of the checks about this pair (wrong language, unrelated documents, ...), as
    /// sentences naming the file.
    pub warnings: Vec<String>,
}

impl DocumentSummary {
    /// The figures of `pair`, with a count (maybe 0) for each of `kinds`
    /// (see [`crate::align::bead_kinds`]) and any other type it holds, and
    /// what the checks after aligning found ([`check::after_aligning`]) as
    /// its warnings.
    pub fn of(
        pair: &AlignedPair,
        kinds: &[String],
        findings: &[check::Finding],
    ) -> DocumentSummary {
        let beads = &pair.alignment.beads;
        let mut by_type: BTreeMap<String, usize> = kinds.iter().map(|k| (k.clone(), 0)).collect();
        for bead in beads {
            *by_type.entry(bead.kind()).or_insert(0) += 1;
        }
        let pairing: Vec<f64> = (beads.iter())
            .filter(|b| !b.is_null())
            .map(|b| b.confidence)
            .collect();
        let mean =
            (!pairing.is_empty()).then(|| pairing.iter().sum::<f64>() / pairing.len() as f64);
        let nulls: usize = beads
            .iter()
            .filter(|b| b.is_null())
            .map(|b| b.source.len() + b.target.len())
            .sum();
        let sentences = pair.source.len() + pair.target.len();
        DocumentSummary {
            id: pair.id.clone(),
            source_sentences: pair.source.len(),
            target_sentences: pair.target.len(),
            beads: by_type,
            parallel_probability: pair.alignment.parallel,
            mean_confidence: mean,
            below_half: pair.alignment.doubtful(),
            unaligned_share: nulls as f64 / sentences.max(1) as f64,
            warnings: findings.iter().map(ToString::to_string).collect(),
        }
    }
}
