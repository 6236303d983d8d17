//! Numbers: the strongest anchors. Every number found on both sides of a
//! bead adds its weight (rarer numbers weigh more), every number found on
//! one side only costs. Matched as multisets, so that merging two beads
//! neither gains nor loses evidence.

use super::sets::{Bits, Ragged, for_each_match};
use super::{Inputs, Scratch, Signal, Step};

pub struct Numbers {
    source: Ragged,
    target: Ragged,
    /// Weight of each number, by its rarity in the source document.
    weight: Vec<f64>,
    max_weight: f64,
    miss: f64,
    source_bits: Vec<Bits>,
    target_bits: Vec<Bits>,
}

impl Numbers {
    pub fn new(inputs: &Inputs) -> Numbers {
        let source = Ragged::new(inputs.source.sentences.iter().map(|s| s.numbers.as_slice()));
        let target = Ragged::new(inputs.target.sentences.iter().map(|s| s.numbers.as_slice()));
        let weight = rarity(
            &source,
            inputs.number_vocab_len,
            inputs.params.number_weight,
        );
        Numbers {
            max_weight: weight.iter().copied().fold(0.0, f64::max),
            source_bits: source.bits(),
            target_bits: target.bits(),
            source,
            target,
            weight,
            miss: inputs.params.number_miss,
        }
    }

    /// Numbers of the bead found on both sides: their weight and count.
    pub fn matched(&self, bead: Step, scratch: &mut Scratch) -> (f64, usize) {
        let (mut weight, mut pairs) = (0.0, 0);
        for_each_match(
            self.source.range(bead.i, bead.i + bead.a),
            self.target.range(bead.j, bead.j + bead.b),
            bead.a == 1 && bead.b == 1,
            &mut scratch.numbers,
            |id| {
                weight += self.weight[id as usize];
                pairs += 1;
            },
        );
        (weight, pairs)
    }

    fn count(&self, bead: Step) -> usize {
        self.source.count(bead.i, bead.i + bead.a) + self.target.count(bead.j, bead.j + bead.b)
    }
}

impl Signal for Numbers {
    fn score(&self, bead: Step, scratch: &mut Scratch) -> f64 {
        let count = self.count(bead);
        if count == 0 {
            return 0.0;
        }
        let (weight, pairs) = self.matched(bead, scratch);
        weight - self.miss * (count - 2 * pairs) as f64
    }

    fn bound(&self, bead: Step) -> f64 {
        let count = self.count(bead);
        if count == 0 {
            return 0.0;
        }
        let source = Bits::union(&self.source_bits[bead.i..bead.i + bead.a]);
        let target = Bits::union(&self.target_bits[bead.j..bead.j + bead.b]);
        let pairs = source.max_matches(&target) as usize;
        pairs as f64 * self.max_weight - self.miss * count.saturating_sub(2 * pairs) as f64
    }
}

/// The weight of each id by its rarity among the sentences of `side`: up to
/// `scale × 1.5` for an id found in one sentence of many.
pub fn rarity(side: &Ragged, vocab_len: usize, scale: f64) -> Vec<f64> {
    let mut df = vec![0u32; vocab_len];
    for k in 0..side.len() {
        let mut last = None;
        for &id in side.range(k, k + 1) {
            if Some(id) != last {
                df[id as usize] += 1;
            }
            last = Some(id);
        }
    }
    let n = side.len().max(1) as f64;
    df.into_iter()
        .map(|df| {
            let w = scale * (1.0 + n / f64::from(df.max(1))).ln().min(3.0) / 2.0;
            f64::from(w as f32)
        })
        .collect()
}
