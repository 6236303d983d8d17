//! Any bytes as a reviewed file (CSV or XLSX, told from the content), read
//! and applied: an error or a table, never a panic. Seed the corpus with
//! files `bitext align -o review.csv` / `-o review.xlsx` writes.
#![no_main]

use std::path::Path;

use bitext::review::{self, Unreviewed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = review::parse(Path::new("review"), data) {
        let _ = table.apply(Unreviewed::Keep);
        let _ = table.apply(Unreviewed::Drop);
    }
});
