//! Reading documents: bytes → text → normalised text → paragraphs, with any
//! leading metadata (`date 2025-08-21`) set aside so it is never aligned.
//!
//! The result, a [`Document`], is what the segmenter works on.

mod decode;
mod metadata;
mod normalize;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use decode::Encoding;
pub(crate) use decode::decode;
pub use normalize::normalize;

/// A document as read from disk: metadata plus paragraphs of raw lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Where the document came from (used in every message about it).
    pub path: PathBuf,
    /// Leading metadata such as `date` → `2025-08-21`, in file order.
    pub metadata: Vec<(String, String)>,
    pub paragraphs: Vec<Paragraph>,
}

/// A block of non-blank lines; blank lines separate paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's lines, trimmed. In presegmented input each line is a
    /// sentence; otherwise lines are just wrapped text.
    pub lines: Vec<String>,
}

impl Paragraph {
    /// The paragraph as running text: its lines joined by single spaces.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

impl Document {
    /// Reads and normalises the file at `path`.
    pub fn read(path: &Path, encoding: Encoding) -> Result<Document> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Document::from_bytes(path, &bytes, encoding)
    }

    /// Builds a document from bytes already in memory; `path` names it in
    /// messages.
    pub fn from_bytes(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<Document> {
        let text = decode::decode(path, bytes, encoding)?;
        Document::from_text(path, &text)
    }

    /// Builds a document from decoded text.
    pub fn from_text(path: &Path, text: &str) -> Result<Document> {
        let text = normalize(text);
        let mut paragraphs = split_paragraphs(&text);
        let metadata = metadata::take_leading(&mut paragraphs);
        if paragraphs.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(Document {
            path: path.to_path_buf(),
            metadata,
            paragraphs,
        })
    }

    /// The value of a metadata field, e.g. `doc.meta("date")`.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All text of the document (for language detection).
    pub fn text(&self) -> String {
        let paragraphs: Vec<String> = self.paragraphs.iter().map(Paragraph::text).collect();
        paragraphs.join("\n\n")
    }
}

/// Splits normalised text into paragraphs at blank lines (lines holding only
/// whitespace, no-break spaces included).
fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !lines.is_empty() {
                paragraphs.push(Paragraph {
                    lines: std::mem::take(&mut lines),
                });
            }
        } else {
            lines.push(line.to_string());
        }
    }
    if !lines.is_empty() {
        paragraphs.push(Paragraph { lines });
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text(Path::new("t.txt"), text).unwrap()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let d = doc("One.\nstill one.\n\n \u{a0}\nTwo.\r\n\r\nThree.\rmore");
        let texts: Vec<String> = d.paragraphs.iter().map(Paragraph::text).collect();
        assert_eq!(texts, ["One. still one.", "Two.", "Three. more"]);
    }

    #[test]
    fn leading_date_header_is_metadata() {
        let d = doc(" date 2025-08-21 Die westlichen Staats- und Regierungschefs.\n\nZwei.");
        assert_eq!(d.meta("date"), Some("2025-08-21"));
        assert_eq!(
            d.paragraphs[0].lines,
            ["Die westlichen Staats- und Regierungschefs."]
        );
    }

    #[test]
    fn empty_documents_are_errors() {
        for text in ["", "\n\n  \n", "date 2025-08-21\n\n"] {
            let err = Document::from_text(Path::new("e.txt"), text).unwrap_err();
            assert!(matches!(err, Error::Empty { .. }), "{text:?}: {err}");
        }
    }
}
