//! Writing systems, told apart by Unicode block.
//!
//! Language detection first finds the script most of a text's letters are
//! written in, then weighs only the languages written in it. Every letter
//! Unicode knows counts as a letter (`char::is_alphabetic`); the table below
//! only names the scripts that languages bitext knows, or may come to know,
//! are written in, so that a text in another one is told apart from a text
//! without letters.

/// The writing system a language is detected by before stop words are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// The Latin alphabet with its extensions and full-width forms (of de, en, es, fr, is, it, nl
    /// and pt among the languages bitext has data for).
    Latin,
    /// Greek (el).
    Greek,
    /// Cyrillic (ru).
    Cyrillic,
    /// Armenian: no language bitext has data for yet; named so that a text in it is told apart from
    /// a text without letters.
    Armenian,
    /// Hebrew (he).
    Hebrew,
    /// Arabic, with its presentation forms (ar).
    Arabic,
    /// Devanagari: no language bitext has data for yet; named so that detection
    /// can say so.
    Devanagari,
    /// Bengali: no language bitext has data for yet; named so that detection
    /// can say so.
    Bengali,
    /// Thai: no language bitext has data for yet; named so that detection
    /// can say so.
    Thai,
    /// Georgian: no language bitext has data for yet; named so that detection
    /// can say so.
    Georgian,
    /// Korean syllables and jamo.
    Hangul,
    /// Han characters without kana: Chinese (zh). A text with kana among its Han characters is
    /// [`Script::Japanese`].
    Han,
    /// Han characters with kana (Japanese); a kana letter alone is of this
    /// script, since only Japanese writes kana.
    Japanese,
    /// Any script (the generic fallback rules).
    Any,
}

/// Unicode blocks (first and last code point) and their scripts.
const BLOCKS: &[(u32, u32, Script)] = &[
    (0x0041, 0x024F, Script::Latin),
    (0x0250, 0x02AF, Script::Latin),
    (0x1D00, 0x1DBF, Script::Latin),
    (0x1E00, 0x1EFF, Script::Latin),
    (0x2C60, 0x2C7F, Script::Latin),
    (0xA720, 0xA7FF, Script::Latin),
    (0xAB30, 0xAB6F, Script::Latin),
    (0xFF21, 0xFF5A, Script::Latin),
    (0x0370, 0x03FF, Script::Greek),
    (0x1F00, 0x1FFF, Script::Greek),
    (0x0400, 0x052F, Script::Cyrillic),
    (0x1C80, 0x1C8F, Script::Cyrillic),
    (0x2DE0, 0x2DFF, Script::Cyrillic),
    (0xA640, 0xA69F, Script::Cyrillic),
    (0x0530, 0x058F, Script::Armenian),
    (0x0590, 0x05FF, Script::Hebrew),
    (0xFB1D, 0xFB4F, Script::Hebrew),
    (0x0600, 0x06FF, Script::Arabic),
    (0x0750, 0x077F, Script::Arabic),
    (0x0870, 0x08FF, Script::Arabic),
    (0xFB50, 0xFDFF, Script::Arabic),
    (0xFE70, 0xFEFF, Script::Arabic),
    (0x0900, 0x097F, Script::Devanagari),
    (0xA8E0, 0xA8FF, Script::Devanagari),
    (0x0980, 0x09FF, Script::Bengali),
    (0x0E00, 0x0E7F, Script::Thai),
    (0x10A0, 0x10FF, Script::Georgian),
    (0x1C90, 0x1CBF, Script::Georgian),
    (0x1100, 0x11FF, Script::Hangul),
    (0x3130, 0x318F, Script::Hangul),
    (0xA960, 0xA97F, Script::Hangul),
    (0xAC00, 0xD7FF, Script::Hangul),
    (0xFFA0, 0xFFDC, Script::Hangul),
    // 々 (iteration mark) and 〇 are written with Han characters.
    (0x3005, 0x3005, Script::Han),
    (0x3007, 0x3007, Script::Han),
    (0x3400, 0x4DBF, Script::Han),
    (0x4E00, 0x9FFF, Script::Han),
    (0xF900, 0xFAFF, Script::Han),
    (0x20000, 0x3134F, Script::Han),
    // Hiragana, katakana (full and half width), katakana extensions.
    (0x3041, 0x309F, Script::Japanese),
    (0x30A0, 0x30FF, Script::Japanese),
    (0x31F0, 0x31FF, Script::Japanese),
    (0xFF66, 0xFF9F, Script::Japanese),
];

impl Script {
    /// The script of the letter `c`: `None` for what is no letter (digits,
    /// punctuation, symbols), and for letters of scripts without a name here.
    pub fn of(c: char) -> Option<Script> {
        if !c.is_alphabetic() {
            return None;
        }
        let code = c as u32;
        BLOCKS
            .iter()
            .find(|&&(first, last, _)| (first..=last).contains(&code))
            .map(|&(_, _, script)| script)
    }

    /// The name used in data files (`script = greek`) and messages.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Greek => "greek",
            Script::Cyrillic => "cyrillic",
            Script::Armenian => "armenian",
            Script::Hebrew => "hebrew",
            Script::Arabic => "arabic",
            Script::Devanagari => "devanagari",
            Script::Bengali => "bengali",
            Script::Thai => "thai",
            Script::Georgian => "georgian",
            Script::Hangul => "hangul",
            Script::Han => "han",
            Script::Japanese => "japanese",
            Script::Any => "any",
        }
    }

    /// The script a data file names (`script = greek`).
    pub fn from_name(name: &str) -> Option<Script> {
        ALL.iter().copied().find(|s| s.name() == name)
    }

    /// Every script's name, as data files write it, for messages.
    pub fn names() -> Vec<&'static str> {
        ALL.iter().map(|s| s.name()).collect()
    }
}

const ALL: &[Script] = &[
    Script::Latin,
    Script::Greek,
    Script::Cyrillic,
    Script::Armenian,
    Script::Hebrew,
    Script::Arabic,
    Script::Devanagari,
    Script::Bengali,
    Script::Thai,
    Script::Georgian,
    Script::Hangul,
    Script::Han,
    Script::Japanese,
    Script::Any,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_every_script_are_classified() {
        for (text, want) in [
            ("Þórður", Script::Latin),
            ("Việt", Script::Latin),
            ("Ελλάδα", Script::Greek),
            ("Россия", Script::Cyrillic),
            ("שלום", Script::Hebrew),
            ("العربية", Script::Arabic),
            ("भारत", Script::Devanagari),
            ("ภาษา", Script::Thai),
            ("한국어", Script::Hangul),
            ("漢字々", Script::Han),
            ("ひらがなカタカナｶﾀｶﾅ", Script::Japanese),
        ] {
            for c in text.chars() {
                assert_eq!(Script::of(c), Some(want), "{c} in {text}");
            }
        }
        for not_a_letter in ['1', '٣', '.', '؟', '،', ';', '。', ' '] {
            assert_eq!(Script::of(not_a_letter), None, "{not_a_letter}");
        }
    }

    #[test]
    fn names_round_trip() {
        for &script in ALL {
            assert_eq!(Script::from_name(script.name()), Some(script));
        }
    }
}
