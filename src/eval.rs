//! Scoring an alignment against a gold alignment, the way the
//! sentence-alignment literature scores it on Text+Berg (Sennrich & Volk 2010;
//! the Vecalign and Bertalign papers), so that bitext's figures can be set
//! beside published ones.
//!
//! Both alignments are lists of beads: groups of source and target sentence
//! ids aligned together. Counts are summed over all documents before any
//! division, as the field does, so long documents weigh more than short ones.
//!
//! ```
//! use std::path::Path;
//! use bitext::eval::{self, Evaluation};
//!
//! let gold = eval::parse_beads(Path::new("gold.txt"), "[0]:[0]\n[1]:[1, 2]\n")?;
//! let pred = eval::parse_beads(Path::new("pred.txt"), "[0]:[0]:0.9\n[1]:[1]:0.6\n[]:[2]:0.3\n")?;
//! let mut evaluation = Evaluation::new();
//! evaluation.add(&gold, &pred); // once per document
//! let report = evaluation.report();
//! assert_eq!(report.strict.precision, 1.0 / 3.0); // only [0]:[0] is in the gold
//! assert_eq!(report.strict.recall, 0.5); // [1]:[1, 2] was not found exactly
//! assert_eq!(report.lax.recall, 1.0); // ... but [1]:[1] overlaps it on both sides
//! # Ok::<(), bitext::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{BeadProblem, Error, Result};

/// One bead of an alignment file: the source and target sentence ids aligned
/// together (either side may be empty), with the aligner's confidence if it
/// gave one.
///
/// The ids are kept as written; comparisons treat each side as a set.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredBead {
    /// Source sentence ids (from 0) of the bead, as written in the file.
    pub source: Vec<usize>,
    /// Target sentence ids (from 0) of the bead, as written in the file.
    pub target: Vec<usize>,
    /// The aligner's confidence that the bead is right, if the file gives one; gold files have
    /// none.
    pub confidence: Option<f64>,
}

impl ScoredBead {
    /// A bead without confidence.
    pub fn new(source: Vec<usize>, target: Vec<usize>) -> ScoredBead {
        ScoredBead {
            source,
            target,
            confidence: None,
        }
    }

    /// The bead with this confidence.
    pub fn with_confidence(self, confidence: f64) -> ScoredBead {
        ScoredBead {
            confidence: Some(confidence),
            ..self
        }
    }

    /// How many sentences the bead holds on each side: `(1, 2)` for a bead
    /// where one source sentence is translated by two target sentences.
    pub fn kind(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }

    /// Whether one side is empty (a sentence left untranslated, or a
    /// translation with no original).
    pub fn is_null(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }

    /// Both sides as sorted id lists, so that `[4, 3]` and `[3, 4]` compare
    /// equal.
    fn key(&self) -> (Vec<usize>, Vec<usize>) {
        let mut source = self.source.clone();
        let mut target = self.target.clone();
        source.sort_unstable();
        target.sort_unstable();
        (source, target)
    }
}

pub use crate::side::Side;

// ---------------------------------------------------------------------------
// Reading alignment files
// ---------------------------------------------------------------------------

/// Reads an alignment file: JSON lines if the name ends in `.jsonl`,
/// otherwise the bead format (see [`parse_beads`]).
pub fn read_beads(path: &Path) -> Result<Vec<ScoredBead>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let offset = e.valid_up_to();
        Error::Bead {
            path: path.to_path_buf(),
            line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
            problem: BeadProblem::NotUtf8 { offset },
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if path.extension().is_some_and(|ext| ext == "jsonl") {
        parse_jsonl(path, text)
    } else {
        parse_beads(path, text)
    }
}

/// Parses the bead format, one bead per line: `[source ids]:[target ids]`,
/// optionally followed by `:confidence`, e.g. `[3]:[3, 4]`, `[7]:[]`,
/// `[0]:[0]:0.93`. Ids are 0-based; spacing is free; blank lines are ignored.
/// `path` only names the file in errors.
pub fn parse_beads(path: &Path, text: &str) -> Result<Vec<ScoredBead>> {
    let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    let beads = lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            parse_bead_line(line)
                .map(|bead| (number, bead))
                .map_err(|problem| Error::Bead {
                    path: path.to_path_buf(),
                    line: number,
                    problem,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    check_beads(path, beads)
}

/// Parses the JSON lines that `bitext align` writes: one object per bead with
/// `source_ids` and `target_ids` arrays and an optional `confidence`; other
/// fields (the sentences' text, ...) are ignored. Blank lines are ignored.
pub fn parse_jsonl(path: &Path, text: &str) -> Result<Vec<ScoredBead>> {
    #[derive(Deserialize)]
    struct Line {
        source_ids: Vec<usize>,
        target_ids: Vec<usize>,
        #[serde(default)]
        confidence: Option<f64>,
    }
    let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    let beads = lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            let error = |problem: BeadProblem| Error::Bead {
                path: path.to_path_buf(),
                line: number,
                problem,
            };
            let parsed: Line = serde_json::from_str(line)
                .map_err(|cause| error(BeadProblem::NotJson { cause }))?;
            let bead = ScoredBead {
                source: parsed.source_ids,
                target: parsed.target_ids,
                confidence: parsed
                    .confidence
                    .map(check_confidence)
                    .transpose()
                    .map_err(error)?,
            };
            check_not_empty(&bead).map_err(error)?;
            Ok((number, bead))
        })
        .collect::<Result<Vec<_>>>()?;
    check_beads(path, beads)
}

