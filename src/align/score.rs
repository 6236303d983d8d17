//! The score of a bead: how much more likely it is that these source
//! sentences translate these target sentences than not, in nats (a
//! log-likelihood ratio), summed from independent pieces of evidence.
//!
//! Anchors are *counted* (each matched word or number adds its weight once,
//! matched as multisets over the whole bead), so merging two beads into one
//! neither gains nor loses anchor evidence; the bead-type cost decides merges.

use super::features::{PUNCT_CLASSES, SideFeatures};
use super::links::Links;

/// The global parameters of the model. They are the same for every document
/// pair and language; what varies per pair (the length ratio, word rarity)
/// is estimated from the input at run time.
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
    /// character (Gale & Church's 6.8).
    pub length_variance: f64,
    /// Weight of the length evidence.
    pub length_weight: f64,
    /// Weight of one matched content word of average rarity.
    pub word_weight: f64,
    /// Scale of the cost of a content word that finds no partner in its
    /// bead. The cost itself, −ln(1 − r), follows from the share r of words
    /// that find one in the confident beads of the first pass: high for
    /// languages that share names and cognates, near zero for those that
    /// do not.
    pub unmatched_weight: f64,
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
            number_weight: 2.0,
            number_miss: 1.0,
            punct_weight: [1.0, 0.5, 0.25, 0.25],
            paragraph_cross: 2.0,
            paragraph_mismatch: 0.5,
        }
    }
}

/// Scores beads of one document pair.
pub struct Scorer<'a> {
    pub source: &'a SideFeatures,
    pub target: &'a SideFeatures,
    params: &'a Params,
    /// Target length per source character, estimated from the pair.
    ratio: f64,
    /// Per source sentence its word ids and number ids; per target sentence
    /// the source word ids its words may translate, and its number ids. Kept
    /// flat, so that the ids of consecutive sentences are one slice.
    source_words: Ragged,
    source_numbers: Ragged,
    target_links: Ragged,
    target_numbers: Ragged,
    /// Weight of each source word (by rarity in the source document).
    word_weight: Vec<f32>,
    /// Weight of each number (by rarity in the source document).
    number_weight: Vec<f32>,
    /// Hashed bit sets of each source sentence's words and numbers, and of
    /// each target sentence's linked words and numbers: two beads whose
    /// sets share few bits can match few anchors (a cheap upper bound).
    source_bits: Vec<Bits>,
    target_bits: Vec<Bits>,
    /// Prefix sums of the number of content words, per side.
    source_count: Vec<usize>,
    target_count: Vec<usize>,
    /// Cost of a content word without partner in its bead (0 in the first
    /// pass, see [`Params::unmatched_weight`]).
    unmatched: f64,
    /// The largest weight of one word, of one number, and the most
    /// punctuation can add.
    max_word: f64,
    max_number: f64,
    max_punct: f64,
}

/// 256 bits for words and 64 for numbers, one bit per hashed id.
#[derive(Debug, Clone, Copy, Default)]
struct Bits {
    words: [u64; 4],
    numbers: u64,
}

impl Bits {
    fn of(words: &[u32], numbers: &[u32]) -> Bits {
        let mut bits = Bits::default();
        for &w in words {
            let h = hash(w) >> 56;
            bits.words[(h >> 6) as usize] |= 1 << (h & 63);
        }
        for &n in numbers {
            bits.numbers |= 1 << (hash(n) >> 58);
        }
        bits
    }

    fn union(sets: &[Bits]) -> Bits {
        sets.iter().fold(Bits::default(), |acc, b| Bits {
            words: std::array::from_fn(|k| acc.words[k] | b.words[k]),
            numbers: acc.numbers | b.numbers,
        })
    }

    /// Bits set in both, for words and for numbers.
    fn shared(&self, other: &Bits) -> (u32, u32) {
        let words = (0..4)
            .map(|k| (self.words[k] & other.words[k]).count_ones())
            .sum();
        (words, (self.numbers & other.numbers).count_ones())
    }
}

