//! Fuzzing on the stable toolchain: generated and mutated inputs for every
//! reader a user's file reaches (documents and the segmenter, the review
//! importer for CSV, XLSX and the review page's file, the beads reader,
//! lexicon counts files, Bitextor lines), checked for what must hold
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

/// The bundled article's opening (a few paragraphs) aligned: the source of
/// the review page's file and the lexicon counts below.
fn opening() -> &'static bitext::align::AlignedPair {
    static PAIR: std::sync::OnceLock<bitext::align::AlignedPair> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/atlantic-council");
        let head = |name: &str| {
            let text = std::fs::read_to_string(path.join(name)).unwrap();
            let kept: Vec<&str> = text.split("\n\n").take(4).collect();
            Document::from_text(Path::new(name), &kept.join("\n\n")).unwrap()
        };
        let (en_lang, de_lang) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        Aligner::new(Default::default()).unwrap().align_documents(
            "atlantic-council",
            (head("en.txt"), &en_lang),
            (head("de.txt"), &de_lang),
            &Mode::Split,
        )
    })
}

/// The review file the page would save untouched (the page holds it as
/// the JSON it saves).
fn page_file() -> serde_json::Value {
    let mut html = Vec::new();
    {
        let mut writer = Format::Html.writer(&mut html, &Options::default());
        writer.document(&opening().view()).unwrap();
        writer.finish().unwrap();
    }
    crate::util::page_data(&String::from_utf8(html).unwrap())
}

/// Every value of a JSON document, by JSON pointer.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => {
            for (k, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                pointers(
                    item,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Edits a JSON document as a browser script or a person might: a value
/// changed (a number moved, a status or text replaced, now and then a value
/// of another type or out of range), an item of an array (a bead, a
/// sentence id) removed or repeated, a key dropped.
fn mutate_json(mut value: serde_json::Value, edits: &[(u8, usize, u8)]) -> serde_json::Value {
    use serde_json::{Value, json};
    for &(kind, at, byte) in edits {
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        let pointer = &all[at % all.len()];
        let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
        let Some(current) = value.pointer(pointer).cloned() else {
            continue;
        };
        let changed = match (&current, byte % 8) {
            (_, 0) => json!(-1),
            (_, 1) => json!(1e300),
            (_, 2) => Value::Null,
            (Value::Number(n), _) => json!(n.as_i64().unwrap_or(0) + i64::from(byte % 5) - 2),
            (Value::String(_), _) => {
                json!(["ok", "fix", "reject", "", "Ein Text."][byte as usize % 5])
            }
            (Value::Bool(b), _) => json!(!b),
            _ => json!([]),
        };
        match (kind % 4, value.pointer_mut(parent)) {
            (1, Some(Value::Array(items))) => {
                if let Ok(k) = last.parse::<usize>() {
                    items.remove(k);
                }
            }
            (2, Some(Value::Array(items))) => {
                if let Ok(k) = last.parse::<usize>() {
                    let copy = items[k].clone();
                    items.insert(k, copy);
                }
            }
            (3, Some(Value::Object(fields))) if byte % 4 == 0 => {
                fields.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            _ => {
                if let Some(target) = value.pointer_mut(pointer) {
                    *target = changed;
                }
            }
        }
    }
    value
}

/// A lexicon counts file of the opening, as `bitext lexicon learn` writes
/// it.
fn counts_file() -> Vec<u8> {
    let pair = opening();
    let aligner = Aligner::new(Default::default()).unwrap();
    let observation = aligner.observe(
        bitext::Side {
            sentences: &pair.source,
            lang: &pair.source_lang,
        },
        bitext::Side {
            sentences: &pair.target,
            lang: &pair.target_lang,
        },
    );
    let mut counts = bitext::align::LexiconCounts::new("fuzz");
    assert!(counts.insert("opening", observation));
    let mut bytes = Vec::new();
    counts.write(&mut bytes).unwrap();
    bytes
}

proptest! {
    /// The review page's file, edited as JSON or as bytes, is read and
    /// applied or refused with an error naming the file; never a panic, and
    /// what is applied keeps every sentence of the kept beads once.
    #[test]
    fn mutated_review_page_files_are_read_or_refused(
        as_json in any::<bool>(),
        edits in edits(),
        few in 1usize..4,
    ) {
        let file = page_file();
        let bytes = if as_json {
            mutate_json(file, &edits[..few.min(edits.len())]).to_string().into_bytes()
        } else {
            mutate(file.to_string().into_bytes(), &edits)
        };
        match review::parse(Path::new("review.json"), &bytes) {
            Ok(table) => {
                for unreviewed in [Unreviewed::Keep, Unreviewed::Drop, Unreviewed::Above(0.5)] {
                    match table.apply(unreviewed) {
                        Ok(reviewed) => {
                            for doc in &reviewed.documents {
                                let ids = |side: fn(&bitext::Bead) -> std::ops::Range<usize>| {
                                    doc.alignment.beads.iter().flat_map(side).collect::<Vec<_>>()
                                };
                                prop_assert_eq!(ids(|b| b.source.clone()), (0..doc.source.len()).collect::<Vec<_>>());
                                prop_assert_eq!(ids(|b| b.target.clone()), (0..doc.target.len()).collect::<Vec<_>>());
                            }
                        }
                        Err(error) => prop_assert!(error.to_string().contains("review.json"), "{error}"),
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains("review.json"), "{error}"),
        }
    }

    /// A lexicon counts file, mutated, is read or refused with the file's
    /// name; what is read writes back to a file that reads as the same.
    #[test]
    fn mutated_counts_files_are_read_or_refused(edits in edits(), few in 1usize..3) {
        let bytes = mutate(counts_file(), &edits[..few.min(edits.len())]);
        let path = Path::new("shard.counts");
        match bitext::align::LexiconCounts::read(path, bytes.as_slice()) {
            Ok(counts) => {
                let mut again = Vec::new();
                counts.write(&mut again).unwrap();
                let reread = bitext::align::LexiconCounts::read(path, again.as_slice()).unwrap();
                prop_assert_eq!(reread.documents(), counts.documents());
                prop_assert_eq!(reread.beads(), counts.beads());
                let mut third = Vec::new();
                reread.write(&mut third).unwrap();
                prop_assert_eq!(third, again);
            }
            Err(error) => prop_assert!(error.to_string().contains("shard.counts"), "{error}"),
        }
    }

    /// Any line of a Bitextor stream, a valid one mutated or any bytes, is
    /// read or refused, never a panic; what is read is the texts encoded.
    #[test]
    fn bitextor_lines_are_read_or_refused(
        source in "[a-zA-Zäöü .\t\n\u{1F600}]{0,40}",
        target in "[a-zA-Zäöü .\t\n]{0,40}",
        edits in edits(),
        mutated in any::<bool>(),
    ) {
        let line = format!(
            "https://example.eu/en\thttps://example.eu/de\t{}\t{}",
            crate::util::base64(source.as_bytes()),
            crate::util::base64(target.as_bytes())
        );
        let bytes = if mutated { mutate(line.into_bytes(), &edits) } else { line.into_bytes() };
        match bitext::corpus::bitextor::parse_line(&bytes) {
            Ok(pair) => {
                if !mutated {
                    prop_assert_eq!(&pair.source, &source);
                    prop_assert_eq!(&pair.target, &target);
                }
                prop_assert!(!pair.source_url.contains('\t') && !pair.target_url.contains('\t'));
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}
