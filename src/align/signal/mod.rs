//! The score of a bead: how much more likely it is that these source
//! sentences translate these target sentences than not, in nats (a
//! log-likelihood ratio), summed from independent pieces of evidence, the
//! [`Signal`]s.
//!
//! Each signal is one file of this module and one line of [`signals`]: its
//! score for a bead, and an upper bound of that score which is cheap to
//! compute. The lattice asks for beads that can only matter if they score
//! above some floor; [`Scorer::bead`] stops as soon as the bounds of the
//! signals not yet computed cannot lift the bead above it. Pruning is exact
//! as long as every bound is one: a property test checks that it never
//! changes the result of the full search.

pub mod length;
mod merge;
mod numbers;
mod paragraphs;
mod punctuation;
pub mod sets;
mod words;

use super::features::SideFeatures;
use super::lattice::Step;
use super::links::Links;
use super::params::Params;

pub use numbers::Numbers;
pub use words::Words;

/// One piece of evidence about beads with sentences on both sides.
pub trait Signal: Sync {
    /// The evidence, in nats, that bead `bead` is a translation.
    fn score(&self, bead: Step, scratch: &mut Scratch) -> f64;
    /// A cheap upper bound of [`Signal::score`] for the same bead.
    fn bound(&self, bead: Step) -> f64;
    /// Whether the bound is the score itself (then it is computed once).
    fn exact(&self) -> bool {
        false
    }
}

/// What the signals of one document pair are built from.
pub struct Inputs<'a> {
    pub source: &'a SideFeatures,
    pub target: &'a SideFeatures,
    /// Which target words may translate which source words.
    pub links: &'a Links,
    /// The links the texts attest (all but dictionaries): a word counts as
    /// one that could have found a partner only through these.
    pub attested: &'a Links,
    pub source_vocab_len: usize,
    pub number_vocab_len: usize,
    pub params: &'a Params,
    /// What the first passes measured (`None` in the first pass itself).
    pub measured: Option<Measured>,
}

/// What the first passes of a language pair measured, for the second.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measured {
    /// The share of content words that found a partner.
    pub match_rate: f64,
    /// The variance of target lengths around the ratio (see
    /// [`length::variance`]), if any bead was measured.
    pub length_variance: Option<f64>,
}

/// The model: every signal, cheap ones first so that pruning stops early.
fn signals<'a>(inputs: &Inputs<'a>) -> Vec<Box<dyn Signal + 'a>> {
    vec![
        Box::new(merge::Merge::new(inputs)),
        Box::new(length::Length::new(inputs)),
        Box::new(paragraphs::Paragraphs::new(inputs)),
        Box::new(punctuation::Punctuation::new(inputs)),
        Box::new(numbers::Numbers::new(inputs)),
        Box::new(Words::new(inputs)),
    ]
}

/// Most signals a model has (bounds are kept on the stack).
const MAX_SIGNALS: usize = 16;

/// Reusable counters, so that scoring allocates nothing per bead.
#[derive(Default)]
pub struct Scratch {
    pub(crate) words: Vec<u32>,
    pub(crate) numbers: Vec<u32>,
}

/// Scores beads of one document pair: the sum of its signals.
pub struct Scorer<'a> {
    signals: Vec<Box<dyn Signal + 'a>>,
    /// [`Signal::exact`] of each signal, asked once.
    exact: Vec<bool>,
}

impl<'a> Scorer<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Scorer<'a> {
        let signals = signals(inputs);
        assert!(signals.len() <= MAX_SIGNALS, "raise MAX_SIGNALS");
        let exact = signals.iter().map(|s| s.exact()).collect();
        Scorer { signals, exact }
    }

    /// The score of the bead made of source sentences `i..i + a` and target
    /// sentences `j..j + b`, both non-empty (null beads are priced by the
    /// lattice). Beads that cannot reach `floor` get minus infinity.
    pub fn bead(&self, bead: Step, floor: f64, scratch: &mut Scratch) -> f64 {
        debug_assert!(
            bead.a > 0 && bead.b > 0,
            "null beads are priced by the lattice"
        );
        // Exact signals are scored once; the bounds of the others are what
        // the score may still gain.
        let mut bounds = [0.0; MAX_SIGNALS];
        let (mut score, mut rest) = (0.0, 0.0);
        for ((bound, signal), &exact) in bounds.iter_mut().zip(&self.signals).zip(&self.exact) {
            if exact {
                score += signal.score(bead, scratch);
            } else if floor > f64::NEG_INFINITY {
                *bound = signal.bound(bead);
                rest += *bound;
            }
        }
        if score + rest < floor {
            return f64::NEG_INFINITY;
        }
        for ((bound, signal), &exact) in bounds.iter().zip(&self.signals).zip(&self.exact) {
            if exact {
                continue;
            }
            rest -= bound;
            score += signal.score(bead, scratch);
            if score + rest < floor {
                return f64::NEG_INFINITY;
            }
        }
        score
    }

    /// Every signal's score and bound for one bead (for tests and
    /// diagnostics).
    #[cfg(test)]
    pub fn parts(&self, bead: Step, scratch: &mut Scratch) -> Vec<(f64, f64)> {
        self.signals
            .iter()
            .map(|s| (s.score(bead, scratch), s.bound(bead)))
            .collect()
    }
}
