//! End-to-end tests of `bitext align`: the bundled article against its gold
//! alignment, the output formats, presegmented input, dictionaries, and the
//! errors a user can make.

use crate::util::{bitext, repo_text, write};
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "bitext failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A bead line without its confidence: `[0, 1]:[0]:0.9312` → `[0, 1]:[0]`,
/// checking on the way that the confidence is a probability with four
/// decimals.
fn strip_confidence(line: &str) -> String {
    let (ids, confidence) = line.rsplit_once(':').expect("ids:confidence");
    let (_, decimals) = confidence.split_once('.').expect("a decimal point");
    assert_eq!(decimals.len(), 4, "{line}");
    let value: f64 = confidence.parse().unwrap();
    assert!((0.0..=1.0).contains(&value), "{line}");
    ids.to_string()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The sentences `bitext segment` finds: (text, paragraph) in order.
fn sentences(path: &str, extra: &[&str]) -> Vec<(String, u64)> {
    let out = stdout_of(
        bitext()
            .args(["segment", "-f", "jsonl"])
            .args(extra)
            .arg(path),
    );
    jsonl(&out)
        .iter()
        .enumerate()
        .map(|(k, s)| {
            assert_eq!(s["sentence"], k);
            (
                s["text"].as_str().unwrap().to_string(),
                s["paragraph"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn ids(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect()
}

fn notation(source: &[usize], target: &[usize]) -> String {
    let list = |ids: &[usize]| {
        let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
        format!("[{}]", ids.join(", "))
    };
    format!("{}:{}", list(source), list(target))
}

#[test]
fn the_bundled_article_matches_its_gold_alignment() {
    let out = stdout_of(bitext().args(["align", EN, DE]));
    let got: Vec<String> = out.lines().map(strip_confidence).collect();
    let gold: Vec<String> = repo_text("corpus/atlantic-council/gold.txt")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(got, gold);
}

#[test]
fn jsonl_output_has_every_field_and_the_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let records = jsonl(&std::fs::read_to_string(&out).unwrap());
    let (en, de) = (sentences(EN, &[]), sentences(DE, &[]));
    let beads = stdout_of(bitext().args(["align", EN, DE]));
    let beads: Vec<&str> = beads.lines().collect();
    assert_eq!(records.len(), beads.len());

    let fields = [
        "doc",
        "bead",
        "source_ids",
        "target_ids",
        "source",
        "target",
        "confidence",
        "source_paragraphs",
        "target_paragraphs",
        "source_lang",
        "target_lang",
    ];
    let (mut next_source, mut next_target) = (0, 0);
    for (record, bead_line) in records.iter().zip(&beads) {
        let object = record.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = fields.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "{record}");

        assert_eq!(record["doc"], "atlantic-council");
        assert_eq!(record["source_lang"], "en");
        assert_eq!(record["target_lang"], "de");
        let (s, t) = (ids(&record["source_ids"]), ids(&record["target_ids"]));
        assert_eq!(record["bead"], format!("{}-{}", s.len(), t.len()));
        // Same beads as the beads format, same confidence to four decimals.
        assert_eq!(notation(&s, &t), strip_confidence(bead_line));
        let confidence = record["confidence"].as_f64().unwrap();
        let printed: f64 = bead_line.rsplit_once(':').unwrap().1.parse().unwrap();
        assert!(
            (confidence - printed).abs() <= 1e-4,
            "{record} / {bead_line}"
        );
        // Every sentence once, in order.
        assert!(s.iter().copied().eq(next_source..next_source + s.len()));
        assert!(t.iter().copied().eq(next_target..next_target + t.len()));
        next_source += s.len();
        next_target += t.len();
        // Texts and paragraphs are those of the sentences.
        let texts = |side: &[(String, u64)], ids: &[usize]| -> Vec<String> {
            ids.iter().map(|&i| side[i].0.clone()).collect()
        };
        let paragraphs = |side: &[(String, u64)], ids: &[usize]| -> Vec<u64> {
            let mut p: Vec<u64> = ids.iter().map(|&i| side[i].1).collect();
            p.dedup();
            p
        };
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(strings(&record["source"]), texts(&en, &s));
        assert_eq!(strings(&record["target"]), texts(&de, &t));
        let numbers = |v: &Value| -> Vec<u64> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect()
        };
        assert_eq!(numbers(&record["source_paragraphs"]), paragraphs(&en, &s));
        assert_eq!(numbers(&record["target_paragraphs"]), paragraphs(&de, &t));
    }
    assert_eq!((next_source, next_target), (en.len(), de.len()));
}

#[test]
fn format_flag_and_file_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let beads_file = dir.path().join("out.beads");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&beads_file)
        .assert()
        .success();
    let stdout = stdout_of(bitext().args(["align", EN, DE]));
    assert_eq!(std::fs::read_to_string(&beads_file).unwrap(), stdout);

    // --format wins over the extension, and works on standard output.
    let odd = dir.path().join("out.xyz");
    bitext()
        .args(["align", EN, DE, "--format", "jsonl", "-o"])
        .arg(&odd)
        .assert()
        .success();
    let jsonl_stdout = stdout_of(bitext().args(["align", EN, DE, "-f", "jsonl"]));
    assert_eq!(std::fs::read_to_string(&odd).unwrap(), jsonl_stdout);
    assert_eq!(jsonl(&jsonl_stdout).len(), stdout.lines().count());
}

#[test]
fn an_unknown_extension_without_format_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xyz");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("out.xyz").and(contains("--format")));
    assert!(!out.exists(), "no file written");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    bitext()
        .args(["align", EN, DE, "--format", "tmx9"])
        .assert()
        .code(2)
        .stderr(contains("tmx9"));
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.beads");
    bitext()
        .args(["align", EN, "corpus/atlantic-council/fr.txt", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("corpus/atlantic-council/fr.txt"));
    assert!(!out.exists(), "no file written");
    bitext()
        .args(["align", "no-such-source.en.txt", DE])
        .assert()
        .code(1)
        .stderr(contains("no-such-source.en.txt"));
}

#[test]
fn presegmented_input_keeps_lines_and_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    // Line 0 holds two sentences, which --presegmented must not split; the
    // two lines of the first paragraph must not be joined.
    let en = write(
        dir.path(),
        "talks.en",
        "Dr. Smith arrived in Kyiv on 3 May. He met Zelenskyy.\n\
         The talks lasted 2 hours.\n\
         \n\
         A second round with 12 delegations follows in June.\n",
    );
    let de = write(
        dir.path(),
        "talks.de",
        "Dr. Smith traf am 3. Mai in Kiew ein. Er traf Selenskyj.\n\
         Die Gespräche dauerten 2 Stunden.\n\
         \n\
         Eine zweite Runde mit 12 Delegationen folgt im Juni.\n",
    );
    let out = stdout_of(
        bitext()
            .args([
                "align",
                "--presegmented",
                "--src-lang",
                "en",
                "--tgt-lang",
                "de",
                "-f",
                "jsonl",
            ])
            .arg(&en)
            .arg(&de),
    );
    let records = jsonl(&out);
    let got: Vec<(String, Value, Value, Value, Value)> = records
        .iter()
        .map(|r| {
            (
                notation(&ids(&r["source_ids"]), &ids(&r["target_ids"])),
                r["source"].clone(),
                r["target"].clone(),
                r["source_paragraphs"].clone(),
                r["target_paragraphs"].clone(),
            )
        })
        .collect();
    let want = vec![
        (
            "[0]:[0]".to_string(),
            serde_json::json!(["Dr. Smith arrived in Kyiv on 3 May. He met Zelenskyy."]),
            serde_json::json!(["Dr. Smith traf am 3. Mai in Kiew ein. Er traf Selenskyj."]),
            serde_json::json!([0]),
            serde_json::json!([0]),
        ),
        (
            "[1]:[1]".to_string(),
            serde_json::json!(["The talks lasted 2 hours."]),
            serde_json::json!(["Die Gespräche dauerten 2 Stunden."]),
            serde_json::json!([0]),
            serde_json::json!([0]),
        ),
        (
            "[2]:[2]".to_string(),
            serde_json::json!(["A second round with 12 delegations follows in June."]),
            serde_json::json!(["Eine zweite Runde mit 12 Delegationen folgt im Juni."]),
            serde_json::json!([1]),
            serde_json::json!([1]),
        ),
    ];
    assert_eq!(got, want, "{out}");
    // talks.en and talks.de: their common name names the document.
    assert!(records.iter().all(|r| r["doc"] == "talks"), "{out}");
    assert!(
        records
            .iter()
            .all(|r| r["source_lang"] == "en" && r["target_lang"] == "de")
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["beads", "jsonl"] {
        let (a, b) = (
            dir.path().join(format!("a.{ext}")),
            dir.path().join(format!("b.{ext}")),
        );
        for out in [&a, &b] {
            bitext()
                .args(["align", EN, DE, "-o"])
                .arg(out)
                .assert()
                .success();
        }
        let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(!a.is_empty());
        assert!(a == b, "{ext} output differs between two runs");
    }
}

#[test]
fn max_bead_limits_bead_sides() {
    let out = stdout_of(bitext().args(["align", "--max-bead", "1", EN, DE]));
    let mut sources = 0;
    let mut targets = 0;
    for line in out.lines() {
        let ids = strip_confidence(line);
        let (s, t) = ids.split_once(':').unwrap();
        let count = |side: &str| {
            side.trim_matches(['[', ']'])
                .split(", ")
                .filter(|x| !x.is_empty())
                .count()
        };
        assert!(count(s) <= 1 && count(t) <= 1, "{line}");
        sources += count(s);
        targets += count(t);
    }
    // Every sentence is still aligned (or left out) exactly once.
    assert_eq!(sources, sentences(EN, &[]).len());
    assert_eq!(targets, sentences(DE, &[]).len());
    for bad in ["0", "9", "two"] {
        bitext()
            .args(["align", "--max-bead", bad, EN, DE])
            .assert()
            .code(2);
    }
}

// The alpine case of tests/align_cases.rs: English 1 ("Children carried
// bells.") is joined to English 0 in the German; only the dictionary knows.
const ALPINE_EN: &str = "\
Yesterday the farmers of the upper valley drove their cattle down from the high summer pastures, as they do every autumn.
Children carried bells.
In the evening the whole village celebrated the return of the herds with music, dancing and a long dinner.
";
const ALPINE_DE: &str = "\
Wie jeden Herbst trieben die Bauern des oberen Tals gestern ihr Vieh von den Sommerweiden herab, Kinder trugen Glocken.
Am Abend feierte das ganze Dorf die Rückkehr der Herden mit Musik, Tanz und einem langen Essen.
";

#[test]
fn dictionaries_in_both_formats_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(dir.path(), "en.txt", ALPINE_EN);
    let de = write(dir.path(), "de.txt", ALPINE_DE);
    let hunalign = write(
        dir.path(),
        "alpine.dic",
        "Kinder @ children\ntrugen @ carried\nGlocken @ bells\n",
    );
    let tsv = write(
        dir.path(),
        "alpine.tsv",
        "# source<TAB>target\nchildren\tKinder\ncarried\ttrugen\nbells\tGlocken\n",
    );
    let run = |dict: Option<&Path>| {
        let mut cmd = bitext();
        cmd.args(["align", "--presegmented"]).arg(&en).arg(&de);
        if let Some(dict) = dict {
            cmd.arg("--dict").arg(dict);
        }
        stdout_of(&mut cmd)
    };
    let with_hunalign = run(Some(&hunalign));
    let with_tsv = run(Some(&tsv));
    assert_eq!(with_hunalign, with_tsv, "the same entries in either format");
    let got: Vec<String> = with_hunalign.lines().map(strip_confidence).collect();
    assert_eq!(got, ["[0, 1]:[0]", "[2]:[1]"], "{with_hunalign}");

    let confidence = |out: &str| -> f64 {
        out.lines()
            .next()
            .unwrap()
            .rsplit_once(':')
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    let without = run(None);
    assert!(
        confidence(&with_hunalign) >= confidence(&without) + 0.2,
        "the dictionary should make the aligner surer:\nwithout:\n{without}\nwith:\n{with_hunalign}"
    );
}

#[test]
fn a_malformed_dictionary_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = write(
        dir.path(),
        "broken.dic",
        "# comment\nKinder @ children\nGlocken bells\n",
    );
    bitext()
        .args(["align", EN, DE, "--dict"])
        .arg(&dict)
        .assert()
        .code(1)
        .stderr(contains("broken.dic").and(contains("line 3")));
    bitext()
        .args(["align", EN, DE, "--dict", "no-such.dic"])
        .assert()
        .code(1)
        .stderr(contains("no-such.dic"));
}

