//! Sentence-boundary precision and recall on the NTREX-128 articles.
//!
//! Needs the shared data (`../shared/data/ntrex128-newstest2019`, or the folder
//! in `BITEXT_NTREX`), so it is ignored by `cargo test`; run it with
//! `scripts/segment-eval.sh`. For every document and language, consecutive
//! upstream lines are joined into paragraphs (a line without final punctuation
//! is a heading and ends its paragraph), split again, and the boundaries
//! inside paragraphs are compared with the line ends. Paragraph ends are not
//! counted: they are boundaries by construction.
//!
//! Some upstream lines hold two sentences (the translator split one English
//! sentence, the line did not). They are listed, checked by eye, in
//! `tests/fixtures/ntrex-segmentation-exceptions.tsv`, and their inner
//! boundary counts as a true one. The same measurement is made for the
//! `sentencex` crate, the alternative considered.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use bitext::{Lang, Segmenter};

type Splitter<'a> = Box<dyn Fn(&str) -> Vec<usize> + 'a>;

#[derive(Default)]
struct Score {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
    errors: Vec<String>,
}

impl Score {
    fn line(&self, name: &str) -> String {
        let p = self.true_pos as f64 / (self.true_pos + self.false_pos).max(1) as f64;
        let r = self.true_pos as f64 / (self.true_pos + self.false_neg).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "| {name} | {p:.4} | {r:.4} | {f:.4} | {} | {} | {} |",
            self.true_pos, self.false_pos, self.false_neg
        )
    }
}

/// Start offsets (bytes) of every sentence but the first.
fn starts(paragraph: &str, sentences: &[&str]) -> Vec<usize> {
    let base = paragraph.as_ptr() as usize;
    sentences
        .iter()
        .map(|s| {
            let trimmed = s.trim_start();
            trimmed.as_ptr() as usize - base
        })
        .filter(|&offset| offset > 0 && offset < paragraph.len())
        .collect()
}

fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(['"', '\'', '”', '’', '“', '‘', '»', '«', ')']);
    core.ends_with(['.', '?', '!', '…'])
}

/// A paragraph rebuilt from upstream lines, with its true inner boundaries.
struct Paragraph {
    text: String,
    gold: BTreeSet<usize>,
    /// (upstream line number, byte offset where the line starts)
    lines: Vec<(usize, usize)>,
}

/// Joins a document's lines into paragraphs; a heading (no final
/// punctuation) ends its paragraph.
fn paragraphs(lines: &[(usize, &str)], exceptions: &Exceptions) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current = Paragraph {
        text: String::new(),
        gold: BTreeSet::new(),
        lines: Vec::new(),
    };
    for &(line_no, text) in lines {
        if !current.text.is_empty() {
            current.text.push(' ');
            current.gold.insert(current.text.len());
        }
        let line_start = current.text.len();
        current.lines.push((line_no, line_start));
        current.text.push_str(text);
        for after in exceptions.get(&line_no).into_iter().flatten() {
            let at = text
                .find(after.as_str())
                .unwrap_or_else(|| panic!("exception {line_no} {after:?} not in line"));
            let offset = at + after.len();
            let space = text[offset..].len() - text[offset..].trim_start().len();
            current.gold.insert(line_start + offset + space);
        }
        if !ends_sentence(text) {
            out.push(std::mem::replace(
                &mut current,
                Paragraph {
                    text: String::new(),
                    gold: BTreeSet::new(),
                    lines: Vec::new(),
                },
            ));
        }
    }
    if !current.text.is_empty() {
        out.push(current);
    }
    out
}

/// Upstream line number → texts after which that line holds a boundary.
type Exceptions = HashMap<usize, Vec<String>>;

fn read_exceptions(lang: &str) -> Exceptions {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ntrex-segmentation-exceptions.tsv");
    let mut exceptions = Exceptions::new();
    for row in std::fs::read_to_string(&file).unwrap().lines() {
        if row.starts_with('#') || row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        assert_eq!(fields.len(), 3, "bad exception row {row:?}");
        if fields[0] == lang {
            exceptions
                .entry(fields[1].parse().unwrap())
                .or_default()
                .push(fields[2].to_string());
        }
    }
    exceptions
}

