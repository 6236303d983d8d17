//! CC-CEDICT, the Chinese–English dictionary of MDBG (CC BY-SA):
//! `traditional simplified [pin1 yin1] /gloss/gloss/` per line, `#`
//! comments. Always Chinese → English. Glosses are cleaned down to what can
//! appear in a translation: explanations in parentheses, "to " before
//! verbs, measure words (`CL:…`), cross references ("variant of", "see",
//! "used in") and surnames go.

use std::path::Path;

use super::{Entries, Parsed, error};
use crate::error::{DictionaryProblem as Problem, Result};

/// Whether the text is CC-CEDICT: its header says so, or its first entry
/// line has the format.
pub(super) fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    for line in lines.by_ref().take(200) {
        if line.starts_with('#') {
            if line.contains("CC-CEDICT") {
                return true;
            }
            continue;
        }
        return entry(line).is_some();
    }
    false
}

pub(super) fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let mut entries = Entries::default();
    let mut glosses = String::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((traditional, simplified, raw)) = entry(line) else {
            return Err(error(path, Problem::NotCedictEntry { line: index + 1 }));
        };
        glosses.clear();
        for gloss in raw.split('/').filter_map(clean) {
            if !glosses.is_empty() {
                glosses.push_str(", ");
            }
            glosses.push_str(&gloss);
        }
        let head = if traditional == simplified {
            simplified.to_string()
        } else {
            format!("{simplified}, {traditional}")
        };
        entries.push(&head, &glosses);
    }
    Ok(Parsed {
        format: "CC-CEDICT",
        languages: Some(("zh".into(), "en".into())),
        entries,
    })
}

/// (traditional, simplified, glosses between the outer slashes).
fn entry(line: &str) -> Option<(&str, &str, &str)> {
    let (traditional, rest) = line.split_once(' ')?;
    let (simplified, rest) = rest.split_once(' ')?;
    let rest = rest.trim_start().strip_prefix('[')?;
    let (_pinyin, rest) = rest.split_once(']')?;
    let glosses = rest.trim().strip_prefix('/')?.strip_suffix('/')?;
    Some((traditional, simplified, glosses))
}

/// Glosses that are references or notes, not translations.
const DROPPED: &[&str] = &[
    "cl:",
    "see ",
    "see:",
    "used in ",
    "surname ",
    "abbr. for ",
    "abbr. of ",
    "also written ",
    "also pr. ",
    "pr. ",
];

/// A gloss as a translation, or `None` when it is not one.
fn clean(gloss: &str) -> Option<String> {
    let lower = gloss.trim().to_lowercase();
    if DROPPED.iter().any(|d| lower.starts_with(d)) || lower.contains("variant of") {
        return None;
    }
    let mut out = String::with_capacity(gloss.len());
    let mut depth = 0usize;
    for c in gloss.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            // Chinese written inside a gloss is a cross reference.
            '|' => {}
            c if depth == 0 && !is_han(c) => out.push(c),
            _ => {}
        }
    }
    let mut text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in ["lit. ", "fig. ", "to "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_string();
        }
    }
    let text = text.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
    (!text.is_empty()).then(|| text.to_string())
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines written for this test in the format of the real file.
    const SAMPLE: &str = "\
# CC-CEDICT
# Community maintained free Chinese-English dictionary.
#! version=1
房子 房子 [fang2 zi5] /house/building (single- or two-story)/apartment/room/CL:棟|栋[dong4],幢[zhuang4],間|间[jian1]/
開會 开会 [kai1 hui4] /to hold a meeting/to attend a meeting/
張 张 [Zhang1] /surname Zhang/
张 张 [zhang1] /to open up/to spread/sheet of paper/classifier for flat objects, sheet/
鐘 钟 [zhong1] /old variant of 鍾|钟[zhong1]/clock/bell/
甪 甪 [lu4] /see 甪直[Lu4 zhi2]/
";

    #[test]
    fn reads_entries_and_cleans_glosses() {
        assert!(looks_like(SAMPLE));
        let parsed = parse(Path::new("cedict_ts.u8"), SAMPLE).unwrap();
        assert_eq!(parsed.languages, Some(("zh".into(), "en".into())));
        let entries: Vec<(&str, &str)> = parsed.entries.iter().collect();
        assert_eq!(
            entries,
            [
                ("房子", "house, building, apartment, room"),
                ("开会, 開會", "hold a meeting, attend a meeting"),
                (
                    "张",
                    "open up, spread, sheet of paper, classifier for flat objects, sheet"
                ),
                ("钟, 鐘", "clock, bell"),
            ]
        );
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_number() {
        let text = "# CC-CEDICT\n房子 房子 [fang2 zi5] /house/\n房子 房子 house\n";
        let err = parse(Path::new("c.u8"), text).err().unwrap().to_string();
        assert!(
            err.starts_with("c.u8: line 3: not a CC-CEDICT entry"),
            "{err}"
        );
        assert!(!looks_like("Haus\thouse\n"));
    }
}
