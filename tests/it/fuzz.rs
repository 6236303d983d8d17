//! Fuzzing on the stable toolchain: generated and mutated inputs for every
//! reader a user's file reaches (documents and the segmenter, the review
//! importer for CSV and XLSX, the beads reader), checked for what must hold
//! whatever the input: no panic, and what is read is sound. The aligner has
//! its own properties in align_properties.rs, the dictionaries in their
//! module, the JSON-lines stream in its module. PROPTEST_CASES sets the
//! number of cases (default 256 each); scripts/test.sh runs them in CI.

use std::path::Path;

use proptest::prelude::*;

use bitext::align::Aligner;
use bitext::review::{self, Unreviewed};
use bitext::write::{CsvProfile, Format, Options};
use bitext::{Document, Encoding, Lang, Mode, Segmenter};

/// Pieces real hostile text is made of.
const PIECES: &[&[u8]] = &[
    b"Die Katze schl\xc3\xa4ft. ",
    b"The cat sleeps! ",
    b"Dr. No 3,5 km 1.000 ",
    b"\xe7\x8c\xab\xe5\x9c\xa8\xe7\x9d\xa1\xe8\xa7\x89\xe3\x80\x82",
    b"\xd8\xa7\xd9\x84\xd9\x82\xd8\xb7\xd8\xa9 \xd9\x86\xd8\xa7\xd8\xa6\xd9\x85\xd8\xa9\xd8\x9f ",
    b"\n",
    b"\n\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xc3",
    b"\xff",
    b"\xe2\x80\xa8",
    b"\xc2\xad",
    b"\xe2\x80\x8b",
    b"\x1b[31m",
    b"\xcc\x81\xcc\x81\xcc\x81",
    b"Titel: x\nDatum: 1.1.2025\n",
    b"\"\xe2\x80\x9e\xe2\x80\x9c\xc2\xbb",
    b"...",
    b"?!?",
    b"    ",
];

fn text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0..PIECES.len(), any::<u8>(), any::<bool>()), 0..60).prop_map(|parts| {
        let mut bytes = Vec::new();
        for (piece, byte, raw) in parts {
            if raw {
                bytes.push(byte);
            } else {
                bytes.extend_from_slice(PIECES[piece]);
            }
        }
        bytes
    })
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(Encoding::ALL.to_vec())
}

/// Mutates bytes: changes, inserts, cuts, duplicates.
fn mutate(mut bytes: Vec<u8>, edits: &[(u8, usize, u8)]) -> Vec<u8> {
    const SPECIAL: &[u8] = b";,\"\n\r\t'=<>&PK\x00\xff\xc3";
    for &(kind, at, byte) in edits {
        let at = at % (bytes.len() + 1);
        match kind % 4 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, SPECIAL[byte as usize % SPECIAL.len()]),
            2 => bytes.truncate(at),
            _ => {
                let copy = bytes[at..bytes.len().min(at + 200)].to_vec();
                bytes.extend_from_slice(&copy);
            }
        }
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(u8, usize, u8)>> {
    prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..10)
}

/// A real review file of the bundled article's opening, in a format.
fn review_file(format: Format, profile: CsvProfile) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/atlantic-council");
    let en = Document::read(&path.join("en.txt"), Encoding::Utf8).unwrap();
    let de = Document::read(&path.join("de.txt"), Encoding::Utf8).unwrap();
    let (en_lang, de_lang) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
    let pair = Aligner::new(Default::default()).unwrap().align_documents(
        "atlantic-council",
        (en, &en_lang),
        (de, &de_lang),
        &Mode::Split,
    );
    let options = Options {
        csv_profile: profile,
        ..Options::default()
    };
    let mut bytes = Vec::new();
    {
        let mut writer = format.writer(&mut bytes, &options);
        writer.document(&pair.view()).unwrap();
        writer.finish().unwrap();
    }
    bytes
}

