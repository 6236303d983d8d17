//! Scoring an alignment against a gold alignment, the way the
//! sentence-alignment literature scores it on Text+Berg (Sennrich & Volk 2010;
//! the Vecalign and Bertalign papers), so that bitext's figures can be set
//! beside published ones.
//!
//! Both alignments are lists of beads: groups of source and target sentence
//! ids aligned together. Counts are summed over all documents before any
//! division, as the field does, so long documents weigh more than short ones.
//!
//! ```
//! use std::path::Path;
//! use bitext::eval;
//!
//! let gold = eval::parse_beads(Path::new("gold.txt"), "[0]:[0]\n[1]:[1, 2]\n")?;
//! assert_eq!(gold[1].kind(), (1, 2));
//! # Ok::<(), bitext::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// One bead of an alignment file: the source and target sentence ids aligned
/// together (either side may be empty), with the aligner's confidence if it
/// gave one.
///
/// The ids are kept as written; comparisons treat each side as a set.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredBead {
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub confidence: Option<f64>,
}

impl ScoredBead {
    /// A bead without confidence.
    pub fn new(source: Vec<usize>, target: Vec<usize>) -> ScoredBead {
        ScoredBead {
            source,
            target,
            confidence: None,
        }
    }

    /// The bead with this confidence.
    pub fn with_confidence(self, confidence: f64) -> ScoredBead {
        ScoredBead {
            confidence: Some(confidence),
            ..self
        }
    }

    /// How many sentences the bead holds on each side: `(1, 2)` for a bead
    /// where one source sentence is translated by two target sentences.
    pub fn kind(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }

    /// Whether one side is empty (a sentence left untranslated, or a
    /// translation with no original).
    pub fn is_null(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }
}

/// The two sides of an alignment: the original and the translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}

// ---------------------------------------------------------------------------
// Reading alignment files
// ---------------------------------------------------------------------------

/// Reads an alignment file: JSON lines if the name ends in `.jsonl`,
/// otherwise the bead format (see [`parse_beads`]).
pub fn read_beads(path: &Path) -> Result<Vec<ScoredBead>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let offset = e.valid_up_to();
        Error::Bead {
            path: path.to_path_buf(),
            line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
            message: format!("not valid UTF-8 (byte {offset}); alignment files are UTF-8 text"),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if path.extension().is_some_and(|ext| ext == "jsonl") {
        parse_jsonl(path, text)
    } else {
        parse_beads(path, text)
    }
}

/// Parses the bead format, one bead per line: `[source ids]:[target ids]`,
/// optionally followed by `:confidence`, e.g. `[3]:[3, 4]`, `[7]:[]`,
/// `[0]:[0]:0.93`. Ids are 0-based; spacing is free; blank lines are ignored.
/// `path` only names the file in errors.
pub fn parse_beads(path: &Path, text: &str) -> Result<Vec<ScoredBead>> {
    let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    let beads = lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            parse_bead_line(line)
                .map(|bead| (number, bead))
                .map_err(|message| Error::Bead {
                    path: path.to_path_buf(),
                    line: number,
                    message,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    check_beads(path, beads)
}

/// Parses the JSON lines that `bitext align` writes: one object per bead with
/// `source_ids` and `target_ids` arrays and an optional `confidence`; other
/// fields (the sentences' text, ...) are ignored. Blank lines are ignored.
pub fn parse_jsonl(path: &Path, text: &str) -> Result<Vec<ScoredBead>> {
    #[derive(Deserialize)]
    struct Line {
        source_ids: Vec<usize>,
        target_ids: Vec<usize>,
        #[serde(default)]
        confidence: Option<f64>,
    }
    let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    let beads = lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            let error = |message: String| Error::Bead {
                path: path.to_path_buf(),
                line: number,
                message,
            };
            let parsed: Line = serde_json::from_str(line).map_err(|e| {
                error(format!(
                    "not a bead: {e}; expected an object such as \
                     {{\"source_ids\": [3], \"target_ids\": [3, 4], \"confidence\": 0.9}}"
                ))
            })?;
            let bead = ScoredBead {
                source: parsed.source_ids,
                target: parsed.target_ids,
                confidence: parsed
                    .confidence
                    .map(check_confidence)
                    .transpose()
                    .map_err(error)?,
            };
            check_not_empty(&bead).map_err(error)?;
            Ok((number, bead))
        })
        .collect::<Result<Vec<_>>>()?;
    check_beads(path, beads)
}

