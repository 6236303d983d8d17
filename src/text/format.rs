//! Which format a document is in, told from its bytes first and its file
//! extension second: a renamed file (a web page saved as `.txt`, a DOCX
//! without extension on standard input) is still read for what it is.

use std::fmt;
use std::str::FromStr;

/// The formats bitext tells apart. Text, HTML, Markdown, DOCX, ODT and PDF
/// are read; RTF, legacy Office files and other zip archives are
/// recognised so that they can be refused with advice instead of being
/// aligned as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text: paragraphs are separated by blank lines, leading metadata lines are set aside.
    Text,
    /// An HTML page: the article's blocks, without the page's boilerplate (navigation, footers,
    /// ...).
    Html,
    /// Markdown (CommonMark with tables and footnotes): each block is a paragraph, the markup goes.
    Markdown,
    /// A Word document (Office Open XML): the body's paragraphs, then the footnotes and endnotes.
    Docx,
    /// An OpenDocument text (LibreOffice): its paragraphs and headings, as DOCX's are read.
    Odt,
    /// A PDF with a text layer, read through poppler's `pdftotext`.
    Pdf,
    /// Rich Text Format: recognised only to be refused with advice to save it as DOCX, ODT or text.
    Rtf,
    /// A legacy binary Office file (`.doc`, `.xls`, `.ppt`: an OLE
    /// compound file).
    LegacyOffice,
    /// A zip archive that is neither DOCX nor ODT (XLSX, PPTX, EPUB, …).
    Zip,
}

impl InputFormat {
    /// The formats that can be asked for by name (those bitext reads).
    pub const NAMES: &'static [&'static str] = &["text", "html", "markdown", "docx", "odt", "pdf"];

    /// The format a file extension names, if any (case-insensitive).
    pub fn from_extension(extension: &str) -> Option<InputFormat> {
        Some(match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => InputFormat::Text,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            "md" | "markdown" | "mdown" | "mkd" => InputFormat::Markdown,
            "docx" => InputFormat::Docx,
            "odt" => InputFormat::Odt,
            "pdf" => InputFormat::Pdf,
            "rtf" => InputFormat::Rtf,
            "doc" => InputFormat::LegacyOffice,
            _ => return None,
        })
    }

    /// Whether bitext reads documents of this format.
    pub fn is_readable(self) -> bool {
        !matches!(
            self,
            InputFormat::Rtf | InputFormat::LegacyOffice | InputFormat::Zip
        )
    }
}