/// Fibonacci hashing of an id to 64 well-mixed bits.
fn hash(id: u32) -> u64 {
    u64::from(id)
        .wrapping_add(1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Lists of ids, one per sentence, stored end to end.
#[derive(Debug, Clone, Default)]
struct Ragged {
    ids: Vec<u32>,
    starts: Vec<usize>,
}

impl Ragged {
    fn new<'s>(lists: impl Iterator<Item = &'s [u32]>) -> Ragged {
        let mut ragged = Ragged {
            ids: Vec::new(),
            starts: vec![0],
        };
        for list in lists {
            ragged.ids.extend_from_slice(list);
            ragged.starts.push(ragged.ids.len());
        }
        ragged
    }

    /// The ids of sentences `start..end`, end to end.
    fn range(&self, start: usize, end: usize) -> &[u32] {
        &self.ids[self.starts[start]..self.starts[end]]
    }
}

/// The match rate is capped so that an unmatched word never costs more than
/// −ln(1 − 0.6) ≈ 0.9 nats.
const MAX_MATCH_RATE: f64 = 0.6;

/// Reusable counters, so that scoring allocates nothing per bead.
#[derive(Default)]
pub struct Scratch {
    words: Vec<u16>,
    numbers: Vec<u16>,
}

impl<'a> Scorer<'a> {
    pub fn new(
        source: &'a SideFeatures,
        target: &'a SideFeatures,
        links: &Links,
        source_vocab_len: usize,
        number_vocab_len: usize,
        params: &'a Params,
    ) -> Scorer<'a> {
        let source_len = source.length(0, source.len()).max(1.0);
        let target_len = target.length(0, target.len()).max(1.0);
        let ratio = if source.is_empty() || target.is_empty() {
            1.0
        } else {
            target_len / source_len
        };
        let target_links: Vec<Vec<u32>> = target
            .sentences
            .iter()
            .map(|s| {
                let mut linked: Vec<u32> = s
                    .words
                    .iter()
                    .flat_map(|&w| links.sources(w).iter().copied())
                    .collect();
                linked.sort_unstable();
                linked
            })
            .collect();
        let n = source.len().max(1) as f64;
        let rarity = |counts: Vec<u32>, weight: f64| -> Vec<f32> {
            counts
                .into_iter()
                .map(|df| (weight * (1.0 + n / f64::from(df.max(1))).ln().min(3.0) / 2.0) as f32)
                .collect()
        };
        let word_df =
            document_frequency(source.sentences.iter().map(|s| &s.words), source_vocab_len);
        let number_df = document_frequency(
            source.sentences.iter().map(|s| &s.numbers),
            number_vocab_len,
        );
        let word_weight = rarity(word_df, params.word_weight);
        let number_weight = rarity(number_df, params.number_weight);
        let max_of = |w: &[f32]| f64::from(w.iter().copied().fold(0.0, f32::max));
        let counts = |side: &SideFeatures| -> Vec<usize> {
            let mut prefix = vec![0];
            for sentence in &side.sentences {
                prefix.push(prefix[prefix.len() - 1] + sentence.words.len());
            }
            prefix
        };
        let source_bits = source
            .sentences
            .iter()
            .map(|s| Bits::of(&s.words, &s.numbers))
            .collect();
        let target_bits = target
            .sentences
            .iter()
            .zip(&target_links)
            .map(|(s, linked)| Bits::of(linked, &s.numbers))
            .collect();
        Scorer {
            source,
            target,
            params,
            ratio,
            source_words: Ragged::new(source.sentences.iter().map(|s| s.words.as_slice())),
            source_numbers: Ragged::new(source.sentences.iter().map(|s| s.numbers.as_slice())),
            target_links: Ragged::new(target_links.iter().map(Vec::as_slice)),
            target_numbers: Ragged::new(target.sentences.iter().map(|s| s.numbers.as_slice())),
            max_word: max_of(&word_weight),
            max_number: max_of(&number_weight),
            max_punct: params.punct_weight.iter().map(|w| 2.0 * w).sum(),
            word_weight,
            number_weight,
            source_bits,
            target_bits,
            source_count: counts(source),
            target_count: counts(target),
            unmatched: 0.0,
        }
    }

    /// Sets the cost of an unmatched content word from the share of content
    /// words that found a partner in the first pass (see
    /// [`Params::unmatched_weight`]).
    pub fn with_match_rate(mut self, rate: f64) -> Self {
        self.unmatched =
            -self.params.unmatched_weight * (1.0 - rate.clamp(0.0, MAX_MATCH_RATE)).ln();
        self
    }

    /// The weight of the words and numbers that bead `i..i + a` × `j..j + b`
    /// shares: the evidence that its sentences translate each other.
    pub fn anchors(&self, i: usize, a: usize, j: usize, b: usize, scratch: &mut Scratch) -> f64 {
        let (words, _) = self.matched_words(i, a, j, b, scratch);
        let (numbers, _) = self.matched_numbers(i, a, j, b, scratch);
        f64::from(words + numbers)
    }

    /// Weight and count of the bead's source words that a target word links to.
    fn matched_words(
        &self,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        scratch: &mut Scratch,
    ) -> (f32, usize) {
        matched(
            self.source_words.range(i, i + a),
            self.target_links.range(j, j + b),
            a == 1 && b == 1,
            &self.word_weight,
            &mut scratch.words,
        )
    }

    /// Weight and count of the bead's numbers found on both sides.
    fn matched_numbers(
        &self,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        scratch: &mut Scratch,
    ) -> (f32, usize) {
        matched(
            self.source_numbers.range(i, i + a),
            self.target_numbers.range(j, j + b),
            a == 1 && b == 1,
            &self.number_weight,
            &mut scratch.numbers,
        )
    }

    /// Number of content words of the bead, both sides together.
    fn content_words(&self, i: usize, a: usize, j: usize, b: usize) -> usize {
        self.source_count[i + a] - self.source_count[i] + self.target_count[j + b]
            - self.target_count[j]
    }

    /// The score of the bead made of source sentences `i..i + a` and target
    /// sentences `j..j + b`, both non-empty (null beads cost
    /// [`Params::null_cost`] and [`Params::null_extend`]).
    ///
    /// Beads that cannot reach `floor` even if every source word found its
    /// translation are not scored in full: they get minus infinity.
    pub fn bead(
        &self,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        floor: f64,
        scratch: &mut Scratch,
    ) -> f64 {
        let p = self.params;
        debug_assert!(a > 0 && b > 0, "null beads are priced by the lattice");
        let mut score = -p.merge_cost * (a + b - 2) as f64;

        // Length (Gale & Church): target length around ratio × source length.
        let ls = self.source.length(i, i + a);
        let lt = self.target.length(j, j + b);
        let mean = (ls + lt / self.ratio) / 2.0;
        let delta = (lt - self.ratio * ls) / (p.length_variance * mean.max(1.0)).sqrt();
        score -= p.length_weight * delta * delta / 2.0;

        // Paragraphs: beads rarely cross them, and tend to start them together.
        if self.source.crosses_paragraph(i, i + a) {
            score -= p.paragraph_cross;
        }
        if self.target.crosses_paragraph(j, j + b) {
            score -= p.paragraph_cross;
        }
        if self.source.starts_paragraph(i) != self.target.starts_paragraph(j) {
            score -= p.paragraph_mismatch;
        }
        if score + self.max_punct < floor {
            return f64::NEG_INFINITY;
        }
        let source_bits = Bits::union(&self.source_bits[i..i + a]);
        let target_bits = Bits::union(&self.target_bits[j..j + b]);
        let (words, numbers) = source_bits.shared(&target_bits);
        let bound = f64::from(words) * self.max_word + f64::from(numbers) * self.max_number;
        if score + self.max_punct + bound < floor {
            return f64::NEG_INFINITY;
        }

        // Anchors: words and numbers matched as multisets over the bead.
        let (words, word_pairs) = self.matched_words(i, a, j, b, scratch);
        score += f64::from(words);
        let unmatched = self
            .content_words(i, a, j, b)
            .saturating_sub(2 * word_pairs);
        score -= self.unmatched * unmatched as f64;
        let numbers =
            self.source_numbers.range(i, i + a).len() + self.target_numbers.range(j, j + b).len();
        if numbers > 0 {
            let (weight, pairs) = self.matched_numbers(i, a, j, b, scratch);
            score += f64::from(weight);
            score -= p.number_miss * (numbers - 2 * pairs) as f64;
        }

        // Punctuation that translations keep.
        let (cs_all, ct_all) = (self.source.punct(i, i + a), self.target.punct(j, j + b));
        for class in 0..PUNCT_CLASSES {
            let (cs, ct) = (cs_all[class], ct_all[class]);
            let both = cs.min(ct);
            let one_side = cs.max(ct) - both;
            score += p.punct_weight[class] * (f64::from(both.min(2)) - f64::from(one_side.min(2)));
        }
        score
    }
}

