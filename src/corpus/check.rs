//! Checks of a document pair around aligning, shared by every command that
//! aligns documents: before, whether the two are one document and whether
//! each text is in the language declared for it; after, whether the two
//! translate each other at all and whether the alignment looks sound.
//!
//! A check only finds; a [`Policy`] says what is refused (not aligned) and
//! what is withheld from the corpus formats, so that `align` and `batch`
//! judge alike.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::align::AlignedPair;
use crate::lang::{Detection, Lang, detect, stopword_share};
use crate::segment::Sentence;
use crate::side::Side;

/// A document as given to the aligner: where it came from, its text and
/// the language declared (or taken from its name) for it.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    /// The file the text was read from, named in findings.
    pub path: &'a Path,
    /// The document's text as read (not yet segmented).
    pub text: &'a str,
    /// The language declared for it, or taken from its name.
    pub lang: &'a Lang,
}

impl<'a> Declared<'a> {
    /// The document read from `path`, with its `text` and declared `lang`.
    pub fn new(path: &'a Path, text: &'a str, lang: &'a Lang) -> Declared<'a> {
        Declared { path, text, lang }
    }
}

/// Something the user should know about a document pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Source and target hold the same text: one file given twice (by the
    /// same path, a link, or a copy), not an original and its translation.
    SameDocument {
        /// The original's path.
        source: PathBuf,
        /// The translation's path.
        target: PathBuf,
    },
    /// The text is clearly in another language than the one declared for it.
    WrongLanguage {
        /// Which document of the pair is in the wrong language.
        side: Side,
        /// Its path.
        path: PathBuf,
        /// The language it was declared (or named) to be in.
        declared: Lang,
        /// The language its text is in, as detected from stop words and script.
        detected: Lang,
    },
    /// The documents do not look like translations of each other: the
    /// probability that they are is below [`UNRELATED_BELOW`].
    Unrelated {
        /// The probability that the documents translate each other, as the aligner estimates it.
        probability: f64,
    },
    /// The target is less than half or more than twice the source's length
    /// (in characters, between languages of one script).
    DifferentLengths {
        /// Target length divided by source length, in characters.
        ratio: f64,
    },
    /// More than a fifth of the sentences have no counterpart.
    ManyUnaligned {
        /// Sentences of both documents in null beads (paired with nothing).
        unaligned: usize,
        /// Sentences of both documents together.
        sentences: usize,
    },
}

/// Below this probability that two documents translate each other, they are
/// taken to be unrelated. Translations in one script score near 1 and
/// unrelated news articles near 0 (README, "Checks before writing").
pub const UNRELATED_BELOW: f64 = 0.5;

/// A text is judged only from this many letters on (about 30 English
/// words, a few sentences): below it, stop words are too few to say a
/// declared language is wrong, whatever the detector guesses.
const MIN_LETTERS: usize = 150;

/// A declared language of the text's own script is contradicted only when
/// the language detected has at least this many times its share of stop
/// words (the detector itself decides at 1.5).
const CLEAR_MARGIN: f64 = 2.0;

/// The checks before aligning: the same document twice, and each side's
/// declared language against its text.
pub fn before_aligning(source: Declared, target: Declared) -> Vec<Finding> {
    let mut findings = Vec::new();
    if source.text == target.text {
        findings.push(Finding::SameDocument {
            source: source.path.to_path_buf(),
            target: target.path.to_path_buf(),
        });
    }
    for (side, doc) in [(Side::Source, source), (Side::Target, target)] {
        if let Some(detected) = contradicts(doc.text, doc.lang) {
            findings.push(Finding::WrongLanguage {
                side,
                path: doc.path.to_path_buf(),
                declared: doc.lang.clone(),
                detected,
            });
        }
    }
    findings
}

/// The language `text` is clearly in, if that is not `declared`: only for
/// a declared language bitext knows, a text of [`MIN_LETTERS`] or more and
/// a detection that is sure, and, in the declared language's own script,
/// [`CLEAR_MARGIN`] times the declared language's share of stop words. A
/// short or mixed text is never judged.
fn contradicts(text: &str, declared: &Lang) -> Option<Lang> {
    if !declared.is_known() || text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let Detection::Found(detected) = detect(text) else {
        return None;
    };
    if detected.code() == declared.code() {
        return None;
    }
    if declared.data().script == detected.data().script {
        let share = |lang: &Lang| stopword_share(text, lang);
        if share(&detected) < CLEAR_MARGIN * share(declared) {
            return None;
        }
    }
    Some(detected)
}

