//! SRX 2.0 segmentation rules, as OmegaT, Trados and memoQ export them, so
//! that bitext's sentences are the segments of the CAT tool that will look
//! up the memory: a segment matches 100 % only if it is cut the same way.
//!
//! SRX decides every position of a paragraph by its rules in order: the
//! first rule whose `beforebreak` pattern ends there and whose `afterbreak`
//! pattern starts there says whether the text breaks (`break="yes"`) or not.
//! The rules are those of the language rules that the map rules name for the
//! document's language: the first that matches, or (cascade) all that do, in
//! the order of the map.

mod java;
mod parse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::error::{Error, Result};
use crate::lang::Lang;

/// Rules files larger than this are refused before they are parsed: OmegaT's
/// own rules for 13 languages are 150 KB.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// The largest number of rules in a file (OmegaT's has 1,134); each is one
/// pass over every paragraph.
pub const MAX_RULES: usize = 20_000;
/// The largest compiled size of one pattern, which bounds memory and time.
const MAX_PATTERN_BYTES: usize = 1 << 20;

/// The segmentation rules of one SRX file.
#[derive(Debug)]
pub struct SrxRules {
    path: PathBuf,
    /// Whether every language map that matches applies (else the first).
    cascade: bool,
    languages: HashMap<String, Vec<Rule>>,
    /// Language pattern (whole code, any case) and language rule name.
    maps: Vec<(Regex, String)>,
}

/// One rule: break or not where `before` ends and `after` starts.
#[derive(Debug)]
struct Rule {
    breaks: bool,
    /// Finds the text that ends at a position.
    before: Regex,
    /// Anchored at the position (`^(?:…)`), on the text from there on, as
    /// Java's `lookingAt` on a region.
    after: Regex,
}

impl SrxRules {
    /// Reads an SRX file.
    pub fn read(path: &Path) -> Result<SrxRules> {
        let problem = |problem: String| Error::Srx {
            path: path.to_path_buf(),
            problem,
        };
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(problem(format!(
                "{size} bytes; segmentation rules are at most {} MiB",
                MAX_FILE_BYTES >> 20
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            problem(format!(
                "not UTF-8 at byte {}; SRX files are UTF-8 XML",
                e.utf8_error().valid_up_to()
            ))
        })?;
        SrxRules::parse(path, &text)
    }

    /// Parses SRX text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<SrxRules> {
        let mut rules = parse::parse(text).map_err(|problem| Error::Srx {
            path: path.to_path_buf(),
            problem,
        })?;
        rules.path = path.to_path_buf();
        Ok(rules)
    }

    /// The file the rules were read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The rules that apply to `lang`, in the order they are tried.
    fn rules_for(&self, lang: &Lang) -> Vec<&Rule> {
        let tag = lang.to_string();
        let mut rules = Vec::new();
        for (pattern, name) in &self.maps {
            if pattern.is_match(&tag) {
                rules.extend(self.languages.get(name).into_iter().flatten());
                if !self.cascade {
                    break;
                }
            }
        }
        rules
    }

    /// Splits one paragraph into segments by the rules for `lang` (trimmed,
    /// never empty). The end of the paragraph always ends a segment.
    pub fn split<'a>(&self, lang: &Lang, paragraph: &'a str) -> Vec<&'a str> {
        // Position → whether it breaks, decided by the first rule that
        // matches there.
        let mut decided: HashMap<usize, bool> = HashMap::new();
        for rule in self.rules_for(lang) {
            for found in rule.before.find_iter(paragraph) {
                let at = found.end();
                if at == 0 || at >= paragraph.len() || decided.contains_key(&at) {
                    continue;
                }
                if rule.after.is_match(&paragraph[at..]) {
                    decided.insert(at, rule.breaks);
                }
            }
        }
        let mut breaks: Vec<usize> = decided
            .into_iter()
            .filter_map(|(at, breaks)| breaks.then_some(at))
            .collect();
        breaks.sort_unstable();
        let mut segments = Vec::new();
        let mut start = 0;
        for end in breaks.into_iter().chain([paragraph.len()]) {
            let text = paragraph[start..end].trim();
            if !text.is_empty() {
                segments.push(text);
            }
            start = end;
        }
        segments
    }
}

/// Compiles one pattern of a rule (translated from Java's syntax), or says
/// what is wrong with it.
fn compile(pattern: &str, anchored: bool) -> std::result::Result<Regex, String> {
    let translated = java::translate(pattern)?;
    let full = if anchored {
        format!("^(?:{translated})")
    } else {
        translated
    };
    regex::RegexBuilder::new(&full)
        .size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "the pattern is too large".to_string(),
            e => parse::one_line(&e.to_string()),
        })
}

#[cfg(test)]
mod tests;
