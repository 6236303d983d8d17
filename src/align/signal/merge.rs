//! Bead types: every sentence beyond one per side costs the same, so that a
//! merge must be paid for by the evidence it gains.

use super::{Inputs, Scratch, Signal, Step};

pub struct Merge {
    cost: f64,
}

impl Merge {
    pub fn new(inputs: &Inputs) -> Merge {
        Merge {
            cost: inputs.params.merge_cost,
        }
    }
}

impl Signal for Merge {
    fn score(&self, bead: Step, _: &mut Scratch) -> f64 {
        -self.cost * (bead.a + bead.b - 2) as f64
    }

    fn bound(&self, bead: Step) -> f64 {
        self.score(bead, &mut Scratch::default())
    }

    fn exact(&self) -> bool {
        true
    }
}
