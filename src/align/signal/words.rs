//! Content words: the words of a bead that find a translation in it (through
//! the links: equal or near-equal keys, the learned lexicon, dictionaries)
//! add evidence, those that find none take some away.

use super::numbers::rarity;
use super::sets::{Bits, Ragged, for_each_match};
use super::{Inputs, Scratch, Signal, Step};

/// The match rate is capped so that an unmatched word never costs more than
/// −ln(1 − 0.6) ≈ 0.9 nats.
const MAX_MATCH_RATE: f64 = 0.6;

pub struct Words {
    /// Per source sentence its word ids; per target sentence the source word
    /// ids its words may translate.
    source: Ragged,
    target_links: Ragged,
    /// Content words per target sentence.
    target_words: Ragged,
    /// Weight of each source word, by its rarity in the source document.
    weight: Vec<f64>,
    max_weight: f64,
    /// Cost of a content word without partner in its bead.
    unmatched: f64,
    source_bits: Vec<Bits>,
    target_bits: Vec<Bits>,
}

impl Words {
    pub fn new(inputs: &Inputs) -> Words {
        let source = Ragged::new(inputs.source.sentences.iter().map(|s| s.words.as_slice()));
        let links: Vec<Vec<u32>> = inputs
            .target
            .sentences
            .iter()
            .map(|s| {
                let mut linked: Vec<u32> = s
                    .words
                    .iter()
                    .flat_map(|&w| inputs.links.sources(w).iter().copied())
                    .collect();
                linked.sort_unstable();
                linked
            })
            .collect();
        let target_links = Ragged::new(links.iter().map(Vec::as_slice));
        let weight = rarity(&source, inputs.source_vocab_len, inputs.params.word_weight);
        let bits = |side: &Ragged| {
            (0..side.len())
                .map(|k| Bits::of(side.range(k, k + 1)))
                .collect()
        };
        let unmatched = inputs.match_rate.map_or(0.0, |rate| {
            -inputs.params.unmatched_weight * (1.0 - rate.clamp(0.0, MAX_MATCH_RATE)).ln()
        });
        Words {
            max_weight: weight.iter().copied().fold(0.0, f64::max),
            source_bits: bits(&source),
            target_bits: bits(&target_links),
            target_words: Ragged::new(inputs.target.sentences.iter().map(|s| s.words.as_slice())),
            source,
            target_links,
            weight,
            unmatched,
        }
    }

    /// Source words of the bead that a target word of it links to: their
    /// weight and count.
    pub fn matched(&self, bead: Step, scratch: &mut Scratch) -> (f64, usize) {
        let (mut weight, mut pairs) = (0.0, 0);
        for_each_match(
            self.source.range(bead.i, bead.i + bead.a),
            self.target_links.range(bead.j, bead.j + bead.b),
            bead.a == 1 && bead.b == 1,
            &mut scratch.words,
            |id| {
                weight += self.weight[id as usize];
                pairs += 1;
            },
        );
        (weight, pairs)
    }

    fn content(&self, bead: Step) -> usize {
        self.source.count(bead.i, bead.i + bead.a)
            + self.target_words.count(bead.j, bead.j + bead.b)
    }
}

impl Signal for Words {
    fn score(&self, bead: Step, scratch: &mut Scratch) -> f64 {
        let (weight, pairs) = self.matched(bead, scratch);
        weight - self.unmatched * self.content(bead).saturating_sub(2 * pairs) as f64
    }

    fn bound(&self, bead: Step) -> f64 {
        let source = Bits::union(&self.source_bits[bead.i..bead.i + bead.a]);
        let target = Bits::union(&self.target_bits[bead.j..bead.j + bead.b]);
        let pairs = source.max_matches(&target) as usize;
        pairs as f64 * self.max_weight
            - self.unmatched * self.content(bead).saturating_sub(2 * pairs) as f64
    }
}