/// In how many sentences of the document each id occurs.
fn document_frequency<'s>(
    sentences: impl Iterator<Item = &'s Vec<u32>>,
    vocab_len: usize,
) -> Vec<u32> {
    let mut df = vec![0u32; vocab_len];
    for ids in sentences {
        let mut last = None;
        for &id in ids {
            if Some(id) != last {
                df[id as usize] += 1;
            }
            last = Some(id);
        }
    }
    df
}

/// Weighted size (and count) of the multiset intersection of `source` and
/// `linked`. Sorted slices (one sentence a side) are merged; otherwise
/// `counts`, a zeroed counter per id, is used and left zeroed again.
fn matched(
    source: &[u32],
    linked: &[u32],
    sorted: bool,
    weight: &[f32],
    counts: &mut Vec<u16>,
) -> (f32, usize) {
    if source.is_empty() || linked.is_empty() {
        return (0.0, 0);
    }
    if sorted {
        return intersect(source, linked)
            .fold((0.0, 0), |(w, n), id| (w + weight[id as usize], n + 1));
    }
    if counts.len() < weight.len() {
        counts.resize(weight.len(), 0);
    }
    for &id in source {
        counts[id as usize] += 1;
    }
    let (mut total, mut pairs) = (0.0, 0);
    for &id in linked {
        // Branch-free: whether an id is matched is unpredictable.
        let c = &mut counts[id as usize];
        let hit = u16::from(*c > 0);
        *c -= hit;
        total += weight[id as usize] * f32::from(hit);
        pairs += usize::from(hit);
    }
    for &id in source {
        counts[id as usize] = 0;
    }
    (total, pairs)
}

/// How many ids of `source` find a partner in `linked` (both sorted), as
/// multisets.
pub fn count_matches(source: &[u32], linked: &[u32]) -> usize {
    intersect(source, linked).count()
}

/// Multiset intersection of two sorted slices.
fn intersect<'s>(a: &'s [u32], b: &'s [u32]) -> impl Iterator<Item = u32> + 's {
    let (mut x, mut y) = (0, 0);
    std::iter::from_fn(move || {
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    x += 1;
                    y += 1;
                    return Some(a[x - 1]);
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_intersection_counts_repeats_once_per_pair() {
        let got: Vec<u32> = intersect(&[1, 1, 2, 5], &[1, 2, 2, 5, 7]).collect();
        assert_eq!(got, [1, 2, 5]);
        let got: Vec<u32> = intersect(&[1, 1], &[1, 1, 1]).collect();
        assert_eq!(got, [1, 1]);
    }
}
