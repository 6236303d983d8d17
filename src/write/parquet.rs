//! Parquet: the sentence pairs of a corpus as a table that pandas, pyarrow,
//! Spark and Hugging Face `datasets` read directly, zstd-compressed. One row
//! per bead that pairs sentences (as in TSV), with the columns `doc`,
//! `bead`, `source_ids`, `target_ids` (`3,4`), `source`, `target`,
//! `confidence` (a double) and `source_lang`, `target_lang`.
//!
//! Rows are written in row groups of [`ROW_GROUP`] pairs, each handed to
//! the output as soon as it is complete, so memory stays bounded however
//! large the corpus.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::lines::ids;
use super::{AlignedDocument, Dropped, Options, Selection, Writer};

/// Pairs per row group: large enough for good compression, small enough
/// that a group in memory is a few megabytes.
pub const ROW_GROUP: usize = 16_384;

const SCHEMA: &str = "message sentence_pair {
    required binary doc (UTF8);
    required binary bead (UTF8);
    required binary source_ids (UTF8);
    required binary target_ids (UTF8);
    required binary source (UTF8);
    required binary target (UTF8);
    required double confidence;
    required binary source_lang (UTF8);
    required binary target_lang (UTF8);
}";

/// The text columns, in schema order (confidence comes after `target`).
const TEXT_COLUMNS: usize = 8;

/// The bytes the Parquet writer has produced and the output not yet taken:
/// the Parquet writer needs an output it can own and send, ours is borrowed.
#[derive(Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Write for Pending {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut pending = self.0.lock().map_err(|_| io::Error::other("poisoned"))?;
        pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the corpus as one Parquet file.
pub struct ParquetWriter<W: Write> {
    out: W,
    pending: Pending,
    file: Option<SerializedFileWriter<Pending>>,
    /// The rows of the group being filled: text columns, then confidences.
    texts: Vec<Vec<ByteArray>>,
    confidences: Vec<f64>,
    selection: Selection,
}

impl<W: Write> ParquetWriter<W> {
    /// A writer into `out` that keeps the pairs `options` select; the file's
    /// header is written with the first row group.
    pub fn new(out: W, options: &Options) -> Self {
        ParquetWriter {
            out,
            pending: Pending::default(),
            file: None,
            texts: vec![Vec::new(); TEXT_COLUMNS],
            confidences: Vec::new(),
            selection: Selection::new(options),
        }
    }

    fn file(&mut self) -> io::Result<&mut SerializedFileWriter<Pending>> {
        if self.file.is_none() {
            let schema = Arc::new(parse_message_type(SCHEMA).map_err(io::Error::other)?);
            let level = ZstdLevel::try_new(3).map_err(io::Error::other)?;
            let properties = WriterProperties::builder()
                .set_compression(Compression::ZSTD(level))
                .set_created_by(format!("bitext {}", env!("CARGO_PKG_VERSION")))
                .build();
            let writer =
                SerializedFileWriter::new(self.pending.clone(), schema, Arc::new(properties))
                    .map_err(io::Error::other)?;
            self.file = Some(writer);
        }
        Ok(self.file.as_mut().expect("just made"))
    }

    /// Writes the filled rows as a row group and passes the bytes on.
    fn flush_group(&mut self) -> io::Result<()> {
        let texts = std::mem::replace(&mut self.texts, vec![Vec::new(); TEXT_COLUMNS]);
        let confidences = std::mem::take(&mut self.confidences);
        let file = self.file()?;
        let mut group = file.next_row_group().map_err(io::Error::other)?;
        let mut texts = texts.into_iter();
        // Schema order: six texts, the confidence, two texts.
        for index in 0..TEXT_COLUMNS + 1 {
            let mut column = group
                .next_column()
                .map_err(io::Error::other)?
                .ok_or_else(|| io::Error::other("the Parquet schema has fewer columns"))?;
            if index == 6 {
                column
                    .typed::<DoubleType>()
                    .write_batch(&confidences, None, None)
                    .map_err(io::Error::other)?;
            } else {
                let values = texts.next().unwrap_or_default();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)
                    .map_err(io::Error::other)?;
            }
            column.close().map_err(io::Error::other)?;
        }
        group.close().map_err(io::Error::other)?;
        self.pass_on()
    }

    /// Hands what the Parquet writer produced to the output.
    fn pass_on(&mut self) -> io::Result<()> {
        let bytes = {
            let mut pending = (self.pending.0.lock()).map_err(|_| io::Error::other("poisoned"))?;
            std::mem::take(&mut *pending)
        };
        self.out.write_all(&bytes)
    }
}

impl<W: Write> Writer for ParquetWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> io::Result<()> {
        for bead in doc.alignment.beads.iter().filter(|b| !b.is_null()) {
            if !self.selection.keep(doc, bead) {
                continue;
            }
            let row = [
                doc.id.to_string(),
                bead.kind(),
                ids(&bead.source, ","),
                ids(&bead.target, ","),
                doc.source_text(bead),
                doc.target_text(bead),
                doc.source_lang.to_string(),
                doc.target_lang.to_string(),
            ];
            for (column, value) in self.texts.iter_mut().zip(row) {
                column.push(ByteArray::from(value.into_bytes()));
            }
            self.confidences.push(bead.confidence);
            if self.confidences.len() == ROW_GROUP {
                self.flush_group()?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        // A file always has its schema, and at least one (maybe empty) group.
        if !self.confidences.is_empty() || self.file.is_none() {
            self.flush_group()?;
        }
        if let Some(file) = self.file.take() {
            file.close().map_err(io::Error::other)?;
        }
        self.pass_on()?;
        self.out.flush()
    }

    fn dropped(&self) -> Dropped {
        self.selection.dropped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::fixture::{Pair, bead};

    #[test]
    fn a_file_is_parquet_from_its_magic_to_its_footer() {
        let pair = Pair::new(
            &["One.", "Two.", "Three."],
            &["Eins.", "Zwei und drei."],
            vec![bead(0..1, 0..1, 0.9), bead(1..3, 1..2, 0.7)],
        );
        let mut out = Vec::new();
        let mut writer = ParquetWriter::new(&mut out, &Options::default());
        writer.document(&pair.doc("d")).unwrap();
        writer.finish().unwrap();
        drop(writer);
        assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
        // Texts are stored compressed, but the schema names its columns.
        let text = String::from_utf8_lossy(&out);
        for column in ["doc", "source_ids", "confidence", "target_lang"] {
            assert!(text.contains(column), "{column}");
        }
    }

    #[test]
    fn large_corpora_are_written_in_row_groups() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let n = 2 * ROW_GROUP + 5;
        let texts: Vec<String> = (0..n).map(|k| format!("Sentence {k}.")).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let beads = (0..n).map(|k| bead(k..k + 1, k..k + 1, 0.9)).collect();
        let pair = Pair::new(&texts, &texts, beads);
        let mut out = Vec::new();
        let mut writer = ParquetWriter::new(&mut out, &Options::default());
        writer.document(&pair.doc("d")).unwrap();
        writer.finish().unwrap();
        drop(writer);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&out).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let metadata = reader.metadata();
        assert_eq!(metadata.file_metadata().num_rows(), n as i64);
        assert_eq!(metadata.num_row_groups(), 3);
        assert_eq!(metadata.file_metadata().schema_descr().num_columns(), 9);
    }
}
