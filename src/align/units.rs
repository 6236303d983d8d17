//! Sentence-level units: a multi-sentence bead (2-2, 3-2, …) cut into the
//! smaller beads it is made of, where the aligner is confident of the cut.
//! A CAT tool looks up one source segment at a time, and a 2-2 unit matches
//! neither of its two sentences; cut into two 1-1 units, both match.
//!
//! Where the translation joined two sentences of the original into one (a
//! 2-1 bead: "… “good and productive.” German Chancellor Friedrich Merz
//! said …" / "… „gut und produktiv“, während Bundeskanzler Friedrich Merz
//! erklärte …"), no cut into whole sentences exists, and neither source
//! sentence would ever find its unit. Such a translation sentence is cut at
//! its clauses ([`clauses`]) when the aligner is as confident of that cut:
//! each source sentence then gets the part of the sentence that translates
//! it, marked as a part, so that the CAT tool offers it and the translator
//! sees that the memory's sentence went on.

use super::signal::Measured;
use super::{AlignedPair, Aligner, Bead, PairModel, Side, lattice};
use crate::segment::{Sentence, clauses};

/// The confidence each part of a cut needs (see [`Aligner::split_beads`]).
pub const SPLIT_CONFIDENCE: f64 = 0.5;
/// A translation sentence of more clauses than this is not cut: the
/// re-alignment would need beads larger than the aligner's.
const MAX_CLAUSES: usize = 8;

/// A translation unit: the sentences of a bead, or whole source sentences
/// with a part of one target sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The sentences; with a `part`, the target range is the one sentence
    /// the part is cut from.
    pub bead: Bead,
    /// The part of the target sentence, if the unit has one.
    pub part: Option<Part>,
}

/// A part of a target sentence, cut at its clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's text: consecutive clauses of the sentence.
    pub text: String,
    /// Which part it is, from 1…
    pub number: usize,
    /// …of how many the sentence was cut into.
    pub of: usize,
}

impl From<Bead> for Unit {
    fn from(bead: Bead) -> Unit {
        Unit { bead, part: None }
    }
}

impl Aligner {
    /// The TMX units of `pair`: every bead of two or more sentences on each
    /// side replaced by the beads the aligner finds inside it, and every
    /// bead of several source sentences and one target sentence cut at the
    /// target sentence's clauses, when there are several parts, none is a
    /// null bead, and each is at least `threshold` confident. The bead's
    /// sentences (or clauses) are aligned again as a document of their
    /// own, with what the whole pair teaches (its lexicon and match rate);
    /// a part's confidence is its posterior within the bead times the
    /// bead's. Every sentence stays in exactly one unit, or in its parts,
    /// in order.
    pub fn split_beads(&self, pair: &AlignedPair, threshold: f64) -> Vec<Unit> {
        let sentence_cut = |b: &Bead| b.source.len() >= 2 && b.target.len() >= 2;
        let clause_cut = |b: &Bead| b.source.len() >= 2 && b.target.len() == 1;
        if !pair
            .alignment
            .beads
            .iter()
            .any(|b| sentence_cut(b) || clause_cut(b))
        {
            return pair
                .alignment
                .beads
                .iter()
                .cloned()
                .map(Unit::from)
                .collect();
        }
        let cutter = Cutter::new(self, pair, threshold);
        let mut units = Vec::with_capacity(pair.alignment.beads.len());
        for bead in &pair.alignment.beads {
            let beads = if sentence_cut(bead) {
                cutter.sentences(bead)
            } else {
                vec![bead.clone()]
            };
            for bead in beads {
                if clause_cut(&bead) {
                    units.extend(cutter.clauses(bead));
                } else {
                    units.push(bead.into());
                }
            }
        }
        units
    }
}

/// Re-aligns the sentences of single beads with what the whole pair taught.
struct Cutter<'p> {
    aligner: &'p Aligner,
    pair: &'p AlignedPair,
    /// What the whole pair taught, under the pair's languages.
    model: super::Model,
    languages: super::LanguagePair,
    shapes: Vec<(usize, usize)>,
    threshold: f64,
}

