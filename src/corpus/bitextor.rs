//! Bitextor's document-pair stream, as ParaCrawl and HPLT pipelines pass
//! document pairs between their steps: one pair per line, four fields
//! separated by tabs,
//!
//! ```text
//! source_url <TAB> target_url <TAB> base64(source text) <TAB> base64(target text)
//! ```
//!
//! The texts are UTF-8, base64-encoded with the standard alphabet (RFC 4648,
//! section 4, as Python's `base64.b64encode` writes it), so that a document's
//! tabs and newlines cannot break the line. The URLs are kept as they are.

use crate::error::BitextorProblem;
use crate::side::Side;
use crate::text::base64_value;

/// The fields of a line.
pub const FIELDS: usize = 4;

/// One line of the stream, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPair {
    /// The first field: where the original was crawled.
    pub source_url: String,
    /// The second field: where the translation was crawled.
    pub target_url: String,
    /// The original's text, decoded from the third field.
    pub source: String,
    /// The translation's text, decoded from the fourth field.
    pub target: String,
}

/// Reads one line (without its `\n`; a `\r` before it is dropped).
pub fn parse_line(line: &[u8]) -> Result<DocumentPair, BitextorProblem> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    if fields.len() != FIELDS {
        return Err(BitextorProblem::FieldCount {
            found: fields.len(),
        });
    }
    let url = |bytes: &[u8], side| {
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| BitextorProblem::UrlNotUtf8 {
                side,
                offset: e.valid_up_to(),
            })
    };
    let text =
        |bytes: &[u8], side| {
            let decoded = decode_base64(bytes)
                .map_err(|(offset, why)| BitextorProblem::Base64 { side, offset, why })?;
            String::from_utf8(decoded).map_err(|e| BitextorProblem::TextNotUtf8 {
                side,
                offset: e.utf8_error().valid_up_to(),
            })
        };
    Ok(DocumentPair {
        source_url: url(fields[0], Side::Source)?,
        target_url: url(fields[1], Side::Target)?,
        source: text(fields[2], Side::Source)?,
        target: text(fields[3], Side::Target)?,
    })
}

/// Decodes standard base64, with or without its `=` padding. Nothing else
/// is skipped (no spaces or line breaks: a field is one line); the error
/// is the offset of the first wrong byte and what is wrong there.
fn decode_base64(input: &[u8]) -> Result<Vec<u8>, (usize, &'static str)> {
    let padding = input
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let body = &input[..input.len() - padding];
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut bits, mut count) = (0u32, 0u32);
    for (offset, &byte) in body.iter().enumerate() {
        let value = base64_value(byte).ok_or((offset, "not a base64 character"))?;
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if padding > 0 && !input.len().is_multiple_of(4) {
        return Err((
            body.len(),
            "'=' pads only the last group of four characters",
        ));
    }
    if body.len() % 4 == 1 {
        return Err((body.len() - 1, "a single character cannot end the text"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(decode_base64(encoded.as_bytes()).unwrap(), plain.as_bytes());
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(
                decode_base64(unpadded.as_bytes()).unwrap(),
                plain.as_bytes()
            );
        }
        // Every byte value, and the two characters beyond letters and digits.
        assert_eq!(
            decode_base64(b"AAEC/f7/").unwrap(),
            [0, 1, 2, 253, 254, 255]
        );
        assert_eq!(decode_base64(b"+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn says_where_base64_is_wrong() {
        assert_eq!(decode_base64(b"Zm9v!mFy").unwrap_err().0, 4);
        assert_eq!(decode_base64(b"Zm9v Zm9v").unwrap_err().0, 4);
        assert_eq!(decode_base64(b"Zm=v").unwrap_err().0, 2, "'=' inside");
        assert_eq!(
            decode_base64(b"Zm9vY").unwrap_err().0,
            4,
            "one character left"
        );
        assert_eq!(
            decode_base64(b"Zm9vYg=").unwrap_err().0,
            6,
            "half a padding"
        );
        assert_eq!(decode_base64(b"Zg===").unwrap_err().0, 2, "three '='");
        assert_eq!(
            decode_base64(b"Zm9v-_").unwrap_err().0,
            4,
            "URL-safe alphabet"
        );
    }

    #[test]
    fn reads_a_line_of_four_fields() {
        let pair = parse_line(b"https://a.eu/en\thttps://a.eu/de\tSGVsbG8u\tSGFsbG8u\r").unwrap();
        assert_eq!(
            pair,
            DocumentPair {
                source_url: "https://a.eu/en".into(),
                target_url: "https://a.eu/de".into(),
                source: "Hello.".into(),
                target: "Hallo.".into(),
            }
        );
    }

    #[test]
    fn a_bad_line_says_which_field_and_where() {
        let problem = |line: &[u8]| parse_line(line).unwrap_err().to_string();
        assert_eq!(
            problem(b""),
            "1 field, not 4 (source_url, target_url, base64 source text, base64 target text, separated by tabs)"
        );
        assert!(problem(b"a\tb\tSGVsbG8u").starts_with("3 fields, not 4"));
        assert!(problem(b"a\tb\tc\td\te").starts_with("5 fields, not 4"));
        assert_eq!(
            problem(b"a\tb\tSGVsbG8u\tSGFs*G8u"),
            "the target text is not base64 at character 4 (not a base64 character)"
        );
        // Latin-1 "Hallö" encoded as base64.
        assert_eq!(
            problem(b"a\tb\tSGVsbG8u\tSGFsbPY="),
            "the target text is not UTF-8 once decoded (byte 4)"
        );
        assert_eq!(
            problem(b"\xffa\tb\tSGVsbG8u\tSGFsbG8u"),
            "the source URL is not UTF-8 (byte 0)"
        );
    }
}