/// The checks after aligning: documents that do not translate each other,
/// very different lengths, many sentences without counterpart.
pub fn after_aligning(pair: &AlignedPair) -> Vec<Finding> {
    let mut findings = Vec::new();
    let length = |s: &[Sentence]| s.iter().map(|x| x.text.chars().count()).sum::<usize>() as f64;
    let ratio = length(&pair.target) / length(&pair.source).max(1.0);
    // Lengths in characters compare only within a script (Chinese takes a
    // third of the characters English does).
    let one_script = pair.source_lang.data().script == pair.target_lang.data().script;
    if one_script && !(0.5..=2.0).contains(&ratio) {
        findings.push(Finding::DifferentLengths { ratio });
    }
    if pair.alignment.parallel < UNRELATED_BELOW {
        findings.push(Finding::Unrelated {
            probability: pair.alignment.parallel,
        });
    }
    let beads = &pair.alignment.beads;
    let unaligned: usize = beads
        .iter()
        .filter(|b| b.is_null())
        .map(|b| b.source.len() + b.target.len())
        .sum();
    let sentences = pair.source.len() + pair.target.len();
    if sentences > 0 && unaligned * 5 > sentences {
        findings.push(Finding::ManyUnaligned {
            unaligned,
            sentences,
        });
    }
    findings
}

/// What is done about findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Align texts whose language does not look like the one declared
    /// (detection can be wrong on unusual texts).
    pub trust_languages: bool,
    /// Write pairs of unrelated documents into the corpus formats too.
    pub allow_unrelated: bool,
}

impl Policy {
    /// `findings` split into those the policy refuses and the others (noted).
    pub fn sort(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
        findings.into_iter().partition(|f| self.refuses(f))
    }

    /// Whether the pair is not aligned at all.
    pub fn refuses(&self, finding: &Finding) -> bool {
        match finding {
            Finding::SameDocument { .. } => true,
            Finding::WrongLanguage { .. } => !self.trust_languages,
            _ => false,
        }
    }

    /// Whether the pair is left out of the corpus formats (those that
    /// become a translation memory or training data, where a wrong pair
    /// does harm unseen); review formats still show it.
    pub fn withholds(&self, finding: &Finding) -> bool {
        matches!(finding, Finding::Unrelated { .. }) && !self.allow_unrelated
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::SameDocument { source, target } if source == target => write!(
                f,
                "{}: given as both the original and the translation; give the two documents",
                source.display()
            ),
            Finding::SameDocument { source, target } => write!(
                f,
                "{} and {} hold the same text (one file twice, a link or a copy); give the \
                 original and its translation",
                source.display(),
                target.display()
            ),
            Finding::WrongLanguage {
                side,
                path,
                declared,
                detected,
            } => write!(
                f,
                "{}: the text is in {} ({}), not in {} ({}) as declared for the {side}",
                path.display(),
                detected.data().name,
                detected.code(),
                declared.data().name,
                declared.code()
            ),
            Finding::Unrelated { probability } => write!(
                f,
                "the documents do not look like translations of each other (parallel \
                 probability {probability:.2})"
            ),
            Finding::DifferentLengths { ratio } => {
                write!(f, "very different lengths (target/source {ratio:.2})")
            }
            Finding::ManyUnaligned {
                unaligned,
                sentences,
            } => write!(f, "many unaligned sentences ({unaligned} of {sentences})"),
        }
    }
}

