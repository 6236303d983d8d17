//! Lengths (Gale & Church): a translation's length in characters is close
//! to the original's times a ratio estimated from the pair, with a variance
//! that grows with the length (see [`deviation`]).

use super::{Inputs, Scratch, Signal, Step};
use crate::align::features::SideFeatures;

pub struct Length<'a> {
    source: &'a SideFeatures,
    target: &'a SideFeatures,
    /// Target characters per source character, over the whole pair.
    ratio: f64,
    variance: f64,
    weight: f64,
}

impl<'a> Length<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Length<'a> {
        Length {
            source: inputs.source,
            target: inputs.target,
            ratio: ratio(inputs.source, inputs.target),
            variance: inputs.params.length_variance,
            weight: inputs.params.length_weight,
        }
    }

    fn cost(&self, bead: Step) -> f64 {
        self.weight * deviation(self.source, self.target, self.ratio, bead) / self.variance / 2.0
    }
}

/// Target characters per source character, over the whole pair.
fn ratio(source: &SideFeatures, target: &SideFeatures) -> f64 {
    if source.is_empty() || target.is_empty() {
        1.0
    } else {
        target.length(0, target.len()).max(1.0) / source.length(0, source.len()).max(1.0)
    }
}

/// The squared difference between a bead's target length and `ratio` times
/// its source length, per character of target text expected (the mean of
/// the target length and `ratio` times the source length): its expectation
/// over true beads is the length variance. Gale and Church measured 6.8 per
/// character for European languages, whose characters carry about as much
/// as each other's; counting the variance in characters of the side that is
/// predicted keeps it comparable where they do not (one Chinese character
/// carries what three or four English letters do). Counted per source
/// character instead, Chinese–English lengths looked three times surer than
/// they are, and the aligner trusted them over everything else.
fn deviation(source: &SideFeatures, target: &SideFeatures, ratio: f64, bead: Step) -> f64 {
    let ls = source.length(bead.i, bead.i + bead.a);
    let lt = target.length(bead.j, bead.j + bead.b);
    let expected = (ratio * ls + lt) / 2.0;
    (lt - ratio * ls).powi(2) / expected.max(1.0)
}

impl Signal for Length<'_> {
    fn score(&self, bead: Step, _: &mut Scratch) -> f64 {
        -self.cost(bead)
    }

    fn bound(&self, bead: Step) -> f64 {
        -self.cost(bead)
    }

    fn exact(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::features::SentenceFeatures;

    fn side(lengths: &[f64]) -> SideFeatures {
        let mut len_prefix = vec![0.0];
        for l in lengths {
            len_prefix.push(len_prefix[len_prefix.len() - 1] + l);
        }
        SideFeatures {
            sentences: vec![SentenceFeatures::default(); lengths.len()],
            punct_prefix: vec![[0; crate::align::features::PUNCT_CLASSES]; lengths.len() + 1],
            len_prefix,
        }
    }

    /// Translations whose target lengths scatter as Gale and Church found
    /// (variance 6.8 per target character) have a mean deviation of about
    /// 6.8, whether the target language needs a third as many characters,
    /// as many, or three times as many: one variance serves every pair.
    #[test]
    fn one_variance_whatever_the_ratio_of_characters() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut normal = || {
            // Box–Muller on a xorshift generator: deterministic.
            let mut uniform = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let (u, v) = (uniform().max(1e-12), uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        };
        for ratio in [0.3, 1.0, 3.0] {
            let sources: Vec<f64> = (0..4000).map(|k| 120.0 + (k % 7) as f64 * 30.0).collect();
            let targets: Vec<f64> = sources
                .iter()
                .map(|&l| (ratio * l + normal() * (6.8 * ratio * l).sqrt()).max(1.0))
                .collect();
            let (s, t) = (side(&sources), side(&targets));
            let fitted = super::ratio(&s, &t);
            let mean = (0..sources.len())
                .map(|k| {
                    deviation(
                        &s,
                        &t,
                        fitted,
                        Step {
                            i: k,
                            a: 1,
                            j: k,
                            b: 1,
                        },
                    )
                })
                .sum::<f64>()
                / sources.len() as f64;
            assert!(
                (mean - 6.8).abs() < 0.7,
                "ratio {ratio}: mean deviation {mean}"
            );
        }
    }
}
