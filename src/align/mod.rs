//! Sentence alignment: which source sentences translate which target
//! sentences, and how sure we are of each bead.
//!
//! Two passes over each document pair: the first aligns with what the texts
//! share on their face (lengths, numbers, names, cognates, punctuation); its
//! beads, weighted by their posteriors, teach a translation lexicon (IBM
//! Model 1, see `lexicon`; over the whole batch when
//! several pairs are aligned together); the second pass aligns again with
//! that lexicon. Every bead's confidence is its posterior probability under
//! the model (forward–backward over the lattice of beads), the posteriors of
//! beads that join sentences damped on the log-odds scale (see
//! `merge_confidence`): they are over-confident on every set measured. Its
//! expected calibration error is then ≤ 0.05 on every set, literary
//! Chinese–English (MAC-Dev) included; Platt scaling of all beads fitted on
//! synthetic data made human-aligned text worse. See
//! `scripts/calibration-check.py` and the README.

mod counts;
mod dictionary;
mod features;
mod lattice;
mod lexicon;
mod links;
mod parallel;
mod params;
mod signal;
mod units;

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Script};
use crate::segment::{Mode, Segmenter, Sentence};
use crate::text::Document;

pub use counts::LexiconCounts;
pub use dictionary::{Dictionary, KeyedStore};
pub use params::{MAX_PARAM, Params, check_cost};
pub use units::{Part, SPLIT_CONFIDENCE, Unit};

use features::{SideFeatures, Vocab};
use links::Links;
use signal::{Inputs, Measured, Scorer};

/// Beads of the first pass teach the lexicon in proportion to their
/// posterior; those below this one would teach nothing worth their memory.
const LEXICON_MIN_POSTERIOR: f64 = 0.05;
/// At most this many beads of a language pair are learned from, the first
/// ones in order of document id (see [`LexiconCounts`]): plenty for the
/// lexicon (all 123 NTREX articles give 2,000), and memory stays bounded
/// however large the batch.
pub const MAX_LEARNING_BEADS: usize = 20_000;
/// Half-width of the band searched first in long documents: around the
/// length diagonal in the first pass, around the first pass's path in the
/// second. The band widens wherever the path comes close to its edge.
const FIRST_PASS_WIDTH: usize = 24;
/// Largest bead side in the first pass.
const FIRST_PASS_MAX_BEAD: usize = 2;
const SECOND_PASS_WIDTH: usize = 8;

/// A group of consecutive source sentences aligned with a group of
/// consecutive target sentences (either group may be empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bead {
    /// Indices (from 0) of the bead's source sentences, in the document's sentence list; empty for
    /// a sentence added in the translation.
    pub source: Range<usize>,
    /// Indices (from 0) of the bead's target sentences; empty for a source sentence the translation
    /// left out.
    pub target: Range<usize>,
    /// Estimated probability that the bead is exactly right.
    pub confidence: f64,
}

impl Bead {
    /// The bead type, source count first: "1-1", "2-1", "0-1".
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }

    /// Whether one side is empty.
    pub fn is_null(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }

    /// Whether the bead is less likely right than wrong (confidence below
    /// 0.5): the beads a reviewer looks at first.
    pub fn is_doubtful(&self) -> bool {
        self.confidence < 0.5
    }
}

/// The beads of a document pair, in order; every sentence of both sides is
/// in exactly one bead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// The beads in document order; concatenating their ranges gives every sentence index of each
    /// side once.
    pub beads: Vec<Bead>,
    /// The probability that the two documents are translations of each
    /// other at all (1 for languages of different scripts, where the texts
    /// share too little to tell).
    pub parallel: f64,
}

impl Alignment {
    /// How many beads there are of each type (`"1-1"` → 38), by type.
    pub fn kinds(&self) -> std::collections::BTreeMap<String, usize> {
        let mut kinds = std::collections::BTreeMap::new();
        for bead in &self.beads {
            *kinds.entry(bead.kind()).or_insert(0) += 1;
        }
        kinds
    }

    /// How many beads are less likely right than wrong: the ones to review.
    pub fn doubtful(&self) -> usize {
        self.beads.iter().filter(|b| b.is_doubtful()).count()
    }
}