/// Parses one non-blank line of the bead format; the error says what is wrong.
fn parse_bead_line(line: &str) -> Result<ScoredBead, BeadProblem> {
    let not_a_bead = |why: &'static str| BeadProblem::Syntax {
        text: line.trim().to_string(),
        why,
    };
    let (source, rest) = take_id_list(line).ok_or_else(|| not_a_bead("no [source ids]"))?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(|| not_a_bead("no ':' after the source ids"))?;
    let (target, rest) = take_id_list(rest).ok_or_else(|| not_a_bead("no [target ids]"))?;
    let rest = rest.trim();
    let confidence = if rest.is_empty() {
        None
    } else {
        let number = rest
            .strip_prefix(':')
            .ok_or_else(|| not_a_bead("unexpected text after the target ids"))?
            .trim();
        let value = number
            .parse::<f64>()
            .map_err(|_| BeadProblem::ConfidenceNotANumber {
                text: line.trim().to_string(),
                number: number.to_string(),
            })?;
        Some(check_confidence(value)?)
    };
    let bead = ScoredBead {
        source: parse_ids(source)?,
        target: parse_ids(target)?,
        confidence,
    };
    check_not_empty(&bead)?;
    Ok(bead)
}

/// Splits `  [1, 2] rest` into the text between the brackets and the rest.
fn take_id_list(text: &str) -> Option<(&str, &str)> {
    let inner = text.trim_start().strip_prefix('[')?;
    let end = inner.find(']')?;
    Some((&inner[..end], &inner[end + 1..]))
}

/// Parses comma-separated sentence ids (`3, 4`); empty text is no ids.
fn parse_ids(list: &str) -> Result<Vec<usize>, BeadProblem> {
    if list.trim().is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|id| {
            let id = id.trim();
            id.parse::<usize>()
                .map_err(|_| BeadProblem::NotAnId { id: id.to_string() })
        })
        .collect()
}

/// Confidences are probabilities: anything else cannot be calibrated.
fn check_confidence(value: f64) -> Result<f64, BeadProblem> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(BeadProblem::ConfidenceOutOfRange { value })
    }
}

/// A bead with no sentence at all aligns nothing and would only distort the
/// counts.
fn check_not_empty(bead: &ScoredBead) -> Result<(), BeadProblem> {
    if bead.source.is_empty() && bead.target.is_empty() {
        Err(BeadProblem::Empty)
    } else {
        Ok(())
    }
}

/// Checks that no sentence id occurs twice on one side, then drops the line
/// numbers.
fn check_beads(path: &Path, beads: Vec<(usize, ScoredBead)>) -> Result<Vec<ScoredBead>> {
    let mut seen: [HashMap<usize, usize>; 2] = Default::default();
    for (line, bead) in &beads {
        for (side, ids) in [(Side::Source, &bead.source), (Side::Target, &bead.target)] {
            let seen = &mut seen[side as usize];
            for &id in ids {
                if let Some(&first_line) = seen.get(&id) {
                    return Err(Error::DuplicateId {
                        path: path.to_path_buf(),
                        line: *line,
                        side,
                        id,
                        first_line,
                    });
                }
                seen.insert(id, *line);
            }
        }
    }
    Ok(beads.into_iter().map(|(_, bead)| bead).collect())
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// Number of equal-width confidence bins in the reliability table.
pub const BINS: usize = 10;

/// Scores accumulated over documents. Add each document with [`add`], then
/// ask for the [`report`]: every ratio is computed from counts summed over
/// all documents, never averaged over documents.
///
/// [`add`]: Evaluation::add
/// [`report`]: Evaluation::report
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    documents: usize,
    gold_beads: usize,
    predicted_beads: usize,
    /// Predicted beads judged against the gold.
    precision: Counts,
    /// Non-null gold beads judged against the non-null predicted beads.
    recall: Counts,
    types: HashMap<(usize, usize), TypeCounts>,
    bins: [Bin; BINS],
    missing_confidence: usize,
}

/// How many beads of a list were judged, and how many were right strictly
/// (the same bead is in the other list) and laxly (it overlaps one on both
/// sides). The rest are false positives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    beads: usize,
    strict: usize,
    lax: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct TypeCounts {
    gold: usize,
    found: usize,
    predicted: usize,
    correct: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Bin {
    count: usize,
    confidence: f64,
    correct: usize,
}

/// Whether one bead is right with respect to a reference alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Verdict {
    strict: bool,
    lax: bool,
}

/// A reference alignment indexed for judging beads against it.
struct Reference {
    exact: std::collections::HashSet<(Vec<usize>, Vec<usize>)>,
    /// For each source id, the reference bead (by position) holding it.
    source_bead: HashMap<usize, usize>,
    target_bead: HashMap<usize, usize>,
}

