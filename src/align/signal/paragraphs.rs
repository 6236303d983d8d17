//! Paragraphs: beads rarely cross a paragraph break, and tend to start
//! paragraphs on both sides together.

use super::{Inputs, Scratch, Signal, Step};
use crate::align::features::SideFeatures;

pub struct Paragraphs<'a> {
    source: &'a SideFeatures,
    target: &'a SideFeatures,
    cross: f64,
    mismatch: f64,
}

impl<'a> Paragraphs<'a> {
    pub fn new(inputs: &Inputs<'a>) -> Paragraphs<'a> {
        Paragraphs {
            source: inputs.source,
            target: inputs.target,
            cross: inputs.params.paragraph_cross,
            mismatch: inputs.params.paragraph_mismatch,
        }
    }

    fn cost(&self, bead: Step) -> f64 {
        let mut cost = 0.0;
        if self.source.crosses_paragraph(bead.i, bead.i + bead.a) {
            cost += self.cross;
        }
        if self.target.crosses_paragraph(bead.j, bead.j + bead.b) {
            cost += self.cross;
        }
        if self.source.starts_paragraph(bead.i) != self.target.starts_paragraph(bead.j) {
            cost += self.mismatch;
        }
        cost
    }
}

impl Signal for Paragraphs<'_> {
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
