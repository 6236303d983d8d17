//! FreeDict dictionaries in their source format, TEI XML:
//! `<entry><form><orth>Haus</orth></form><sense><cit type="trans">
//! <quote>house</quote></cit></sense></entry>`. Only the quotes of
//! translations directly under a sense count: examples (`<cit
//! type="example">`) carry translations of their own, which are sentences.
//! The languages come from the file name (`deu-eng.tei`), else the title
//! ("German - English …"), else the `xml:lang` of headwords and
//! translations.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Entries, Parsed, error, iso639_1, languages_from_name, languages_from_title};
use crate::error::{DictionaryProblem as Problem, Result};

/// Deeper nesting than this is no dictionary.
const MAX_DEPTH: usize = 256;

/// What text is being collected.
#[derive(Clone, Copy, PartialEq)]
enum Capture {
    None,
    Title,
    Orth,
    Quote,
}

#[derive(Default)]
struct Entry {
    orths: Vec<String>,
    translations: Vec<String>,
}

pub(super) fn parse(path: &Path, text: &str) -> Result<Parsed> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut cits: Vec<bool> = Vec::new();
    let mut entry: Option<Entry> = None;
    let (mut capture, mut buffer) = (Capture::None, String::new());
    let (mut title, mut orth_lang, mut quote_lang) = (None::<String>, None, None);
    let mut is_tei = false;
    let mut entries = Entries::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            error(
                path,
                Problem::Xml {
                    offset: reader.error_position(),
                    cause: e,
                },
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = local_name(&e);
                is_tei |= name == "TEI";
                match name.as_str() {
                    "entry" => entry = Some(Entry::default()),
                    "cit" => cits.push(attribute(&e, "type").as_deref() == Some("trans")),
                    "orth" if entry.is_some() && stack.iter().any(|n| n == "form") => {
                        capture = Capture::Orth;
                        orth_lang = orth_lang.or(attribute(&e, "xml:lang"));
                    }
                    // A translation of the entry, not of an example.
                    "quote" if entry.is_some() && cits == [true] => {
                        capture = Capture::Quote;
                        quote_lang = quote_lang.or(attribute(&e, "xml:lang"));
                    }
                    "title" if title.is_none() && stack.iter().any(|n| n == "teiHeader") => {
                        capture = Capture::Title;
                    }
                    _ => {}
                }
                stack.push(name);
                if stack.len() > MAX_DEPTH {
                    return Err(error(
                        path,
                        Problem::TooDeep {
                            max: MAX_DEPTH,
                            offset: reader.buffer_position(),
                        },
                    ));
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                match name.as_str() {
                    "cit" => {
                        cits.pop();
                    }
                    "orth" | "quote" | "title" if capture != Capture::None => {
                        let text = std::mem::take(&mut buffer);
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        match (capture, entry.as_mut()) {
                            (Capture::Orth, Some(entry)) => entry.orths.push(text),
                            (Capture::Quote, Some(entry)) => entry.translations.push(text),
                            (Capture::Title, _) => title = Some(text),
                            _ => {}
                        }
                        capture = Capture::None;
                    }
                    "entry" => {
                        if let Some(entry) = entry.take() {
                            entries.push(&entry.orths.join(", "), &entry.translations.join(", "));
                        }
                        cits.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if capture != Capture::None => buffer.push_str(&t.xml10_content()),
            Event::CData(t) if capture != Capture::None => {
                buffer.push_str(&t.into_inner());
            }
            Event::GeneralRef(r) if capture != Capture::None => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buffer.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    buffer.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !is_tei {
        return Err(error(path, Problem::NotTei));
    }
    let code = |lang: Option<String>| {
        lang.map(|l| iso639_1(l.split(['-', '_']).next().unwrap_or_default()))
    };
    let languages = languages_from_name(path)
        .or_else(|| title.as_deref().and_then(languages_from_title))
        .or_else(|| Some((code(orth_lang)?, code(quote_lang)?)));
    Ok(Parsed {
        format: "FreeDict TEI",
        languages,
        entries,
    })
}

fn local_name(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    let attribute = e.try_get_attribute(name).ok()??;
    Some(attribute.value.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/dictionaries/alpine.tei"
        );
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn reads_entries_and_languages() {
        let parsed = parse(Path::new("alpine.tei"), &fixture()).unwrap();
        let entries: Vec<(&str, &str)> = parsed.entries.iter().collect();
        assert_eq!(
            entries,
            [
                ("Kind", "child, kid"),
                ("Glocke", "bell"),
                ("tragen", "carry, wear"),
                ("Bauer", "farmer"),
                ("Vieh", "cattle"),
                ("Dorf", "village"),
                ("Abend", "evening"),
                ("Fish & Chips", "fish and chips"),
            ]
        );
        assert_eq!(
            parsed.languages,
            Some(("de".into(), "en".into())),
            "from the title"
        );
        let named = parse(Path::new("fra-eng.tei"), &fixture()).unwrap();
        assert_eq!(
            named.languages,
            Some(("fr".into(), "en".into())),
            "the name first"
        );
    }

    #[test]
    fn languages_may_come_from_xml_lang() {
        let text = r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
            <entry><form><orth xml:lang="deu">Haus</orth></form>
            <sense><cit type="trans" xml:lang="en"><quote xml:lang="en">house</quote></cit></sense></entry>
            </body></text></TEI>"#;
        let parsed = parse(Path::new("mine.xml"), text).unwrap();
        assert_eq!(parsed.languages, Some(("de".into(), "en".into())));
    }

    #[test]
    fn malformed_xml_is_an_error_with_the_byte() {
        let err = parse(
            Path::new("d.tei"),
            "<TEI><entry><form><orth>Haus</form></TEI>",
        )
        .err()
        .unwrap()
        .to_string();
        assert!(
            err.starts_with("d.tei: not well-formed XML at byte"),
            "{err}"
        );
        let err = parse(Path::new("d.xml"), "<html><body/></html>")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("not TEI"), "{err}");
        let deep = "<TEI>".to_string() + &"<div>".repeat(MAX_DEPTH + 1);
        let err = parse(Path::new("d.tei"), &deep).err().unwrap().to_string();
        assert!(err.contains("nested deeper"), "{err}");
    }
}
