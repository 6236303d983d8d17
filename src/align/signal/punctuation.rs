//! Punctuation that translations keep: question and exclamation marks,
//! quotation marks, colons. Matched marks add evidence, marks on one side
//! only take some away (up to two of each class count).

use super::{Inputs, Scratch, Signal, Step};
use crate::align::features::{PUNCT_CLASSES, SideFeatures};

pub struct Punctuation<'a> {
    source: &'a SideFeatures,
    target: &'a SideFeatures,
    weight: [f64; PUNCT_CLASSES],
}

impl<'a> Punctuation<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Punctuation<'a> {
        Punctuation {
            source: inputs.source,
            target: inputs.target,
            weight: inputs.params.punct_weight,
        }
    }
}

impl Signal for Punctuation<'_> {
    fn score(&self, bead: Step, _: &mut Scratch) -> f64 {
        let source = self.source.punct(bead.i, bead.i + bead.a);
        let target = self.target.punct(bead.j, bead.j + bead.b);
        let mut score = 0.0;
        for class in 0..PUNCT_CLASSES {
            let both = source[class].min(target[class]);
            let one_side = source[class].max(target[class]) - both;
            score += self.weight[class] * (f64::from(both.min(2)) - f64::from(one_side.min(2)));
        }
        score
    }

    fn bound(&self, bead: Step) -> f64 {
        self.score(bead, &mut Scratch::default())
    }

    fn exact(&self) -> bool {
        true
    }
}
