//! Bytes to text. UTF-8 (with or without BOM) is the default and is checked
//! strictly: a wrong guess would silently corrupt every sentence. The one
//! guess made is Windows-1252, what Excel and Notepad save as "ANSI", and
//! only for bytes that are not UTF-8 but read as Windows-1252 text (see
//! [`reads_as_windows_1252`]); it comes back as a [`Note`]. Anything else
//! that is not UTF-8 is an error naming the byte offset unless the user
//! names the encoding. A UTF-16 byte-order mark is always honoured.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use super::Note;
use crate::error::{Error, Result};

/// The encodings bitext reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or Windows-1252 for a file that is not UTF-8 but reads as
    /// Windows-1252 text (the default; the guess is reported as a
    /// [`Note`]).
    #[default]
    Auto,
    /// UTF-8, with or without BOM, and nothing else.
    Utf8,
    /// Windows-1252, what Western European Windows programs save as "ANSI".
    Windows1252,
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    /// UTF-16 with a byte-order mark, or without one in the byte order
    /// its zero bytes show (ASCII text in UTF-16 is every other byte zero).
    Utf16,
    /// UTF-16, little-endian unless a byte-order mark says otherwise.
    Utf16Le,
    /// UTF-16, big-endian unless a byte-order mark says otherwise.
    Utf16Be,
}

impl Encoding {
    /// Every encoding bitext reads.
    pub const ALL: [Encoding; 7] = [
        Encoding::Auto,
        Encoding::Utf8,
        Encoding::Windows1252,
        Encoding::Latin1,
        Encoding::Utf16,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// The names accepted on the command line.
    pub const NAMES: &'static [&'static str] = &[
        "auto",
        "utf-8",
        "windows-1252",
        "latin1",
        "utf-16",
        "utf-16le",
        "utf-16be",
    ];
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "ansi" => Ok(Encoding::Windows1252),
            "latin1" | "latin-1" | "iso-8859-1" => Ok(Encoding::Latin1),
            "utf-16" | "utf16" => Ok(Encoding::Utf16),
            "utf-16le" | "utf16le" => Ok(Encoding::Utf16Le),
            "utf-16be" | "utf16be" => Ok(Encoding::Utf16Be),
            _ => Err(format!(
                "unknown encoding {s:?}; use one of {}",
                Encoding::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Auto => "UTF-8 or Windows-1252",
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Latin1 => "Latin-1",
            Encoding::Utf16 => "UTF-16",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        })
    }
}