/// A document pair with its sentences and their alignment: what a finished
/// document is (written by the writers through
/// [`AlignedPair::view`](crate::write::AlignedDocument), kept in a batch's
/// state).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedPair {
    /// The document id the outputs carry (TMX property `x-document`, the doc column): given by the
    /// user, or taken from the documents' common name, a batch's pair folder or a manifest's `id`.
    pub id: String,
    /// Language of the original.
    pub source_lang: Lang,
    /// Language of the translation.
    pub target_lang: Lang,
    /// The original's sentences as segmented; bead ranges index into them.
    pub source: Vec<Sentence>,
    /// The translation's sentences as segmented.
    pub target: Vec<Sentence>,
    /// Which source sentences go with which target sentences, with confidences.
    pub alignment: Alignment,
}

/// One side of a document pair.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The side's sentences in document order, which the beads index into.
    pub sentences: &'a [Sentence],
    /// The side's language, which picks the stop words, word forms and
    /// dictionaries the scoring uses.
    pub lang: &'a Lang,
}

/// How to align.
#[derive(Debug, Clone)]
pub struct Config {
    /// The model's global parameters (costs of null and merged beads, the weights of the length,
    /// word, number and punctuation signals), the same for every pair.
    pub params: Params,
    /// Largest number of sentences on one side of a bead.
    pub max_bead: usize,
    /// Learn a lexicon from the first pass and align again.
    pub learn_lexicon: bool,
    /// User-supplied bilingual dictionaries (merged).
    pub dictionary: Option<Dictionary>,
    /// Search without pruning: slower, the same result (for tests).
    pub exhaustive: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            params: Params::default(),
            max_bead: 4,
            learn_lexicon: true,
            dictionary: None,
            exhaustive: false,
        }
    }
}

/// The largest `Config::max_bead`: beads of more sentences are not
/// translations people make, and the lattice grows with its square.
pub const MAX_BEAD: usize = 8;

/// Every bead type an alignment with `max_bead` can hold (`0-1`, `1-0`,
/// `1-1`, `1-2`, `2-1`, …, as [`Bead::kind`] writes them), by size and then
/// by source side: the fixed columns of a summary, whatever a document holds.
pub fn bead_kinds(max_bead: usize) -> Vec<String> {
    let mut shapes = lattice::shapes(max_bead.max(1));
    shapes.sort_by_key(|&(a, b)| (a + b, a));
    shapes
        .into_iter()
        .map(|(a, b)| format!("{a}-{b}"))
        .collect()
}

/// The confidence of a bead of `sentences` sentences (both sides) with
/// posterior `posterior`: for a bead of more than two sentences, its
/// log-odds divided by the number of sentences beyond the first.
///
/// Posteriors of beads that join sentences are over-confident on every set
/// measured, human-aligned and synthetic, in every language pair (by 0.05
/// to 0.17: a bead scored 0.88 is right about 0.8 of the time), since their
/// score adds up the evidence of all their sentences as if independent.
/// Platt scaling fitted on the joining beads of textberg-dev alone gives
/// log-odds × 0.5 (their most common kind is 1-2); divided by the sentences
/// beyond the first, the same holds for 1-2 beads and bigger beads are
/// damped more. Checked on the sets not fitted on (MAC-Dev, NTREX in four
/// language pairs and five harder seeds), see the README. 1-1 and null
/// beads are reported as their posterior.
fn merge_confidence(posterior: f64, sentences: usize) -> f64 {
    let p = posterior.clamp(0.0, 1.0);
    if sentences <= 2 || p == 0.0 || p == 1.0 {
        return p;
    }
    let odds = (p / (1.0 - p)).ln() / (sentences - 1) as f64;
    1.0 / (1.0 + (-odds).exp())
}

/// Aligns document pairs.
///
/// Alignment is two passes. The first pass of each pair ([`Aligner::observe`])
/// is independent of the others; what all first passes saw is then learned
/// together ([`Aligner::learn_counts`]), and every pair is aligned again with it
/// ([`Aligner::align_guided`]). A batch can run the two per-pair steps in
/// parallel and in any order: the results are the same.
#[derive(Debug, Clone, Default)]
pub struct Aligner {
    config: Config,
}