impl InputFormat {
    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "plain text",
            InputFormat::Html => "HTML",
            InputFormat::Markdown => "Markdown",
            InputFormat::Docx => "DOCX",
            InputFormat::Odt => "ODT",
            InputFormat::Pdf => "PDF",
            InputFormat::Rtf => "RTF",
            InputFormat::LegacyOffice => "a legacy Office file (.doc)",
            InputFormat::Zip => "a zip archive (not a DOCX or ODT document)",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match InputFormat::from_extension(s) {
            Some(format) if format.is_readable() => Ok(format),
            _ => Err(format!(
                "unknown input format {s:?}; use one of auto, {}",
                InputFormat::NAMES.join(", ")
            )),
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The end-of-central-directory record every complete zip ends with.
const ZIP_END: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// How far into a file a PDF header may sit (PDF readers allow 1024 bytes
/// of junk before it) and how much of a text file is looked at for an
/// HTML page.
const SNIFF: usize = 4096;

/// The format of a document: magic bytes (zip, PDF, RTF, OLE) first, then
/// a whole HTML page (a doctype or `<html>` near the start), then the
/// extension, then plain text. A zip is DOCX or ODT by what it holds; one
/// holding neither keeps the format its extension names, so that the
/// reader can say what is missing.
pub fn detect(bytes: &[u8], extension: Option<&str>) -> InputFormat {
    let named = extension.and_then(InputFormat::from_extension);
    if bytes.starts_with(ZIP_MAGIC) {
        let zip = match named {
            Some(InputFormat::Docx) => Some(InputFormat::Docx),
            Some(InputFormat::Odt) => Some(InputFormat::Odt),
            // Only a whole zip (with its end record) is called one; other
            // bytes that start like a zip are binary.
            _ => find(bytes, ZIP_END).map(|_| InputFormat::Zip),
        };
        if let Some(format) = zip_format(bytes).or(zip) {
            return format;
        }
    }
    if bytes.starts_with(OLE_MAGIC) {
        return InputFormat::LegacyOffice;
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return InputFormat::Pdf;
    }
    let text = trim_start(head);
    if text.starts_with(b"{\\rtf") {
        return InputFormat::Rtf;
    }
    if is_html_page(text) {
        return InputFormat::Html;
    }
    named.unwrap_or(InputFormat::Text)
}

/// DOCX or ODT, by the parts a zip names: Word's main part, or the
/// OpenDocument text mimetype that an ODT stores first, uncompressed.
fn zip_format(bytes: &[u8]) -> Option<InputFormat> {
    if find(
        &bytes[..bytes.len().min(256)],
        b"application/vnd.oasis.opendocument.text",
    )
    .is_some()
    {
        Some(InputFormat::Odt)
    } else if find(bytes, b"word/document.xml").is_some() {
        Some(InputFormat::Docx)
    } else {
        None
    }
}

/// Whether text starts as a whole HTML page does: a doctype, `<html>`, or
/// an XML declaration or comment (`<!-- saved from url=… -->`) before one.
fn is_html_page(text: &[u8]) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    (lower.starts_with(b"<?xml") || lower.starts_with(b"<!--"))
        && (find(&lower, b"<html").is_some() || find(&lower, b"<!doctype html").is_some())
}

/// Bytes without a leading UTF-8 BOM and whitespace.
fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Markup found in a document read as plain text: it will be aligned as
/// text, tags and all, which the user should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Markup {
    /// HTML tags, with the first one found (`<p>`).
    Html {
        /// The first tag found, shown to the user as evidence.
        example: String,
    },
    /// An RTF header (`{\rtf1`) inside the text.
    Rtf,
}

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Markup::Html { example } => write!(f, "HTML tags (such as {example})"),
            Markup::Rtf => f.write_str("an RTF header ({\\rtf)"),
        }
    }
}

/// Tags that show a text holds HTML rather than a `<` in prose
/// (`a <b` in a formula is not a tag: a tag needs its `>` on the line).
const HTML_TAGS: &[&str] = &[
    "a",
    "article",
    "b",
    "blockquote",
    "body",
    "br",
    "div",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "img",
    "li",
    "link",
    "meta",
    "nav",
    "ol",
    "p",
    "script",
    "section",
    "span",
    "strong",
    "style",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "u",
    "ul",
];

/// HTML tags or an RTF header in text that is read as plain text. Two tags
/// are needed (or one closing tag), so that one `<b>` quoted in prose does
/// not count.
pub fn markup_in_text(text: &str) -> Option<Markup> {
    if text.contains("{\\rtf") {
        return Some(Markup::Rtf);
    }
    let mut first = None;
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(tag) = html_tag(rest) {
            count += 1 + usize::from(tag.starts_with("</"));
            first.get_or_insert(tag);
            if count >= 2 {
                return first.map(|example| Markup::Html { example });
            }
        }
    }
    None
}