/// Decodes `bytes` read from `path`.
pub fn decode(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<String> {
    decode_noting(path, bytes, encoding).map(|(text, _)| text)
}

/// Decodes `bytes` read from `path`, with the notice of a guessed encoding.
pub fn decode_noting(
    path: &Path,
    bytes: &[u8],
    encoding: Encoding,
) -> Result<(String, Option<Note>)> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => return Ok((utf16(path, rest, false)?, None)),
        [0xFE, 0xFF, rest @ ..] => return Ok((utf16(path, rest, true)?, None)),
        _ => {}
    }
    let big_endian = match encoding {
        Encoding::Utf16Le => Some(false),
        Encoding::Utf16Be => Some(true),
        Encoding::Utf16 => Some(utf16_order(bytes) == Some(true)),
        _ => None,
    };
    if let Some(big_endian) = big_endian {
        return Ok((utf16(path, bytes, big_endian)?, None));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        if let Some(big_endian) = utf16_order(bytes) {
            return Err(Error::Utf16WithoutBom {
                path: path.to_path_buf(),
                encoding: if big_endian { "utf-16be" } else { "utf-16le" },
            });
        }
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    match encoding {
        Encoding::Utf8 => Ok((utf8(path, bytes)?, None)),
        Encoding::Auto => match utf8(path, bytes) {
            Ok(text) => Ok((text, None)),
            Err(Error::InvalidUtf8 { offset, line, .. })
                if !bytes.starts_with(UTF8_BOM) && reads_as_windows_1252(bytes) =>
            {
                let notice = Note::DecodedAs {
                    encoding: Encoding::Windows1252,
                    offset,
                    line,
                };
                Ok((windows_1252(bytes), Some(notice)))
            }
            Err(e) => Err(e),
        },
        Encoding::Windows1252 => Ok((windows_1252(bytes), None)),
        Encoding::Latin1 => Ok((bytes.iter().map(|&b| char::from(b)).collect(), None)),
        Encoding::Utf16 | Encoding::Utf16Le | Encoding::Utf16Be => unreachable!("handled above"),
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Strict UTF-8 (a BOM is dropped); the error names the first bad byte.
fn utf8(path: &Path, bytes: &[u8]) -> Result<String> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            // Offsets count from the start of the file, BOM included.
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                offset,
                line,
            })
        }
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Whether bytes that are not UTF-8 read as Western European text in
/// Windows-1252:
/// - none of the five bytes Windows-1252 leaves undefined (0x81, 0x8D,
///   0x8F, 0x90, 0x9D), which Windows programs never write, and no control
///   characters but tab, line breaks and form feed;
/// - fewer valid UTF-8 sequences than bytes that are invalid as UTF-8 (a
///   UTF-8 file with a few damaged bytes stays an error: read as
///   Windows-1252, every one of its accented letters would be garbled);
/// - most letters ASCII: in German, French or Spanish a minority of letters
///   is accented, while Cyrillic, Greek or Hebrew in their own 8-bit
///   encodings read as words made only of accented Latin letters.
fn reads_as_windows_1252(bytes: &[u8]) -> bool {
    const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
    if bytes.iter().any(|&b| UNDEFINED.contains(&b) || control(b)) {
        return false;
    }
    let (valid, invalid) = utf8_sequences(bytes);
    if valid >= invalid {
        return false;
    }
    let text = windows_1252(bytes);
    let (mut ascii, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii() {
            ascii += 1;
        } else {
            other += 1;
        }
    }
    other < ascii
}

/// How many valid multi-byte UTF-8 sequences `bytes` hold, and how many
/// bytes are not part of one (nor ASCII).
fn utf8_sequences(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                valid += text.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                valid += std::str::from_utf8(good)
                    .map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                let bad = e.error_len().unwrap_or(rest.len());
                invalid += bad;
                bytes = &rest[bad..];
            }
        }
    }
}

/// Whether BOM-less bytes look like UTF-16, and in which order
/// (`Some(true)`: big-endian): an even length and zero bytes, most of them
/// at one parity, as Latin, Cyrillic or Greek text in UTF-16 has (each
/// unit's high byte). Binary files have zeros at both parities.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 2 || bytes.len() % 2 == 1 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = sample.len() / 2;
    let (major, minor, big_endian) = if even >= odd {
        (even, odd, true)
    } else {
        (odd, even, false)
    };
    (major * 4 >= units && minor * 20 <= major).then_some(big_endian)
}

/// Decodes UTF-16 (without its BOM), reporting the byte offset of the first
/// unpaired surrogate or odd trailing byte.
fn utf16(path: &Path, bytes: &[u8], big_endian: bool) -> Result<String> {
    let bad = |offset| Error::Decode {
        path: path.to_path_buf(),
        encoding: "UTF-16",
        offset,
    };
    if bytes.len() % 2 == 1 {
        return Err(bad(bytes.len() - 1));
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut offset = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => return Err(bad(offset)),
        }
    }
    Ok(text)
}