impl Reference {
    fn new<'a>(beads: impl IntoIterator<Item = &'a ScoredBead>) -> Reference {
        let mut reference = Reference {
            exact: Default::default(),
            source_bead: HashMap::new(),
            target_bead: HashMap::new(),
        };
        for (i, bead) in beads.into_iter().enumerate() {
            reference.exact.insert(bead.key());
            reference
                .source_bead
                .extend(bead.source.iter().map(|&id| (id, i)));
            reference
                .target_bead
                .extend(bead.target.iter().map(|&id| (id, i)));
        }
        reference
    }

    /// Strict: the bead is in the reference. Lax: strict, or some source
    /// sentence of the bead shares a reference bead with some target sentence
    /// of the bead. A null bead is therefore never laxly right unless it is
    /// strictly right.
    fn judge(&self, bead: &ScoredBead) -> Verdict {
        let strict = self.exact.contains(&bead.key());
        let lax = strict
            || bead.source.iter().any(|s| {
                self.source_bead.get(s).is_some_and(|holder| {
                    bead.target
                        .iter()
                        .any(|t| self.target_bead.get(t) == Some(holder))
                })
            });
        Verdict { strict, lax }
    }

    /// Counts the verdicts over `beads`.
    fn count<'a>(&self, beads: impl IntoIterator<Item = &'a ScoredBead>) -> Counts {
        beads.into_iter().fold(Counts::default(), |counts, bead| {
            let verdict = self.judge(bead);
            Counts {
                beads: counts.beads + 1,
                strict: counts.strict + usize::from(verdict.strict),
                lax: counts.lax + usize::from(verdict.lax),
            }
        })
    }
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.beads += other.beads;
        self.strict += other.strict;
        self.lax += other.lax;
    }
}

/// The bin of a confidence in `[0, 1]`: `[0, 0.1)`, …, `[0.9, 1]`.
fn bin_index(confidence: f64) -> usize {
    ((confidence * BINS as f64) as usize).min(BINS - 1)
}

/// `numerator / denominator`, or 0 when there is nothing to divide.
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// The harmonic mean of precision and recall, 0 when both are 0.
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// `"1-2"` for one source and two target sentences.
fn type_label((source, target): (usize, usize)) -> String {
    format!("{source}-{target}")
}

impl Evaluation {
    /// An evaluation with no documents yet.
    pub fn new() -> Evaluation {
        Evaluation::default()
    }

    /// Adds one document: its gold alignment and the predicted one. Each
    /// sentence id is expected once per side and alignment, as
    /// [`read_beads`] checks; otherwise the per-type counts lose meaning.
    pub fn add(&mut self, gold: &[ScoredBead], prediction: &[ScoredBead]) {
        self.documents += 1;
        self.gold_beads += gold.len();
        self.predicted_beads += prediction.len();

        let gold_reference = Reference::new(gold);
        let predicted_reference = Reference::new(prediction);
        self.precision.add(gold_reference.count(prediction));
        // Recall is precision with the roles swapped, null beads left out of
        // both lists: a missed deletion is not a missed translation pair.
        let full = |bead: &&ScoredBead| !bead.is_null();
        let predicted_full = Reference::new(prediction.iter().filter(full));
        self.recall
            .add(predicted_full.count(gold.iter().filter(full)));

        for bead in gold {
            let counts = self.types.entry(bead.kind()).or_default();
            counts.gold += 1;
            counts.found += usize::from(predicted_reference.judge(bead).strict);
        }
        for bead in prediction {
            let correct = gold_reference.judge(bead).strict;
            let counts = self.types.entry(bead.kind()).or_default();
            counts.predicted += 1;
            counts.correct += usize::from(correct);
            match bead.confidence {
                Some(confidence) => {
                    let bin = &mut self.bins[bin_index(confidence)];
                    bin.count += 1;
                    bin.confidence += confidence;
                    bin.correct += usize::from(correct);
                }
                None => self.missing_confidence += 1,
            }
        }
    }

    /// The scores over all documents added so far.
    pub fn report(&self) -> Report {
        let scores = |precision_tp: usize, recall_tp: usize| {
            let precision = ratio(precision_tp, self.precision.beads);
            let recall = ratio(recall_tp, self.recall.beads);
            Scores {
                precision,
                recall,
                f1: f1(precision, recall),
            }
        };
        Report {
            documents: self.documents,
            beads: BeadTotals {
                gold: self.gold_beads,
                predicted: self.predicted_beads,
            },
            strict: scores(self.precision.strict, self.recall.strict),
            lax: scores(self.precision.lax, self.recall.lax),
            types: self.type_rows(),
            calibration: self.calibration(),
        }
    }

    /// One row per bead type, the most frequent in the gold first, ties (and
    /// types only predicted) in the order 0-1, 1-0, 1-1, 1-2, ….
    fn type_rows(&self) -> Vec<TypeRow> {
        let mut types: Vec<_> = self.types.iter().collect();
        types.sort_by_key(|&(&kind, counts)| (std::cmp::Reverse(counts.gold), kind));
        types
            .into_iter()
            .map(|(&kind, counts)| TypeRow {
                kind: type_label(kind),
                gold: counts.gold,
                found: counts.found,
                predicted: counts.predicted,
                correct: counts.correct,
            })
            .collect()
    }

