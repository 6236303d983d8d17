//! Properties every alignment must have, whatever the input: every sentence
//! of both sides in exactly one bead, beads in order and contiguous, no bead
//! empty on both sides, no bead side longer than the configured maximum, and
//! every confidence a probability.
//!
//! The inputs are random documents: sentences drawn from a small vocabulary
//! of words (some cognates across the two sides, some numbers, some
//! punctuation the aligner counts), from empty documents to 40 sentences a
//! side, of unrelated or of very different lengths, and pairs where the
//! target is the source edited (sentences merged, split, dropped, added), so
//! that the lattice also takes its larger beads.

use crate::util::align_with;
use std::ops::Range;

use bitext::Lang;
use bitext::Sentence;
use bitext::align::{Aligner, Alignment, Config, Side};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

/// Words shared by both sides (names, cognates, numbers in several
/// notations, acronyms), words of one side only, and punctuation.
const SHARED: &[&str] = &[
    "Selenskyj",
    "Zelenskyy",
    "Kiew",
    "Kyiv",
    "Präsident",
    "president",
    "NATO",
    "EU",
    "2025",
    "3,5",
    "3.5",
    "1.000",
    "20.08.2025",
    "Straße",
    "ukrainische",
    "Ukrainian",
];
const ENGLISH: &[&str] = &[
    "the",
    "security",
    "guarantee",
    "against",
    "Russia",
    "said",
    "on",
    "Monday",
    "was",
    "and",
    "troops",
    "would",
    "not",
    "be",
    "deployed",
];
const GERMAN: &[&str] = &[
    "die",
    "Sicherheitsgarantie",
    "gegen",
    "Russland",
    "sagte",
    "am",
    "Montag",
    "und",
    "Truppen",
    "würden",
    "nicht",
    "entsandt",
    "werden",
];
const ENDINGS: &[&str] = &[".", "?", "!", ":", "\u{201c}.", "\"."];

/// One word: from the lists, a random number, or a random word.
fn word(lang_words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(lang_words).prop_map(str::to_string),
        2 => prop::sample::select(SHARED).prop_map(str::to_string),
        1 => (0u32..100_000).prop_map(|n| n.to_string()),
        2 => "[a-zäöüß]{1,12}",
        1 => "[A-Z][a-z]{2,9}",
    ]
}

fn sentence_text(lang_words: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(word(lang_words), 1..25),
        prop::sample::select(ENDINGS),
    )
        .prop_map(|(words, end)| format!("{}{end}", words.join(" ")))
}

/// Sentences with ids 0.. and non-decreasing paragraph ids (starting
/// anywhere, steps of 0 to 3).
fn document(
    lang_words: &'static [&'static str],
    sentences: Range<usize>,
) -> impl Strategy<Value = Vec<Sentence>> {
    (
        0usize..3,
        prop::collection::vec((sentence_text(lang_words), 0usize..4), sentences),
    )
        .prop_map(|(first, items)| number(first, items))
}

/// Numbers sentences; `step` 1 of 4 times starts a new paragraph (0 is the
/// most frequent step, so paragraphs have several sentences).
fn number(first_paragraph: usize, items: Vec<(String, usize)>) -> Vec<Sentence> {
    let mut paragraph = first_paragraph;
    items
        .into_iter()
        .enumerate()
        .map(|(id, (text, step))| {
            if id > 0 {
                paragraph += step.saturating_sub(2);
            }
            Sentence {
                id,
                paragraph,
                text,
            }
        })
        .collect()
}

/// What happens to one source sentence in the "translation".
#[derive(Debug, Clone)]
enum Edit {
    Keep,
    Drop,
    /// Joined with the next sentence.
    Merge,
    /// Split in two at a word boundary.
    Split,
    /// Followed by an added sentence.
    Add(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => Just(Edit::Keep),
        1 => Just(Edit::Drop),
        1 => Just(Edit::Merge),
        1 => Just(Edit::Split),
        1 => sentence_text(GERMAN).prop_map(Edit::Add),
    ]
}

