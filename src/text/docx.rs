//! DOCX documents (Word, LibreOffice, Google Docs): every paragraph of the
//! body is a block (headings, list items and table cells are paragraphs
//! in WordprocessingML), then the footnotes and the endnotes, each note's
//! paragraphs as blocks after the body, in the order of the notes part.
//! Tracked deletions (and text moved away), field codes, the VML copies of
//! text boxes and the reference marks of notes are left out; headers,
//! footers and comments are other parts and are not read.

use super::Paragraph;
use super::archive::Package;
use super::blocks::Blocks;
use super::xml::{Step, attribute};
use crate::error::Result;

/// The part that holds the body.
pub const BODY: &str = "word/document.xml";
const NOTES: [&str; 2] = ["word/footnotes.xml", "word/endnotes.xml"];

/// The paragraphs of a DOCX file.
pub fn read(package: &mut Package) -> Result<Vec<Paragraph>> {
    let xml = package.required_part(BODY)?;
    let mut body = Body::default();
    package.walk(BODY, &xml, |step| body.step(step))?;
    let mut paragraphs = body.out.finish();
    for part in NOTES {
        if let Some(xml) = package.part(part)? {
            let mut notes = Body::default();
            package.walk(part, &xml, |step| notes.step(step))?;
            paragraphs.extend(notes.out.finish());
        }
    }
    Ok(paragraphs)
}

/// Elements whose content is not document text.
const LEFT_OUT: &[&str] = &[
    "del",       // tracked deletion
    "moveFrom",  // text moved elsewhere (it appears at moveTo)
    "instrText", // field code (its result is text)
    "delInstrText",
    "Fallback", // mc:Fallback: an older copy of the content beside it
    "rPr",
    "pPr",
    "sectPr",
];

/// The state of a walk through a body or notes part.
#[derive(Default)]
struct Body {
    out: Blocks,
    /// One buffer per open `w:p` (a text box nests paragraphs inside one).
    open: Vec<Blocks>,
    /// Paragraphs of text boxes, put after the paragraph they sit in.
    nested: Vec<Paragraph>,
    depth: usize,
    skipped_at: Option<usize>,
    in_text: bool,
}

impl Body {
    fn step(&mut self, step: Step) {
        match step {
            Step::Open(e) => {
                self.depth += 1;
                if self.skipped_at.is_some() {
                    return;
                }
                let name = e.local_name();
                let name = name.into_inner();
                let note_separator = name == "footnote" || name == "endnote";
                if LEFT_OUT.contains(&name)
                    || (note_separator && attribute(e, "type").is_some_and(|t| t != "normal"))
                {
                    self.skipped_at = Some(self.depth);
                    return;
                }
                match name {
                    "p" => self.open.push(Blocks::default()),
                    "t" => self.in_text = true,
                    "br" | "cr" => self.current(|b| b.line_break()),
                    "tab" | "ptab" => self.current(|b| b.text(" ")),
                    "noBreakHyphen" => self.current(|b| b.text("\u{2011}")),
                    _ => {}
                }
            }
            Step::Close(name) => {
                if let Some(at) = self.skipped_at {
                    if at == self.depth {
                        self.skipped_at = None;
                    }
                    self.depth -= 1;
                    return;
                }
                self.depth -= 1;
                match name {
                    "t" => self.in_text = false,
                    "p" => {
                        let Some(paragraph) = self.open.pop() else {
                            return;
                        };
                        let paragraphs = paragraph.finish();
                        if self.open.is_empty() {
                            self.out.extend(paragraphs);
                            self.out.extend(std::mem::take(&mut self.nested));
                        } else {
                            self.nested.extend(paragraphs);
                        }
                    }
                    _ => {}
                }
            }
            Step::Text(text) => {
                if self.in_text && self.skipped_at.is_none() {
                    self.current(|b| b.text(text));
                }
            }
        }
    }

    fn current(&mut self, f: impl FnOnce(&mut Blocks)) {
        if let Some(blocks) = self.open.last_mut() {
            f(blocks);
        }
    }
}