impl<'p> Cutter<'p> {
    fn new(aligner: &'p Aligner, pair: &'p AlignedPair, threshold: f64) -> Cutter<'p> {
        let side = |sentences, lang| Side { sentences, lang };
        let model = aligner.learn([aligner.observe(
            side(&pair.source[..], &pair.source_lang),
            side(&pair.target[..], &pair.target_lang),
        )]);
        let languages = (
            pair.source_lang.code().to_string(),
            pair.target_lang.code().to_string(),
        );
        Cutter {
            aligner,
            pair,
            model,
            languages,
            shapes: lattice::shapes(aligner.config.max_bead.max(1)),
            threshold,
        }
    }

    /// The path through `source` and `target` with its posteriors, if it
    /// has several beads, none null, each at least the threshold
    /// confident.
    fn confident_cut(
        &self,
        source: &[Sentence],
        target: &[Sentence],
    ) -> Option<Vec<(lattice::Step, f64)>> {
        let source = Side {
            sentences: source,
            lang: &self.pair.source_lang,
        };
        let target = Side {
            sentences: target,
            lang: &self.pair.target_lang,
        };
        let learned = self.model.pairs.get(&self.languages);
        let mut prepared = self.aligner.prepare(source, target);
        if let Some(learned) = learned {
            prepared.learn(learned);
        }
        let measured = learned.map_or_else(Measured::default, PairModel::measured);
        let decoded = self
            .aligner
            .decode(&prepared, &self.shapes, Some(measured), None);
        let confident = decoded.path.len() > 1
            && decoded
                .path
                .iter()
                .zip(&decoded.posteriors)
                .all(|(step, &p)| step.a > 0 && step.b > 0 && p >= self.threshold);
        confident.then(|| decoded.path.into_iter().zip(decoded.posteriors).collect())
    }

    /// A bead of several sentences a side as the beads inside it, or whole.
    fn sentences(&self, bead: &Bead) -> Vec<Bead> {
        let source = &self.pair.source[bead.source.clone()];
        let target = &self.pair.target[bead.target.clone()];
        let Some(cut) = self.confident_cut(source, target) else {
            return vec![bead.clone()];
        };
        cut.into_iter()
            .map(|(step, p)| {
                let (i, j) = (bead.source.start + step.i, bead.target.start + step.j);
                Bead {
                    source: i..i + step.a,
                    target: j..j + step.b,
                    confidence: p.clamp(0.0, 1.0) * bead.confidence,
                }
            })
            .collect()
    }

    /// A bead of several source sentences and one target sentence as units
    /// of whole source sentences and parts of the target sentence, or whole.
    fn clauses(&self, bead: Bead) -> Vec<Unit> {
        let sentence = &self.pair.target[bead.target.start];
        let pieces = clauses(&sentence.text);
        if pieces.len() < 2 || pieces.len() > MAX_CLAUSES {
            return vec![bead.into()];
        }
        let target: Vec<Sentence> = pieces
            .iter()
            .enumerate()
            .map(|(id, range)| Sentence {
                id,
                paragraph: sentence.paragraph,
                text: sentence.text[range.clone()].to_string(),
            })
            .collect();
        let source = &self.pair.source[bead.source.clone()];
        let Some(cut) = self.confident_cut(source, &target) else {
            return vec![bead.into()];
        };
        let of = cut.len();
        cut.into_iter()
            .enumerate()
            .map(|(k, (step, p))| {
                let i = bead.source.start + step.i;
                let text = pieces[step.j].start..pieces[step.j + step.b - 1].end;
                Unit {
                    bead: Bead {
                        source: i..i + step.a,
                        target: bead.target.clone(),
                        confidence: p.clamp(0.0, 1.0) * bead.confidence,
                    },
                    part: Some(Part {
                        text: sentence.text[text].to_string(),
                        number: k + 1,
                        of,
                    }),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Alignment;
    use crate::lang::Lang;
    use crate::segment::{Mode, Segmenter};
    use crate::text::Document;

    /// The bundled article with its gold alignment, and every two gold 1-1
    /// beads in a row (0-1, 2-3, …) joined into one 2-2 bead: a cut is right
    /// when it gives the two gold beads back.
    fn joined_gold() -> (AlignedPair, Vec<Bead>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/atlantic-council");
        let read = |name: &str, lang: &Lang| {
            let doc = Document::read(&root.join(name), crate::Encoding::Utf8).unwrap();
            Segmenter::new(lang).segment(&doc, &Mode::Split)
        };
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let mut at = (0, 0);
        let gold: Vec<Bead> = std::fs::read_to_string(root.join("gold.txt"))
            .unwrap()
            .lines()
            .map(|line| {
                let ids = |s: &str| -> Vec<usize> {
                    s.trim_matches(['[', ']', ' '])
                        .split(',')
                        .filter_map(|x| x.trim().parse().ok())
                        .collect()
                };
                let mut parts = line.split(':');
                let (s, t) = (ids(parts.next().unwrap()), ids(parts.next().unwrap()));
                let range =
                    |v: &[usize], from: usize| v.first().map_or(from..from, |&a| a..a + v.len());
                let bead = Bead {
                    source: range(&s, at.0),
                    target: range(&t, at.1),
                    confidence: 1.0,
                };
                at = (bead.source.end, bead.target.end);
                bead
            })
            .collect();
        let mut joined = Vec::new();
        let mut k = 0;
        while k < gold.len() {
            let one = |b: &Bead| b.source.len() == 1 && b.target.len() == 1;
            if k + 1 < gold.len() && one(&gold[k]) && one(&gold[k + 1]) {
                joined.push(Bead {
                    source: gold[k].source.start..gold[k + 1].source.end,
                    target: gold[k].target.start..gold[k + 1].target.end,
                    confidence: 1.0,
                });
                k += 2;
            } else {
                joined.push(gold[k].clone());
                k += 1;
            }
        }
        let pair = AlignedPair {
            id: "atlantic-council".into(),
            source: read("en.txt", &en),
            target: read("de.txt", &de),
            source_lang: en,
            target_lang: de,
            alignment: Alignment {
                beads: joined,
                parallel: 1.0,
            },
        };
        (pair, gold)
    }

    #[test]
    fn confident_cuts_give_the_gold_beads_back() {
        let (pair, gold) = joined_gold();
        let aligner = Aligner::default();
        let units = aligner.split_beads(&pair, SPLIT_CONFIDENCE);
        // Every sentence once, in order; the parts of a sentence together.
        let mut next = (0, 0);
        for unit in &units {
            let bead = &unit.bead;
            let part = unit.part.as_ref().map_or(1, |p| p.number);
            let target_start = if part > 1 {
                bead.target.end
            } else {
                bead.target.start
            };
            assert_eq!((bead.source.start, target_start), next);
            next = (bead.source.end, bead.target.end);
        }
        assert_eq!(next, (pair.source.len(), pair.target.len()));
        let in_gold = |u: &Bead| {
            gold.iter()
                .any(|g| g.source == u.source && g.target == u.target)
        };
        let cut: Vec<&Bead> = units
            .iter()
            .filter(|u| u.part.is_none() && !pair.alignment.beads.contains(&u.bead))
            .map(|u| &u.bead)
            .collect();
        let right = cut.iter().filter(|u| in_gold(u)).count();
        let joined = pair
            .alignment
            .beads
            .iter()
            .filter(|b| b.kind() == "2-2")
            .count();
        eprintln!(
            "{joined} joined beads: {} units cut, {right} as in the gold",
            cut.len()
        );
        assert_eq!(right, cut.len(), "every cut is the gold's");
        assert!(
            cut.len() >= 2 * joined * 9 / 10,
            "{} of {} cut",
            cut.len(),
            2 * joined
        );
    }

    /// The article's translation joins three pairs of English sentences
    /// into one German sentence each (the gold's 2-1 beads). Cut at its
    /// clauses, each English sentence gets one part, the parts are the
    /// sentence in order, and "Far from it." gets "Im Gegenteil:".
    #[test]
    fn a_joined_translation_sentence_is_cut_at_its_clauses() {
        let (mut pair, _) = joined_gold();
        // The gold itself, not the 2-2 beads the other test makes.
        let (_, gold) = joined_gold();
        pair.alignment.beads = gold;
        let units = Aligner::default().split_beads(&pair, SPLIT_CONFIDENCE);
        let parts: Vec<&Unit> = units.iter().filter(|u| u.part.is_some()).collect();
        let joined: Vec<&Bead> = pair
            .alignment
            .beads
            .iter()
            .filter(|b| b.source.len() >= 2 && b.target.len() == 1)
            .collect();
        assert_eq!(joined.len(), 3);
        for bead in &joined {
            let sentence = &pair.target[bead.target.start].text;
            let mine: Vec<&&Unit> = parts
                .iter()
                .filter(|u| u.bead.target == bead.target)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let texts: Vec<&str> = mine
                .iter()
                .map(|u| u.part.as_ref().unwrap().text.as_str())
                .collect();
            assert_eq!(texts.join(" "), *sentence, "the parts are the sentence");
            for (k, unit) in mine.iter().enumerate() {
                let part = unit.part.as_ref().unwrap();
                assert_eq!((part.number, part.of), (k + 1, mine.len()));
                assert!(unit.bead.confidence >= SPLIT_CONFIDENCE * SPLIT_CONFIDENCE);
            }
        }
        let far = units
            .iter()
            .find(|u| {
                pair.source[u.bead.source.clone()]
                    .iter()
                    .any(|s| s.text == "Far from it.")
            })
            .unwrap();
        assert_eq!(far.bead.source.len(), 1);
        assert_eq!(
            far.part.as_ref().map(|p| p.text.as_str()),
            Some("Im Gegenteil:")
        );
        eprintln!(
            "{} of {} joined sentences cut",
            joined
                .iter()
                .filter(|b| parts.iter().any(|u| u.bead.target == b.target))
                .count(),
            joined.len()
        );
    }
}