/// What the first pass of one document pair saw: its beads (with their
/// posteriors), as
/// the matching keys of their words.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    languages: LanguagePair,
    beads: Vec<KeyedBead>,
    /// The first pass's path, kept for long documents only, to search around
    /// in the second pass.
    guide: Option<Vec<usize>>,
}

impl Observation {
    /// Takes the first pass's path out (kept for long documents only), so
    /// that the rest can be learned from while the path waits for the second
    /// pass.
    pub fn take_guide(&mut self) -> Option<Vec<usize>> {
        self.guide.take()
    }
}

/// Source and target language codes.
type LanguagePair = (String, String);
/// A first-pass bead as the matching keys of its source and target words,
/// with what else is learned from it.
#[derive(Debug, Clone, PartialEq)]
struct KeyedBead {
    source: Vec<String>,
    target: Vec<String>,
    /// Its posterior probability: how much it teaches.
    posterior: f64,
    /// How far its lengths are from the pair's ratio (see
    /// `signal::length::deviation`).
    deviation: f64,
}

/// What is learned from the first passes of a batch, per language pair: a
/// translation lexicon, the share of content words that find a partner and
/// how closely lengths follow their ratio.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pairs: HashMap<LanguagePair, PairModel>,
}

#[derive(Debug, Clone, Default)]
struct PairModel {
    /// Learned translations: target word key → source word keys.
    lexicon: HashMap<String, Vec<String>>,
    /// Share of the words that could find a partner and do, in the beads of
    /// the first pass (weighted by posterior).
    match_rate: f64,
    /// The variance of lengths in the beads of the first pass.
    length_variance: f64,
}

impl PairModel {
    fn measured(&self) -> Measured {
        Measured {
            match_rate: self.match_rate,
            length_variance: Some(self.length_variance),
        }
    }
}

impl Model {
    /// Number of word pairs learned (all language pairs).
    pub fn lexicon_size(&self) -> usize {
        self.pairs
            .values()
            .map(|p| p.lexicon.values().map(Vec::len).sum::<usize>())
            .sum()
    }
}

/// A document pair ready for the lattice: features in the pair's own
/// vocabularies, and the links between its words.
#[derive(Default)]
struct Prepared {
    source: SideFeatures,
    target: SideFeatures,
    source_vocab: Vocab,
    target_vocab: Vocab,
    numbers: Vocab,
    /// Every link: orthographic, learned, from dictionaries.
    links: Links,
    /// The links the texts themselves attest (orthographic and learned):
    /// a dictionary offers translations the translator often did not
    /// choose, so missing one proves little.
    attested: Links,
}

impl Prepared {
    /// Adds the learned translations of the pair's words to its links.
    fn learn(&mut self, model: &PairModel) {
        let mut learned = Links::default();
        for (t, word) in self.target_vocab.iter() {
            for s in model.lexicon.get(word).into_iter().flatten() {
                if let Some(s) = self.source_vocab.get(s) {
                    learned.add(t, s);
                }
            }
        }
        self.links.extend(&learned);
        self.attested.extend(&learned);
    }
}

/// Segments two documents, each its own way, and aligns them with `align`.
/// The documents are dropped once segmented: their text is in the
/// sentences, and a long pair's alignment needs the memory.
fn segmented(
    id: &str,
    (source, source_lang, source_mode): (Document, &Lang, &Mode),
    (target, target_lang, target_mode): (Document, &Lang, &Mode),
    align: impl FnOnce(Side, Side) -> Alignment,
) -> AlignedPair {
    let source_sentences = Segmenter::new(source_lang).segment(&source, source_mode);
    drop(source);
    let target_sentences = Segmenter::new(target_lang).segment(&target, target_mode);
    drop(target);
    let alignment = align(
        Side {
            sentences: &source_sentences,
            lang: source_lang,
        },
        Side {
            sentences: &target_sentences,
            lang: target_lang,
        },
    );
    AlignedPair {
        id: id.to_string(),
        source_lang: source_lang.clone(),
        target_lang: target_lang.clone(),
        source: source_sentences,
        target: target_sentences,
        alignment,
    }
}

