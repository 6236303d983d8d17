//! Languages: codes (`de`, `de-DE`), the per-language data files that drive
//! segmentation and detection, telling a document's language from its file
//! name or its content, and finding the words and numbers of a text.
//!
//! Everything language-specific lives in `src/lang/data/<code>.txt`, so adding
//! a language is adding one data file and one line to `BUILTIN` (in this file).

mod data;
mod detect;
mod script;
mod words;

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::error::{Error, Result};

pub use data::{LanguageData, abbreviation_key};
pub use detect::{Detection, detect, stopword_share};
pub use script::Script;
pub use words::{Token, is_unspaced, tokens};

/// The built-in language data files, by ISO 639-1 code.
const BUILTIN: &[(&str, &str)] = &[
    ("de", include_str!("data/de.txt")),
    ("en", include_str!("data/en.txt")),
    ("fr", include_str!("data/fr.txt")),
    ("es", include_str!("data/es.txt")),
    ("it", include_str!("data/it.txt")),
    ("nl", include_str!("data/nl.txt")),
    ("pt", include_str!("data/pt.txt")),
    ("ru", include_str!("data/ru.txt")),
    ("zh", include_str!("data/zh.txt")),
    ("ja", include_str!("data/ja.txt")),
    ("ko", include_str!("data/ko.txt")),
    ("ar", include_str!("data/ar.txt")),
    ("he", include_str!("data/he.txt")),
    ("el", include_str!("data/el.txt")),
    ("is", include_str!("data/is.txt")),
];

/// Rules used for a language without a data file: punctuation only.
const FALLBACK: &str = include_str!("data/xx.txt");

/// A language tag: an ISO 639 code with an optional region (`de`, `de-DE`).
///
/// The region is kept because translation-memory tools need it (`de-AT` and
/// `de-CH` memories are different), but rules are chosen by the code alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    code: String,
    region: Option<String>,
}

impl Lang {
    /// Parses `de`, `DE`, `de-DE`, `de_de`, `pt-BR`, `es-419`.
    pub fn parse(tag: &str) -> Result<Lang> {
        let invalid = || Error::InvalidLang {
            code: tag.to_string(),
        };
        let mut parts = tag.trim().split(['-', '_']);
        let code = parts.next().unwrap_or_default();
        if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(invalid());
        }
        let region = match parts.next() {
            None => None,
            Some(r)
                if (r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
                    || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit())) =>
            {
                Some(r.to_ascii_uppercase())
            }
            Some(_) => return Err(invalid()),
        };
        if parts.next().is_some() {
            return Err(invalid());
        }
        Ok(Lang {
            code: code.to_ascii_lowercase(),
            region,
        })
    }

    /// The language code without region, lower case (`de`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The region, upper case, if one was given (`DE` in `de-DE`).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The language's rules, or generic rules if bitext has none for it.
    pub fn data(&self) -> &'static LanguageData {
        LanguageData::get(&self.code)
    }

    /// Whether bitext has a rules file for this language.
    pub fn is_known(&self) -> bool {
        BUILTIN.iter().any(|(code, _)| *code == self.code)
    }

    /// Reads the language from a file name: `de.txt`, `article.de.txt`,
    /// `article_de.txt`, `article-de-DE.txt`, and `corpus.fr` (an extension
    /// that is a language code, as in Moses and OPUS files). Only languages bitext has rules
    /// for are taken from names, so `notes_it.txt`-style accidents stay rare
    /// and `report_v2.txt` never yields a language.
    pub fn from_file_name(path: &Path) -> Option<Lang> {
        let known = |lang: Lang| lang.is_known().then_some(lang);
        // "corpus.fr", as Moses and OPUS name their files.
        let extension = path.extension().and_then(|e| e.to_str());
        if let Some(lang) = extension
            .filter(|e| e.len() == 2)
            .and_then(|e| Lang::parse(e).ok())
            .and_then(known)
        {
            return Some(lang);
        }
        let stem = path.file_stem()?.to_str()?;
        if let Some(lang) = Lang::parse(stem).ok().and_then(known) {
            return Some(lang);
        }
        let pieces: Vec<&str> = stem.split(['.', '_', '-']).collect();
        // "article-de-DE": the last two pieces may be code and region.
        if pieces.len() >= 3 {
            let tail = format!("{}-{}", pieces[pieces.len() - 2], pieces[pieces.len() - 1]);
            if let Some(lang) = Lang::parse(&tail).ok().and_then(known) {
                return Some(lang);
            }
        }
        let last = pieces.last()?;
        if last.len() == 2 {
            return Lang::parse(last).ok().and_then(known);
        }
        None
    }

    /// Decides a document's language: the one given by the user, else the one
    /// in the file name, else the one detected from the text.
    pub fn resolve(given: Option<&Lang>, path: &Path, text: &str) -> Result<Lang> {
        if let Some(lang) = given {
            return Ok(lang.clone());
        }
        if let Some(lang) = Lang::from_file_name(path) {
            return Ok(lang);
        }
        match detect(text) {
            Detection::Found(lang) => Ok(lang),
            Detection::Unsure(reason) => Err(Error::UnknownLanguage {
                path: path.to_path_buf(),
                reason,
            }),
        }
    }

    /// The metadata field a label names in any bundled language (`Titel`,
    /// `Titre` → `title`), for leading header lines: read before the
    /// document's language is known, and a label at the top of a file
    /// means the same in whichever language the text turns out to be.
    pub fn metadata_field(label: &str) -> Option<&'static str> {
        let label = label.to_lowercase();
        BUILTIN.iter().find_map(|(code, _)| {
            LanguageData::get(code)
                .metadata_labels
                .get(&label)
                .map(String::as_str)
        })
    }

    /// Every language bitext has rules for.
    pub fn known() -> impl Iterator<Item = Lang> {
        BUILTIN.iter().map(|(code, _)| Lang {
            code: (*code).to_string(),
            region: None,
        })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.region {
            Some(region) => write!(f, "{}-{}", self.code, region),
            None => f.write_str(&self.code),
        }
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Lang, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Lang::parse(&tag).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        Lang::parse(s)
    }
}

