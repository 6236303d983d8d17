//! End-to-end tests of TMX output: files validated against the TMX 1.4 DTD
//! with xmllint (Debian libxml2-utils) and read back with translate-toolkit,
//! a second, independent TMX reader. Both tools are required: a test fails
//! with an install hint when one is missing, unless BITEXT_SKIP_EXTERNAL=1
//! (for machines where they cannot be installed; CI installs them).

use crate::util;
use crate::util::{read, repo, write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";
const DTD: &str = "tests/fixtures/tmx14.dtd";
/// 2023-11-14T22:13:20Z.
const EPOCH: &str = "1700000000";

/// `bitext` with a fixed creation date, so that files are reproducible.
fn bitext() -> Command {
    let mut cmd = util::bitext();
    cmd.env("SOURCE_DATE_EPOCH", EPOCH);
    cmd
}

/// Aligns `source` and `target` into `dir/out.tmx` (and `dir/out.jsonl`,
/// from the same alignment) with extra arguments; returns the TMX path.
fn align(dir: &Path, source: &Path, target: &Path, extra: &[&str]) -> PathBuf {
    let tmx = dir.join("out.tmx");
    bitext()
        .arg("align")
        .arg(source)
        .arg(target)
        .arg("-o")
        .arg(&tmx)
        .arg("-o")
        .arg(dir.join("out.jsonl"))
        .args(extra)
        .assert()
        .success();
    tmx
}

/// The JSON lines written beside the TMX.
fn records(dir: &Path) -> Vec<Value> {
    read(&dir.join("out.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn is_null(record: &Value) -> bool {
    record["source"].as_array().unwrap().is_empty()
        || record["target"].as_array().unwrap().is_empty()
}

fn joined(record: &Value, side: &str) -> String {
    let texts: Vec<&str> = record[side]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    texts.join(" ")
}

fn units(tmx: &str) -> usize {
    tmx.matches("<tu ").count()
}

/// Whether an external tool is there; if not, the test fails with `hint`,
/// unless BITEXT_SKIP_EXTERNAL=1 lets it pass without the check.
fn available(probe: &mut Process, hint: &str) -> bool {
    util::external(probe.output().is_ok_and(|o| o.status.success()), hint)
}

/// Validates a file against the TMX 1.4 DTD.
fn assert_valid(tmx: &Path) {
    let mut probe = Process::new("xmllint");
    probe.arg("--version");
    if !available(
        &mut probe,
        "xmllint is missing: install libxml2-utils (apt-get install libxml2-utils)",
    ) {
        return;
    }
    let output = Process::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(repo(DTD))
        .arg(tmx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{} is not valid TMX 1.4:\n{}",
        tmx.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every unit as translate-toolkit reads it: `[tuid, source, target]`.
fn read_with_translate_toolkit(tmx: &Path) -> Option<Vec<(String, String, String)>> {
    let mut probe = Process::new("python3");
    probe.args(["-c", "import translate.storage.tmx"]);
    if !available(
        &mut probe,
        "translate-toolkit is missing: install it (pip install translate-toolkit)",
    ) {
        return None;
    }
    let script = "import json, sys\n\
        from translate.storage import tmx\n\
        store = tmx.tmxfile.parsefile(sys.argv[1])\n\
        print(json.dumps([[u.getid(), u.source, u.target] for u in store.units]))";
    let output = Process::new("python3")
        .args(["-c", script])
        .arg(tmx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "translate-toolkit cannot read {}:\n{}",
        tmx.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn the_bundled_article_is_valid_tmx_with_one_unit_per_aligned_bead() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(dir.path(), &repo(EN), &repo(DE), &[]);
    assert_valid(&path);
    let tmx = read(&path);
    assert!(tmx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
    assert!(tmx.contains("creationdate=\"20231114T221320Z\""));
    assert!(tmx.contains("srclang=\"en\""));

    let records = records(dir.path());
    let aligned: Vec<String> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !is_null(r))
        .map(|(index, _)| format!("<tu tuid=\"atlantic-council-{index:04}\">"))
        .collect();
    assert!(aligned.len() < records.len(), "the article has null beads");
    assert_eq!(units(&tmx), aligned.len());
    for tu in &aligned {
        assert!(tmx.contains(tu.as_str()), "{tu} missing");
    }
    assert!(!tmx.contains("<note"));
}

#[test]
fn translate_toolkit_reads_every_unit_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(dir.path(), &repo(EN), &repo(DE), &[]);
    let Some(units) = read_with_translate_toolkit(&path) else {
        return;
    };
    let expected: Vec<(String, String, String)> = records(dir.path())
        .iter()
        .enumerate()
        .filter(|(_, r)| !is_null(r))
        .map(|(index, r)| {
            (
                format!("atlantic-council-{index:04}"),
                joined(r, "source"),
                joined(r, "target"),
            )
        })
        .collect();
    assert_eq!(units, expected);
}

/// Sentences that XML makes awkward, one per line, with a control
/// character the reader removes (and the writer would too).
const AWKWARD_EN: &str = "Is 3 < 4 && 5 > 2?\n\
    She said \"no\" and 'yes'.\n\
    A CDATA end ]]> is plain text.\n\
    A bell\u{7} rang.\n";
const AWKWARD_DE: &str = "Ist 3 < 4 && 5 > 2?\n\
    Sie sagte „nein“ und \"ja\".\n\
    Ein CDATA-Ende ]]> ist reiner Text.\n\
    Eine Glocke\u{7} läutete.\n";

#[test]
fn awkward_text_is_escaped_and_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(dir.path(), "en.txt", AWKWARD_EN);
    let de = write(dir.path(), "de.txt", AWKWARD_DE);
    let path = align(dir.path(), &en, &de, &["--presegmented"]);
    assert_valid(&path);
    let tmx = read(&path);
    assert!(
        tmx.contains("<seg>Is 3 &lt; 4 &amp;&amp; 5 &gt; 2?</seg>"),
        "{tmx}"
    );
    assert!(tmx.contains("<seg>A CDATA end ]]&gt; is plain text.</seg>"));
    assert!(!tmx.contains('\u{7}'));
    assert_eq!(units(&tmx), 4);

    let Some(units) = read_with_translate_toolkit(&path) else {
        return;
    };
    let sources: Vec<&str> = units.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Is 3 < 4 && 5 > 2?",
            "She said \"no\" and 'yes'.",
            "A CDATA end ]]> is plain text.",
            "A bell rang.",
        ]
    );
    assert_eq!(units[1].2, "Sie sagte „nein“ und \"ja\".");
}

#[test]
fn trados_flavour_is_valid_and_types_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(
        dir.path(),
        &repo(EN),
        &repo(DE),
        &["--tmx-flavour", "trados"],
    );
    assert_valid(&path);
    let tmx = read(&path);
    assert!(tmx.contains("<prop type=\"x-Confidence:SingleString\">"));
    assert!(tmx.contains("<prop type=\"x-Document:SingleString\">atlantic-council</prop>"));
    assert!(!tmx.contains("x-confidence"));
}

#[test]
fn tmx_lang_maps_header_and_variants() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(
        dir.path(),
        &repo(EN),
        &repo(DE),
        &["--tmx-lang", "de=de-DE,en=en-US"],
    );
    assert_valid(&path);
    let tmx = read(&path);
    assert!(tmx.contains("srclang=\"en-US\""));
    let variants = tmx.matches("<tuv ").count();
    assert_eq!(
        tmx.matches("<tuv xml:lang=\"en-US\">").count(),
        variants / 2
    );
    assert_eq!(
        tmx.matches("<tuv xml:lang=\"de-DE\">").count(),
        variants / 2
    );

    bitext()
        .args(["align", EN, DE, "-f", "tmx", "--tmx-lang", "de-DE"])
        .assert()
        .code(2)
        .stderr(contains("CODE=TAG"));
}