/// Numeric options are checked before any work: costs must be finite
/// numbers from 0 to 100 (an infinite one made the lattice fail, NaN and
/// negative ones gave nonsense), threads from 1 to 1024 (100,000 hung).
#[test]
fn numeric_options_out_of_range_are_usage_errors() {
    let en = "corpus/atlantic-council/en.txt";
    let de = "corpus/atlantic-council/de.txt";
    for (flag, value) in [
        ("--null-cost", "inf"),
        ("--null-cost", "1e308"),
        ("--null-cost", "NaN"),
        ("--null-cost", "-1"),
        ("--null-extend", "-0.5"),
        ("--null-extend", "infinity"),
    ] {
        bitext()
            .args(["align", en, de, &format!("{flag}={value}")])
            .assert()
            .code(2)
            .stderr(contains(flag).and(contains("from 0 to 100").or(contains("not a number"))));
    }
    for threads in ["100000", "0", "1025"] {
        bitext()
            .args([
                "batch",
                "corpus",
                "-o",
                "/nonexistent-bitext-out",
                "--threads",
                threads,
            ])
            .assert()
            .code(2)
            .stderr(contains("--threads"));
    }
    // The limits themselves are accepted and give a real alignment.
    let out =
        stdout_of(bitext().args(["align", en, de, "--null-cost", "100", "--null-extend", "0"]));
    assert!(out.lines().count() > 10, "{out}");
}

