//! Leading document metadata. Scraped articles often start with a header such
//! as `date 2025-08-21` (sometimes on the same line as the first sentence) or
//! `Title: …` / `Titel: …` lines; aligning those as sentences would pair a
//! date with a headline, so they are set aside as metadata. The labels of
//! each language come from its data file (`[metadata]` in
//! `src/lang/data/<code>.txt`); only lines at the very top are taken.

use super::Paragraph;
use crate::lang::Lang;

/// Keys of bitext's own header format, the same in every language.
const FORMAT_KEYS: &[&str] = &["date", "url", "lang", "language", "id"];

/// The field a header label names: a format key, or a label of any
/// bundled language (`Titel` → `title`).
fn field(label: &str) -> Option<String> {
    let lower = label.to_lowercase();
    if FORMAT_KEYS.contains(&lower.as_str()) {
        return Some(lower);
    }
    Lang::metadata_field(&lower).map(str::to_string)
}

/// Removes metadata from the start of the first paragraph(s) and returns it.
pub fn take_leading(paragraphs: &mut Vec<Paragraph>) -> Vec<(String, String)> {
    let mut metadata = Vec::new();
    while let Some(first) = paragraphs.first_mut() {
        let Some(line) = first.lines.first_mut() else {
            paragraphs.remove(0);
            continue;
        };
        match parse_line(line) {
            Some((key, value, rest)) => {
                metadata.push((key, value));
                if rest.is_empty() {
                    first.lines.remove(0);
                    if first.lines.is_empty() {
                        paragraphs.remove(0);
                    }
                } else {
                    // The header shared its line with the text: keep the text
                    // and stop, since metadata only precedes the text.
                    *line = rest;
                    break;
                }
            }
            None => break,
        }
    }
    metadata
}

/// Recognises one header at the start of `line`: returns key, value and the
/// text that follows it on the same line (only a date may be followed by text,
/// since only a date has an unambiguous end).
fn parse_line(line: &str) -> Option<(String, String, String)> {
    let is_colon = |c: char| c == ':' || c == '：';
    let (label, _) = line.split_once(|c: char| is_colon(c) || c.is_whitespace())?;
    let key = field(label)?;
    // "Title: …", and French "Titre : …" with its space before the colon.
    let after = line[label.len()..].trim_start();
    let colon = after.strip_prefix(is_colon);
    let had_colon = colon.is_some();
    let rest = colon.unwrap_or(after).trim_start();
    if key == "date" {
        if let Some((date, after)) = split_date(rest) {
            return Some((key, date.to_string(), after.trim_start().to_string()));
        }
        // "Datum: 21. August 2025": with its colon, a date in any form,
        // the whole line.
        return (had_colon && !rest.is_empty()).then(|| (key, rest.to_string(), String::new()));
    }
    if key == "url" && (rest.starts_with("http://") || rest.starts_with("https://")) {
        if rest.contains(char::is_whitespace) {
            return None;
        }
        return Some((key, rest.to_string(), String::new()));
    }
    // Free-text values need the colon: "Source of trouble" is a sentence,
    // "Source: Reuters" is a header.
    (had_colon && !rest.is_empty()).then(|| (key, rest.to_string(), String::new()))
}

/// Splits an ISO date (`YYYY-MM-DD`) off the start of `text`.
pub(super) fn split_date(text: &str) -> Option<(&str, &str)> {
    let date = text.get(..10)?;
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let well_formed =
        digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10);
    let after = &text[10..];
    let ends_cleanly = after.is_empty() || after.starts_with(char::is_whitespace);
    (well_formed && ends_cleanly).then_some((date, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(lines: &[&[&str]]) -> Vec<Paragraph> {
        lines
            .iter()
            .map(|p| Paragraph {
                lines: p.iter().map(|l| l.to_string()).collect(),
            })
            .collect()
    }

    #[test]
    fn date_on_the_same_line_as_text() {
        let mut p = paragraphs(&[&["date 2025-08-21 Die westlichen Staats- und Regierungschefs."]]);
        let meta = take_leading(&mut p);
        assert_eq!(meta, [("date".to_string(), "2025-08-21".to_string())]);
        assert_eq!(p[0].lines, ["Die westlichen Staats- und Regierungschefs."]);
    }

    #[test]
    fn header_lines_and_blank_line() {
        let mut p = paragraphs(&[
            &[
                "Title: A strong Ukraine",
                "Author: Peter Dickinson",
                "date: 2025-08-19",
            ],
            &["url https://example.org/a"],
            &["Text begins."],
        ]);
        let meta = take_leading(&mut p);
        assert_eq!(meta.len(), 4);
        assert_eq!(
            meta[0],
            ("title".to_string(), "A strong Ukraine".to_string())
        );
        assert_eq!(p, paragraphs(&[&["Text begins."]]));
    }

    #[test]
    fn labels_of_other_languages() {
        let mut p = paragraphs(&[
            &[
                "Titel: Ein starkes Land",
                "Datum: 21. August 2025",
                "Von: Jane Doe",
            ],
            &["Quelle: Atlantic Council", "Der Text beginnt."],
        ]);
        let meta = take_leading(&mut p);
        let fields: Vec<&str> = meta.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["title", "date", "author", "source"]);
        assert_eq!(meta[1].1, "21. August 2025");
        assert_eq!(p, paragraphs(&[&["Der Text beginnt."]]));
        for (line, field) in [
            ("Titre : Un pays fort", "title"),
            ("Auteur: Jean Dupont", "author"),
            ("Fecha: 21 de agosto de 2025", "date"),
            ("Заголовок: Сильная страна", "title"),
            ("标题：强大的国家", "title"),
        ] {
            let mut p = paragraphs(&[&[line], &["Text."]]);
            let meta = take_leading(&mut p);
            assert_eq!(meta.len(), 1, "{line}");
            assert_eq!(meta[0].0, field, "{line}");
        }
    }

    #[test]
    fn labels_only_at_the_top() {
        let mut p = paragraphs(&[&["Der Text beginnt."], &["Titel: kein Kopf"]]);
        assert!(take_leading(&mut p).is_empty());
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn ordinary_sentences_are_not_metadata() {
        for line in [
            "Source of trouble is the budget.",
            "Date palms grow here.",
            "date 2025-8-1 was a Friday.",
            "Dates: 2025-08-21 is wrong",
            "Von Jane Doe und John Roe",
            "Par ailleurs, rien.",
            "Datum fehlt",
        ] {
            let mut p = paragraphs(&[&[line]]);
            assert!(take_leading(&mut p).is_empty(), "{line}");
            assert_eq!(p[0].lines, [line]);
        }
    }
}