    /// The reliability table and ECE, if any predicted bead had a confidence.
    fn calibration(&self) -> Option<Calibration> {
        let total: usize = self.bins.iter().map(|bin| bin.count).sum();
        if total == 0 {
            return None;
        }
        let bins: Vec<BinRow> = self
            .bins
            .iter()
            .enumerate()
            .map(|(i, bin)| {
                let (mean_confidence, accuracy) = if bin.count == 0 {
                    (None, None)
                } else {
                    (
                        Some(bin.confidence / bin.count as f64),
                        Some(ratio(bin.correct, bin.count)),
                    )
                };
                BinRow {
                    lo: i as f64 / BINS as f64,
                    hi: (i + 1) as f64 / BINS as f64,
                    count: bin.count,
                    mean_confidence,
                    accuracy,
                }
            })
            .collect();
        let ece = bins
            .iter()
            .filter_map(|bin| {
                let gap = (bin.accuracy? - bin.mean_confidence?).abs();
                Some(ratio(bin.count, total) * gap)
            })
            .sum();
        Some(Calibration {
            ece,
            bins,
            missing_confidence: self.missing_confidence,
        })
    }
}

/// Everything `bitext eval` reports, ready to print or to serialise as JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Document pairs scored (alignment files, one per pair).
    pub documents: usize,
    /// How many beads gold and prediction hold, over all documents.
    pub beads: BeadTotals,
    /// A bead is right only if the same bead is in the other alignment.
    pub strict: Scores,
    /// A bead is right if it overlaps a bead of the other alignment on both
    /// sides.
    pub lax: Scores,
    /// Strict results per bead type, the most frequent gold type first.
    /// `found` and `correct` count the same exact matches (each sentence is
    /// in one bead), so they are equal; divided by `gold` and `predicted`
    /// they give the type's strict recall and precision.
    pub types: Vec<TypeRow>,
    /// `None` when no predicted bead carries a confidence.
    pub calibration: Option<Calibration>,
}

/// How many beads the gold and the predicted alignments hold, null beads included: a large
/// difference already tells that the aligner merges or splits more than the gold does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BeadTotals {
    /// Beads in the gold alignments.
    pub gold: usize,
    /// Beads in the predicted alignments.
    pub predicted: usize,
}

/// Precision over all predicted beads (null beads included), recall over the
/// gold beads with sentences on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// Share of predicted beads that are right.
    pub precision: f64,
    /// Share of gold beads (with sentences on both sides) that the prediction finds.
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 where both are 0.
    pub f1: f64,
}

/// Strict counts for one bead type such as `1-2` (one source sentence, two
/// target sentences).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeRow {
    #[serde(rename = "type")]
    /// The bead type, source count first (`1-2`); `type` in JSON.
    pub kind: String,
    /// Gold beads of this type.
    pub gold: usize,
    /// Gold beads of this type that the prediction has exactly.
    pub found: usize,
    /// Predicted beads of this type.
    pub predicted: usize,
    /// Predicted beads of this type that are in the gold exactly.
    pub correct: usize,
}

/// How well the predicted confidences match how often beads are right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// Expected calibration error: the bead-weighted mean gap between
    /// accuracy and mean confidence over the bins.
    pub ece: f64,
    /// [`BINS`] equal bins over `[0, 1]`; the last includes 1.
    pub bins: Vec<BinRow>,
    /// Predicted beads without a confidence, left out of the calibration.
    pub missing_confidence: usize,
}

/// One row of the reliability table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BinRow {
    /// Lower bound of the bin's confidences (included).
    pub lo: f64,
    /// Upper bound of the bin's confidences (excluded, except 1 in the last bin).
    pub hi: f64,
    /// Predicted beads whose confidence falls in `[lo, hi)`.
    pub count: usize,
    /// `None` for an empty bin.
    pub mean_confidence: Option<f64>,
    /// The share of the bin's beads that are strictly right; `None` for an
    /// empty bin.
    pub accuracy: Option<f64>,
}

/// Scores one document: a shortcut for an [`Evaluation`] of one.
pub fn score(gold: &[ScoredBead], prediction: &[ScoredBead]) -> Report {
    let mut evaluation = Evaluation::new();
    evaluation.add(gold, prediction);
    evaluation.report()
}

// ---------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------

/// Sentence ids on one side that only one of gold and prediction mentions.
/// Displayed as `source 3, 4 only in the gold; source 9 only in the prediction`.
/// Usually a sign that the two were made from different segmentations, which
/// makes every score after the first difference meaningless.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageGap {
    /// The side whose ids differ.
    pub side: Side,
    /// Ids on that side that only the gold mentions, ascending.
    pub only_in_gold: Vec<usize>,
    /// Ids on that side that only the prediction mentions, ascending.
    pub only_in_prediction: Vec<usize>,
}

