//! ODT documents (LibreOffice, OpenOffice, Word's "OpenDocument Text"):
//! every `text:p` and `text:h` of the body is a block (list items and
//! table cells hold them), then the footnotes and the endnotes, each in
//! the order of their references, as blocks after the body, as the DOCX
//! reader puts them. The record of tracked changes (which holds the
//! deleted text), comments and the citation marks of notes are left out.

use super::Paragraph;
use super::archive::Package;
use super::blocks::Blocks;
use super::xml::{Skip, Step, attribute};
use crate::error::Result;

/// The part that holds the body.
pub const CONTENT: &str = "content.xml";

/// The paragraphs of an ODT file.
pub fn read(package: &mut Package) -> Result<Vec<Paragraph>> {
    let xml = package.required_part(CONTENT)?;
    let mut body = Body::default();
    package.walk(CONTENT, &xml, |step| body.step(step))?;
    let mut paragraphs = body.out.finish();
    paragraphs.extend(body.footnotes);
    paragraphs.extend(body.endnotes);
    Ok(paragraphs)
}

/// Elements whose content is not document text.
const LEFT_OUT: &[&str] = &[
    "tracked-changes", // deleted text, kept for undoing
    "annotation",      // comments
    "note-citation",   // the footnote's number
    "automatic-styles",
    "font-face-decls",
    "sequence-decls",
];

/// Descriptions of drawings (by qualified name: `text:title` is a field
/// that shows in the text).
const LEFT_OUT_QUALIFIED: &[&str] = &["svg:title", "svg:desc"];

#[derive(Default)]
struct Body {
    out: Blocks,
    /// One buffer per open paragraph (notes and text boxes nest
    /// paragraphs inside one).
    open: Vec<Blocks>,
    /// Paragraphs of text boxes, put after the paragraph they sit in.
    nested: Vec<Paragraph>,
    /// The classes of the notes open (`footnote`, `endnote`).
    notes: Vec<bool>,
    footnotes: Vec<Paragraph>,
    endnotes: Vec<Paragraph>,
    skip: Skip,
}

impl Body {
    fn step(&mut self, step: Step) {
        match step {
            Step::Open(e) => {
                if self.skip.open() {
                    return;
                }
                let name = e.local_name().into_inner();
                if LEFT_OUT_QUALIFIED.contains(&e.name().into_inner()) {
                    self.skip.leave_out();
                    return;
                }
                match name {
                    name if LEFT_OUT.contains(&name) => self.skip.leave_out(),
                    "p" | "h" => self.open.push(Blocks::default()),
                    "note" => self
                        .notes
                        .push(attribute(e, "note-class").as_deref() == Some("endnote")),
                    "s" | "tab" => self.current(|b| b.text(" ")),
                    "line-break" => self.current(|b| b.line_break()),
                    _ => {}
                }
            }
            Step::Close(name) => {
                if self.skip.close() {
                    return;
                }
                match name {
                    "note" => {
                        self.notes.pop();
                    }
                    "p" | "h" => self.close_paragraph(),
                    _ => {}
                }
            }
            Step::Text(text) => {
                if !self.skip.active() {
                    self.current(|b| b.text(text));
                }
            }
        }
    }

    fn close_paragraph(&mut self) {
        let Some(paragraph) = self.open.pop() else {
            return;
        };
        let paragraphs = paragraph.finish();
        match self.notes.last() {
            Some(true) => self.endnotes.extend(paragraphs),
            Some(false) => self.footnotes.extend(paragraphs),
            None if self.open.is_empty() => {
                self.out.extend(paragraphs);
                self.out.extend(std::mem::take(&mut self.nested));
            }
            None => self.nested.extend(paragraphs),
        }
    }

    fn current(&mut self, f: impl FnOnce(&mut Blocks)) {
        if let Some(blocks) = self.open.last_mut() {
            f(blocks);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};
    use std::path::Path;

    use super::*;

    #[test]
    fn blocks_notes_after_the_body_without_tracked_deletions() {
        let content = "<office:document-content \
            xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
            xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
            xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
            xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" \
            xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\">\
            <office:automatic-styles><style name=\"P1\">not text</style></office:automatic-styles>\
            <office:body><office:text>\
            <text:tracked-changes><text:changed-region><text:deletion>\
              <text:p>Deleted text.</text:p></text:deletion></text:changed-region></text:tracked-changes>\
            <text:h text:outline-level=\"1\">The   title</text:h>\
            <text:p>One<text:s text:c=\"3\"/>two<text:tab/>three<text:note text:note-class=\"endnote\">\
              <text:note-citation>i</text:note-citation><text:note-body><text:p>An endnote.</text:p>\
              </text:note-body></text:note>.<text:line-break/>Next line\
              <text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>\
              <text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>.\
              <office:annotation><text:p>A comment.</text:p></office:annotation></text:p>\
            <text:list><text:list-item><text:p>An item</text:p></text:list-item></text:list>\
            <table:table><table:table-row><table:table-cell><text:p>Cell</text:p></table:table-cell>\
              </table:table-row></table:table>\
            <text:p><draw:frame><svg:title>Picture title</svg:title><draw:text-box>\
              <text:p>In a box.</text:p></draw:text-box></draw:frame>Around it.</text:p>\
            </office:text></office:body></office:document-content>";
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file(CONTENT, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(content.as_bytes()).unwrap();
        let bytes = out.finish().unwrap().into_inner();
        let mut package = Package::open(Path::new("t.odt"), "ODT", &bytes, 1 << 20).unwrap();
        let texts: Vec<Vec<String>> = read(&mut package)
            .unwrap()
            .into_iter()
            .map(|p| p.lines)
            .collect();
        assert_eq!(
            texts,
            [
                vec!["The title"],
                vec!["One two three.", "Next line."],
                vec!["An item"],
                vec!["Cell"],
                vec!["Around it."],
                vec!["In a box."],
                vec!["A footnote."],
                vec!["An endnote."],
            ]
        );
    }
}