/// Whether a pair is too long for the full lattice, so that its second pass
/// searches around the path of its first.
fn is_long(prepared: &Prepared) -> bool {
    (prepared.source.len() + 1) * (prepared.target.len() + 1) > lattice::FULL_LATTICE
}

impl Aligner {
    /// An aligner with these settings, once they are checked (every
    /// parameter finite and in range, beads of 1 to 8 sentences a side).
    pub fn new(config: Config) -> crate::Result<Aligner> {
        config.params.check()?;
        if !(1..=MAX_BEAD).contains(&config.max_bead) {
            return Err(crate::Error::InvalidParameter {
                name: "max_bead",
                value: config.max_bead.to_string(),
                expected: "1 to 8",
            });
        }
        Ok(Aligner { config })
    }

    /// Every setting that changes what this aligner gives, as text: a
    /// stored result made with another fingerprint is not reused.
    pub fn fingerprint(&self) -> String {
        let c = &self.config;
        format!(
            "{:?} max_bead={} learn_lexicon={} exhaustive={} dictionary={}",
            c.params,
            c.max_bead,
            c.learn_lexicon,
            c.exhaustive,
            c.dictionary
                .as_ref()
                .map_or_else(|| "none".into(), Dictionary::fingerprint)
        )
    }

    /// Loads and keys what the dictionaries have for a language pair now
    /// rather than at its first document (so that what they report comes
    /// first); returns the number of entries used.
    pub fn prepare_dictionary(&self, source: &Lang, target: &Lang) -> usize {
        self.config
            .dictionary
            .as_ref()
            .map_or(0, |d| d.prepare(source.code(), target.code()))
    }

    /// Segments two documents and aligns them, learning from the pair
    /// itself: the source by `mode`, the translation by
    /// [`Mode::for_translation`]. The documents are taken so that their
    /// memory is free before the alignment starts.
    pub fn align_documents(
        &self,
        id: &str,
        (source, source_lang): (Document, &Lang),
        (target, target_lang): (Document, &Lang),
        mode: &Mode,
    ) -> AlignedPair {
        segmented(
            id,
            (source, source_lang, mode),
            (target, target_lang, &mode.for_translation()),
            |s, t| self.align(s, t),
        )
    }

    /// Segments two documents and aligns them with `model`, learned from a
    /// whole collection (see [`Aligner::align_learned`]), taking the
    /// documents as [`Aligner::align_documents`] does.
    pub fn align_documents_learned(
        &self,
        model: &Model,
        id: &str,
        (source, source_lang): (Document, &Lang),
        (target, target_lang): (Document, &Lang),
        mode: &Mode,
    ) -> AlignedPair {
        segmented(
            id,
            (source, source_lang, mode),
            (target, target_lang, &mode.for_translation()),
            |s, t| self.align_learned(model, s, t),
        )
    }

    /// Aligns one document pair, learning from the pair itself.
    pub fn align(&self, source: Side, target: Side) -> Alignment {
        self.align_batch(&[(source, target)])
            .pop()
            .expect("one pair in, one alignment out")
    }

    /// Aligns several document pairs together: what the first pass learns
    /// from all of them improves the second pass of each.
    pub fn align_batch(&self, pairs: &[(Side, Side)]) -> Vec<Alignment> {
        // Pairs in memory are prepared once for both passes.
        let prepared: Vec<Prepared> = pairs.iter().map(|&(s, t)| self.prepare(s, t)).collect();
        let mut observations: Vec<Observation> = pairs
            .iter()
            .zip(&prepared)
            .map(|(&(s, t), p)| self.observe_prepared(p, s, t))
            .collect();
        let guides: Vec<Option<Vec<usize>>> = observations
            .iter_mut()
            .map(Observation::take_guide)
            .collect();
        let model = self.learn(observations);
        pairs
            .iter()
            .zip(prepared)
            .zip(guides)
            .map(|((&(s, t), p), guide)| self.second_pass(&model, p, s, t, guide.as_deref()))
            .collect()
    }

