//! Content words: the words of a bead that find a translation in it (through
//! the links: equal or near-equal keys, the learned lexicon, dictionaries)
//! add evidence, those that could have found one and did not take some away.
//!
//! A match is worth what it gains over chance (a log-likelihood ratio): a
//! source word finds a partner in a true translation with probability `r`
//! (the match rate of the first pass), and in unrelated text of the bead's
//! target length `L` with probability `ρ L`, where `ρ` is how often its
//! partners occur per character of the target document. A word whose
//! partners are everywhere proves nothing; in a larger bead every match is
//! worth less, because chance would find more. So a merge cannot collect
//! evidence from chance matches between its pairs, and knowing more links
//! (a big dictionary) cannot make false merges look better.
//!
//! Words that have a partner somewhere in the other document but miss it in
//! their bead cost `−ln(1 − r)`, scaled. Words that have none anywhere say
//! nothing about which bead is right, but something about whether their
//! sentence has a counterpart at all: a sentence with more of them than the
//! document's share is likely one the translation left out or added, so its
//! beads lose a little for every such word beyond the share and gain for
//! every one below it. That term is the same for a sentence whatever bead it
//! is in, so it moves only the balance between a bead and a null bead.

use super::numbers::rarity;
use super::sets::{Bits, Ragged, for_each_match};
use super::{Inputs, Scratch, Signal, Step};

/// The match rate assumed in the first pass, before it is measured.
const PRIOR_MATCH_RATE: f64 = 0.5;
/// The match rate is capped so that an unmatched word never costs more than
/// −ln(1 − 0.8) ≈ 1.6 nats, scaled.
const MAX_MATCH_RATE: f64 = 0.8;
/// Most one matched word can prove, in nats before scaling: words are not
/// independent (a name repeated, a phrase kept), so no single one may decide.
const MAX_EVIDENCE: f64 = 3.0;
/// Bead sides up to this many target sentences have their log length cached.
const CACHED_SPAN: usize = 4;

pub struct Words {
    /// Per source sentence its word ids; per target sentence the source word
    /// ids its words may translate.
    source: Ragged,
    target_links: Ragged,
    /// Per source word, ln(r / ρ): its evidence when matched in a bead one
    /// character long (see the module documentation).
    evidence: Vec<f64>,
    /// Per source sentence, the most evidence one of its words can give.
    max_evidence: Vec<f64>,
    scale: f64,
    /// Prefix sums of the words, per side, that have a partner somewhere in
    /// the other document.
    source_linkable: Vec<usize>,
    target_linkable: Vec<usize>,
    /// Prefix sums of all content words per side.
    source_content: Vec<usize>,
    target_content: Vec<usize>,
    /// See [`Params::unlinkable_weight`](crate::align::Params::unlinkable_weight).
    unlinkable_weight: f64,
    share: (f64, f64),
    /// Target length prefix sums (characters).
    target_length: Vec<f64>,
    /// Per target sentence `j`, ln of the length of sentences `j..j + b`
    /// for `b` in 1..=[`CACHED_SPAN`]: every bead asks for it twice (bound
    /// and score), and the logarithm is a good part of the cost of scoring.
    log_lengths: Vec<[f64; CACHED_SPAN]>,
    /// Cost of a linkable word without partner in its bead.
    unmatched: f64,
    /// Weight of each source word by rarity: what counts as an anchor for
    /// [`Words::anchor_weight`].
    rarity: Vec<f64>,
    source_bits: Vec<Bits>,
    target_bits: Vec<Bits>,
}

