//! Which beads a corpus format (TMX, TSV, line-aligned files, JSON lines)
//! keeps: beads at least as confident as asked, and with deduplication each
//! sentence pair once. Every corpus writer selects through one
//! [`Selection`], so that all formats of a run hold the same pairs and
//! count what they left out the same way.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use super::{AlignedDocument, Options};
use crate::align::{Bead, Unit};

/// What a writer left out of its file, for the user and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// Beads below the minimum confidence.
    pub below_min_confidence: usize,
    /// Sentence pairs already written (the same texts, whitespace and case
    /// aside), when deduplicating.
    pub duplicates: usize,
}

impl Dropped {
    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        *self == Dropped::default()
    }

    /// Adds what another file (or document) left out.
    pub fn add(&mut self, other: Dropped) {
        self.below_min_confidence += other.below_min_confidence;
        self.duplicates += other.duplicates;
    }
}

/// The beads one output keeps, across all the documents written to it.
#[derive(Debug, Default)]
pub struct Selection {
    min_confidence: Option<f64>,
    /// Keys of the pairs written so far, when deduplicating: 128 bits of
    /// the normalised texts, so that two different pairs collide with a
    /// chance of about n²/2¹²⁹ (nothing for any corpus), in 16 bytes a pair.
    seen: Option<HashSet<u128>>,
    dropped: Dropped,
}

impl Selection {
    /// A selection by `options`: the minimum confidence, and deduplication if asked for; nothing
    /// dropped yet.
    pub fn new(options: &Options) -> Selection {
        Selection {
            min_confidence: options.min_confidence,
            seen: options.dedup.then(HashSet::new),
            dropped: Dropped::default(),
        }
    }

    /// Whether `bead` of `doc` is written, counting what is not. Beads
    /// without counterpart are judged by their confidence only: they are
    /// no sentence pair to repeat.
    pub fn keep(&mut self, doc: &AlignedDocument, bead: &Bead) -> bool {
        self.keep_texts(bead, || (doc.source_text(bead), doc.target_text(bead)))
    }

    /// Whether TMX unit `unit` of `doc` is written: as [`Selection::keep`],
    /// with the unit's own texts (a part of a sentence is not the sentence).
    pub fn keep_unit(&mut self, doc: &AlignedDocument, unit: &Unit) -> bool {
        self.keep_texts(&unit.bead, || {
            (doc.source_text(&unit.bead), doc.unit_target_text(unit))
        })
    }

    fn keep_texts(&mut self, bead: &Bead, texts: impl FnOnce() -> (String, String)) -> bool {
        if self.min_confidence.is_some_and(|min| bead.confidence < min) {
            self.dropped.below_min_confidence += 1;
            return false;
        }
        if bead.is_null() {
            return true;
        }
        let Some(seen) = &mut self.seen else {
            return true;
        };
        let (source, target) = texts();
        let key = pair_key(&source, &target);
        if seen.insert(key) {
            true
        } else {
            self.dropped.duplicates += 1;
            false
        }
    }

    /// What was left out so far.
    pub fn dropped(&self) -> Dropped {
        self.dropped
    }
}

/// Two texts as deduplication compares them: runs of whitespace as one
/// space, trimmed, lower case.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// 128 bits of a pair's normalised texts (two SipHash passes with
/// different prefixes; the source and target are hashed as separate
/// fields, so moving words from one side to the other changes the key).
fn pair_key(source: &str, target: &str) -> u128 {
    let (source, target) = (normalised(source), normalised(target));
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        (salt, &source, &target).hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::fixture::{Pair, bead};

    #[test]
    fn duplicates_are_judged_without_whitespace_and_case() {
        let beads = (0..4)
            .map(|k| bead(k..k + 1, k..k + 1, if k == 3 { 0.2 } else { 0.9 }))
            .collect();
        let pair = Pair::new(
            &["Hello  world.", "hello world.", "Hello world.", "Bye."],
            &["Hallo Welt.", "HALLO Welt.", "Hallo Welt!", "Tschüss."],
            beads,
        );
        let (doc, alignment) = (pair.doc("d"), &pair.alignment);
        let options = Options {
            min_confidence: Some(0.5),
            dedup: true,
            ..Options::default()
        };
        let mut selection = Selection::new(&options);
        let kept: Vec<bool> = (alignment.beads.iter())
            .map(|b| selection.keep(&doc, b))
            .collect();
        assert_eq!(kept, [true, false, true, false]);
        assert_eq!(
            selection.dropped(),
            Dropped {
                below_min_confidence: 1,
                duplicates: 1
            }
        );
        // Without deduplication, every confident bead is kept.
        let mut all = Selection::new(&Options::default());
        assert!(alignment.beads.iter().all(|b| all.keep(&doc, b)));
        assert!(all.dropped().is_empty());
    }

    #[test]
    fn the_sides_of_a_pair_are_kept_apart() {
        assert_ne!(pair_key("a b", "c"), pair_key("a", "b c"));
        assert_eq!(pair_key(" A\tb ", "C"), pair_key("a b", "c"));
    }
}