/// A word repeated more than 65,535 times on one side (a counter of 16
/// bits once overflowed) still aligns every sentence exactly once.
#[test]
fn a_word_repeated_seventy_thousand_times_aligns() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Katze ".repeat(100);
    let source: String = (0..700)
        .map(|i| format!("{} {i}.\n", line.trim()))
        .collect();
    let target: String = (0..700)
        .map(|i| {
            format!(
                "{} {i}.\n",
                "Katze ".repeat(100).trim().replace("Katze", "Katzen")
            )
        })
        .collect();
    let (en, de) = (
        write(dir.path(), "a.de.txt", &source),
        write(dir.path(), "b.de.txt", &target),
    );
    let out = stdout_of(
        bitext()
            .args([
                "align",
                "--presegmented",
                "--src-lang",
                "de",
                "--tgt-lang",
                "de",
            ])
            .arg(&en)
            .arg(&de),
    );
    let beads: Vec<&str> = out.lines().collect();
    assert_eq!(beads.len(), 700, "one 1-1 bead per numbered line");
    assert!(
        beads
            .iter()
            .enumerate()
            .all(|(i, b)| b.starts_with(&format!("[{i}]:[{i}]:")))
    );
}

/// `--encoding utf-16be` decodes big-endian (it was read as little-endian:
/// garbage with exit 0); UTF-16 without a BOM read as UTF-8 is named.
#[test]
fn utf16_big_endian_and_without_bom() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Die Katze schläft. Der Hund bellt.\n";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let path = dir.path().join("be.de.txt");
    std::fs::write(&path, &be).unwrap();
    let out = stdout_of(
        bitext()
            .args(["segment", "--encoding", "utf-16be"])
            .arg(&path),
    );
    assert_eq!(out, "Die Katze schläft.\nDer Hund bellt.\n");
    bitext().arg("segment").arg(&path).assert().code(1).stderr(
        contains("be.de.txt")
            .and(contains("UTF-16"))
            .and(contains("--encoding utf-16be")),
    );
}

