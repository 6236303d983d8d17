//! End-to-end tests of `bitext eval` over small alignments in
//! `tests/fixtures/eval/`, with the expected figures worked out by hand.

use crate::util::bitext;
use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;

const FIXTURES: &str = "tests/fixtures/eval";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = bitext()
        .arg("eval")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("--json prints one JSON object")
}

fn assert_close(value: &serde_json::Value, want: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"));
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_perfect_prediction_scores_one() {
    let gold = "corpus/atlantic-council/gold.txt";
    bitext()
        .args(["eval", gold, gold])
        .assert()
        .success()
        .stdout(contains("strict     1.0000  1.0000  1.0000"))
        .stdout(contains("lax        1.0000  1.0000  1.0000"))
        .stdout(contains("calibration: no predicted bead has a confidence"))
        .stderr("");
    let report = json(&[gold, gold]);
    assert_eq!(report["strict"]["f1"], 1.0);
    assert_eq!(report["lax"]["f1"], 1.0);
}

/// The textbook case of `src/eval.rs`: strict P/R/F1 3/6, 3/4, .6; lax 4/6,
/// 4/4, .8. Calibration over the five beads with a confidence: [0.9, 1]
/// holds .95 and 1, both right (gap .025); [0.8, 0.9) holds .8 and .85,
/// both wrong (gap .825); [0.3, 0.4) holds .3, right (gap .7).
/// ECE = (2·.025 + 2·.825 + .7) / 5 = .48.
#[test]
fn an_imperfect_prediction_gets_the_figures_worked_by_hand() {
    let (gold, pred) = (fixture("gold.txt"), fixture("pred.beads"));
    bitext()
        .args(["eval", &gold, &pred])
        .assert()
        .success()
        .stdout(contains("documents  1\nbeads      6 gold, 6 predicted\n"))
        .stdout(contains("strict     0.5000  0.7500  0.6000"))
        .stdout(contains("lax        0.6667  1.0000  0.8000"))
        .stdout(contains(
            "1-1       2      2  1.0000          4        2     0.5000",
        ))
        .stdout(contains(
            "1-2       1      0  0.0000          0        0          -",
        ))
        .stdout(contains("[0.8, 0.9)      2     0.8250    0.0000"))
        .stdout(contains("[0.9, 1.0]      2     0.9750    1.0000"))
        .stdout(contains("ECE 0.4800"))
        .stdout(contains("1 predicted bead had no confidence"));

    let report = json(&[&gold, &pred]);
    assert_eq!(report["documents"], 1);
    assert_close(&report["strict"]["precision"], 0.5);
    assert_close(&report["strict"]["recall"], 0.75);
    assert_close(&report["strict"]["f1"], 0.6);
    assert_close(&report["lax"]["precision"], 4.0 / 6.0);
    assert_close(&report["lax"]["recall"], 1.0);
    assert_close(&report["lax"]["f1"], 0.8);
    assert_eq!(
        report["types"][0],
        serde_json::json!({"type": "1-1", "gold": 2, "found": 2, "predicted": 4, "correct": 2})
    );
    let calibration = &report["calibration"];
    assert_close(&calibration["ece"], 0.48);
    assert_eq!(calibration["missing_confidence"], 1);
    let bins = calibration["bins"].as_array().unwrap();
    assert_eq!(bins.len(), 10);
    assert_close(&bins[3]["lo"], 0.3);
    assert_close(&bins[3]["hi"], 0.4);
    assert_eq!(bins[3]["count"], 1);
    assert_close(&bins[3]["mean_confidence"], 0.3);
    assert_close(&bins[3]["accuracy"], 1.0);
    assert_eq!(bins[0]["mean_confidence"], serde_json::Value::Null);
}

/// Folder mode sums counts over the textbook document and `news/merge`
/// (gold [0]:[0], [1]:[1]; predicted [0, 1]:[0, 1], laxly right only).
/// Precision: strict 3/7, lax 5/7; recall: strict 3/6, lax 6/6.
#[test]
fn folders_are_scored_together() {
    let report = json(&["--pred-ext", "beads", &fixture("gold"), &fixture("pred")]);
    assert_eq!(report["documents"], 2);
    assert_eq!(report["beads"]["gold"], 8);
    assert_eq!(report["beads"]["predicted"], 7);
    assert_close(&report["strict"]["precision"], 3.0 / 7.0);
    assert_close(&report["strict"]["recall"], 0.5);
    assert_close(&report["strict"]["f1"], 6.0 / 13.0);
    assert_close(&report["lax"]["precision"], 5.0 / 7.0);
    assert_close(&report["lax"]["recall"], 1.0);
    assert_close(&report["lax"]["f1"], 10.0 / 12.0);
    // .9 joins .95 and 1 in the top bin: mean .95, accuracy 2/3.
    assert_close(&report["calibration"]["ece"], 3.2 / 6.0);
}

#[test]
fn a_missing_prediction_is_named() {
    bitext()
        .args(["eval", &fixture("gold"), &fixture("pred")])
        .assert()
        .failure()
        .stderr(contains(
            "gold/news/merge.txt: no prediction for this gold file (expected ",
        ))
        .stderr(contains("pred/news/merge.txt)"));

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gold/a.txt", "[0]:[0]\n");
    write(dir.path(), "gold/deep/b.txt", "[0]:[0]\n");
    write(
        dir.path(),
        "pred/a.jsonl",
        "{\"source_ids\": [0], \"target_ids\": [0]}\n",
    );
    bitext()
        .args(["eval", "--pred-ext", ".jsonl"])
        .arg(dir.path().join("gold"))
        .arg(dir.path().join("pred"))
        .assert()
        .failure()
        .stderr(contains("b.txt: no prediction for this gold file"))
        .stderr(contains("deep/b.jsonl)"));
}

#[test]
fn a_malformed_line_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.txt", "[0]:[0]\n[1]:[1]\n");
    let pred = write(dir.path(), "pred.txt", "[0]:[0]\n\n[1]-[1]\n");
    bitext()
        .args(["eval", &gold, &pred])
        .assert()
        .failure()
        .stdout("")
        .stderr(contains(
            "pred.txt:3: not a bead (no ':' after the source ids)",
        ));
}