/// The value of a character of the standard base64 alphabet (RFC 4648,
/// section 4), which dictd indexes and Bitextor's stream both use.
pub(crate) fn base64_value(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8], enc: Encoding) -> Result<String> {
        decode(Path::new("x.txt"), bytes, enc)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            dec(b"\xEF\xBB\xBFGr\xC3\xBC\xC3\x9Fe", Encoding::Utf8).unwrap(),
            "Grüße"
        );
        assert_eq!(dec("Grüße".as_bytes(), Encoding::Utf8).unwrap(), "Grüße");
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let err = dec(b"ok\nok\nGr\xFC\xDFe", Encoding::Utf8).unwrap_err();
        match &err {
            Error::InvalidUtf8 { offset, line, .. } => assert_eq!((*offset, *line), (8, 3)),
            other => panic!("unexpected {other}"),
        }
        let message = err.to_string();
        assert!(
            message.contains("x.txt") && message.contains("windows-1252"),
            "{message}"
        );
    }

    fn auto(bytes: &[u8]) -> Result<(String, Option<Note>)> {
        decode_noting(Path::new("x.txt"), bytes, Encoding::Auto)
    }

    #[test]
    fn windows_1252_text_is_read_with_a_notice() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Grüße aus Köln – „Straße“ für 5 €.\nÇa va très bien, merci.\n");
        let (text, notice) = auto(&bytes).unwrap();
        assert_eq!(
            text,
            "Grüße aus Köln – „Straße“ für 5 €.\nÇa va très bien, merci.\n"
        );
        assert_eq!(
            notice,
            Some(Note::DecodedAs {
                encoding: Encoding::Windows1252,
                offset: 2,
                line: 1
            })
        );
        let (_, notice) = auto("Grüße".as_bytes()).unwrap();
        assert_eq!(notice, None, "UTF-8 needs no notice");
        assert!(
            matches!(dec(&bytes, Encoding::Utf8), Err(Error::InvalidUtf8 { .. })),
            "named UTF-8 stays strict"
        );
    }

    #[test]
    fn other_bytes_that_are_not_utf8_stay_errors() {
        let (cyrillic, _, _) = encoding_rs::WINDOWS_1251.encode("Привет, как дела? Всё хорошо.");
        let (greek, _, _) = encoding_rs::ISO_8859_7.encode("Καλημέρα, τι κάνεις;");
        let mut damaged_utf8 = "Grüße aus Köln, schöne Grüße".as_bytes().to_vec();
        damaged_utf8.insert(6, 0xE4);
        let undefined = b"Gr\xFC\xDFe \x81 aus K\xF6ln".to_vec();
        let control = b"Gr\xFC\xDFe \x01\x02 aus K\xF6ln".to_vec();
        for bytes in [
            cyrillic.to_vec(),
            greek.to_vec(),
            damaged_utf8,
            undefined,
            control,
        ] {
            let err = auto(&bytes).unwrap_err();
            assert!(matches!(err, Error::InvalidUtf8 { .. }), "{bytes:?}: {err}");
        }
    }

    #[test]
    fn legacy_encodings_on_request() {
        assert_eq!(
            dec(b"Gr\xFC\xDFe \x80", Encoding::Windows1252).unwrap(),
            "Grüße €"
        );
        assert_eq!(dec(b"Gr\xFC\xDFe", Encoding::Latin1).unwrap(), "Grüße");
    }

    #[test]
    fn utf16_by_bom_or_request() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Grüße".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(dec(&le, Encoding::Utf8).unwrap(), "Grüße");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Grüße".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(dec(&be, Encoding::Utf8).unwrap(), "Grüße");
        let bare: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(dec(&bare, Encoding::Utf16).unwrap(), "ab");
        assert!(dec(&[0x61, 0x00, 0x62], Encoding::Utf16).is_err());
        let bare_be: Vec<u8> = "Grüße".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(dec(&bare_be, Encoding::Utf16Be).unwrap(), "Grüße");
        assert_eq!(
            dec(&bare_be, Encoding::Utf16).unwrap(),
            "Grüße",
            "order from the zeros"
        );
        assert_ne!(
            dec(&bare_be, Encoding::Utf16Le).ok().as_deref(),
            Some("Grüße")
        );
        assert_eq!(dec(&bare, Encoding::Utf16Le).unwrap(), "ab");
        assert!(dec(&[0x00, 0xD8, 0x61, 0x00], Encoding::Utf16).is_err());
    }

    #[test]
    fn utf16_without_bom_is_named_not_called_binary() {
        for (big_endian, name) in [(false, "utf-16le"), (true, "utf-16be")] {
            let bytes: Vec<u8> = "Die Katze schläft.\nDer Hund bellt.\n"
                .encode_utf16()
                .flat_map(|u| {
                    if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect();
            let message = dec(&bytes, Encoding::Utf8).unwrap_err().to_string();
            assert!(
                message.contains("UTF-16") && message.contains(name),
                "{message}"
            );
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = dec(b"PK\x03\x04\x00\x00", Encoding::Utf8).unwrap_err();
        assert!(matches!(err, Error::Binary { offset: 4, .. }), "{err}");
    }
}
