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

/// One batch: aligning documents in memory (`Aligner::align_batch`) and
/// aligning them from files (`corpus::batch::run`, what `bitext batch`
/// runs) learn the same lexicon and give the same beads, since both take the
/// pairs in the same order into the same learning sample.
#[test]
fn a_batch_in_memory_aligns_as_a_batch_of_files() {
    use bitext::Side;
    use bitext::align::{Aligner, Config};
    use bitext::corpus::batch::{self, LexiconSource, Outcome, Settings, Silent, Store};
    use bitext::corpus::{Languages, check::Policy, discover};

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ntrex");
    let found = discover(&[root], &Languages::default()).unwrap();
    assert!(found.pairs.len() >= 10);
    let aligner = Aligner::new(Config::default()).unwrap();
    let settings = Settings {
        aligner: aligner.clone(),
        mode: Mode::Split,
        encodings: (Encoding::Utf8, Encoding::Utf8),
        format: None,
        lexicon: LexiconSource::Batch,
        policy: Policy::default(),
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("store")).unwrap();
    let outcomes = batch::run(&found.pairs, &settings, &store, false, &Silent);

    let segmented: Vec<_> = found
        .pairs
        .iter()
        .map(|spec| {
            let read = |path: &Path, lang: &Lang| {
                let doc = Document::read(path, Encoding::Utf8).unwrap();
                Segmenter::new(lang).segment(&doc, &Mode::Split)
            };
            (
                read(&spec.source, &spec.source_lang),
                read(&spec.target, &spec.target_lang),
            )
        })
        .collect();
    let sides: Vec<(Side, Side)> = segmented
        .iter()
        .zip(&found.pairs)
        .map(|((s, t), spec)| {
            (
                Side {
                    sentences: s,
                    lang: &spec.source_lang,
                },
                Side {
                    sentences: t,
                    lang: &spec.target_lang,
                },
            )
        })
        .collect();
    let in_memory = aligner.align_batch(&sides);
    for ((spec, outcome), alignment) in found.pairs.iter().zip(&outcomes).zip(&in_memory) {
        assert!(matches!(outcome, Outcome::Done { .. }), "{}", spec.id);
        let stored = store.load(&spec.id).unwrap();
        assert_eq!(&stored.alignment, alignment, "{}", spec.id);
    }
}