    /// The first pass over one document pair.
    pub fn observe(&self, source: Side, target: Side) -> Observation {
        if !self.config.learn_lexicon {
            return self.observe_prepared(&Prepared::default(), source, target);
        }
        self.observe_prepared(&self.prepare(source, target), source, target)
    }

    fn observe_prepared(&self, prepared: &Prepared, source: Side, target: Side) -> Observation {
        let languages = (
            source.lang.code().to_string(),
            target.lang.code().to_string(),
        );
        if !self.config.learn_lexicon {
            return Observation {
                languages,
                ..Observation::default()
            };
        }
        let shapes = lattice::shapes(self.config.max_bead.clamp(1, FIRST_PASS_MAX_BEAD));
        let decoded = self.decode(prepared, &shapes, None, None);
        let deviation = signal::length::deviations(&prepared.source, &prepared.target);
        let keys = |side: &SideFeatures, vocab: &Vocab, range: Range<usize>| -> Vec<String> {
            side.sentences[range]
                .iter()
                .flat_map(|x| x.words.iter().map(|&w| vocab.word(w).to_string()))
                .collect()
        };
        let beads = decoded
            .path
            .iter()
            .zip(&decoded.posteriors)
            .filter(|(step, p)| **p >= LEXICON_MIN_POSTERIOR && step.a > 0 && step.b > 0)
            // No document gives the sample more than its first
            // MAX_LEARNING_BEADS (see `LexiconCounts`): the rest, keyed,
            // would only cost memory, as much as the document is long.
            .take(MAX_LEARNING_BEADS)
            .map(|(step, &posterior)| KeyedBead {
                source: keys(
                    &prepared.source,
                    &prepared.source_vocab,
                    step.i..step.i + step.a,
                ),
                target: keys(
                    &prepared.target,
                    &prepared.target_vocab,
                    step.j..step.j + step.b,
                ),
                posterior: posterior.min(1.0),
                deviation: deviation(*step).min(counts::MAX_DEVIATION),
            })
            .collect();
        Observation {
            languages,
            beads,
            guide: is_long(prepared).then(|| decoded.center(prepared.source.len())),
        }
    }

    /// Learns from the first passes of a batch, in the order given (which
    /// makes the result independent of how the passes were scheduled): the
    /// same sample and learning as [`Aligner::learn_counts`], the passes
    /// keyed by their position.
    pub fn learn(&self, observations: impl IntoIterator<Item = Observation>) -> Model {
        let mut counts = LexiconCounts::default();
        for (position, observation) in observations.into_iter().enumerate() {
            // Zero-padded, so that the counts' order by id is this order.
            counts.insert(&format!("{position:020}"), observation);
        }
        self.learn_counts(&counts)
    }