/// Compares a splitter's boundaries with the gold of one paragraph.
fn score_paragraph(
    name: &str,
    lang: &str,
    paragraph: &Paragraph,
    found: &BTreeSet<usize>,
    score: &mut Score,
) {
    let text = &paragraph.text;
    for &offset in found.union(&paragraph.gold) {
        let (truth, said) = (paragraph.gold.contains(&offset), found.contains(&offset));
        match (truth, said) {
            (true, true) => score.true_pos += 1,
            (false, true) => score.false_pos += 1,
            (true, false) => score.false_neg += 1,
            _ => unreachable!(),
        }
        if truth == said {
            continue;
        }
        let a = (0..=offset.saturating_sub(60))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        let b = ((offset + 40).min(text.len())..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        let kind = if said { "FP" } else { "FN" };
        score.errors.push(format!(
            "{kind} {lang}: …{}‖{}…",
            &text[a..offset],
            &text[offset..b]
        ));
        if said && name == "bitext" && std::env::var_os("SEGMENT_EVAL_CANDIDATES").is_some() {
            // Lines to review by eye for the exceptions file.
            let (line_no, start) = paragraph
                .lines
                .iter()
                .rev()
                .find(|(_, s)| *s <= offset)
                .unwrap();
            println!(
                "CANDIDATE\t{lang}\t{line_no}\t{}",
                text[*start..offset].trim_end()
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/data/ntrex128-newstest2019; run scripts/segment-eval.sh"]
fn ntrex_boundaries() {
    let root = std::env::var_os("BITEXT_NTREX")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex128-newstest2019")
        });
    let table_path = root.join("en-de.docs.tsv");
    let table = std::fs::read_to_string(&table_path)
        .unwrap_or_else(|e| panic!("{}: {e}", table_path.display()));
    // doc id → (upstream line, English, German)
    let mut docs: BTreeMap<&str, Vec<(usize, &str, &str)>> = BTreeMap::new();
    for row in table.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        docs.entry(f[0])
            .or_default()
            .push((f[2].parse().unwrap(), f[3], f[4]));
    }

    let verbose = std::env::var_os("SEGMENT_EVAL_VERBOSE").is_some();
    let mut report = vec![
        "| splitter | precision | recall | F1 | true | false + | false − |".to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    let mut exceptions_used = 0;
    for lang in ["en", "de"] {
        let exceptions = read_exceptions(lang);
        exceptions_used += exceptions.values().map(Vec::len).sum::<usize>();
        let all: Vec<Paragraph> = docs
            .values()
            .flat_map(|lines| {
                let side: Vec<(usize, &str)> = lines
                    .iter()
                    .map(|&(n, en, de)| (n, if lang == "en" { en } else { de }))
                    .collect();
                paragraphs(&side, &exceptions)
            })
            .collect();
        let segmenter = Segmenter::new(&Lang::parse(lang).unwrap());
        let splitters: Vec<(&str, Splitter)> = vec![
            (
                "bitext",
                Box::new(move |p: &str| starts(p, &segmenter.split(p))),
            ),
            (
                "sentencex",
                Box::new(move |p: &str| starts(p, &sentencex::segment(lang, p))),
            ),
        ];
        for (name, split) in &splitters {
            let mut score = Score::default();
            for paragraph in &all {
                let found: BTreeSet<usize> = split(&paragraph.text).into_iter().collect();
                score_paragraph(name, lang, paragraph, &found, &mut score);
            }
            if verbose && *name == "bitext" {
                score.errors.iter().for_each(|e| eprintln!("{e}"));
            }
            report.push(score.line(&format!("{name} {lang}")));
        }
    }
    println!(
        "\nSentence boundaries inside paragraphs, NTREX-128 newstest2019 ({} documents):\n",
        docs.len()
    );
    println!("{}", report.join("\n"));
    println!("\nknown upstream exceptions used: {exceptions_used}");
}
