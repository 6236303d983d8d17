//! The global parameters of the model.

use super::features::PUNCT_CLASSES;
use crate::error::{Error, Result};

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

/// The largest cost or weight a parameter may have, in nats: e^-100 is
/// already nothing next to any bead, and beyond it sums of such terms lose
/// the precision the lattice needs (an infinite cost made it fail).
pub const MAX_PARAM: f64 = 100.0;

impl Params {
    /// Checks every parameter: finite, not negative, at most [`MAX_PARAM`]
    /// (the length variance above zero). A NaN or negative cost gives
    /// nonsense, not an error, further down, so it is refused here.
    pub fn check(&self) -> Result<()> {
        let named = [
            ("null_cost", self.null_cost),
            ("null_extend", self.null_extend),
            ("merge_cost", self.merge_cost),
            ("length_weight", self.length_weight),
            ("word_weight", self.word_weight),
            ("unmatched_weight", self.unmatched_weight),
            ("unlinkable_weight", self.unlinkable_weight),
            ("number_weight", self.number_weight),
            ("number_miss", self.number_miss),
            ("paragraph_cross", self.paragraph_cross),
            ("paragraph_mismatch", self.paragraph_mismatch),
        ];
        let punct = self.punct_weight.iter().map(|&w| ("punct_weight", w));
        for (name, value) in named.into_iter().chain(punct) {
            check_cost(name, value)?;
        }
        check_cost("length_variance", self.length_variance)?;
        if self.length_variance == 0.0 {
            return Err(Error::InvalidParameter {
                name: "length_variance",
                value: self.length_variance.to_string(),
                expected: "above 0",
            });
        }
        Ok(())
    }
}

/// A cost or weight: a finite number from 0 to [`MAX_PARAM`].
pub fn check_cost(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && (0.0..=MAX_PARAM).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value: value.to_string(),
            expected: "a number from 0 to 100",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_and_nonsense_is_refused() {
        assert!(Params::default().check().is_ok());
        for bad in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1.0,
            1e308,
            100.5,
        ] {
            let params = Params {
                null_cost: bad,
                ..Params::default()
            };
            let message = params.check().unwrap_err().to_string();
            assert!(message.contains("null_cost"), "{message}");
            let params = Params {
                punct_weight: [1.0, bad, 0.0, 0.0],
                ..Params::default()
            };
            assert!(params.check().is_err());
        }
        let flat = Params {
            length_variance: 0.0,
            ..Params::default()
        };
        assert!(flat.check().is_err());
    }
}