proptest! {
    /// Any bytes, in any encoding, are read or refused with an error naming
    /// the file; what is read segments into non-empty sentences, in order,
    /// in every language's rules and both modes.
    #[test]
    fn documents_are_read_and_segmented_or_refused(bytes in text(), encoding in encoding()) {
        let path = Path::new("fuzz.txt");
        match Document::from_bytes(path, &bytes, encoding) {
            Ok(document) => {
                for code in ["de", "en", "zh", "ar", "ja", "xx"] {
                    let lang = Lang::parse(code).unwrap();
                    for mode in [Mode::Split, Mode::Presegmented] {
                        let sentences = Segmenter::new(&lang).segment(&document, &mode);
                        for (i, sentence) in sentences.iter().enumerate() {
                            prop_assert!(!sentence.text.trim().is_empty(), "{code} {mode:?}: empty sentence {i}");
                        }
                        prop_assert!(sentences.windows(2).all(|w| w[0].paragraph <= w[1].paragraph));
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains("fuzz.txt"), "{error}"),
        }
    }

    /// A review file mutated (a CSV of every profile, an XLSX) is read and
    /// applied, or refused with an error naming the file; never a panic.
    #[test]
    fn mutated_review_files_are_read_or_refused(which in 0usize..4, edits in edits()) {
        let (name, format, profile) = [
            ("r.csv", Format::Csv, CsvProfile::ExcelDe),
            ("r.csv", Format::Csv, CsvProfile::Excel),
            ("r.csv", Format::Csv, CsvProfile::Data),
            ("r.xlsx", Format::Xlsx, CsvProfile::Data),
        ][which];
        let bytes = mutate(review_file(format, profile), &edits);
        match review::parse(Path::new(name), &bytes) {
            Ok(table) => {
                for unreviewed in [Unreviewed::Keep, Unreviewed::Drop, Unreviewed::Above(0.5)] {
                    if let Err(error) = table.apply(unreviewed) {
                        prop_assert!(error.to_string().contains(name), "{error}");
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains(name), "{error}"),
        }
    }

    /// Mutated bead files (the text notation and JSON lines) are read or
    /// refused with the file and line; what is read has no sentence twice.
    #[test]
    fn mutated_bead_files_are_read_or_refused(jsonl in any::<bool>(), edits in edits()) {
        let text: &[u8] = if jsonl {
            b"{\"source_ids\":[0],\"target_ids\":[0],\"confidence\":0.9}\n{\"source_ids\":[1,2],\"target_ids\":[],\"confidence\":0.5}\n"
        } else {
            b"[0]:[0]:0.93\n[1, 2]:[1]\n[]:[2]:0.5\n[3]:[]\n"
        };
        let bytes = mutate(text.to_vec(), &edits);
        let text = String::from_utf8_lossy(&bytes);
        let path = Path::new("b.beads");
        let read = if jsonl { bitext::eval::parse_jsonl(path, &text) } else { bitext::eval::parse_beads(path, &text) };
        match read {
            Ok(beads) => {
                let mut seen = std::collections::BTreeSet::new();
                for bead in &beads {
                    for s in &bead.source {
                        prop_assert!(seen.insert(("s", *s)), "source {s} twice");
                    }
                    for t in &bead.target {
                        prop_assert!(seen.insert(("t", *t)), "target {t} twice");
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains("b.beads"), "{error}"),
        }
    }
}

/// Pieces of HTML and Markdown markup, hostile ones among them.
const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"share-bar\">",
    "</div>",
    "<br>",
    "&amp;",
    "&#xD800;",
    "&nbsp;",
    "<li>",
    "<ul>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<table><td>",
    "<h1>",
    "<pre>",
    "</pre>",
    "<article>",
    "<aside class=\"pull-quote\">",
    "\u{2028}",
    "Die Katze schläft. ",
    "The cat sleeps! ",
    "\n",
    "\n\n",
    "# ",
    "- ",
    "> ",
    "```\n",
    "[a](b) ",
    "![x](y) ",
    "|a|b|\n|-|-|\n",
    "---\ntitle: x\n---\n",
    "[^1]",
    "*",
    "<",
    ">",
];

fn markup() -> impl Strategy<Value = String> {
    prop::collection::vec(0..MARKUP.len(), 0..80)
        .prop_map(|parts| parts.into_iter().map(|i| MARKUP[i]).collect())
}

/// A small DOCX or ODT with a body, notes and a table.
fn office_file(odt: bool) -> Vec<u8> {
    use std::io::Write;
    let parts: &[(&str, &str)] = if odt {
        &[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body>\
                 <office:text><text:h>Titel</text:h><text:p>Die Katze<text:note><text:note-body>\
                 <text:p>Fußnote.</text:p></text:note-body></text:note> schläft.</text:p>\
                 </office:text></office:body></office:document-content>",
            ),
        ]
    } else {
        &[
            (
                "word/document.xml",
                "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Titel</w:t></w:r></w:p>\
                 <w:p><w:r><w:t>Die Katze</w:t><w:del><w:r><w:delText>nicht</w:delText></w:r>\
                 </w:del><w:t> schläft.</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>\
                 <w:t>Zelle</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
            ),
            (
                "word/footnotes.xml",
                "<w:footnotes xmlns:w=\"w\"><w:footnote w:id=\"1\"><w:p><w:r><w:t>Fußnote.\
                 </w:t></w:r></w:p></w:footnote></w:footnotes>",
            ),
        ]
    };
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file(*name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

proptest! {
    /// HTML and Markdown made of markup pieces, and DOCX and ODT files
    /// mutated (stored uncompressed, so that edits reach the XML), are read
    /// or refused with an error naming the file; what is read segments into
    /// non-empty sentences.
    #[test]
    fn structured_documents_are_read_or_refused(
        text in markup(),
        which in 0usize..4,
        edits in edits(),
    ) {
        let (name, bytes) = match which {
            0 => ("fuzz.html", text.into_bytes()),
            1 => ("fuzz.md", text.into_bytes()),
            2 => ("fuzz.docx", mutate(office_file(false), &edits)),
            _ => ("fuzz.odt", mutate(office_file(true), &edits)),
        };
        match Document::from_bytes(Path::new(name), &bytes, Encoding::Utf8) {
            Ok(document) => {
                let lang = Lang::parse("de").unwrap();
                for mode in [Mode::Split, Mode::Presegmented] {
                    for sentence in Segmenter::new(&lang).segment(&document, &mode) {
                        prop_assert!(!sentence.text.trim().is_empty(), "{name}: empty sentence");
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains(name), "{error}"),
        }
    }
}