    fn learn_pair(&self, beads: &[KeyedBead]) -> PairModel {
        let beads = &beads[..beads.len().min(MAX_LEARNING_BEADS)];
        let (mut source_vocab, mut target_vocab) = (Vocab::default(), Vocab::default());
        let ids: Vec<(Vec<u32>, Vec<u32>, f64)> = beads
            .iter()
            .map(|bead| {
                let mut s: Vec<u32> = bead.source.iter().map(|w| source_vocab.id(w)).collect();
                let mut t: Vec<u32> = bead.target.iter().map(|w| target_vocab.id(w)).collect();
                s.sort_unstable();
                t.sort_unstable();
                (s, t, bead.posterior)
            })
            .collect();
        let weighted: Vec<lexicon::WeightedBead> = ids
            .iter()
            .map(|(s, t, w)| (s.as_slice(), t.as_slice(), *w))
            .collect();
        let learned = lexicon::learn(&weighted, source_vocab.len(), target_vocab.len());
        let mut lexicon: HashMap<String, Vec<String>> = HashMap::new();
        for (t, word) in target_vocab.iter() {
            for &s in learned.sources(t) {
                lexicon
                    .entry(word.to_string())
                    .or_default()
                    .push(source_vocab.word(s).to_string());
            }
        }
        // How many content words find a partner in the first-pass beads, now
        // that the lexicon is known: the rate that prices the words that do
        // not (see `Params::unmatched_weight`).
        // Dictionaries are left out, as in the lattice (see
        // `Prepared::attested`).
        let mut links = Links::orthographic(&source_vocab, &target_vocab);
        links.extend(&learned);
        // Only words with a partner somewhere count: the others say
        // nothing about any bead (see `signal::Words`).
        let mut has_partner = vec![false; source_vocab.len()];
        for (t, _) in target_vocab.iter() {
            for &s in links.sources(t) {
                has_partner[s as usize] = true;
            }
        }
        let (mut matched, mut content) = (0.0, 0.0);
        for (s, t, posterior) in &ids {
            let mut linked: Vec<u32> = t
                .iter()
                .flat_map(|&w| links.sources(w).iter().copied())
                .collect();
            linked.sort_unstable();
            matched += posterior * 2.0 * signal::sets::count_matches(s, &linked) as f64;
            content += posterior
                * (s.iter().filter(|&&w| has_partner[w as usize]).count()
                    + t.iter().filter(|&&w| !links.sources(w).is_empty()).count())
                    as f64;
        }
        PairModel {
            lexicon,
            match_rate: matched / content.max(1.0),
            length_variance: signal::length::variance(
                beads.iter().map(|b| (b.deviation, b.posterior)),
                self.config.params.length_variance,
            ),
        }
    }

    /// Learns from a collection's sample (see [`LexiconCounts`]), as
    /// [`Aligner::learn`] does from the first passes in the sample's order.
    pub fn learn_counts(&self, counts: &LexiconCounts) -> Model {
        let pairs = counts
            .samples()
            .filter(|(_, beads)| !beads.is_empty())
            .map(|(languages, beads)| (languages.clone(), self.learn_pair(&beads)))
            .collect();
        Model { pairs }
    }

    /// Both passes over one document pair, the second with `model` learned
    /// elsewhere (from a whole collection): the alignment the pair gets in
    /// a batch that learned `model`, since long documents are searched
    /// around their own first pass as there.
    pub fn align_learned(&self, model: &Model, source: Side, target: Side) -> Alignment {
        let prepared = self.prepare(source, target);
        let guide = if self.config.learn_lexicon && is_long(&prepared) {
            self.observe_prepared(&prepared, source, target)
                .take_guide()
        } else {
            None
        };
        self.second_pass(model, prepared, source, target, guide.as_deref())
    }

    /// The second pass, searching long documents around `guide` (the path
    /// of their first pass, from [`Observation::take_guide`]).
    pub fn align_guided(
        &self,
        model: &Model,
        source: Side,
        target: Side,
        guide: Option<&[usize]>,
    ) -> Alignment {
        self.second_pass(model, self.prepare(source, target), source, target, guide)
    }

    /// The second pass over a prepared pair: its links get what was learned.
    fn second_pass(
        &self,
        model: &Model,
        mut prepared: Prepared,
        source: Side,
        target: Side,
        guide: Option<&[usize]>,
    ) -> Alignment {
        let languages = (
            source.lang.code().to_string(),
            target.lang.code().to_string(),
        );
        let pair = model.pairs.get(&languages);
        if let Some(pair) = pair {
            prepared.learn(pair);
        }
        let shapes = lattice::shapes(self.config.max_bead.max(1));
        let measured = pair.map_or_else(Measured::default, PairModel::measured);
        let decoded = self.decode(&prepared, &shapes, Some(measured), guide);
        let (source_data, target_data) = (source.lang.data(), target.lang.data());
        let same_script =
            source_data.script == target_data.script && source_data.script != Script::Any;
        let parallel = if same_script {
            parallel::probability(&self.inputs(&prepared, None), &decoded.path)
        } else {
            1.0
        };
        let beads = decoded
            .path
            .iter()
            .zip(&decoded.posteriors)
            .map(|(step, &p)| {
                let null = step.a == 0 || step.b == 0;
                let p = if null {
                    p.clamp(0.0, 1.0)
                } else {
                    merge_confidence(p, step.a + step.b)
                };
                // If the documents are not translations of each other, the
                // right alignment is all null beads.
                Bead {
                    source: step.i..step.i + step.a,
                    target: step.j..step.j + step.b,
                    confidence: if null {
                        p * parallel + 1.0 - parallel
                    } else {
                        p * parallel
                    },
                }
            })
            .collect();
        Alignment { beads, parallel }
    }

