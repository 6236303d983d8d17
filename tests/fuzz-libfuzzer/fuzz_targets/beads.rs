//! Any text as a beads file or JSON lines of beads: read or refused, and
//! what is read has every sentence at most once.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("b.beads");
    for read in [
        bitext::eval::parse_beads(path, &text),
        bitext::eval::parse_jsonl(path, &text),
    ] {
        if let Ok(beads) = read {
            let mut seen = std::collections::BTreeSet::new();
            for bead in &beads {
                assert!(bead.source.iter().all(|s| seen.insert((0, *s))));
                assert!(bead.target.iter().all(|t| seen.insert((1, *t))));
            }
        }
    }
});
