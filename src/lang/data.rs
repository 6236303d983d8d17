//! Parsing of the per-language data files (`src/lang/data/<code>.txt`).
//!
//! The format is deliberately tiny so that a linguist can add a language
//! without reading Rust: `[section]` headers, `key = value` lines in
//! `[language]`, whitespace-separated entries elsewhere, `#` comments.

use std::collections::{HashMap, HashSet};

use super::Script;
use crate::error::{Error, Result, RulesProblem};

/// Everything bitext knows about one language, read from its data file.
#[derive(Clone, Debug)]
pub struct LanguageData {
    /// ISO 639-1 code, or `xx` for the generic fallback.
    pub code: String,
    /// English name, for messages.
    pub name: String,
    /// The script the language is written in: detection weighs a language only for texts mostly in
    /// its script, and lengths in characters are compared only between languages of one script.
    pub script: Script,
    /// A number followed by a period can be an ordinal ("am 3. Oktober").
    pub ordinal_period: bool,
    /// Sentence-final punctuation must be followed by whitespace to end a
    /// sentence (false for Chinese and Japanese).
    pub needs_space: bool,
    /// Characters that can end a sentence.
    pub terminators: Vec<char>,
    /// Closing quotes and brackets that belong to the sentence they follow
    /// when written right after its final punctuation (`?”`, `.“`, `!)`).
    pub closing_quotes: Vec<char>,
    /// Closing quotes that follow the final punctuation after a space
    /// (French `. »`).
    pub spaced_closing_quotes: Vec<char>,
    /// Frequent function words, lower case: language detection, and telling
    /// a sentence start ("The", "Die") after an ambiguous period.
    pub stopwords: HashSet<String>,
    /// Abbreviations that never end a sentence ("Dr", "z.B").
    pub prefix: HashSet<String>,
    /// Abbreviations that end no sentence when a number follows ("Nr", "No").
    pub before_number: HashSet<String>,
    /// Abbreviations that end a sentence only before a typical sentence
    /// opener ("Inc", "etc").
    pub ambiguous: HashSet<String>,
    /// Verbs of saying that attribute a quotation written before them
    /// (`“Are you ready?” CNN reported.`): no sentence ends before them.
    pub speech_verbs: HashSet<String>,
    /// Labels of leading metadata lines (`Titel: …`), lower case, with the
    /// field each names (`titel` → `title`).
    pub metadata_labels: HashMap<String, String>,
}

/// The metadata fields a data file can name labels for.
pub const METADATA_FIELDS: &[&str] = &["title", "date", "author", "source"];

const DEFAULT_TERMINATORS: &[char] = &['.', '?', '!', '…', '‽'];
const DEFAULT_CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '“', '‘', '»', '«', '›', '‹', ')', ']', '}', '」', '』',
];

