//! Reading documents: bytes → text → normalised text → paragraphs, with any
//! leading metadata (`date 2025-08-21`) set aside so it is never aligned.
//!
//! A document is read in the format its content shows (and its extension
//! names, see [`detect`]): plain text, HTML, Markdown, DOCX, ODT or PDF.
//! Each reader makes the same [`Document`]: in the structured formats every
//! block (heading, paragraph, list item, table cell, caption, note) is a
//! paragraph of its own, so that the segmenter never joins two.
//!
//! The result, a [`Document`], is what the segmenter works on.

pub(crate) mod archive;
mod blocks;
mod decode;
mod docx;
mod format;
mod html;
mod markdown;
mod metadata;
mod normalize;
mod odt;
mod pdf;
pub(crate) mod xml;

pub(crate) use decode::base64_value;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use decode::Encoding;
pub(crate) use decode::decode;
pub use format::{InputFormat, Markup, detect};
pub use html::BOILERPLATE_WORDS;
pub use normalize::normalize;

/// How many bytes the parts of a DOCX or ODT file that are read may unpack
/// to: the text of a long book is a few MiB of XML, a zip bomb's is
/// gigabytes.
pub const DOCUMENT_UNPACKED_LIMIT: u64 = 256 << 20;

/// A document as read from disk: metadata plus paragraphs of raw lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Where the document came from (used in every message about it).
    pub path: PathBuf,
    /// Leading metadata such as `date` → `2025-08-21`, in file order.
    pub metadata: Vec<(String, String)>,
    /// The text after the metadata, block by block; the segmenter never joins sentences across
    /// paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// The format the document was read as.
    pub format: InputFormat,
    /// What the user should know about how the document was read.
    pub notes: Vec<Note>,
}

/// Something about how a document was read that the user should know,
/// although it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The content is in another format than the file's extension names,
    /// and was read as what it is (a web page saved as `.txt`).
    ReadAs {
        /// The format the content was read as.
        format: InputFormat,
        /// The file's extension (without the dot), which named another format.
        extension: String,
    },
    /// A document read as plain text holds markup, which is aligned as
    /// text: a warning.
    Markup(Markup),
    /// The file was not valid UTF-8 (first at byte `offset`, line `line`)
    /// but reads as `encoding` text, and was read so: a warning, since the
    /// guess may be wrong.
    DecodedAs {
        /// The encoding the bytes were read in (Windows-1252, for example).
        encoding: Encoding,
        /// Byte offset (from 0) of the first byte that is not UTF-8.
        offset: usize,
        /// Line (from 1) of that byte.
        line: usize,
    },
}