#[test]
fn a_sentence_in_two_beads_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.txt", "[0]:[0]\n[0]:[1]\n");
    bitext()
        .args(["eval", &gold, &gold])
        .assert()
        .failure()
        .stderr(contains(
            "gold.txt:2: source sentence 0 is already in the bead on line 1",
        ));
}

#[test]
fn different_coverage_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.txt", "[0]:[0]\n[1]:[1]\n");
    let pred = write(
        dir.path(),
        "pred.jsonl",
        "{\"source_ids\": [0], \"target_ids\": [0], \"text\": \"A.\"}\n",
    );
    bitext()
        .args(["eval", &gold, &pred])
        .assert()
        .success()
        .stdout(contains("strict     1.0000  0.5000  0.6667"))
        .stderr(contains("warning:"))
        .stderr(contains(
            "(source 1 only in the gold; target 1 only in the gold)",
        ));
}

#[test]
fn pred_ext_needs_folders_and_paths_must_match_in_kind() {
    let gold = fixture("gold.txt");
    bitext()
        .args(["eval", "--pred-ext", "beads", &gold, &fixture("pred.beads")])
        .assert()
        .failure()
        .stderr(contains(
            "--pred-ext only applies when GOLD and PRED are folders",
        ));
    bitext()
        .args(["eval", &gold, &fixture("pred")])
        .assert()
        .failure()
        .stderr(contains("must both be alignment files or both be folders"));
    bitext()
        .args(["eval", &gold, "no-such-file.txt"])
        .assert()
        .failure()
        .stderr(contains("no-such-file.txt: cannot read the file"));
}

#[test]
fn help_explains_the_metrics() {
    bitext()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(contains("Strict: a bead is right if"))
        .stdout(contains("--pred-ext <EXT>"))
        .stdout(contains("--json").and(contains("Examples:")));
}