/// A source document and a target made from it by edits (same words: the
/// aligner sees them as identical or cognate).
fn related_pair(sentences: Range<usize>) -> impl Strategy<Value = (Vec<Sentence>, Vec<Sentence>)> {
    document(ENGLISH, sentences)
        .prop_flat_map(|source| {
            let n = source.len();
            (Just(source), prop::collection::vec(edit(), n))
        })
        .prop_map(|(source, edits)| {
            let target = edited(&source, edits);
            (source, target)
        })
}

/// The target made from `source` by `edits`, one per source sentence;
/// paragraph breaks are kept.
fn edited(source: &[Sentence], edits: Vec<Edit>) -> Vec<Sentence> {
    let mut target: Vec<(String, usize)> = Vec::new();
    let mut pending: Option<String> = None;
    for (sentence, edit) in source.iter().zip(edits) {
        let text = match pending.take() {
            Some(before) => format!("{before} {}", sentence.text),
            None => sentence.text.clone(),
        };
        let new_paragraph =
            sentence.id > 0 && sentence.paragraph != source[sentence.id - 1].paragraph;
        // number() starts a paragraph at step 3.
        let step = if new_paragraph { 3 } else { 0 };
        match edit {
            Edit::Keep => target.push((text, step)),
            Edit::Drop => {}
            Edit::Merge => pending = Some(text),
            Edit::Split => {
                let words: Vec<&str> = text.split(' ').collect();
                let half = words.len().div_ceil(2);
                target.push((format!("{}.", words[..half].join(" ")), step));
                if half < words.len() {
                    target.push((words[half..].join(" "), 0));
                }
            }
            Edit::Add(extra) => {
                target.push((text, step));
                target.push((extra, 0));
            }
        }
    }
    if let Some(rest) = pending {
        target.push((rest, 0));
    }
    number(0, target)
}

fn config() -> impl Strategy<Value = Config> {
    (1usize..=5, any::<bool>()).prop_map(|(max_bead, learn_lexicon)| Config {
        max_bead,
        learn_lexicon,
        ..Config::default()
    })
}

/// Checks every property; returns a description of the first violation.
fn check(alignment: &Alignment, n: usize, m: usize, max_bead: usize) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    for (k, bead) in alignment.beads.iter().enumerate() {
        let at = || format!("bead {k} {bead:?} in {:?}", alignment.beads);
        if bead.source.start != i || bead.target.start != j {
            return Err(format!(
                "{}: expected to start at source {i}, target {j}",
                at()
            ));
        }
        if bead.source.end < bead.source.start || bead.target.end < bead.target.start {
            return Err(format!("{}: a range runs backwards", at()));
        }
        if bead.source.is_empty() && bead.target.is_empty() {
            return Err(format!("{}: empty on both sides", at()));
        }
        if bead.source.len() > max_bead || bead.target.len() > max_bead {
            return Err(format!(
                "{}: a side is longer than max_bead {max_bead}",
                at()
            ));
        }
        if !bead.confidence.is_finite() || !(0.0..=1.0).contains(&bead.confidence) {
            return Err(format!("{}: confidence is not a probability", at()));
        }
        if bead.is_null() != (bead.source.is_empty() || bead.target.is_empty()) {
            return Err(format!("{}: is_null disagrees with the ranges", at()));
        }
        let kind = format!("{}-{}", bead.source.len(), bead.target.len());
        if bead.kind() != kind {
            return Err(format!("{}: kind {} is not {kind}", at(), bead.kind()));
        }
        i = bead.source.end;
        j = bead.target.end;
    }
    if (i, j) != (n, m) {
        return Err(format!(
            "beads end at source {i}, target {j}, not at {n}, {m}: {:?}",
            alignment.beads
        ));
    }
    Ok(())
}

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn unrelated_documents_of_any_lengths(
        source in document(ENGLISH, 0..40),
        target in document(GERMAN, 0..40),
    ) {
        let alignment = align_with(Config::default(), &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), Config::default().max_bead)
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_max_bead_and_lexicon_setting(
        config in config(),
        source in document(ENGLISH, 0..40),
        target in document(GERMAN, 0..40),
    ) {
        let max_bead = config.max_bead;
        let alignment = align_with(config, &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), max_bead).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn edited_translations(config in config(), (source, target) in related_pair(0..40)) {
        let max_bead = config.max_bead;
        let alignment = align_with(config, &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), max_bead).map_err(TestCaseError::fail)?;
    }

    /// Pruning (the beam, and beads left unscored once the bounds of their
    /// signals show they cannot matter) never changes the result of the
    /// full search: the same beads, the same confidences.
    #[test]
    fn pruning_changes_nothing(
        config in config(),
        (source, target) in related_pair(0..40),
        unrelated in document(GERMAN, 0..40),
        related in any::<bool>(),
    ) {
        let target = if related { target } else { unrelated };
        let exhaustive = Config { exhaustive: true, ..config.clone() };
        let pruned = align_with(config, &source, &target, ("en", "de"));
        let full = align_with(exhaustive, &source, &target, ("en", "de"));
        prop_assert_eq!(pruned.beads.len(), full.beads.len());
        for (p, f) in pruned.beads.iter().zip(&full.beads) {
            prop_assert_eq!((&p.source, &p.target), (&f.source, &f.target));
            // A joining bead's confidence takes the (n-1)-th root of its
            // posterior's odds (n sentences), which magnifies the 1e-9 of
            // numerical noise near 0 and 1 to at most its (n-1)-th root.
            let n = p.source.len() + p.target.len();
            let joining = n > 2 && !p.source.is_empty() && !p.target.is_empty();
            let noise = if joining { 2.0 * 1e-9f64.powf(1.0 / (n - 1) as f64) } else { 1e-9 };
            prop_assert!((p.confidence - f.confidence).abs() < noise, "{p:?} vs {f:?}");
        }
        prop_assert!((pruned.parallel - full.parallel).abs() < 1e-9);
    }

    /// One side empty, the other anything: all null beads, one per sentence.
    #[test]
    fn one_empty_side(
        config in config(),
        document in document(ENGLISH, 0..40),
        empty_target in any::<bool>(),
    ) {
        let max_bead = config.max_bead;
        let (source, target) = if empty_target {
            (document.clone(), Vec::new())
        } else {
            (Vec::new(), document.clone())
        };
        let alignment = align_with(config, &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), max_bead).map_err(TestCaseError::fail)?;
        prop_assert_eq!(alignment.beads.len(), document.len());
        prop_assert!(alignment.beads.iter().all(|b| b.source.len() + b.target.len() == 1));
    }
}

