//! A user-supplied bilingual dictionary: hunalign's format (`target @ source`
//! per line) or two-column TSV (`source<TAB>target`).

use std::path::Path;

use super::features::{Vocab, word_key};
use super::links::Links;
use crate::error::{Error, Result};
use crate::lang::{LanguageData, Token, tokens};

/// Pairs of source and target phrases that translate each other.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary {
    entries: Vec<(String, String)>,
}

impl Dictionary {
    /// Reads a dictionary file; the format is recognised per line.
    pub fn read(path: &Path) -> Result<Dictionary> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Dictionary::parse(path, &text)
    }

    /// Parses dictionary text; `path` names it in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<Dictionary> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry = if let Some((source, target)) = line.split_once('\t') {
                (source.trim(), target.trim())
            } else if let Some((target, source)) = line.split_once(" @ ") {
                (source.trim(), target.trim())
            } else {
                return Err(Error::Dictionary {
                    path: path.to_path_buf(),
                    line: index + 1,
                });
            };
            if entry.0.is_empty() || entry.1.is_empty() {
                return Err(Error::Dictionary {
                    path: path.to_path_buf(),
                    line: index + 1,
                });
            }
            entries.push((entry.0.to_string(), entry.1.to_string()));
        }
        Ok(Dictionary { entries })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Links between the content words of each entry that occur in the texts.
    pub(super) fn links(
        &self,
        source_lang: &LanguageData,
        target_lang: &LanguageData,
        source: &Vocab,
        target: &Vocab,
    ) -> Links {
        let mut links = Links::default();
        let keys = |phrase: &str, lang: &LanguageData, vocab: &Vocab| -> Vec<u32> {
            tokens(phrase, lang)
                .filter_map(|t| match t {
                    Token::Word(w) => word_key(w, lang),
                    Token::Number(_) => None,
                })
                .filter_map(|k| vocab.get(&k))
                .collect()
        };
        for (s, t) in &self.entries {
            let source_ids = keys(s, source_lang, source);
            for t_id in keys(t, target_lang, target) {
                for &s_id in &source_ids {
                    links.add(t_id, s_id);
                }
            }
        }
        links.finish();
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hunalign_and_tsv_lines() {
        let dict = Dictionary::parse(
            Path::new("d.txt"),
            "Haus @ house\nKatze\tcat\n# comment\n\n",
        )
        .unwrap();
        assert_eq!(
            dict.entries,
            [
                ("house".to_string(), "Haus".to_string()),
                ("Katze".to_string(), "cat".to_string())
            ]
        );
        let err = Dictionary::parse(Path::new("d.txt"), "Haus house\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("d.txt") && err.contains("line 1"), "{err}");
    }
}
