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
use super::xml::{Skip, Step, attribute};
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
    skip: Skip,
    in_text: bool,
}

impl Body {
    fn step(&mut self, step: Step) {
        match step {
            Step::Open(e) => {
                if self.skip.open() {
                    return;
                }
                let name = e.local_name();
                let name = name.into_inner();
                let note_separator = name == "footnote" || name == "endnote";
                if LEFT_OUT.contains(&name)
                    || (note_separator && attribute(e, "type").is_some_and(|t| t != "normal"))
                {
                    self.skip.leave_out();
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
                if self.skip.close() {
                    return;
                }
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
                if self.in_text && !self.skip.active() {
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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};
    use std::path::Path;

    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                     xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

    fn docx(parts: &[(&str, String)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn texts(parts: &[(&str, String)]) -> Vec<Vec<String>> {
        let bytes = docx(parts);
        let mut package = Package::open(Path::new("t.docx"), "DOCX", &bytes, 1 << 20).unwrap();
        read(&mut package)
            .unwrap()
            .into_iter()
            .map(|p| p.lines)
            .collect()
    }

    #[test]
    fn paragraphs_cells_notes_without_deletions() {
        let body = format!(
            "<w:document {W}><w:body>\
             <w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r>\
               <w:del w:id=\"1\"><w:r><w:delText>deleted </w:delText></w:r></w:del>\
               <w:ins w:id=\"2\"><w:r><w:t>inserted</w:t></w:r></w:ins>\
               <w:r><w:t>.</w:t><w:footnoteReference w:id=\"2\"/></w:r>\
               <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
               <w:r><w:br/><w:t>Second</w:t><w:tab/><w:t>line.</w:t></w:r></w:p>\
             <w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>\
               <w:p><w:r><w:t>In a box.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
               <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p>\
               </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent><w:t>Around the box.</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell A</w:t></w:r></w:p></w:tc>\
               <w:tc><w:p><w:r><w:t>Cell B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:moveFrom><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom></w:p>\
             <w:sectPr/></w:body></w:document>"
        );
        let footnotes = format!(
            "<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:r><w:separator/>\
             <w:t>sep</w:t></w:r></w:p></w:footnote><w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/>\
             </w:r><w:r><w:t>A footnote.</w:t></w:r></w:p></w:footnote></w:footnotes>"
        );
        let endnotes = format!(
            "<w:endnotes {W}><w:endnote w:id=\"1\"><w:p><w:r><w:t>An endnote.</w:t></w:r></w:p>\
             </w:endnote></w:endnotes>"
        );
        assert_eq!(
            texts(&[
                (BODY, body),
                ("word/endnotes.xml", endnotes),
                ("word/footnotes.xml", footnotes)
            ]),
            [
                vec!["Title"],
                vec!["Kept inserted.", "Second line."],
                vec!["Around the box."],
                vec!["In a box."],
                vec!["Cell A"],
                vec!["Cell B"],
                vec!["A footnote."],
                vec!["An endnote."],
            ]
        );
    }

    #[test]
    fn malformed_xml_names_part_and_byte() {
        let bytes = docx(&[(BODY, format!("<w:document {W}><w:body><w:p></w:body>"))]);
        let mut package = Package::open(Path::new("t.docx"), "DOCX", &bytes, 1 << 20).unwrap();
        let message = read(&mut package).unwrap_err().to_string();
        assert!(
            message.contains("t.docx: word/document.xml: malformed XML at byte"),
            "{message}"
        );
    }
}
