//! Bounded reading of zip archives (DOCX, ODT, and XLSX review workbooks):
//! a file of a few KiB can declare gigabytes of content, so what a zip
//! unpacks to is checked against a limit before anything is unpacked.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use super::xml::{Step, walk};
use crate::error::{Error, Result};

/// A zip whose parts together unpack to more than a limit: the part at
/// which the total went beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    pub part: String,
    pub limit: u64,
}

/// Refuses a zip whose parts declare more bytes than `limit`, before any is
/// unpacked, naming the part that goes beyond it. The zip reader refuses
/// to unpack a part beyond its declared size, so once this passes, reading
/// every part is bounded by `limit`.
pub fn check_unpacked<R: Read + Seek>(
    archive: &ZipArchive<R>,
    limit: u64,
) -> Result<(), Oversized> {
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index_data(index) else {
            continue;
        };
        total = total.saturating_add(part.size());
        if total > limit {
            return Err(Oversized {
                part: part.name().unwrap_or_default().to_string(),
                limit,
            });
        }
    }
    Ok(())
}

/// A DOCX or ODT file opened for reading: its parts unpack within a
/// budget, and every failure is an error naming the file.
pub struct Package<'a> {
    path: &'a Path,
    format: &'static str,
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes that may still be unpacked.
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes` (the file at `path`, of the named format) as a zip from
    /// which at most `limit` bytes of parts will be unpacked. Only the
    /// parts read count (a DOCX full of photos is not refused for them).
    pub fn open(path: &'a Path, format: &'static str, bytes: &'a [u8], limit: u64) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|source| Error::DocumentArchive {
            path: path.to_path_buf(),
            format,
            source,
        })?;
        Ok(Package {
            path,
            format,
            zip,
            budget: limit,
            limit,
        })
    }

    /// The unpacked bytes of the part `name`, `None` if there is no such
    /// part. A part that declares more bytes than the budget left is
    /// refused before it is unpacked (the zip reader unpacks no more than
    /// a part declares).
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let unreadable = |source| Error::DocumentArchive {
            path: self.path.to_path_buf(),
            format: self.format,
            source,
        };
        let mut part = match self.zip.by_name(name) {
            Ok(part) => part,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(unreadable(e)),
        };
        if part.size() > self.budget {
            return Err(Error::DocumentTooLarge {
                path: self.path.to_path_buf(),
                part: name.to_string(),
                limit: self.limit,
            });
        }
        self.budget -= part.size();
        let mut bytes = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
        part.read_to_end(&mut bytes)
            .map_err(|e| unreadable(ZipError::Io(e)))?;
        Ok(Some(bytes))
    }

    /// The part `name`, which the format requires.
    pub fn required_part(&mut self, name: &'static str) -> Result<Vec<u8>> {
        self.part(name)?.ok_or_else(|| Error::DocumentPart {
            path: self.path.to_path_buf(),
            format: self.format,
            part: name,
        })
    }

    /// Walks the XML of a part, naming the part and byte of malformed XML.
    pub fn walk(&self, part: &str, xml: &[u8], step: impl FnMut(Step)) -> Result<()> {
        walk(xml, step).map_err(|m| Error::DocumentXml {
            path: self.path.to_path_buf(),
            part: part.to_string(),
            offset: m.offset,
            source: m.source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_are_read_within_the_budget() {
        let bytes = zip(&[("a.xml", b"<a/>"), ("b.xml", b"<b>text</b>")]);
        let path = Path::new("d.docx");
        let mut package = Package::open(path, "DOCX", &bytes, 16).unwrap();
        assert_eq!(package.part("b.xml").unwrap().unwrap(), b"<b>text</b>");
        assert!(package.part("c.xml").unwrap().is_none());
        let err = package.part("b.xml").unwrap_err();
        assert!(matches!(err, Error::DocumentTooLarge { .. }), "{err}");
        let err = package.required_part("word/document.xml").unwrap_err();
        assert!(
            err.to_string().contains("has no word/document.xml"),
            "{err}"
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_before_unpacking() {
        let zeros = vec![0u8; 4 << 20];
        let bytes = zip(&[("small.xml", b"<a/>"), ("bomb.xml", &zeros)]);
        assert!(bytes.len() < 64 << 10, "compressed to {}", bytes.len());
        let archive = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        assert_eq!(
            check_unpacked(&archive, 1 << 20),
            Err(Oversized {
                part: "bomb.xml".into(),
                limit: 1 << 20
            })
        );
        let mut package = Package::open(Path::new("b.odt"), "ODT", &bytes, 1 << 20).unwrap();
        let message = package.part("bomb.xml").unwrap_err().to_string();
        assert!(
            message.contains("b.odt: part bomb.xml") && message.contains("1 MiB"),
            "{message}"
        );
    }

    #[test]
    fn not_a_zip() {
        let err = Package::open(Path::new("x.docx"), "DOCX", b"PK\x03\x04 broken", 1 << 20)
            .err()
            .unwrap();
        assert!(matches!(err, Error::DocumentArchive { .. }), "{err}");
    }
}
