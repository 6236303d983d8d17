//! Text normalisation: one line-ending convention, Unicode NFC, and removal of
//! characters that are invisible or illegal in XML, so that every later stage
//! (and every output format) sees clean text.

use unicode_normalization::UnicodeNormalization;

/// Normalises text as read from a file.
///
/// - CRLF and CR become LF; U+2028 becomes a line break and U+2029 a
///   paragraph break.
/// - Soft hyphens, zero-width spaces, word joiners and stray BOMs are
///   removed: they split words invisibly and break matching. Zero-width
///   (non-)joiners are kept because they are part of the spelling of some
///   scripts (Persian, Indic) and of emoji.
/// - Control characters that XML 1.0 forbids are removed (they cannot even be
///   escaped in TMX); tabs become spaces.
/// - The result is in Unicode NFC, so "ü" is one character whichever way the
///   file spelled it.
///
/// No-break and other Unicode spaces are kept; the segmenter treats them as
/// spaces.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            '\t' => out.push(' '),
            c if is_removed(c) => {}
            c => out.push(c),
        }
    }
    if out.is_ascii() {
        out
    } else {
        out.nfc().collect()
    }
}

/// Characters dropped from the text entirely.
fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                      // soft hyphen
        | '\u{200B}'                    // zero-width space
        | '\u{2060}'                    // word joiner
        | '\u{FEFF}'                    // BOM / zero-width no-break space
        | '\u{FFFE}' | '\u{FFFF}'       // non-characters, illegal in XML
        | '\u{0000}'..='\u{0008}'       // C0 controls illegal in XML 1.0
        | '\u{000B}' | '\u{000C}'
        | '\u{000E}'..='\u{001F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(normalize("a\r\nb\rc\nd\u{2029}e"), "a\nb\nc\nd\n\ne");
    }

    #[test]
    fn invisible_and_illegal_characters_are_removed() {
        assert_eq!(
            normalize("Sicher\u{ad}heits\u{200b}garantie\u{1}\u{b}\u{feff}n"),
            "Sicherheitsgarantien"
        );
        assert_eq!(normalize("a\tb"), "a b");
    }

    #[test]
    fn text_is_composed_to_nfc_and_spaces_are_kept() {
        assert_eq!(normalize("Gru\u{308}ße"), "Grüße");
        assert_eq!(normalize("3\u{a0}%"), "3\u{a0}%");
        assert_eq!(normalize("\u{200d}"), "\u{200d}");
    }
}