/// The beads of `bitext align` with `args`, without their confidences.
fn bead_ids(args: &[&str], source: &Path, target: &Path) -> Vec<String> {
    let out = stdout_of(bitext().arg("align").args(args).arg(source).arg(target));
    out.lines().map(strip_confidence).collect()
}

fn one_to_one(n: usize) -> Vec<String> {
    (0..n).map(|i| notation(&[i], &[i])).collect()
}

/// A Greek question ends at `;`, so the Greek side has as many sentences as
/// the English one (the generic rules ran questions into the next sentence).
#[test]
fn greek_and_english_align_one_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let el = write(
        dir.path(),
        "plan.el",
        "Η κυβέρνηση ανακοίνωσε χθες ένα νέο σχέδιο για την ενέργεια. \
         Το σχέδιο θα κοστίσει 120 εκατομμύρια ευρώ μέχρι το 2030. \
         Πότε θα ξεκινήσουν τα έργα; \
         Ο υπουργός είπε ότι τα πρώτα έργα θα ξεκινήσουν τον Μάρτιο σε 14 πόλεις της χώρας. \
         Η αντιπολίτευση ζήτησε περισσότερες λεπτομέρειες.\n",
    );
    let en = write(
        dir.path(),
        "plan.en",
        "The government announced a new energy plan yesterday. \
         The plan will cost 120 million euros until 2030. \
         When will the works begin? \
         The minister said that the first works would begin in March in 14 cities of the country. \
         The opposition asked for more details.\n",
    );
    let args = ["--src-lang", "el", "--tgt-lang", "en"];
    assert_eq!(bead_ids(&args, &el, &en), one_to_one(5));
}