    /// Features and links of one pair.
    fn prepare(&self, source: Side, target: Side) -> Prepared {
        let (source_lang, target_lang) = (source.lang.data(), target.lang.data());
        let (mut source_vocab, mut target_vocab, mut numbers) =
            (Vocab::default(), Vocab::default(), Vocab::default());
        let source_features = features::extract(
            source.sentences,
            source_lang,
            &mut source_vocab,
            &mut numbers,
        );
        let target_features = features::extract(
            target.sentences,
            target_lang,
            &mut target_vocab,
            &mut numbers,
        );
        let attested = Links::orthographic(&source_vocab, &target_vocab);
        let mut links = attested.clone();
        if let Some(dictionary) = &self.config.dictionary {
            links.extend(&dictionary.links(
                source.lang.code(),
                target.lang.code(),
                &source_vocab,
                &target_vocab,
            ));
        }
        Prepared {
            source: source_features,
            target: target_features,
            source_vocab,
            target_vocab,
            numbers,
            links,
            attested,
        }
    }

    fn inputs<'a>(&'a self, prepared: &'a Prepared, measured: Option<Measured>) -> Inputs<'a> {
        Inputs {
            source: &prepared.source,
            target: &prepared.target,
            links: &prepared.links,
            attested: &prepared.attested,
            source_vocab_len: prepared.source_vocab.len(),
            number_vocab_len: prepared.numbers.len(),
            params: &self.config.params,
            measured,
        }
    }

