//! Lengths (Gale & Church): a translation's length in characters is close
//! to the original's times a ratio estimated from the pair, with a variance
//! that grows with the length.

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
        let (source, target) = (inputs.source, inputs.target);
        let ratio = if source.is_empty() || target.is_empty() {
            1.0
        } else {
            target.length(0, target.len()).max(1.0) / source.length(0, source.len()).max(1.0)
        };
        Length {
            source,
            target,
            ratio,
            variance: inputs.params.length_variance,
            weight: inputs.params.length_weight,
        }
    }

    fn cost(&self, bead: Step) -> f64 {
        let ls = self.source.length(bead.i, bead.i + bead.a);
        let lt = self.target.length(bead.j, bead.j + bead.b);
        let mean = (ls + lt / self.ratio) / 2.0;
        let delta = (lt - self.ratio * ls) / (self.variance * mean.max(1.0)).sqrt();
        self.weight * delta * delta / 2.0
    }
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