#[test]
fn unaligned_sentences_become_header_notes_not_units() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(dir.path(), &repo(EN), &repo(DE), &["--keep-unaligned"]);
    assert_valid(&path);
    let tmx = read(&path);
    let records = records(dir.path());
    let nulls = records.iter().filter(|r| is_null(r)).count();
    assert_eq!(units(&tmx), records.len() - nulls);
    let header = &tmx[..tmx.find("</header>").expect("a header with notes")];
    assert_eq!(header.matches("<note>").count(), nulls);
    assert!(header.contains("no counterpart for de [46]: "), "{header}");
    if let Some(units) = read_with_translate_toolkit(&path) {
        assert_eq!(units.len(), records.len() - nulls, "no note read as a unit");
    }
}

#[test]
fn min_confidence_applies_to_tmx_and_json_lines() {
    let all = tempfile::tempdir().unwrap();
    let every = units(&read(&align(all.path(), &repo(EN), &repo(DE), &[])));
    let dir = tempfile::tempdir().unwrap();
    let path = align(
        dir.path(),
        &repo(EN),
        &repo(DE),
        &["--min-confidence", "0.95"],
    );
    assert_valid(&path);
    let records = records(dir.path());
    assert!(
        records
            .iter()
            .all(|r| r["confidence"].as_f64().unwrap() >= 0.95)
    );
    let confident = records.iter().filter(|r| !is_null(r)).count();
    assert!(0 < confident && confident < every, "a threshold that bites");
    assert_eq!(units(&read(&path)), confident);
}