impl LanguageData {
    /// The parsed data for `code`, built on first use and kept for the run.
    pub fn get(code: &str) -> &'static LanguageData {
        static PARSED: OnceLock<Vec<LanguageData>> = OnceLock::new();
        let all = PARSED.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(code, text)| LanguageData::parse(code, text))
                .chain(std::iter::once(LanguageData::parse("xx", FALLBACK)))
                .collect::<Result<Vec<_>>>()
                .expect("built-in language data is checked by the unit tests")
        });
        all.iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| all.last().expect("fallback rules are always present"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_regions() {
        assert_eq!(Lang::parse("de").unwrap().to_string(), "de");
        assert_eq!(Lang::parse("DE_de").unwrap().to_string(), "de-DE");
        assert_eq!(Lang::parse("es-419").unwrap().region(), Some("419"));
        for bad in ["", "d", "german", "de-", "de-DEU", "de-DE-x", "d3"] {
            assert!(Lang::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn reads_language_from_file_names() {
        let name = |n: &str| Lang::from_file_name(Path::new(n)).map(|l| l.to_string());
        assert_eq!(name("corpus/x/de.txt").as_deref(), Some("de"));
        assert_eq!(name("article.de.txt").as_deref(), Some("de"));
        assert_eq!(name("article_en.txt").as_deref(), Some("en"));
        assert_eq!(name("article-fr.txt").as_deref(), Some("fr"));
        assert_eq!(name("article.de-AT.txt").as_deref(), Some("de-AT"));
        assert_eq!(name("en-GB.txt").as_deref(), Some("en-GB"));
        assert_eq!(name("report_v2.txt"), None);
        assert_eq!(name("notes.txt"), None);
        assert_eq!(name("article_xy.txt"), None);
        assert_eq!(name("corpus.fr").as_deref(), Some("fr"));
        assert_eq!(name("news.en-fr.de").as_deref(), Some("de"));
        assert_eq!(name("notes.md"), None);
    }

    #[test]
    fn every_builtin_data_file_parses() {
        for (code, text) in BUILTIN {
            let data = LanguageData::parse(code, text).unwrap();
            assert!(!data.stopwords.is_empty(), "{code} has no stop words");
        }
        LanguageData::parse("xx", FALLBACK).unwrap();
    }

    #[test]
    fn unknown_languages_get_generic_rules() {
        let sv = Lang::parse("sv").unwrap();
        assert!(!sv.is_known());
        assert_eq!(sv.data().code, "xx");
    }
}