/// Parses one non-blank line of the bead format; the error says what is wrong.
fn parse_bead_line(line: &str) -> Result<ScoredBead, String> {
    let not_a_bead = |why: &str| {
        format!(
            "not a bead ({why}): {:?}; expected [source ids]:[target ids] or \
             [source ids]:[target ids]:confidence, e.g. [3]:[3, 4] or [0]:[0]:0.93",
            line.trim()
        )
    };
    let (source, rest) = take_id_list(line).ok_or_else(|| not_a_bead("no [source ids]"))?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(|| not_a_bead("no ':' after the source ids"))?;
    let (target, rest) = take_id_list(rest).ok_or_else(|| not_a_bead("no [target ids]"))?;
    let rest = rest.trim();
    let confidence = if rest.is_empty() {
        None
    } else {
        let number = rest
            .strip_prefix(':')
            .ok_or_else(|| not_a_bead("unexpected text after the target ids"))?
            .trim();
        let value = number
            .parse::<f64>()
            .map_err(|_| not_a_bead(&format!("confidence {number:?} is not a number")))?;
        Some(check_confidence(value)?)
    };
    let bead = ScoredBead {
        source: parse_ids(source)?,
        target: parse_ids(target)?,
        confidence,
    };
    check_not_empty(&bead)?;
    Ok(bead)
}

/// Splits `  [1, 2] rest` into the text between the brackets and the rest.
fn take_id_list(text: &str) -> Option<(&str, &str)> {
    let inner = text.trim_start().strip_prefix('[')?;
    let end = inner.find(']')?;
    Some((&inner[..end], &inner[end + 1..]))
}

/// Parses comma-separated sentence ids (`3, 4`); empty text is no ids.
fn parse_ids(list: &str) -> Result<Vec<usize>, String> {
    if list.trim().is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|id| {
            let id = id.trim();
            id.parse::<usize>().map_err(|_| {
                format!("{id:?} is not a sentence id; ids are whole numbers counted from 0")
            })
        })
        .collect()
}

/// Confidences are probabilities: anything else cannot be calibrated.
fn check_confidence(value: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("confidence {value} is not between 0 and 1"))
    }
}

/// A bead with no sentence at all aligns nothing and would only distort the
/// counts.
fn check_not_empty(bead: &ScoredBead) -> Result<(), String> {
    if bead.source.is_empty() && bead.target.is_empty() {
        Err("empty bead []:[]; a bead holds at least one sentence".to_string())
    } else {
        Ok(())
    }
}