impl LanguageData {
    /// Parses one data file; `code` names it in error messages.
    pub fn parse(code: &str, text: &str) -> Result<LanguageData> {
        let mut data = LanguageData {
            code: code.to_string(),
            name: code.to_string(),
            script: Script::Latin,
            ordinal_period: false,
            needs_space: true,
            terminators: DEFAULT_TERMINATORS.to_vec(),
            closing_quotes: DEFAULT_CLOSERS.to_vec(),
            spaced_closing_quotes: Vec::new(),
            stopwords: HashSet::new(),
            prefix: HashSet::new(),
            before_number: HashSet::new(),
            ambiguous: HashSet::new(),
            speech_verbs: HashSet::new(),
            metadata_labels: HashMap::new(),
        };
        let mut section = String::new();
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let err = |problem: RulesProblem| Error::Rules {
                lang: code.to_string(),
                line: line_no,
                problem,
            };
            let line = raw.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            match section.as_str() {
                "language" => {
                    let (key, value) = line.split_once('=').ok_or_else(|| {
                        err(RulesProblem::NotKeyValue {
                            found: line.to_string(),
                        })
                    })?;
                    data.set_option(key.trim(), value.trim()).map_err(err)?;
                }
                "stopwords" => data
                    .stopwords
                    .extend(line.split_whitespace().map(str::to_lowercase)),
                "speech_verbs" => data
                    .speech_verbs
                    .extend(line.split_whitespace().map(str::to_lowercase)),
                "metadata" => {
                    let (field, labels) = line.split_once('=').ok_or_else(|| {
                        err(RulesProblem::NotFieldLabels {
                            found: line.to_string(),
                        })
                    })?;
                    let field = field.trim();
                    if !METADATA_FIELDS.contains(&field) {
                        return Err(err(RulesProblem::UnknownMetadataField {
                            field: field.to_string(),
                            known: METADATA_FIELDS.join(", "),
                        }));
                    }
                    for label in labels.split_whitespace() {
                        data.metadata_labels
                            .insert(label.to_lowercase(), field.to_string());
                    }
                }
                "prefix" | "before_number" | "ambiguous" => {
                    let set = match section.as_str() {
                        "prefix" => &mut data.prefix,
                        "before_number" => &mut data.before_number,
                        _ => &mut data.ambiguous,
                    };
                    set.extend(line.split_whitespace().map(abbreviation_key));
                }
                "" => return Err(err(RulesProblem::BeforeFirstSection)),
                other => {
                    return Err(err(RulesProblem::UnknownSection {
                        name: other.to_string(),
                    }));
                }
            }
        }
        Ok(data)
    }

    fn set_option(&mut self, key: &str, value: &str) -> Result<(), RulesProblem> {
        let chars = || value.split_whitespace().flat_map(str::chars).collect();
        let yes_no = || match value {
            "yes" | "true" => Ok(true),
            "no" | "false" => Ok(false),
            _ => Err(RulesProblem::NotYesNo {
                key: key.to_string(),
                value: value.to_string(),
            }),
        };
        match key {
            "name" => self.name = value.to_string(),
            "script" => {
                self.script =
                    Script::from_name(value).ok_or_else(|| RulesProblem::UnknownScript {
                        value: value.to_string(),
                        known: Script::names().join(", "),
                    })?
            }
            "ordinal_period" => self.ordinal_period = yes_no()?,
            "needs_space" => self.needs_space = yes_no()?,
            "terminators" => self.terminators = chars(),
            "closing_quotes" => self.closing_quotes = chars(),
            "spaced_closing_quotes" => self.spaced_closing_quotes = chars(),
            _ => {
                return Err(RulesProblem::UnknownOption {
                    key: key.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Whether `word` (as written) is one of the language's stop words.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(&word.to_lowercase())
    }
}

/// The form in which abbreviations are stored and looked up: without the
/// final period and without inner spaces (`z. B.` → `z.B`).
pub fn abbreviation_key(written: &str) -> String {
    let joined: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    joined.strip_suffix('.').unwrap_or(&joined).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_options() {
        let data = LanguageData::parse(
            "qq",
            "[language]\nname = Test\nordinal_period = yes\n[stopwords]\nDer die\n[prefix]\nz.B.\nDr # title\n",
        )
        .unwrap();
        assert_eq!(data.name, "Test");
        assert!(data.ordinal_period);
        assert!(data.is_stopword("Der"));
        assert!(data.prefix.contains("z.B") && data.prefix.contains("Dr"));
    }

    #[test]
    fn metadata_labels_name_fields() {
        let data = LanguageData::parse("qq", "[metadata]\ntitle = Titel Überschrift\n").unwrap();
        assert_eq!(data.metadata_labels["überschrift"], "title");
        let err = LanguageData::parse("qq", "[metadata]\nheadline = Titel\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("unknown metadata field"),
            "{err}"
        );
    }

    #[test]
    fn reports_bad_lines_with_their_number() {
        let err = LanguageData::parse("qq", "[language]\nname = x\nordinal_period = maybe\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3"), "{err}");
        let err = LanguageData::parse("qq", "[weird]\nx\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown section"), "{err}");
    }

    #[test]
    fn errors_say_what_is_accepted() {
        let message = |text: &str| LanguageData::parse("qq", text).unwrap_err().to_string();
        let err = message("[language]\nscript = Klingon\n");
        assert!(err.contains("Klingon") && err.contains("latin"), "{err}");
        let err = message("[language]\ncolour = red\n");
        assert!(err.contains("needs_space"), "{err}");
        let err = message("[weird]\nx\n");
        assert!(err.contains("[stopwords]"), "{err}");
        let err = message("stray\n");
        assert!(
            err.contains("line 1") && err.contains("[language]"),
            "{err}"
        );
    }
}
