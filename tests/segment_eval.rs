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
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
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

#[test]
#[ignore = "needs ../shared/data/ntrex128-newstest2019; run scripts/segment-eval.sh"]
fn ntrex_boundaries() {
    let root = std::env::var_os("BITEXT_NTREX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex128-newstest2019"));
    let table = std::fs::read_to_string(root.join("en-de.docs.tsv"))
        .unwrap_or_else(|e| panic!("{}: {e}", root.join("en-de.docs.tsv").display()));
    let exceptions_file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ntrex-segmentation-exceptions.tsv");
    // (lang, upstream line) → texts after which the line holds a boundary.
    let mut exceptions: HashMap<(String, usize), Vec<String>> = HashMap::new();
    for row in std::fs::read_to_string(&exceptions_file).unwrap().lines() {
        if row.starts_with('#') || row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        assert_eq!(fields.len(), 3, "bad exception row {row:?}");
        exceptions
            .entry((fields[0].to_string(), fields[1].parse().unwrap()))
            .or_default()
            .push(fields[2].to_string());
    }
    let mut docs: BTreeMap<String, Vec<(usize, String, String)>> = BTreeMap::new();
    for row in table.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        docs.entry(f[0].to_string())
            .or_default()
            .push((f[2].parse().unwrap(), f[3].to_string(), f[4].to_string()));
    }

    let verbose = std::env::var_os("SEGMENT_EVAL_VERBOSE").is_some();
    let mut report = vec![
        "| splitter | precision | recall | F1 | true | false + | false − |".to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    let mut bitext_f1 = Vec::new();
    for lang in ["en", "de"] {
        let segmenter = Segmenter::new(&Lang::parse(lang).unwrap());
        let splitters: Vec<(&str, Splitter)> = vec![
            ("bitext", Box::new(move |p: &str| starts(p, &segmenter.split(p)))),
            ("sentencex", Box::new(move |p: &str| starts(p, &sentencex::segment(lang, p)))),
        ];
        for (name, split) in &splitters {
            let mut score = Score::default();
            for lines in docs.values() {
                let mut paragraph = String::new();
                let mut gold = BTreeSet::new();
                let mut line_starts: Vec<(usize, usize)> = Vec::new();
                let mut used = 0;
                let mut flush = |paragraph: &mut String, gold: &mut BTreeSet<usize>, line_starts: &mut Vec<(usize, usize)>, score: &mut Score| {
                    if paragraph.is_empty() {
                        return;
                    }
                    let found: BTreeSet<usize> = split(paragraph).into_iter().collect();
                    for offset in found.union(gold) {
                        let (hit, fp) = (gold.contains(offset), found.contains(offset));
                        match (hit, fp) {
                            (true, true) => score.true_pos += 1,
                            (false, true) => score.false_pos += 1,
                            (true, false) => score.false_neg += 1,
                            _ => {}
                        }
                        if hit != fp {
                            let (a, b) = (offset.saturating_sub(60), (offset + 40).min(paragraph.len()));
                            let a = (0..=a).rev().find(|&i| paragraph.is_char_boundary(i)).unwrap();
                            let b = (b..=paragraph.len()).find(|&i| paragraph.is_char_boundary(i)).unwrap();
                            let kind = if fp { "FP" } else { "FN" };
                            if fp && std::env::var_os("SEGMENT_EVAL_CANDIDATES").is_some() && *name == "bitext" {
                                let (line_no, start) = line_starts.iter().rev().find(|(_, s)| s <= offset).unwrap();
                                println!("CANDIDATE\t{lang}\t{line_no}\t{}", paragraph[*start..*offset].trim_end());
                            }
                            score.errors.push(format!("{kind} {lang}: …{}‖{}…", &paragraph[a..*offset], &paragraph[*offset..b]));
                        }
                    }
                    paragraph.clear();
                    gold.clear();
                    line_starts.clear();
                };
                for (line_no, en, de) in lines {
                    let text = if lang == "en" { en } else { de };
                    if !paragraph.is_empty() {
                        paragraph.push(' ');
                        gold.insert(paragraph.len());
                    }
                    let line_start = paragraph.len();
                    line_starts.push((*line_no, line_start));
                    paragraph.push_str(text);
                    for after in exceptions.get(&(lang.to_string(), *line_no)).into_iter().flatten() {
                        let at = text.find(after.as_str()).unwrap_or_else(|| panic!("exception {line_no} {after:?} not in line"));
                        let offset = at + after.len();
                        let next = text[offset..].len() - text[offset..].trim_start().len();
                        gold.insert(line_start + offset + next);
                    }
                    used += 1;
                    if !ends_sentence(text) {
                        flush(&mut paragraph, &mut gold, &mut line_starts, &mut score);
                    }
                }
                flush(&mut paragraph, &mut gold, &mut line_starts, &mut score);
                assert_eq!(used, lines.len());
            }
            if verbose && *name == "bitext" {
                score.errors.iter().for_each(|e| eprintln!("{e}"));
            }
            report.push(score.line(&format!("{name} {lang}")));
            if *name == "bitext" {
                bitext_f1.push(report.last().unwrap().clone());
            }
        }
    }
    println!("\nSentence boundaries inside paragraphs, NTREX-128 newstest2019 ({} documents):\n", docs.len());
    println!("{}", report.join("\n"));
    println!("\nknown upstream exceptions used: {}", exceptions.values().map(Vec::len).sum::<usize>());
}
