//! Sentence-level units: a multi-sentence bead (2-2, 3-2, …) cut into the
//! smaller beads it is made of, where the aligner is confident of the cut.
//! A CAT tool looks up one source segment at a time, and a 2-2 unit matches
//! neither of its two sentences; cut into two 1-1 units, both match.

use super::{AlignedPair, Aligner, Bead, Side, lattice};

/// The confidence each part of a cut needs (see [`Aligner::split_beads`]).
pub const SPLIT_CONFIDENCE: f64 = 0.5;

impl Aligner {
    /// The beads of `pair`, with every bead of two or more sentences on
    /// each side replaced by the beads the aligner finds inside it, when
    /// there are several, none is a null bead, and each is at least
    /// `threshold` confident. The bead's sentences are aligned again as a
    /// document of their own, with what the whole pair teaches (its
    /// lexicon and match rate); a part's confidence is its posterior within
    /// the bead times the bead's. Every sentence stays in exactly one bead,
    /// in order.
    pub fn split_beads(&self, pair: &AlignedPair, threshold: f64) -> Vec<Bead> {
        let side = |sentences, lang| Side { sentences, lang };
        let whole = (
            side(&pair.source[..], &pair.source_lang),
            side(&pair.target[..], &pair.target_lang),
        );
        let splittable = |b: &Bead| b.source.len() >= 2 && b.target.len() >= 2;
        if !pair.alignment.beads.iter().any(splittable) {
            return pair.alignment.beads.clone();
        }
        let model = self.learn([self.observe(whole.0, whole.1)]);
        let languages = (
            pair.source_lang.code().to_string(),
            pair.target_lang.code().to_string(),
        );
        let learned = model.pairs.get(&languages);
        let shapes = lattice::shapes(self.config.max_bead.max(1));
        let mut units = Vec::with_capacity(pair.alignment.beads.len());
        for bead in &pair.alignment.beads {
            if !splittable(bead) {
                units.push(bead.clone());
                continue;
            }
            let source = side(&pair.source[bead.source.clone()], &pair.source_lang);
            let target = side(&pair.target[bead.target.clone()], &pair.target_lang);
            let mut prepared = self.prepare(source, target);
            if let Some(learned) = learned {
                prepared.learn(learned);
            }
            let rate = Some(learned.map_or(0.0, |p| p.match_rate));
            let decoded = self.decode(&prepared, &shapes, rate, None);
            let confident = decoded.path.len() > 1
                && decoded
                    .path
                    .iter()
                    .zip(&decoded.posteriors)
                    .all(|(step, &p)| step.a > 0 && step.b > 0 && p >= threshold);
            if !confident {
                units.push(bead.clone());
                continue;
            }
            for (step, &p) in decoded.path.iter().zip(&decoded.posteriors) {
                let (i, j) = (bead.source.start + step.i, bead.target.start + step.j);
                units.push(Bead {
                    source: i..i + step.a,
                    target: j..j + step.b,
                    confidence: p.clamp(0.0, 1.0) * bead.confidence,
                });
            }
        }
        units
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
        // Every sentence once, in order.
        let mut next = (0, 0);
        for unit in &units {
            assert_eq!((unit.source.start, unit.target.start), next);
            next = (unit.source.end, unit.target.end);
        }
        assert_eq!(next, (pair.source.len(), pair.target.len()));
        let in_gold = |u: &Bead| {
            gold.iter()
                .any(|g| g.source == u.source && g.target == u.target)
        };
        let cut: Vec<&Bead> = units
            .iter()
            .filter(|u| !pair.alignment.beads.contains(u))
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
}
