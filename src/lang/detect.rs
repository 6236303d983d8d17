//! Telling the language of a text from its content: first by script (the one
//! most of its letters are written in; Han with kana is Japanese), then, among
//! languages of that script, by the share of words that are the language's
//! stop words. A small profile, but function words separate
//! de/en/fr/es/it/nl/pt/is reliably on a paragraph or more.

use super::{BUILTIN, Lang, LanguageData, Script};

/// How many words of the text are looked at; enough for a stable guess.
const SAMPLE_WORDS: usize = 3000;
/// At least this share of the words must be stop words of the winner.
const MIN_SHARE: f64 = 0.08;
/// The winner must beat the runner-up by this factor.
const MIN_MARGIN: f64 = 1.5;
/// Japanese writes grammar in kana (a third of its characters or more, and
/// still a few in the densest headlines: 東京都知事選挙の結果); Chinese has
/// none.
const MIN_KANA_SHARE: f64 = 0.05;

/// The outcome of language detection.
#[derive(Debug, Clone, PartialEq)]
pub enum Detection {
    /// The language the text is clearly in: the only one bitext knows in
    /// the text's script, or the one whose stop words are common enough in
    /// it and beat those of every other language of the script by a margin.
    Found(Lang),
    /// Not sure; the reason is meant for the user.
    Unsure(String),
}

/// Detects the language of `text` among the languages bitext has data for.
pub fn detect(text: &str) -> Detection {
    let script = match main_script(text) {
        Ok(script) => script,
        Err(reason) => return Detection::Unsure(reason),
    };
    let candidates: Vec<&LanguageData> = BUILTIN
        .iter()
        .map(|(code, _)| LanguageData::get(code))
        .filter(|d| d.script == script)
        .collect();
    if candidates.is_empty() {
        return Detection::Unsure(format!(
            "it is written in a script ({}) for which bitext has no language data",
            script.name()
        ));
    }
    if let [only] = candidates.as_slice() {
        // The only language of its script that bitext knows.
        return found(only);
    }
    let words = sample(text);
    if words.len() < 3 {
        return Detection::Unsure("too few words".into());
    }
    let mut scores: Vec<(f64, &LanguageData)> =
        candidates.iter().map(|d| (share(&words, d), *d)).collect();
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

/// The share of the words of `text` (of the first few thousand) that are
/// stop words of `lang`: the evidence detection weighs, for callers that
/// must judge a language they were told rather than one they guess.
pub fn stopword_share(text: &str, lang: &Lang) -> f64 {
    share(&sample(text), lang.data())
}

/// The words detection looks at: lowercased, numbers left out.
fn sample(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_numeric()))
        .take(SAMPLE_WORDS)
        .map(str::to_lowercase)
        .collect()
}

fn share(words: &[String], data: &LanguageData) -> f64 {
    let hits = words.iter().filter(|w| data.stopwords.contains(*w)).count();
    hits as f64 / words.len().max(1) as f64
}

/// The script most of the letters of `text` are written in, or why there is
/// none. Han and kana count together, as Japanese writes both.
fn main_script(text: &str) -> Result<Script, String> {
    let mut counts: Vec<(Option<Script>, usize)> = Vec::new();
    let letters = text.chars().filter(|c| c.is_alphabetic());
    for script in letters.take(SAMPLE_WORDS * 5).map(Script::of) {
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let count = |script| {
        counts
            .iter()
            .find(|(s, _)| *s == Some(script))
            .map_or(0, |c| c.1)
    };
    let total: usize = counts.iter().map(|c| c.1).sum();
    if total == 0 {
        return Err("it contains no letters".into());
    }
    let (han, kana) = (count(Script::Han), count(Script::Japanese));
    if (han + kana) * 2 > total {
        let japanese = kana as f64 >= MIN_KANA_SHARE * (han + kana) as f64;
        return Ok(if japanese {
            Script::Japanese
        } else {
            Script::Han
        });
    }
    match counts.iter().find(|(_, n)| n * 2 > total) {
        Some((Some(script), _)) => Ok(*script),
        Some((None, _)) => Err("it is written in a script bitext does not know".into()),
        None => Err("no script makes up most of its letters".into()),
    }
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
    fn detects_languages_of_other_scripts() {
        let samples = [
            (
                "el",
                "Ο πρωθυπουργός συναντήθηκε χθες με τους υπουργούς της κυβέρνησης. Η συνάντηση ήταν σύντομη, αλλά οι αποφάσεις είναι σημαντικές για τη χώρα.",
            ),
            (
                "ar",
                "قال الرئيس إن المحادثات مع الوفد كانت جيدة. وأضاف أن هذا الاتفاق هو الأول من نوعه في المنطقة منذ سنوات.",
            ),
            (
                "he",
                "הנשיא אמר כי השיחות עם המשלחת היו טובות. הוא הוסיף שזה ההסכם הראשון מסוגו באזור מזה שנים.",
            ),
            (
                "ko",
                "대통령은 이번 회담이 지금까지 가장 좋은 회담이었다고 말했다. 그리고 양국은 더 많은 협력을 위해 함께 노력하기로 했다.",
            ),
            (
                "is",
                "Forsetinn sagði að fundurinn hefði verið sá besti til þessa og að viðræðurnar væru góðar. Hann fer til Reykjavíkur á morgun.",
            ),
            (
                "ja",
                "今日は天気がとても良いので、公園へ散歩に行きました。桜がきれいでした。",
            ),
        ];
        for (want, text) in samples {
            assert_eq!(code(text), want, "{text}");
        }
    }

    #[test]
    fn kana_make_han_text_japanese() {
        // Mostly kanji, one kana: a Japanese headline, not Chinese.
        assert_eq!(code("東京都知事選挙結果発表会場の様子"), "ja");
        assert_eq!(code("东京都知事选举结果发表会场"), "zh");
    }

    #[test]
    fn says_why_when_unsure() {
        assert!(code("1234 5678 !!!").contains("no letters"));
        assert!(code("٣٤ ؟ ، ۔").contains("no letters"));
        assert!(code("Xylophon Quasar Zebra").starts_with("unsure"));
        let thai = code("ภาษาไทยเป็นภาษาราชการของประเทศไทย");
        assert!(thai.contains("script (thai)"), "{thai}");
        let tamil = code("தமிழ் மொழி");
        assert!(tamil.contains("script bitext does not know"), "{tamil}");
    }
}