proptest! {
    #![proptest_config(cases(24))]

    /// A batch mixes language pairs and documents of every size; each
    /// alignment has the properties for its own pair.
    #[test]
    fn batches(
        config in config(),
        docs in prop::collection::vec(
            (document(ENGLISH, 0..30), document(GERMAN, 0..30), 0usize..3),
            0..5,
        ),
    ) {
        let max_bead = config.max_bead;
        let langs = [
            Lang::parse("en").unwrap(),
            Lang::parse("de").unwrap(),
            Lang::parse("fr").unwrap(),
        ];
        let pairs: Vec<(Side, Side)> = docs
            .iter()
            .map(|(s, t, l)| {
                (
                    Side { sentences: s, lang: &langs[0] },
                    Side { sentences: t, lang: &langs[1 + l % 2] },
                )
            })
            .collect();
        let alignments = Aligner::new(config).unwrap().align_batch(&pairs);
        prop_assert_eq!(alignments.len(), docs.len());
        for (alignment, (s, t, _)) in alignments.iter().zip(&docs) {
            check(alignment, s.len(), t.len(), max_bead).map_err(TestCaseError::fail)?;
        }
    }
}

proptest! {
    #![proptest_config(cases(4))]

    /// 200 to 260 source sentences: past the size the lattice is searched
    /// whole, so the banded search (and its widening) runs.
    #[test]
    fn long_edited_translations(config in config(), (source, target) in related_pair(200..260)) {
        let max_bead = config.max_bead;
        let alignment = align_with(config, &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), max_bead).map_err(TestCaseError::fail)?;
    }

    /// Long and unrelated, of different lengths: the band starts on a
    /// diagonal that means nothing.
    #[test]
    fn long_unrelated_documents(
        source in document(ENGLISH, 220..300),
        target in document(GERMAN, 190..300),
    ) {
        let alignment = align_with(Config::default(), &source, &target, ("en", "de"));
        check(&alignment, source.len(), target.len(), Config::default().max_bead)
            .map_err(TestCaseError::fail)?;
    }
}