impl Note {
    /// Whether the note warns of a likely problem (rather than informing).
    pub fn is_warning(&self) -> bool {
        matches!(self, Note::Markup(_) | Note::DecodedAs { .. })
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::ReadAs { format, extension } => write!(
                f,
                "read as {format}: that is what it holds, although its name ends in .{extension}"
            ),
            Note::Markup(markup @ Markup::Html { .. }) => write!(
                f,
                "read as plain text, but it holds {markup}, which are aligned as text"
            ),
            Note::DecodedAs {
                encoding,
                offset,
                line,
            } => write!(
                f,
                "not UTF-8 (byte {offset}, line {line}), read as {encoding}; if the text \
                 looks wrong, name the file's encoding"
            ),
            Note::Markup(markup @ Markup::Rtf) => write!(
                f,
                "read as plain text, but it holds {markup}: RTF control words are aligned as \
                 text; save the document as DOCX, ODT or plain text"
            ),
        }
    }
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
    /// Reads and normalises the file at `path`, in the format its content
    /// and extension show.
    pub fn read(path: &Path, encoding: Encoding) -> Result<Document> {
        Document::read_as(path, encoding, None)
    }

    /// Reads the file at `path` in the given format, or (`None`) in the
    /// format its content and extension show.
    pub fn read_as(
        path: &Path,
        encoding: Encoding,
        format: Option<InputFormat>,
    ) -> Result<Document> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Document::from_bytes_as(path, &bytes, encoding, format)
    }

    /// Builds a document from bytes already in memory; `path` names it in
    /// messages (and its extension helps tell the format).
    pub fn from_bytes(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<Document> {
        Document::from_bytes_as(path, bytes, encoding, None)
    }

    /// Builds a document from bytes in the given format, or (`None`) in the
    /// format they show. This is where every reader is chosen.
    pub fn from_bytes_as(
        path: &Path,
        bytes: &[u8],
        encoding: Encoding,
        format: Option<InputFormat>,
    ) -> Result<Document> {
        let extension = path.extension().and_then(|e| e.to_str());
        let chosen = format.unwrap_or_else(|| detect(bytes, extension));
        let mut notes = Vec::new();
        if format.is_none()
            && let Some(extension) = extension
            && InputFormat::from_extension(extension).is_some_and(|named| named != chosen)
            && chosen.is_readable()
        {
            notes.push(Note::ReadAs {
                format: chosen,
                extension: extension.to_string(),
            });
        }
        let (metadata, paragraphs) = match chosen {
            InputFormat::Text => {
                let (text, decoded) = decode::decode_noting(path, bytes, encoding)?;
                notes.extend(decoded);
                let mut document = Document::from_text(path, &text)?;
                notes.append(&mut document.notes);
                document.notes = notes;
                return Ok(document);
            }
            InputFormat::Html => {
                let (text, decoded) = decode_html(path, bytes, encoding)?;
                notes.extend(decoded);
                html::read(&text).map_err(|e| too_deep(path, e))?
            }
            InputFormat::Markdown => {
                let (text, decoded) = decode::decode_noting(path, bytes, encoding)?;
                notes.extend(decoded);
                markdown::read(&text).map_err(|e| too_deep(path, e))?
            }
            InputFormat::Docx => {
                let mut package =
                    archive::Package::open(path, "DOCX", bytes, DOCUMENT_UNPACKED_LIMIT)?;
                (Vec::new(), docx::read(&mut package)?)
            }
            InputFormat::Odt => {
                let mut package =
                    archive::Package::open(path, "ODT", bytes, DOCUMENT_UNPACKED_LIMIT)?;
                (Vec::new(), odt::read(&mut package)?)
            }
            InputFormat::Pdf => (Vec::new(), pdf::read(path, bytes)?),
            InputFormat::Rtf | InputFormat::LegacyOffice | InputFormat::Zip => {
                return Err(Error::UnsupportedFormat {
                    path: path.to_path_buf(),
                    format: chosen.name(),
                });
            }
        };
        Document::from_blocks(path, chosen, metadata, normalized(paragraphs), notes)
    }

    /// Builds a document from decoded plain text.
    pub fn from_text(path: &Path, text: &str) -> Result<Document> {
        let text = normalize(text);
        let notes = format::markup_in_text(&text)
            .map(Note::Markup)
            .into_iter()
            .collect();
        Document::from_blocks(
            path,
            InputFormat::Text,
            Vec::new(),
            split_paragraphs(&text),
            notes,
        )
    }

    /// The document of the paragraphs a reader found (normalised), with
    /// the metadata its format holds and then any leading metadata lines.
    fn from_blocks(
        path: &Path,
        format: InputFormat,
        mut metadata: Vec<(String, String)>,
        mut paragraphs: Vec<Paragraph>,
        notes: Vec<Note>,
    ) -> Result<Document> {
        metadata.extend(metadata::take_leading(&mut paragraphs));
        if paragraphs.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(Document {
            path: path.to_path_buf(),
            metadata,
            paragraphs,
            format,
            notes,
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

fn too_deep(path: &Path, e: html::TooDeep) -> Error {
    Error::HtmlTooDeep {
        path: path.to_path_buf(),
        limit: html::MAX_DEPTH,
        offset: e.offset,
    }
}

/// The paragraphs of a structured document with every line normalised as
/// plain text is (NFC, invisible and illegal characters removed); a line
/// that normalisation breaks (U+2028) becomes two.
fn normalized(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    paragraphs
        .into_iter()
        .map(|p| Paragraph {
            lines: p
                .lines
                .iter()
                .flat_map(|line| {
                    normalize(line)
                        .split('\n')
                        .map(|l| l.trim().to_string())
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .filter(|p| !p.lines.is_empty())
        .collect()
}

/// Decodes an HTML page: as other text, except that a page that is not
/// UTF-8 and declares its encoding (`<meta charset>`) is read in that
/// encoding when no other was asked for, as browsers read it.
fn decode_html(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<(String, Option<Note>)> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if matches!(encoding, Encoding::Auto | Encoding::Utf8)
        && !has_bom
        && std::str::from_utf8(bytes).is_err()
        && let Some(declared) = html::declared_charset(bytes)
        && declared != encoding_rs::UTF_8
    {
        return Ok((decode_declared(path, bytes, declared)?, None));
    }
    decode::decode_noting(path, bytes, encoding)
}

/// Decodes bytes in an encoding a document declares, naming the byte
/// offset of the first byte that is not valid in it.
fn decode_declared(
    path: &Path,
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
) -> Result<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    let offset = match result {
        encoding_rs::DecoderResult::InputEmpty => return Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        encoding_rs::DecoderResult::OutputFull => read,
    };
    Err(Error::Decode {
        path: path.to_path_buf(),
        encoding: encoding.name(),
        offset,
    })
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
