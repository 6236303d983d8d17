//! One entry per line: hunalign's format (`target @ source`) or two-column
//! TSV (`source<TAB>target`; further columns, such as a part of speech, are
//! ignored). `#` starts a comment line. Neither says its languages, so the
//! entries are used as given: source → target.

use std::path::Path;

use super::{Entries, Parsed, error};
use crate::error::{DictionaryProblem as Problem, Result};

/// Whether the first entry line is in one of the two formats.
pub(super) fn looks_like(text: &str) -> bool {
    content_lines(text)
        .next()
        .is_some_and(|(_, line)| entry(line).is_some())
}

pub(super) fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let mut entries = Entries::default();
    let mut tabs = 0;
    for (index, line) in content_lines(text) {
        let Some((source, target, tab)) = entry(line) else {
            return Err(error(path, Problem::NotAnEntry { line: index + 1 }));
        };
        if source.is_empty() || target.is_empty() {
            return Err(error(path, Problem::HalfEntry { line: index + 1 }));
        }
        tabs += usize::from(tab);
        entries.push(source, target);
    }
    Ok(Parsed {
        format: if tabs * 2 >= entries.len() {
            "TSV"
        } else {
            "hunalign"
        },
        languages: None,
        entries,
    })
}

/// Lines that are neither blank nor comments, with their index.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        // Not `trim`: a tab at the start is an empty source.
        .map(|(i, l)| (i, l.trim_end().trim_start_matches(' ')))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// (source, target, whether TSV) of one line.
fn entry(line: &str) -> Option<(&str, &str, bool)> {
    if let Some((source, rest)) = line.split_once('\t') {
        let target = rest.split('\t').next().unwrap_or_default();
        return Some((source.trim(), target.trim(), true));
    }
    let (target, source) = line.split_once(" @ ")?;
    Some((source.trim(), target.trim(), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(parsed: &Parsed) -> Vec<(&str, &str)> {
        parsed.entries.iter().collect()
    }

    #[test]
    fn reads_hunalign_and_tsv_lines() {
        let parsed = parse(
            Path::new("d.txt"),
            "Haus @ house\nKatze\tcat\tnoun\n# comment\n\n",
        )
        .unwrap();
        assert_eq!(pairs(&parsed), [("house", "Haus"), ("Katze", "cat")]);
        assert!(parsed.languages.is_none());
    }

    #[test]
    fn malformed_lines_are_errors_with_the_line() {
        for (text, want) in [
            (
                "Haus @ house\nHaus house\n",
                "line 2: not a dictionary entry",
            ),
            ("# c\n\tcat\n", "line 2: an entry needs both"),
            ("Haus @ \n", "line 1: "),
        ] {
            let err = parse(Path::new("d.txt"), text).err().unwrap().to_string();
            assert!(err.starts_with("d.txt: ") && err.contains(want), "{err}");
        }
    }
}