/// Checks that no sentence id occurs twice on one side, then drops the line
/// numbers.
fn check_beads(path: &Path, beads: Vec<(usize, ScoredBead)>) -> Result<Vec<ScoredBead>> {
    let mut seen: [HashMap<usize, usize>; 2] = Default::default();
    for (line, bead) in &beads {
        for (side, ids) in [(Side::Source, &bead.source), (Side::Target, &bead.target)] {
            let seen = &mut seen[side as usize];
            for &id in ids {
                if let Some(&first_line) = seen.get(&id) {
                    return Err(Error::DuplicateId {
                        path: path.to_path_buf(),
                        line: *line,
                        side,
                        id,
                        first_line,
                    });
                }
                seen.insert(id, *line);
            }
        }
    }
    Ok(beads.into_iter().map(|(_, bead)| bead).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(text: &str) -> Vec<ScoredBead> {
        parse_beads(Path::new("test.txt"), text).unwrap()
    }

    fn bead(source: &[usize], target: &[usize]) -> ScoredBead {
        ScoredBead::new(source.to_vec(), target.to_vec())
    }

    fn error(text: &str) -> String {
        parse_beads(Path::new("test.txt"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parses_the_bead_format_with_free_spacing() {
        let got = beads(
            "[0]:[0]\n\n[1, 2]:[1]\n[3]:[]\n  []:[2 ,3]  \n[ 4 ] : [ 4 ] : 0.93\r\n[5]:[5,6]:1\n",
        );
        assert_eq!(
            got,
            vec![
                bead(&[0], &[0]),
                bead(&[1, 2], &[1]),
                bead(&[3], &[]),
                bead(&[], &[2, 3]),
                bead(&[4], &[4]).with_confidence(0.93),
                bead(&[5], &[5, 6]).with_confidence(1.0),
            ]
        );
        assert_eq!(got[1].kind(), (2, 1));
        assert!(got[2].is_null() && got[3].is_null() && !got[0].is_null());
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        for (text, line, says) in [
            ("[0]:[0]\n3:4\n", 2, "no [source ids]"),
            ("[0] [0]\n", 1, "no ':' after the source ids"),
            ("[0]:\n", 1, "no [target ids]"),
            ("[0]:[0\n", 1, "no [target ids]"),
            ("[0]:[0] x\n", 1, "unexpected text"),
            ("\n\n[0]:[0]:high\n", 3, "\"high\" is not a number"),
            ("[0]:[0]:1.5\n", 1, "not between 0 and 1"),
            ("[0]:[0]:NaN\n", 1, "not between 0 and 1"),
            ("[a]:[0]\n", 1, "\"a\" is not a sentence id"),
            ("[-1]:[0]\n", 1, "\"-1\" is not a sentence id"),
            ("[0,]:[0]\n", 1, "\"\" is not a sentence id"),
            ("[]:[]\n", 1, "empty bead"),
        ] {
            let message = error(text);
            assert!(
                message.starts_with(&format!("test.txt:{line}: ")),
                "{text:?}: {message}"
            );
            assert!(message.contains(says), "{text:?}: {message}");
        }
    }

    #[test]
    fn an_id_twice_is_an_error() {
        assert_eq!(
            error("[0]:[0]\n[1]:[1]\n[2]:[1, 2]\n"),
            "test.txt:3: target sentence 1 is already in the bead on line 2; \
             each sentence belongs to at most one bead"
        );
        assert!(error("[0, 0]:[0]\n").starts_with("test.txt:1: source sentence 0"));
        // The same id on both sides is normal: sentence 0 of each document.
        assert_eq!(beads("[0]:[0]").len(), 1);
    }

    #[test]
    fn parses_jsonl_and_ignores_other_fields() {
        let text = r#"{"source_ids": [0], "target_ids": [0, 1], "confidence": 0.5, "source": "A.", "target": "B. C."}

{"source_ids": [], "target_ids": [2]}
{"source_ids": [1], "target_ids": [], "confidence": null}
"#;
        let got = parse_jsonl(Path::new("a.jsonl"), text).unwrap();
        assert_eq!(
            got,
            vec![
                bead(&[0], &[0, 1]).with_confidence(0.5),
                bead(&[], &[2]),
                bead(&[1], &[]),
            ]
        );
    }

    #[test]
    fn jsonl_errors_name_file_and_line() {
        let path = Path::new("a.jsonl");
        let message = parse_jsonl(
            path,
            "{\"source_ids\": [0], \"target_ids\": [0]}\n{\"source_ids\": [1]}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            message.starts_with("a.jsonl:2: not a bead: missing field `target_ids`"),
            "{message}"
        );
        let message = parse_jsonl(
            path,
            "{\"source_ids\": [0], \"target_ids\": [0], \"confidence\": 2}\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(message, "a.jsonl:1: confidence 2 is not between 0 and 1");
        let message = parse_jsonl(path, "{\"source_ids\": [0], \"target_ids\": [0]}\n{\"source_ids\": [0], \"target_ids\": [1]}\n")
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("a.jsonl:2: source sentence 0 is already in the bead on line 1"),
            "{message}"
        );
    }

    #[test]
    fn reads_files_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let beads_path = dir.path().join("doc.beads");
        std::fs::write(&beads_path, "\u{feff}[0]:[0]:0.5\n").unwrap();
        assert_eq!(
            read_beads(&beads_path).unwrap(),
            vec![bead(&[0], &[0]).with_confidence(0.5)]
        );
        let jsonl_path = dir.path().join("doc.jsonl");
        std::fs::write(&jsonl_path, "{\"source_ids\":[0],\"target_ids\":[0]}\n").unwrap();
        assert_eq!(read_beads(&jsonl_path).unwrap(), vec![bead(&[0], &[0])]);
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"[0]:[0]\n[1]:[1] \xe9\n").unwrap();
        let message = read_beads(&latin1).unwrap_err().to_string();
        assert!(
            message.ends_with(
                "latin1.txt:2: not valid UTF-8 (byte 16); alignment files are UTF-8 text"
            ),
            "{message}"
        );
        let missing = read_beads(&dir.path().join("none.txt")).unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("none.txt: cannot read the file")
        );
    }
}