/// A finding the binary refuses is its error.
impl std::error::Error for Finding {}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "The Ukrainian president said it was his best meeting so far with the \
        US president, and that the talks were good. Both sides agreed to meet again in the \
        spring, when the ministers of the two countries will have prepared a plan for the \
        reconstruction of the cities in the east.";
    const DE: &str = "Der ukrainische Präsident sprach von seinem bislang besten Treffen mit \
        dem US-Präsidenten, und die Gespräche seien gut gewesen. Beide Seiten vereinbarten, \
        sich im Frühjahr wieder zu treffen, wenn die Minister der beiden Länder einen Plan \
        für den Wiederaufbau der Städte im Osten vorbereitet haben.";

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    fn declared<'a>(path: &'a str, text: &'a str, lang: &'a Lang) -> Declared<'a> {
        Declared {
            path: Path::new(path),
            text,
            lang,
        }
    }

    #[test]
    fn swapped_languages_are_found_on_both_sides() {
        let (en, de) = (lang("en"), lang("de"));
        let found = before_aligning(declared("en.txt", EN, &de), declared("de.txt", DE, &en));
        assert_eq!(found.len(), 2, "{found:?}");
        let message = found[0].to_string();
        assert!(
            message.contains("en.txt") && message.contains("English (en)"),
            "{message}"
        );
        assert!(message.contains("not in German (de)"), "{message}");
        assert!(
            before_aligning(declared("en.txt", EN, &en), declared("de.txt", DE, &de)).is_empty()
        );
    }

    #[test]
    fn another_script_or_another_latin_language_is_wrong() {
        let (fr, ru) = (lang("fr"), lang("ru"));
        let found = before_aligning(declared("a.txt", EN, &ru), declared("b.txt", DE, &fr));
        let detected: Vec<&str> = found
            .iter()
            .map(|f| match f {
                Finding::WrongLanguage { detected, .. } => detected.code(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(detected, ["en", "de"]);
    }

    #[test]
    fn short_unknown_or_mixed_texts_are_never_judged() {
        let (en, de, sw) = (lang("en"), lang("de"), lang("sw"));
        let short = "Thieves steal $26,750 while refilling an ATM in Newport on the Levee.";
        assert_eq!(contradicts(short, &de), None);
        assert_eq!(
            contradicts(EN, &sw),
            None,
            "a language bitext has no data for"
        );
        let mixed = format!("{EN} {DE}");
        assert_eq!(contradicts(&mixed, &en), None);
        assert_eq!(contradicts(&mixed, &de), None);
    }

    #[test]
    fn the_same_text_twice_is_one_document() {
        let en = lang("en");
        let found = before_aligning(declared("a.txt", EN, &en), declared("a.txt", EN, &en));
        assert_eq!(found.len(), 1);
        assert!(found[0].to_string().contains("a.txt: given as both"));
        let copy = before_aligning(declared("a.txt", EN, &en), declared("b.txt", EN, &en));
        assert!(
            copy[0]
                .to_string()
                .contains("a.txt and b.txt hold the same text")
        );
        assert!(Policy::default().refuses(&copy[0]));
    }

    #[test]
    fn after_aligning_finds_unrelated_documents_and_lengths_within_a_script() {
        use crate::align::{Alignment, Bead};
        let sentence = |text: &str| Sentence {
            id: 0,
            paragraph: 0,
            text: text.into(),
        };
        let pair = |target_lang: &str, target: &str, parallel: f64| AlignedPair {
            id: "p".into(),
            source_lang: lang("en"),
            target_lang: lang(target_lang),
            source: vec![sentence(
                "The talks were good, the president said on Monday.",
            )],
            target: vec![sentence(target)],
            alignment: Alignment {
                beads: vec![Bead {
                    source: 0..1,
                    target: 0..1,
                    confidence: parallel,
                }],
                parallel,
            },
        };
        assert_eq!(
            after_aligning(&pair(
                "de",
                "Die Gespräche waren gut, sagte der Präsident am Montag.",
                0.98
            )),
            []
        );
        let unrelated = after_aligning(&pair(
            "de",
            "Das Brot backt zunächst mit Deckel, dann ohne.",
            0.02,
        ));
        assert_eq!(unrelated, [Finding::Unrelated { probability: 0.02 }]);
        assert!(Policy::default().withholds(&unrelated[0]));
        let short = after_aligning(&pair("de", "Gut.", 0.98));
        assert!(
            matches!(short[..], [Finding::DifferentLengths { .. }]),
            "{short:?}"
        );
        assert_eq!(
            after_aligning(&pair("zh", "会谈很好。", 0.98)),
            [],
            "Chinese is shorter"
        );
    }

    #[test]
    fn the_policy_refuses_withholds_or_lets_through() {
        let wrong = Finding::WrongLanguage {
            side: Side::Target,
            path: "de.txt".into(),
            declared: lang("fr"),
            detected: lang("de"),
        };
        let unrelated = Finding::Unrelated { probability: 0.01 };
        let strict = Policy::default();
        assert!(strict.refuses(&wrong) && !strict.refuses(&unrelated));
        assert!(strict.withholds(&unrelated) && !strict.withholds(&wrong));
        let lenient = Policy {
            trust_languages: true,
            allow_unrelated: true,
        };
        assert!(!lenient.refuses(&wrong) && !lenient.withholds(&unrelated));
    }
}
