//! Walking the XML parts of DOCX and ODT files as a stream of opening
//! tags, closing tags and text, entities resolved, so that each reader is
//! only the rules of its format. Streaming keeps memory flat however deep
//! the elements nest.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One step through an XML part.
pub enum Step<'a> {
    /// An opening tag (an empty element is an opening and a closing tag).
    Open(&'a BytesStart<'a>),
    /// A closing tag, by its local name (no namespace prefix).
    Close(&'a str),
    Text(&'a str),
}

/// Leaves out whole elements (deleted text, comments, field codes) while
/// walking: remembers the depth of the element left out, so that all inside
/// it is ignored up to its closing tag.
#[derive(Default)]
pub struct Skip {
    depth: usize,
    from: Option<usize>,
}

impl Skip {
    /// An element opens; whether it is inside one left out.
    pub fn open(&mut self) -> bool {
        self.depth += 1;
        self.from.is_some()
    }

    /// Leaves out the element just opened, and all inside it.
    pub fn leave_out(&mut self) {
        self.from = Some(self.depth);
    }

    /// An element closes; whether it was left out (itself or around it).
    pub fn close(&mut self) -> bool {
        let skipped = self.from.is_some();
        if self.from == Some(self.depth) {
            self.from = None;
        }
        self.depth = self.depth.saturating_sub(1);
        skipped
    }

    /// Whether text here is left out.
    pub fn active(&self) -> bool {
        self.from.is_some()
    }
}

/// Where XML went wrong: the byte offset in the part and the parser's
/// error.
pub struct Malformed {
    pub offset: u64,
    pub source: quick_xml::Error,
}

/// Feeds every step of `xml` to `step`.
pub fn walk(xml: &[u8], mut step: impl FnMut(Step)) -> Result<(), Malformed> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut text = String::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|source| Malformed {
                offset: reader.error_position(),
                source,
            })?;
        match &event {
            Event::Text(t) => {
                text.push_str(&t.xml10_content());
                continue;
            }
            Event::CData(t) => {
                text.push_str(&t.xml10_content());
                continue;
            }
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
                    text.push_str(s);
                }
                continue;
            }
            _ => {}
        }
        if !text.is_empty() {
            step(Step::Text(&text));
            text.clear();
        }
        match &event {
            Event::Start(e) => step(Step::Open(e)),
            Event::End(e) => step(Step::Close(e.local_name().into_inner())),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of the attribute with this local name (prefix ignored).
pub fn attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_with_entities_resolved() {
        let mut seen = Vec::new();
        walk(b"<a x='1'><b/>t &amp; &#252;<![CDATA[<c>]]></a>", |step| {
            seen.push(match step {
                Step::Open(e) => format!("<{}>", e.local_name().into_inner()),
                Step::Close(name) => format!("</{}>", name),
                Step::Text(t) => t.to_string(),
            })
        })
        .ok()
        .unwrap();
        assert_eq!(seen, ["<a>", "<b>", "</b>", "t & ü<c>", "</a>"]);
    }

    #[test]
    fn malformed_xml_names_the_offset() {
        let err = walk(b"<a><b></a>", |_| {}).err().unwrap();
        assert!(err.offset > 0);
    }
}
