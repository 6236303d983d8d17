//! Every bundled pair segments into exactly the sentences its gold names.

use std::path::Path;

use bitext::{Document, Encoding, Lang, Mode, Segmenter};

/// The sentence ids on one side of a gold file, in order.
fn gold_ids(gold: &str, side: usize) -> Vec<usize> {
    gold.lines()
        .flat_map(|bead| {
            let field = bead.split(':').nth(side).expect("bead has two sides");
            let inner = field.trim().trim_start_matches('[').trim_end_matches(']');
            inner
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<usize>().expect("numeric id"))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn pairs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        if dir.join("gold.txt").exists() {
            found.push(dir.clone());
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_pair_matches_its_gold_sentence_counts() {
    let pairs = pairs();
    assert!(
        pairs.len() >= 11,
        "atlantic-council and at least 10 NTREX pairs"
    );
    for pair in pairs {
        let gold = std::fs::read_to_string(pair.join("gold.txt")).unwrap();
        for (side, name) in [(0, "en"), (1, "de")] {
            let ids = gold_ids(&gold, side);
            let want: Vec<usize> = (0..ids.len()).collect();
            assert_eq!(
                ids,
                want,
                "{}: {name} ids in gold are not 0..n in order",
                pair.display()
            );
            let path = pair.join(format!("{name}.txt"));
            let doc = Document::read(&path, Encoding::Utf8).unwrap();
            let lang = Lang::parse(name).unwrap();
            let sentences = Segmenter::new(&lang).segment(&doc, &Mode::Split);
            assert_eq!(sentences.len(), ids.len(), "{}", path.display());
        }
    }
}