impl Words {
    pub fn new(inputs: &Inputs) -> Words {
        let source = Ragged::new(inputs.source.sentences.iter().map(|s| s.words.as_slice()));
        let mut target_linkable = vec![0];
        let links: Vec<Vec<u32>> = inputs
            .target
            .sentences
            .iter()
            .map(|s| {
                let linkable = s
                    .words
                    .iter()
                    .filter(|&&w| !inputs.attested.sources(w).is_empty())
                    .count();
                target_linkable.push(target_linkable[target_linkable.len() - 1] + linkable);
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
        let mut partners = vec![0u32; inputs.source_vocab_len];
        for &id in target_links.range(0, target_links.len()) {
            partners[id as usize] += 1;
        }
        let mut attested = vec![false; inputs.source_vocab_len];
        for s in &inputs.target.sentences {
            for &w in &s.words {
                for &id in inputs.attested.sources(w) {
                    attested[id as usize] = true;
                }
            }
        }
        let mut source_linkable = vec![0];
        for k in 0..source.len() {
            let linkable = source
                .range(k, k + 1)
                .iter()
                .filter(|&&w| attested[w as usize])
                .count();
            source_linkable.push(source_linkable[k] + linkable);
        }
        let match_rate = inputs.measured.map(|m| m.match_rate);
        let rate = match_rate
            .unwrap_or(PRIOR_MATCH_RATE)
            .clamp(0.05, MAX_MATCH_RATE);
        let target_len = inputs.target.length(0, inputs.target.len()).max(1.0);
        let evidence: Vec<f64> = partners
            .iter()
            .map(|&n| {
                if n == 0 {
                    0.0
                } else {
                    (rate * target_len / f64::from(n)).ln()
                }
            })
            .collect();
        let unmatched =
            match_rate.map_or(0.0, |_| -inputs.params.unmatched_weight * (1.0 - rate).ln());
        let (source_content, target_content) = (prefix(inputs.source), prefix(inputs.target));
        let share_of = |linkable: &[usize], content: &[usize]| {
            linkable[linkable.len() - 1] as f64 / content[content.len() - 1].max(1) as f64
        };
        let share = (
            share_of(&source_linkable, &source_content),
            share_of(&target_linkable, &target_content),
        );
        Words {
            max_evidence: (0..source.len())
                .map(|k| {
                    source
                        .range(k, k + 1)
                        .iter()
                        .map(|&w| evidence[w as usize])
                        .fold(0.0, f64::max)
                })
                .collect(),
            rarity: rarity(&source, inputs.source_vocab_len, 1.0),
            source_bits: source.bits(),
            target_bits: target_links.bits(),
            source,
            target_links,
            evidence,
            scale: inputs.params.word_weight,
            source_linkable,
            target_linkable,
            log_lengths: log_lengths(&inputs.target.len_prefix),
            target_length: inputs.target.len_prefix.clone(),
            unlinkable_weight: inputs.params.unlinkable_weight,
            share,
            source_content,
            target_content,
            unmatched,
        }
    }

    /// ln of the bead's target length, which every match's evidence is
    /// measured against.
    fn log_length(&self, bead: Step) -> f64 {
        if (1..=CACHED_SPAN).contains(&bead.b) {
            return self.log_lengths[bead.j][bead.b - 1];
        }
        log_length(&self.target_length, bead.j, bead.b)
    }

    /// The evidence of the bead's matched words (before scaling) and their
    /// number.
    fn matched(&self, bead: Step, scratch: &mut Scratch) -> (f64, usize) {
        let log_length = self.log_length(bead);
        let (mut evidence, mut pairs) = (0.0, 0);
        self.for_each_match(bead, scratch, |id| {
            evidence += (self.evidence[id as usize] - log_length).clamp(0.0, MAX_EVIDENCE);
            pairs += 1;
        });
        (evidence, pairs)
    }

    /// The rarity weight of the source words of the bead that find a partner
    /// in it: anchors, for the test whether two documents are parallel.
    pub fn anchor_weight(&self, bead: Step, scratch: &mut Scratch) -> f64 {
        let mut weight = 0.0;
        self.for_each_match(bead, scratch, |id| weight += self.rarity[id as usize]);
        weight
    }

    fn for_each_match(&self, bead: Step, scratch: &mut Scratch, each: impl FnMut(u32)) {
        for_each_match(
            self.source.range(bead.i, bead.i + bead.a),
            self.target_links.range(bead.j, bead.j + bead.b),
            bead.a == 1 && bead.b == 1,
            &mut scratch.words,
            each,
        );
    }

    /// Words of the bead that have a partner somewhere in the other document.
    fn linkable(&self, bead: Step) -> usize {
        self.source_linkable[bead.i + bead.a] - self.source_linkable[bead.i]
            + self.target_linkable[bead.j + bead.b]
            - self.target_linkable[bead.j]
    }
}

/// ln of the length of target sentences `j..j + b`, from length prefix sums.
fn log_length(prefix: &[f64], j: usize, b: usize) -> f64 {
    (prefix[j + b] - prefix[j]).max(1.0).ln()
}

fn log_lengths(prefix: &[f64]) -> Vec<[f64; CACHED_SPAN]> {
    let m = prefix.len().saturating_sub(1);
    (0..m)
        .map(|j| {
            let mut row = [0.0; CACHED_SPAN];
            for (b, value) in (1..=CACHED_SPAN.min(m - j)).zip(row.iter_mut()) {
                *value = log_length(prefix, j, b);
            }
            row
        })
        .collect()
}

fn prefix(side: &crate::align::features::SideFeatures) -> Vec<usize> {
    let mut p = vec![0];
    for s in &side.sentences {
        p.push(p[p.len() - 1] + s.words.len());
    }
    p
}

impl Words {
    /// Words without partner anywhere, beyond the share the document has.
    fn unlinkable(&self, bead: Step) -> f64 {
        let cs = (self.source_content[bead.i + bead.a] - self.source_content[bead.i]) as f64;
        let ct = (self.target_content[bead.j + bead.b] - self.target_content[bead.j]) as f64;
        let ls = (self.source_linkable[bead.i + bead.a] - self.source_linkable[bead.i]) as f64;
        let lt = (self.target_linkable[bead.j + bead.b] - self.target_linkable[bead.j]) as f64;
        (cs - ls) - cs * (1.0 - self.share.0) + (ct - lt) - ct * (1.0 - self.share.1)
    }
}

impl Signal for Words {
    fn score(&self, bead: Step, scratch: &mut Scratch) -> f64 {
        let (evidence, pairs) = self.matched(bead, scratch);
        self.scale * evidence
            - self.unmatched * self.linkable(bead).saturating_sub(2 * pairs) as f64
            - self.unlinkable_weight * self.unmatched * self.unlinkable(bead)
    }

    fn bound(&self, bead: Step) -> f64 {
        let source = Bits::union(&self.source_bits[bead.i..bead.i + bead.a]);
        let target = Bits::union(&self.target_bits[bead.j..bead.j + bead.b]);
        let pairs = source.max_matches(&target) as usize;
        let most = self.max_evidence[bead.i..bead.i + bead.a]
            .iter()
            .copied()
            .fold(0.0, f64::max);
        let per_match = (most - self.log_length(bead)).clamp(0.0, MAX_EVIDENCE);
        self.scale * pairs as f64 * per_match
            - self.unmatched * self.linkable(bead).saturating_sub(2 * pairs) as f64
            - self.unlinkable_weight * self.unmatched * self.unlinkable(bead)
    }
}
