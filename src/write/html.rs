//! The review page: one self-contained HTML file (its styles and script
//! inline, nothing loaded from anywhere) that shows the two texts side by
//! side, bead by bead, and lets a reviewer mark, edit and re-align them in
//! a browser, as InterText and memoQ's alignment editor do. The page saves
//! a review file (JSON, [`PageFile`]) that `bitext review` reads back like
//! the review spreadsheets.
//!
//! The page holds its data as JSON in a `<script type="application/json">`
//! element. Every `<`, `>` and `&` in it is written as a `\u` escape, so
//! that no sentence (say, one that quotes `</script>`) can end the element
//! or start markup: the browser's HTML parser sees none of them, and
//! `JSON.parse` gives the text back unchanged.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::{AlignedDocument, Writer};

/// What the `format` field of a review page's data and of the review file
/// it saves says, so that `bitext review` knows the file for what it is.
pub const PAGE_FORMAT: &str = "bitext-review-page";
/// The version of that format; a file of another version is refused.
pub const PAGE_VERSION: u64 = 1;

/// The page, with [`DATA`] where the data goes.
const TEMPLATE: &str = include_str!("review_page.html");
/// The placeholder in the template, inside the data element.
const DATA: &str = "@BITEXT_REVIEW_DATA@";

/// The data of a review page, and the review file the page saves: the
/// documents, bead by bead, with the reviewer's decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageFile {
    /// Always [`PAGE_FORMAT`].
    pub format: String,
    /// Always [`PAGE_VERSION`].
    pub version: u64,
    /// The documents on the page, in the order they were given.
    pub documents: Vec<PageDocument>,
}

/// One document of a review page. The reader takes its beads as JSON
/// values first (`B`), to read each one by itself and name the one that
/// cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDocument<B = PageBead> {
    /// The document id, as in every other output.
    pub id: String,
    /// The original's language code (`en`), shown on the page and used by the review to name the
    /// languages.
    pub source_lang: String,
    /// The translation's language code.
    pub target_lang: String,
    /// How many sentences each side has: the review checks that every one
    /// of them is still in a bead, once and in order.
    pub source_sentences: usize,
    /// Sentences of the target side, checked as those of the source are.
    pub target_sentences: usize,
    /// The document's beads in order: [`PageBead`]s, or raw JSON values while the reader checks
    /// them one by one.
    pub beads: Vec<B>,
}

/// One bead: its sentences (as the reviewer left them: moved between beads,
/// edited) and the reviewer's status (empty: not reviewed; `ok`, `fix`,
/// `reject` as in the review spreadsheets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageBead {
    /// The source sentences of the bead, in order; empty for a sentence added in the translation.
    pub source: Vec<PageSentence>,
    /// The target sentences of the bead; empty for a source sentence left out.
    pub target: Vec<PageSentence>,
    /// The aligner's confidence, rounded to four decimals; the page colours,
    /// filters and sorts beads by it.
    pub confidence: f64,
    /// The reviewer's decision: empty, `ok`, `fix` or `reject`.
    pub status: String,
}

/// A sentence: its id (its position on its side, from 0) and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSentence {
    /// The sentence's position on its side of the document, from 0, as bitext segmented it.
    pub id: usize,
    /// The sentence's text; the reviewer may have edited it.
    pub text: String,
}

impl PageDocument {
    /// A document as bitext aligned it, nothing reviewed yet.
    fn of(doc: &AlignedDocument) -> PageDocument {
        let sentences = |all: &[crate::Sentence], range: &std::ops::Range<usize>| {
            range
                .clone()
                .map(|id| PageSentence {
                    id,
                    text: all[id].text.clone(),
                })
                .collect()
        };
        PageDocument {
            id: doc.id.to_string(),
            source_lang: doc.source_lang.to_string(),
            target_lang: doc.target_lang.to_string(),
            source_sentences: doc.source.len(),
            target_sentences: doc.target.len(),
            beads: doc
                .alignment
                .beads
                .iter()
                .map(|bead| PageBead {
                    source: sentences(doc.source, &bead.source),
                    target: sentences(doc.target, &bead.target),
                    confidence: (bead.confidence * 10_000.0).round() / 10_000.0,
                    status: String::new(),
                })
                .collect(),
        }
    }
}

/// Collects the documents and writes the page at `finish` (the data is one
/// JSON value).
pub struct HtmlWriter<W: Write> {
    out: W,
    documents: Vec<PageDocument>,
}

impl<W: Write> HtmlWriter<W> {
    /// A writer of one page to `out`; the page is written at `finish`, when all documents are
    /// known.
    pub fn new(out: W) -> Self {
        HtmlWriter {
            out,
            documents: Vec::new(),
        }
    }
}

impl<W: Write> Writer for HtmlWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        self.documents.push(PageDocument::of(doc));
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let file = PageFile {
            format: PAGE_FORMAT.to_string(),
            version: PAGE_VERSION,
            documents: std::mem::take(&mut self.documents),
        };
        let json = serde_json::to_string(&file)?;
        let (before, after) = TEMPLATE
            .split_once(DATA)
            .expect("the page template has the data placeholder");
        self.out.write_all(before.as_bytes())?;
        self.out.write_all(escape_for_script(&json).as_bytes())?;
        self.out.write_all(after.as_bytes())?;
        self.out.flush()
    }
}

/// JSON made safe inside an HTML `<script>` element: `<`, `>` and `&`
/// become `\u003c`, `\u003e`, `\u0026`, and the line separators U+2028 and
/// U+2029 (line ends to some JavaScript parsers) `\u2028`, `\u2029`. In
/// JSON these characters can only stand inside strings, where the escapes
/// mean the same.
fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::fixture::{Pair, bead};

    #[test]
    fn the_data_cannot_end_its_script_element() {
        let pair = Pair::new(
            &["Write </script><script>alert(1)</script> & <!-- here."],
            &["Schreib </SCRIPT> hin.\u{2028}"],
            vec![bead(0..1, 0..1, 0.5)],
        );
        let doc = pair.doc("d");
        let mut page = Vec::new();
        let mut writer = HtmlWriter::new(&mut page);
        writer.document(&doc).unwrap();
        writer.finish().unwrap();
        let page = String::from_utf8(page).unwrap();
        let start = page
            .find(r#"<script type="application/json" id="data">"#)
            .unwrap();
        let data = &page[start..];
        let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
        assert!(!data.contains(['<', '>', '&', '\u{2028}']), "{data}");
        let file: PageFile = serde_json::from_str(data).unwrap();
        assert_eq!(
            file.documents[0].beads[0].source[0].text,
            pair.source[0].text
        );
        assert_eq!(
            file.documents[0].beads[0].target[0].text,
            pair.target[0].text
        );
        assert!(!page.contains(DATA));
        // Self-contained: nothing is loaded from anywhere.
        for reference in ["http:", "https:", "//fonts", "src=", "@import", "url("] {
            assert!(!page.contains(reference), "the page names {reference}");
        }
    }
}