/// The tag that starts right after a `<`, as written (`<p>`, `</div>`,
/// `<a href="…">` shortened to `<a>`), if it is one of [`HTML_TAGS`] and
/// closed on the same line.
fn html_tag(after: &str) -> Option<String> {
    let (closing, body) = match after.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, after),
    };
    let name_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    if !HTML_TAGS.contains(&name.as_str()) {
        return None;
    }
    let tail = &body[name_end..];
    let line_end = tail.find('\n').unwrap_or(tail.len());
    let gt = tail[..line_end].find('>')?;
    let between = &tail[..gt];
    let well_formed = between.is_empty()
        || between == "/"
        || (!closing && between.starts_with(char::is_whitespace));
    well_formed.then(|| format!("<{}{name}>", if closing { "/" } else { "" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_win_over_the_extension() {
        assert_eq!(detect(b"%PDF-1.7\n...", Some("txt")), InputFormat::Pdf);
        assert_eq!(
            detect(b"{\\rtf1\\ansi Hello}", Some("txt")),
            InputFormat::Rtf
        );
        assert_eq!(detect(b"\xEF\xBB\xBF {\\rtf1}", None), InputFormat::Rtf);
        assert_eq!(detect(OLE_MAGIC, Some("doc")), InputFormat::LegacyOffice);
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....";
        assert_eq!(detect(docx, None), InputFormat::Docx);
        assert_eq!(detect(docx, Some("odt")), InputFormat::Docx);
        let odt = b"PK\x03\x04......mimetypeapplication/vnd.oasis.opendocument.textPK";
        assert_eq!(detect(odt, Some("zip")), InputFormat::Odt);
    }

    #[test]
    fn a_zip_without_its_main_part_keeps_its_named_format() {
        let zip = b"PK\x03\x04....xl/workbook.xml....PK\x05\x06....";
        assert_eq!(detect(zip, Some("docx")), InputFormat::Docx);
        assert_eq!(detect(zip, Some("ODT")), InputFormat::Odt);
        assert_eq!(detect(zip, Some("xlsx")), InputFormat::Zip);
        assert_eq!(detect(zip, None), InputFormat::Zip);
        let broken = b"PK\x03\x04\x00\x00";
        assert_eq!(detect(broken, Some("txt")), InputFormat::Text);
        assert_eq!(detect(broken, Some("docx")), InputFormat::Docx);
    }

    #[test]
    fn a_whole_html_page_is_html_whatever_its_name() {
        for page in [
            "<!DOCTYPE html><html><body><p>Hi</p></body></html>",
            "\u{feff}\n  <html lang=\"en\"><p>Hi",
            "<!-- saved from url=(0042)https://example.org/ -->\n<html>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">",
        ] {
            for extension in [Some("txt"), Some("md"), None] {
                assert_eq!(
                    detect(page.as_bytes(), extension),
                    InputFormat::Html,
                    "{page:?} {extension:?}"
                );
            }
        }
    }

    #[test]
    fn text_formats_come_from_the_extension() {
        let text = b"# Title\n\nSome text with <b>bold</b>.";
        assert_eq!(detect(text, Some("md")), InputFormat::Markdown);
        assert_eq!(detect(text, Some("MARKDOWN")), InputFormat::Markdown);
        assert_eq!(detect(text, Some("html")), InputFormat::Html);
        assert_eq!(detect(text, Some("txt")), InputFormat::Text);
        assert_eq!(detect(text, Some("en")), InputFormat::Text);
        assert_eq!(detect(text, None), InputFormat::Text);
        assert_eq!(detect(b"", None), InputFormat::Text);
    }

    #[test]
    fn names_on_the_command_line() {
        assert_eq!("md".parse(), Ok(InputFormat::Markdown));
        assert_eq!("HTML".parse(), Ok(InputFormat::Html));
        assert_eq!("text".parse(), Ok(InputFormat::Text));
        assert!("rtf".parse::<InputFormat>().is_err());
        assert!("xlsx".parse::<InputFormat>().is_err());
    }

    #[test]
    fn markup_in_plain_text() {
        assert_eq!(
            markup_in_text("Intro.\n<div class=\"x\">Text</div>"),
            Some(Markup::Html {
                example: "<div>".into()
            })
        );
        assert_eq!(
            markup_in_text("One </p> closes."),
            Some(Markup::Html {
                example: "</p>".into()
            })
        );
        assert_eq!(
            markup_in_text("Plain.\n{\\rtf1\\ansi pasted}"),
            Some(Markup::Rtf)
        );
        for prose in [
            "If a <b and b> c, then a < c.",
            "Use the <b> tag for bold.",
            "x<p\n>y",
            "<https://example.org> and <mail@example.org>",
            "A <pre-release> build.",
        ] {
            assert_eq!(markup_in_text(prose), None, "{prose}");
        }
    }
}
