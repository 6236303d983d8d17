//! Telling the language of a text from its content: first by script (Han,
//! Han with kana, Cyrillic), then, among languages of the same script, by the share of
//! words that are the language's stop words. A small profile, but function
//! words separate de/en/fr/es/it/nl/pt reliably on a paragraph or more.

use super::data::Script;
use super::{BUILTIN, Lang, LanguageData};

/// How many words of the text are looked at; enough for a stable guess.
const SAMPLE_WORDS: usize = 3000;
/// At least this share of the words must be stop words of the winner.
const MIN_SHARE: f64 = 0.08;
/// The winner must beat the runner-up by this factor.
const MIN_MARGIN: f64 = 1.5;
/// Japanese writes grammar in kana (a third of its characters or more);
/// Chinese has none.
const MIN_KANA_SHARE: f64 = 0.1;

/// The outcome of language detection.
#[derive(Debug, Clone, PartialEq)]
pub enum Detection {
    Found(Lang),
    /// Not sure; the reason is meant for the user.
    Unsure(String),
}

/// Detects the language of `text` among the languages bitext has data for.
pub fn detect(text: &str) -> Detection {
    let (mut latin, mut cyrillic, mut han, mut kana) = (0usize, 0usize, 0usize, 0usize);
    for c in text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(SAMPLE_WORDS * 5)
    {
        match c as u32 {
            0x0400..=0x04FF => cyrillic += 1,
            0x3400..=0x9FFF | 0xF900..=0xFAFF => han += 1,
            0x3041..=0x309F | 0x30A1..=0x30FF => kana += 1,
            _ if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => latin += 1,
            _ => {}
        }
    }
    let letters = latin + cyrillic + han + kana;
    if letters == 0 {
        return Detection::Unsure("it contains no letters".into());
    }
    let script =
        if (han + kana) * 2 > letters && kana as f64 >= MIN_KANA_SHARE * (han + kana) as f64 {
            Script::Japanese
        } else if (han + kana) * 2 > letters {
            Script::Han
        } else if cyrillic * 2 > letters {
            Script::Cyrillic
        } else if latin * 2 > letters {
            Script::Latin
        } else {
            return Detection::Unsure("no script makes up most of its letters".into());
        };
    let candidates: Vec<&LanguageData> = BUILTIN
        .iter()
        .map(|(code, _)| LanguageData::get(code))
        .filter(|d| d.script == script)
        .collect();
    if let [only] = candidates.as_slice() {
        // The only language of its script that bitext knows.
        return found(only);
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_numeric()))
        .take(SAMPLE_WORDS)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 3 {
        return Detection::Unsure("too few words".into());
    }
    let mut scores: Vec<(f64, &LanguageData)> = candidates
        .iter()
        .map(|d| {
            let hits = words.iter().filter(|w| d.stopwords.contains(*w)).count();
            (hits as f64 / words.len() as f64, *d)
        })
        .collect();
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, winner) = scores[0];
    let runner_up = scores.get(1).map_or(0.0, |s| s.0);
    if best < MIN_SHARE {
        return Detection::Unsure(format!(
            "too few common words of any language bitext knows; best guess {} ({:.0} % of words)",
            winner.code,
            best * 100.0
        ));
    }
    if best < runner_up * MIN_MARGIN {
        return Detection::Unsure(format!(
            "it could be {} or {}",
            winner.code, scores[1].1.code
        ));
    }
    found(winner)
}

fn found(data: &LanguageData) -> Detection {
    Detection::Found(Lang::parse(&data.code).expect("built-in codes are valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> String {
        match detect(text) {
            Detection::Found(lang) => lang.to_string(),
            Detection::Unsure(why) => format!("unsure: {why}"),
        }
    }

    #[test]
    fn detects_the_main_languages() {
        let samples = [
            (
                "de",
                "Der ukrainische Präsident sprach von seinem bislang besten Treffen mit dem US-Präsidenten, und die Gespräche waren gut.",
            ),
            (
                "en",
                "The Ukrainian president said it was his best meeting so far with the US president, and that the talks were good.",
            ),
            (
                "fr",
                "Le président ukrainien a parlé de sa meilleure rencontre avec le président américain, et les discussions ont été bonnes.",
            ),
            (
                "es",
                "El presidente ucraniano habló de su mejor reunión hasta ahora con el presidente de los Estados Unidos, y las conversaciones fueron buenas.",
            ),
            (
                "it",
                "Il presidente ucraino ha parlato del suo migliore incontro con il presidente degli Stati Uniti, e che i colloqui sono stati buoni.",
            ),
            (
                "nl",
                "De Oekraïense president sprak van zijn beste ontmoeting tot nu toe met de Amerikaanse president, en de gesprekken waren goed.",
            ),
            (
                "ru",
                "Президент Украины назвал встречу с президентом США лучшей, и переговоры были хорошими.",
            ),
            ("zh", "乌克兰总统说这是他与美国总统迄今为止最好的一次会晤。"),
            (
                "ja",
                "ウクライナの大統領は、これまでで最高の会談だったと述べた。",
            ),
        ];
        for (want, text) in samples {
            assert_eq!(code(text), want, "{text}");
        }
    }

    #[test]
    fn says_why_when_unsure() {
        assert!(code("1234 5678 !!!").contains("no letters"));
        assert!(code("Xylophon Quasar Zebra").starts_with("unsure"));
    }
}