    /// Runs the lattice. `guide`: a path to search around (long documents).
    fn decode(
        &self,
        prepared: &Prepared,
        shapes: &[(usize, usize)],
        measured: Option<Measured>,
        guide: Option<&[usize]>,
    ) -> lattice::Decoded {
        let scorer = Scorer::new(&self.inputs(prepared, measured));
        let (s, t) = (&prepared.source, &prepared.target);
        let (guide, width) = match guide {
            Some(guide) => (guide.to_vec(), SECOND_PASS_WIDTH),
            None => (
                lattice::length_guide(&s.len_prefix, &t.len_prefix),
                FIRST_PASS_WIDTH,
            ),
        };
        let search = lattice::Search {
            gaps: lattice::Gaps {
                open: self.config.params.null_cost,
                extend: self.config.params.null_extend,
            },
            width,
            exhaustive: self.config.exhaustive,
        };
        lattice::decode(
            s.len(),
            t.len(),
            shapes,
            search,
            &guide,
            |step, floor, scratch| scorer.bead(step, floor, scratch),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Sentence;

    /// Sentences of words drawn from a small vocabulary (so that words
    /// repeat within and across sentences) with numbers and punctuation.
    fn sentences(seed: u64, n: usize, words: &[&str]) -> Vec<Sentence> {
        let mut state = seed;
        let mut next = move |k: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % k
        };
        (0..n)
            .map(|id| {
                let len = 1 + next(12);
                let mut text: Vec<String> = (0..len)
                    .map(|_| match next(10) {
                        0 => format!("{}", 1990 + next(8)),
                        _ => words[next(words.len())].to_string(),
                    })
                    .collect();
                text.push([".", "?", "!", ":"][next(4)].to_string());
                Sentence {
                    id,
                    paragraph: id / 3,
                    text: text.join(" "),
                }
            })
            .collect()
    }

    #[test]
    fn every_bound_is_an_upper_bound() {
        let words = [
            "Ukraine",
            "Ukraine",
            "Selenskyj",
            "Zelenskyy",
            "Präsident",
            "president",
            "NATO",
            "security",
            "Sicherheit",
            "garantie",
            "guarantee",
            "Russland",
            "Russia",
            "troops",
        ];
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let aligner = Aligner::default();
        for seed in 0..6 {
            let source = sentences(seed, 14, &words);
            let target = sentences(seed + 100, 15, &words);
            let prepared = aligner.prepare(
                Side {
                    sentences: &source,
                    lang: &en,
                },
                Side {
                    sentences: &target,
                    lang: &de,
                },
            );
            let measured = |match_rate, length_variance| Measured {
                match_rate,
                length_variance,
            };
            for measured in [
                None,
                Some(measured(0.3, None)),
                Some(measured(0.9, Some(1.5))),
            ] {
                let scorer = Scorer::new(&aligner.inputs(&prepared, measured));
                let mut scratch = signal::Scratch::default();
                for i in 0..source.len() {
                    for j in 0..target.len() {
                        for (a, b) in lattice::shapes(4)
                            .into_iter()
                            .filter(|s| s.0 > 0 && s.1 > 0)
                        {
                            if i + a > source.len() || j + b > target.len() {
                                continue;
                            }
                            let step = lattice::Step { i, a, j, b };
                            for (k, (score, bound)) in
                                scorer.parts(step, &mut scratch).into_iter().enumerate()
                            {
                                assert!(
                                    bound >= score - 1e-9,
                                    "signal {k} at {step:?}: bound {bound} < score {score}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Joining beads are damped on the log-odds scale, the more the more
    /// sentences they join; 1-1 beads keep their posterior; the order of
    /// beads by confidence is kept within a kind.
    #[test]
    fn joining_beads_are_damped_by_their_size() {
        assert_eq!(merge_confidence(0.9, 2), 0.9);
        assert!(
            (merge_confidence(0.9, 3) - 0.75).abs() < 1e-12,
            "odds 9 → 3"
        );
        assert!((merge_confidence(0.9, 4) - 9f64.cbrt() / (1.0 + 9f64.cbrt())).abs() < 1e-12);
        assert!((merge_confidence(0.5, 5) - 0.5).abs() < 1e-12);
        assert!(merge_confidence(0.2, 3) > 0.2, "below 0.5 towards 0.5 too");
        assert_eq!(merge_confidence(1.0, 3), 1.0);
        assert_eq!(merge_confidence(0.0, 3), 0.0);
        assert_eq!(merge_confidence(1.5, 3), 1.0);
        let mut last = 0.0;
        for k in 1..100 {
            let p = merge_confidence(f64::from(k) / 100.0, 3);
            assert!(p > last && (0.0..=1.0).contains(&p));
            last = p;
        }
    }

    /// The second pass learns how closely lengths follow their ratio from
    /// the first: a translation whose sentences keep their lengths gets a
    /// variance far below the parameter, one whose lengths scatter widely a
    /// larger one, and both survive the counts file of a distributed job.
    #[test]
    fn the_length_variance_is_learned_from_the_first_pass() {
        let words = [
            "Ukraine",
            "Russia",
            "NATO",
            "security",
            "guarantee",
            "peace",
        ];
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let aligner = Aligner::default();
        let learned = |target: &[Sentence]| {
            let source = sentences(7, 40, &words);
            let side = |sentences, lang| Side { sentences, lang };
            let observation = aligner.observe(side(&source, &en), side(target, &de));
            let mut counts = LexiconCounts::new("test");
            counts.insert("doc", observation);
            let mut file = Vec::new();
            counts.write(&mut file).unwrap();
            let read = LexiconCounts::read(std::path::Path::new("x"), file.as_slice()).unwrap();
            let model = aligner.learn_counts(&read);
            model.pairs[&("en".to_string(), "de".to_string())].length_variance
        };
        let same = learned(&sentences(7, 40, &words));
        assert!(same < 0.5, "identical lengths: {same}");
        let mut padded = sentences(7, 40, &words);
        for (k, sentence) in padded.iter_mut().enumerate() {
            sentence.text.push_str(&" und".repeat(k % 5 * 3));
        }
        let scattered = learned(&padded);
        assert!(
            scattered > 2.0 && scattered > 4.0 * same,
            "scattered lengths: {scattered}"
        );
    }
}
