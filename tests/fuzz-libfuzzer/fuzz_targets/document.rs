//! Any bytes as a document, in every encoding and under the names of the
//! formats read in process (text, HTML, Markdown, DOCX, ODT), segmented in
//! several languages' rules: read or refused, never a panic.
#![no_main]

use std::path::Path;

use bitext::{Document, Encoding, Lang, Mode, Segmenter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    const NAMES: [&str; 5] = ["fuzz.txt", "fuzz.html", "fuzz.md", "fuzz.docx", "fuzz.odt"];
    let encoding = Encoding::ALL[usize::from(selector) % Encoding::ALL.len()];
    let name = NAMES[usize::from(selector / 16) % NAMES.len()];
    if let Ok(document) = Document::from_bytes(Path::new(name), bytes, encoding) {
        for code in ["de", "en", "zh", "xx"] {
            let lang = Lang::parse(code).unwrap();
            for mode in [Mode::Split, Mode::Presegmented] {
                let sentences = Segmenter::new(&lang).segment(&document, &mode);
                assert!(sentences.iter().all(|s| !s.text.trim().is_empty()));
            }
        }
    }
});
