//! The global parameters of the model.

use super::features::PUNCT_CLASSES;

/// The global parameters of the model. They are the same for every document
/// pair and language; what varies per pair (the length ratio, word rarity,
/// how often words find a partner) is estimated from the input at run time.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Cost of a sentence with no counterpart (a 1-0 or 0-1 bead)…
    pub null_cost: f64,
    /// …and of each further one right after it on the same side: passages
    /// without counterpart cost less than as many isolated sentences.
    pub null_extend: f64,
    /// Cost of every sentence beyond one per side in a bead (2-1: once,
    /// 2-2 and 3-1: twice).
    pub merge_cost: f64,
    /// Variance of the target length around `ratio × source length`, per
    /// character of the target (Gale & Church's 6.8).
    pub length_variance: f64,
    /// Weight of the length evidence.
    pub length_weight: f64,
    /// Weight of one matched content word of average rarity.
    pub word_weight: f64,
    /// Scale of the cost of a content word that finds no partner in its
    /// bead. The cost itself, −ln(1 − r), follows from the share r of words
    /// that find one in the beads of the first pass: high for languages that
    /// share names and cognates, near zero for those that do not.
    pub unmatched_weight: f64,
    /// Scale of the evidence of words without partner anywhere in the other
    /// document, beyond the share the document has: a sentence made of such
    /// words is likely one the translation left out or added, a sentence
    /// whose words all have partners likely is not (relative to the cost
    /// of a linkable word left unmatched).
    pub unlinkable_weight: f64,
    /// Weight of one matched number.
    pub number_weight: f64,
    /// Cost of a number found on one side only.
    pub number_miss: f64,
    /// Reward for a matched, cost of an unmatched `?`, `!`, quote, `:`.
    pub punct_weight: [f64; PUNCT_CLASSES],
    /// Cost of a bead that spans two paragraphs on one side.
    pub paragraph_cross: f64,
    /// Cost of a bead that starts a paragraph on one side only.
    pub paragraph_mismatch: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            null_cost: 5.0,
            null_extend: 2.0,
            merge_cost: 2.0,
            length_variance: 6.8,
            length_weight: 1.0,
            word_weight: 1.0,
            unmatched_weight: 0.5,
            unlinkable_weight: 0.3,
            number_weight: 2.0,
            number_miss: 1.0,
            punct_weight: [1.0, 0.5, 0.25, 0.25],
            paragraph_cross: 2.0,
            paragraph_mismatch: 0.5,
        }
    }
}