/// The sides on which gold and prediction do not cover the same sentences.
pub fn coverage_gaps(gold: &[ScoredBead], prediction: &[ScoredBead]) -> Vec<CoverageGap> {
    [Side::Source, Side::Target]
        .into_iter()
        .filter_map(|side| {
            let ids = |beads: &[ScoredBead]| -> std::collections::BTreeSet<usize> {
                beads
                    .iter()
                    .flat_map(|bead| match side {
                        Side::Source => &bead.source,
                        Side::Target => &bead.target,
                    })
                    .copied()
                    .collect()
            };
            let (gold_ids, predicted_ids) = (ids(gold), ids(prediction));
            let gap = CoverageGap {
                side,
                only_in_gold: gold_ids.difference(&predicted_ids).copied().collect(),
                only_in_prediction: predicted_ids.difference(&gold_ids).copied().collect(),
            };
            (!gap.only_in_gold.is_empty() || !gap.only_in_prediction.is_empty()).then_some(gap)
        })
        .collect()
}

impl fmt::Display for CoverageGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Lists at most a few ids: the first ones are what a user looks at.
        fn list(ids: &[usize]) -> String {
            const SHOWN: usize = 8;
            let shown: Vec<String> = ids.iter().take(SHOWN).map(usize::to_string).collect();
            let more = if ids.len() > SHOWN {
                format!(", … ({} in all)", ids.len())
            } else {
                String::new()
            };
            format!("{}{more}", shown.join(", "))
        }
        let mut parts = Vec::new();
        if !self.only_in_gold.is_empty() {
            parts.push(format!(
                "{} {} only in the gold",
                self.side,
                list(&self.only_in_gold)
            ));
        }
        if !self.only_in_prediction.is_empty() {
            parts.push(format!(
                "{} {} only in the prediction",
                self.side,
                list(&self.only_in_prediction)
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

// ---------------------------------------------------------------------------
// Finding the files to compare
// ---------------------------------------------------------------------------

/// The (gold, prediction) pairs to score. `gold` and `prediction` are either
/// two alignment files, or two folders: then every file under the gold
/// folder (recursively; hidden files such as `.DS_Store` skipped) is paired
/// with the file at the same relative path under the prediction folder, with
/// its extension replaced by `prediction_ext` if one is given (gold
/// `a/doc.txt`, `prediction_ext` `beads` → prediction `a/doc.beads`).
/// `prediction_ext` is ignored for two files. Pairs come sorted by gold path.
pub fn pair_files(
    gold: &Path,
    prediction: &Path,
    prediction_ext: Option<&str>,
) -> Result<Vec<(PathBuf, PathBuf)>> {
    let is_dir = |path: &Path| {
        std::fs::metadata(path)
            .map(|meta| meta.is_dir())
            .map_err(|e| Error::io(path, e))
    };
    match (is_dir(gold)?, is_dir(prediction)?) {
        (false, false) => Ok(vec![(gold.to_path_buf(), prediction.to_path_buf())]),
        (true, true) => {
            let gold_files = files_under(gold)?;
            if gold_files.is_empty() {
                return Err(Error::NoGoldFiles {
                    path: gold.to_path_buf(),
                });
            }
            gold_files
                .into_iter()
                .map(|gold_file| {
                    let expected = prediction_path(gold, &gold_file, prediction, prediction_ext);
                    if expected.is_file() {
                        Ok((gold_file, expected))
                    } else {
                        Err(Error::MissingPrediction {
                            gold: gold_file,
                            expected,
                        })
                    }
                })
                .collect()
        }
        _ => Err(Error::FileAndFolder {
            gold: gold.to_path_buf(),
            prediction: prediction.to_path_buf(),
        }),
    }
}

/// Where the prediction for `gold_file` (found under `gold_root`) should be.
fn prediction_path(
    gold_root: &Path,
    gold_file: &Path,
    prediction_root: &Path,
    prediction_ext: Option<&str>,
) -> PathBuf {
    let relative = gold_file.strip_prefix(gold_root).unwrap_or(gold_file);
    let mut path = prediction_root.join(relative);
    if let Some(ext) = prediction_ext {
        path.set_extension(ext.trim_start_matches('.'));
    }
    path
}

/// Every non-hidden file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let path = entry.map_err(|e| Error::io(&folder, e))?.path();
            let hidden = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(text: &str) -> Vec<ScoredBead> {
        parse_beads(Path::new("test.txt"), text).unwrap()
    }

    fn bead(source: &[usize], target: &[usize]) -> ScoredBead {
        ScoredBead::new(source.to_vec(), target.to_vec())
    }

    fn error(text: &str) -> String {
        parse_beads(Path::new("test.txt"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parses_the_bead_format_with_free_spacing() {
        let got = beads(
            "[0]:[0]\n\n[1, 2]:[1]\n[3]:[]\n  []:[2 ,3]  \n[ 4 ] : [ 4 ] : 0.93\r\n[5]:[5,6]:1\n",
        );
        assert_eq!(
            got,
            vec![
                bead(&[0], &[0]),
                bead(&[1, 2], &[1]),
                bead(&[3], &[]),
                bead(&[], &[2, 3]),
                bead(&[4], &[4]).with_confidence(0.93),
                bead(&[5], &[5, 6]).with_confidence(1.0),
            ]
        );
        assert_eq!(got[1].kind(), (2, 1));
        assert!(got[2].is_null() && got[3].is_null() && !got[0].is_null());
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        for (text, line, says) in [
            ("[0]:[0]\n3:4\n", 2, "no [source ids]"),
            ("[0] [0]\n", 1, "no ':' after the source ids"),
            ("[0]:\n", 1, "no [target ids]"),
            ("[0]:[0\n", 1, "no [target ids]"),
            ("[0]:[0] x\n", 1, "unexpected text"),
            ("\n\n[0]:[0]:high\n", 3, "\"high\" is not a number"),
            ("[0]:[0]:1.5\n", 1, "not between 0 and 1"),
            ("[0]:[0]:NaN\n", 1, "not between 0 and 1"),
            ("[a]:[0]\n", 1, "\"a\" is not a sentence id"),
            ("[-1]:[0]\n", 1, "\"-1\" is not a sentence id"),
            ("[0,]:[0]\n", 1, "\"\" is not a sentence id"),
            ("[]:[]\n", 1, "empty bead"),
        ] {
            let message = error(text);
            assert!(
                message.starts_with(&format!("test.txt:{line}: ")),
                "{text:?}: {message}"
            );
            assert!(message.contains(says), "{text:?}: {message}");
        }
    }

    #[test]
    fn an_id_twice_is_an_error() {
        assert_eq!(
            error("[0]:[0]\n[1]:[1]\n[2]:[1, 2]\n"),
            "test.txt:3: target sentence 1 is already in the bead on line 2; \
             each sentence belongs to at most one bead"
        );
        assert!(error("[0, 0]:[0]\n").starts_with("test.txt:1: source sentence 0"));
        // The same id on both sides is normal: sentence 0 of each document.
        assert_eq!(beads("[0]:[0]").len(), 1);
    }

    #[test]
    fn parses_jsonl_and_ignores_other_fields() {
        let text = r#"{"source_ids": [0], "target_ids": [0, 1], "confidence": 0.5, "source": "A.", "target": "B. C."}

{"source_ids": [], "target_ids": [2]}
{"source_ids": [1], "target_ids": [], "confidence": null}
"#;
        let got = parse_jsonl(Path::new("a.jsonl"), text).unwrap();
        assert_eq!(
            got,
            vec![
                bead(&[0], &[0, 1]).with_confidence(0.5),
                bead(&[], &[2]),
                bead(&[1], &[]),
            ]
        );
    }

    #[test]
    fn jsonl_errors_name_file_and_line() {
        let path = Path::new("a.jsonl");
        let message = parse_jsonl(
            path,
            "{\"source_ids\": [0], \"target_ids\": [0]}\n{\"source_ids\": [1]}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            message.starts_with("a.jsonl:2: not a bead: missing field `target_ids`"),
            "{message}"
        );
        let message = parse_jsonl(
            path,
            "{\"source_ids\": [0], \"target_ids\": [0], \"confidence\": 2}\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(message, "a.jsonl:1: confidence 2 is not between 0 and 1");
        let message = parse_jsonl(path, "{\"source_ids\": [0], \"target_ids\": [0]}\n{\"source_ids\": [0], \"target_ids\": [1]}\n")
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("a.jsonl:2: source sentence 0 is already in the bead on line 1"),
            "{message}"
        );
    }

    #[test]
    fn reads_files_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let beads_path = dir.path().join("doc.beads");
        std::fs::write(&beads_path, "\u{feff}[0]:[0]:0.5\n").unwrap();
        assert_eq!(
            read_beads(&beads_path).unwrap(),
            vec![bead(&[0], &[0]).with_confidence(0.5)]
        );
        let jsonl_path = dir.path().join("doc.jsonl");
        std::fs::write(&jsonl_path, "{\"source_ids\":[0],\"target_ids\":[0]}\n").unwrap();
        assert_eq!(read_beads(&jsonl_path).unwrap(), vec![bead(&[0], &[0])]);
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"[0]:[0]\n[1]:[1] \xe9\n").unwrap();
        let message = read_beads(&latin1).unwrap_err().to_string();
        assert!(
            message.ends_with(
                "latin1.txt:2: not valid UTF-8 (byte 16); alignment files are UTF-8 text"
            ),
            "{message}"
        );
        let missing = read_beads(&dir.path().join("none.txt")).unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("none.txt: cannot read the file")
        );
    }
    fn assert_close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
    }

    fn assert_scores(got: Scores, precision: f64, recall: f64, f1: f64) {
        assert_close(got.precision, precision);
        assert_close(got.recall, recall);
        assert_close(got.f1, f1);
    }

    /// Worked by hand. Predicted beads, judged against the gold:
    /// `[0]:[0]` strict; `[1]:[1]` lax only (gold `[1]:[1, 2]`); `[]:[2]`
    /// wrong (a null bead not in the gold); `[2, 3]:[3]` strict; `[4]:[4]`
    /// wrong (source 4 and target 4 sit in two different gold beads);
    /// `[5]:[5]` strict. Precision: strict 3/6, lax 4/6.
    /// Recall over the four gold beads with both sides: `[0]:[0]`,
    /// `[2, 3]:[3]`, `[5]:[5]` found exactly, `[1]:[1, 2]` laxly.
    /// Recall: strict 3/4, lax 4/4. F1: strict 2·.5·.75/1.25 = .6,
    /// lax 2·(2/3)·1/(5/3) = .8.
    const TEXTBOOK_GOLD: &str = "[0]:[0]\n[1]:[1, 2]\n[2, 3]:[3]\n[4]:[]\n[]:[4]\n[5]:[5]\n";
    const TEXTBOOK_PREDICTION: &str = "[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]\n[4]:[4]\n[5]:[5]\n";

    #[test]
    fn textbook_case_by_hand() {
        let report = score(&beads(TEXTBOOK_GOLD), &beads(TEXTBOOK_PREDICTION));
        assert_eq!(report.documents, 1);
        assert_eq!(
            report.beads,
            BeadTotals {
                gold: 6,
                predicted: 6
            }
        );
        assert_scores(report.strict, 0.5, 0.75, 0.6);
        assert_scores(report.lax, 4.0 / 6.0, 1.0, 0.8);
        assert_eq!(report.calibration, None);
    }

    #[test]
    fn textbook_case_by_type() {
        let report = score(&beads(TEXTBOOK_GOLD), &beads(TEXTBOOK_PREDICTION));
        let rows: Vec<_> = report
            .types
            .iter()
            .map(|r| (r.kind.as_str(), r.gold, r.found, r.predicted, r.correct))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("1-1", 2, 2, 4, 2),
                ("0-1", 1, 0, 1, 0),
                ("1-0", 1, 0, 0, 0),
                ("1-2", 1, 0, 0, 0),
                ("2-1", 1, 1, 1, 1),
            ]
        );
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let gold = beads(TEXTBOOK_GOLD);
        let report = score(&gold, &gold);
        assert_scores(report.strict, 1.0, 1.0, 1.0);
        assert_scores(report.lax, 1.0, 1.0, 1.0);
        assert!(coverage_gaps(&gold, &gold).is_empty());
    }

    #[test]
    fn null_beads_count_in_precision_only() {
        let gold = beads("[0]:[0]\n[1]:[]\n[]:[1]\n");
        // The null beads, right, raise precision; recall ignores them.
        let report = score(&gold, &gold);
        assert_scores(report.strict, 1.0, 1.0, 1.0);
        // Pairing the deleted sentence with the inserted one is wrong even
        // laxly; recall (over `[0]:[0]` alone) is untouched.
        let report = score(&gold, &beads("[0]:[0]\n[1]:[1]\n"));
        assert_scores(report.strict, 0.5, 1.0, 2.0 / 3.0);
        assert_scores(report.lax, 0.5, 1.0, 2.0 / 3.0);
        // Predicting a deletion the gold does not have is a false positive,
        // strict and lax, and the missed pair costs recall.
        let gold = beads("[0]:[0]\n[1]:[1]\n");
        let report = score(&gold, &beads("[0]:[0]\n[1]:[]\n[]:[1]\n"));
        assert_scores(report.strict, 1.0 / 3.0, 0.5, 0.4);
        assert_scores(report.lax, 1.0 / 3.0, 0.5, 0.4);
    }

    #[test]
    fn a_merge_is_laxly_right_and_strictly_wrong() {
        let gold = beads("[0]:[0]\n[1]:[1]\n");
        let report = score(&gold, &beads("[0, 1]:[0, 1]\n"));
        assert_scores(report.strict, 0.0, 0.0, 0.0);
        assert_scores(report.lax, 1.0, 1.0, 1.0);
        // Overlap on one side only is not enough.
        let report = score(&gold, &beads("[0]:[1]\n[1]:[0]\n"));
        assert_scores(report.lax, 0.0, 0.0, 0.0);
    }

    #[test]
    fn ids_compare_as_sets() {
        let report = score(&beads("[0, 1]:[1, 0]\n"), &beads("[1, 0]:[0, 1]\n"));
        assert_scores(report.strict, 1.0, 1.0, 1.0);
    }

    #[test]
    fn counts_are_summed_over_documents_before_dividing() {
        let mut evaluation = Evaluation::new();
        evaluation.add(&beads("[0]:[0]\n"), &beads("[0]:[0]\n"));
        evaluation.add(
            &beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n"),
            &beads("[0]:[1]\n[1]:[2]\n[2]:[0]\n"),
        );
        let report = evaluation.report();
        assert_eq!(report.documents, 2);
        // 1 right of 4, not the mean of 1/1 and 0/3.
        assert_scores(report.strict, 0.25, 0.25, 0.25);
    }

    #[test]
    fn nothing_to_score_gives_zeros() {
        let report = Evaluation::new().report();
        assert_scores(report.strict, 0.0, 0.0, 0.0);
        assert!(report.types.is_empty());
        // Only null beads: precision is defined, recall is not.
        let report = score(&beads("[0]:[]\n"), &beads("[0]:[]\n"));
        assert_scores(report.strict, 1.0, 0.0, 0.0);
    }

    /// Four beads worked by hand. Bin [0.9, 1]: 0.95, right (gap .05).
    /// Bin [0.8, 0.9): 0.8 right and 0.85 wrong (mean .825, accuracy .5,
    /// gap .325). Bin [0.3, 0.4): 0.3 wrong (gap .3).
    /// ECE = 1/4·.05 + 2/4·.325 + 1/4·.3 = .25.
    #[test]
    fn expected_calibration_error_on_four_beads() {
        let gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n");
        let prediction = beads("[0]:[0]:0.95\n[1]:[1]:0.8\n[2]:[3]:0.85\n[3]:[2]:0.3\n");
        let calibration = score(&gold, &prediction).calibration.unwrap();
        assert_close(calibration.ece, 0.25);
        assert_eq!(calibration.missing_confidence, 0);
        assert_eq!(calibration.bins.len(), 10);
        let counts: Vec<usize> = calibration.bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [0, 0, 0, 1, 0, 0, 0, 0, 2, 1]);
        let eighth = &calibration.bins[8];
        assert_close(eighth.lo, 0.8);
        assert_close(eighth.hi, 0.9);
        assert_close(eighth.mean_confidence.unwrap(), 0.825);
        assert_close(eighth.accuracy.unwrap(), 0.5);
        assert_eq!(calibration.bins[0].mean_confidence, None);
        assert_eq!(calibration.bins[0].accuracy, None);

        // A bead without confidence is left out and counted.
        let mut prediction = prediction;
        prediction.push(bead(&[4], &[4]));
        let calibration = score(&gold, &prediction).calibration.unwrap();
        assert_close(calibration.ece, 0.25);
        assert_eq!(calibration.missing_confidence, 1);
    }

    #[test]
    fn calibration_includes_null_beads() {
        let gold = beads("[0]:[]\n");
        let calibration = score(&gold, &beads("[0]:[]:1.0\n")).calibration.unwrap();
        assert_eq!(calibration.bins[9].count, 1);
        assert_close(calibration.ece, 0.0);
        let calibration = score(&gold, &beads("[]:[0]:0.0\n")).calibration.unwrap();
        assert_eq!(calibration.bins[0].count, 1);
        assert_close(calibration.ece, 0.0);
    }

    #[test]
    fn bins_are_half_open_except_the_last() {
        let cases = [
            (0.0, 0),
            (0.099, 0),
            (0.1, 1),
            (0.3, 3),
            (0.6, 6),
            (0.7, 7),
            (0.9, 9),
            (0.999, 9),
            (1.0, 9),
        ];
        for (confidence, bin) in cases {
            assert_eq!(bin_index(confidence), bin, "{confidence}");
        }
    }

    #[test]
    fn coverage_gaps_list_ids_on_each_side() {
        let gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
        let prediction = beads("[0]:[0]\n[1, 2]:[1]\n[3]:[]\n");
        let gaps = coverage_gaps(&gold, &prediction);
        assert_eq!(
            gaps,
            vec![
                CoverageGap {
                    side: Side::Source,
                    only_in_gold: vec![],
                    only_in_prediction: vec![3],
                },
                CoverageGap {
                    side: Side::Target,
                    only_in_gold: vec![2],
                    only_in_prediction: vec![],
                },
            ]
        );
        assert_eq!(gaps[0].to_string(), "source 3 only in the prediction");
        let many: Vec<_> = (0..20).map(|i| bead(&[i], &[i])).collect();
        let gaps = coverage_gaps(&many, &many[..1]);
        assert_eq!(
            gaps[1].to_string(),
            "target 1, 2, 3, 4, 5, 6, 7, 8, … (19 in all) only in the gold"
        );
    }

    #[test]
    fn pairs_folders_by_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        let (gold, pred) = (dir.path().join("gold"), dir.path().join("pred"));
        for path in [
            "gold/b.txt",
            "gold/sub/a.txt",
            "gold/.DS_Store",
            "pred/b.beads",
            "pred/sub/a.beads",
            "pred/b.txt",
            "pred/sub/a.txt",
            "pred/extra.beads",
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "[0]:[0]\n").unwrap();
        }
        let pairs = pair_files(&gold, &pred, Some(".beads")).unwrap();
        assert_eq!(
            pairs,
            vec![
                (gold.join("b.txt"), pred.join("b.beads")),
                (gold.join("sub/a.txt"), pred.join("sub/a.beads")),
            ]
        );
        let pairs = pair_files(&gold, &pred, None).unwrap();
        assert_eq!(pairs[1], (gold.join("sub/a.txt"), pred.join("sub/a.txt")));

        std::fs::remove_file(pred.join("sub/a.beads")).unwrap();
        let message = pair_files(&gold, &pred, Some("beads"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("sub/a.txt: no prediction for this gold file (expected "),
            "{message}"
        );
        assert!(message.contains("sub/a.beads)"), "{message}");
    }

    #[test]
    fn pairs_two_files_and_refuses_a_file_with_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gold.txt");
        std::fs::write(&file, "[0]:[0]\n").unwrap();
        assert_eq!(
            pair_files(&file, &file, Some("x")).unwrap(),
            vec![(file.clone(), file.clone())]
        );
        let message = pair_files(&file, dir.path(), None).unwrap_err().to_string();
        assert!(
            message.contains("must both be alignment files or both be folders"),
            "{message}"
        );
        let message = pair_files(&dir.path().join("none"), &file, None)
            .unwrap_err()
            .to_string();
        assert!(message.contains("none: cannot read the file"), "{message}");
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let message = pair_files(&empty, &empty, None).unwrap_err().to_string();
        assert!(
            message.ends_with("empty: no gold alignment files in this folder"),
            "{message}"
        );
    }
}