/// Korean aligns with its languages given, and without them: Hangul is
/// letters, and detected as Korean (it was "no letters").
#[test]
fn korean_and_english_align_one_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let ko = write(
        dir.path(),
        "plan-korean.txt",
        "정부는 어제 새로운 에너지 계획을 발표했다. \
         이 계획은 2030년까지 모든 학교에 태양광 패널 500개를 설치할 것이다. \
         공사는 언제 시작되나요? \
         장관은 첫 공사가 3월에 14개 도시에서 시작될 것이라고 말했다. \
         야당은 더 자세한 설명을 요구했다.\n",
    );
    let en = write(
        dir.path(),
        "plan-english.txt",
        "The government announced a new energy plan yesterday. \
         The plan will install 500 solar panels in every school by 2030. \
         When will the works begin? \
         The minister said that the first works would begin in March in 14 cities. \
         The opposition asked for more details.\n",
    );
    let args = ["--src-lang", "ko", "--tgt-lang", "en"];
    assert_eq!(bead_ids(&args, &ko, &en), one_to_one(5));
    assert_eq!(bead_ids(&[], &ko, &en), one_to_one(5));
}

/// Arabic text is letters: `bitext segment` detects the language and splits
/// at the Arabic question mark, not at the Arabic comma.
#[test]
fn arabic_is_detected_and_segmented() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "market.txt",
        "ذهب الرجل إلى السوق في الصباح. هل اشترى الخبز؟ نعم، اشترى الخبز والحليب من المتجر.\n",
    );
    let out = stdout_of(bitext().arg("segment").arg(&path));
    assert_eq!(
        out,
        "ذهب الرجل إلى السوق في الصباح.\nهل اشترى الخبز؟\nنعم، اشترى الخبز والحليب من المتجر.\n"
    );
}