#[test]
fn output_is_reproducible_with_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let once = read(&align(dir.path(), &repo(EN), &repo(DE), &[]));
    let twice = read(&align(dir.path(), &repo(EN), &repo(DE), &["--force"]));
    assert_eq!(once, twice);

    bitext()
        .args(["align", EN, DE, "-f", "tmx"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .assert()
        .failure()
        .stdout("")
        .stderr(contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn format_flag_writes_tmx_to_standard_output() {
    let output = bitext()
        .args(["align", EN, DE, "--format", "tmx"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.starts_with(b"<?xml"), "UTF-8 without BOM");
    assert!(output.stdout.ends_with(b"</tmx>\n"));
}

#[test]
fn segments_too_long_for_trados_cloud_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let long_en = format!(
        "{}end.\n",
        "Word and number 12. ".repeat(120).replace(". ", " ")
    );
    let long_de = format!(
        "{}Ende.\n",
        "Wort und Zahl 12. ".repeat(120).replace(". ", " ")
    );
    let en = write(dir.path(), "en.txt", &format!("Short.\n{long_en}"));
    let de = write(dir.path(), "de.txt", &format!("Kurz.\n{long_de}"));
    let tmx = dir.path().join("long.tmx");
    bitext()
        .args(["align", "--presegmented"])
        .arg(&en)
        .arg(&de)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success()
        .stderr(
            contains("warning")
                .and(contains("long.tmx"))
                .and(contains(format!(
                    "-0001: the en segment has {} characters; Trados Cloud accepts at most 2,000",
                    long_en.trim().chars().count()
                ))),
        );
    assert_valid(&tmx);
}

/// With `--tmx-units sentence`, a German sentence that translates two
/// English ones is cut at its clauses: each English sentence becomes a unit
/// with its part, marked `x-target-part`, the file stays valid TMX, and
/// translate-toolkit reads the parts, which together are the sentence.
#[test]
fn sentence_units_cut_a_joined_translation_sentence_into_marked_parts() {
    let dir = tempfile::tempdir().unwrap();
    let path = align(
        dir.path(),
        &repo(EN),
        &repo(DE),
        &["--tmx-units", "sentence"],
    );
    assert_valid(&path);
    let tmx = read(&path);
    assert!(tmx.contains(r#"<prop type="x-target-part">1/2</prop>"#));
    assert!(tmx.contains(r#"<prop type="x-target-part">2/2</prop>"#));
    let Some(units) = read_with_translate_toolkit(&path) else {
        return;
    };
    let far = units.iter().position(|u| u.1 == "Far from it.").unwrap();
    assert_eq!(units[far].2, "Im Gegenteil:");
    let whole = records(dir.path())
        .into_iter()
        .map(|r| joined(&r, "target"))
        .find(|t| t.starts_with("Im Gegenteil:"))
        .unwrap();
    assert_eq!(format!("{} {}", units[far].2, units[far + 1].2), whole);
}
