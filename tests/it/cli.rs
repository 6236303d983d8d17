//! End-to-end tests of the `bitext` command over real files.

use crate::util::{bitext, repo_text};

use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn segments_the_bundled_article_as_checked_by_eye() {
    for lang in ["de", "en"] {
        let output = bitext()
            .args(["segment", &format!("corpus/atlantic-council/{lang}.txt")])
            .output()
            .unwrap();
        assert!(output.status.success());
        let got = String::from_utf8(output.stdout).unwrap();
        let want = repo_text(&format!(
            "tests/fixtures/atlantic-council/{lang}.sentences.txt"
        ));
        assert_eq!(got, want, "segmentation of {lang}.txt changed");
    }
}

#[test]
fn the_seed_as_received_has_its_date_header_removed() {
    let output = bitext()
        .args(["segment", "--lang", "de", "seeds/000_6013f6467ab07ee7.txt"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let got = String::from_utf8(output.stdout).unwrap();
    assert!(
        got.starts_with("Die westlichen Staats- und Regierungschefs"),
        "{got}"
    );
    assert_eq!(
        got,
        repo_text("tests/fixtures/atlantic-council/de.sentences.txt")
    );
}

#[test]
fn jsonl_has_sentence_and_paragraph_ids() {
    let output = bitext()
        .args(["segment", "-f", "jsonl", "corpus/atlantic-council/de.txt"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 47);
    assert_eq!(lines[0]["sentence"], 0);
    assert_eq!(lines[0]["paragraph"], 0);
    assert_eq!(lines[46]["sentence"], 46);
    assert_eq!(lines[46]["paragraph"], 15);
    assert!(
        lines[46]["text"]
            .as_str()
            .unwrap()
            .starts_with("Die englische Originalversion")
    );
}

#[test]
fn presegmented_keeps_lines() {
    bitext()
        .args(["segment", "--presegmented", "--lang", "en", "-"])
        .write_stdin("One. Two.\nThree\n\nFour.\n")
        .assert()
        .success()
        .stdout("One. Two.\nThree\n\nFour.\n");
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("de.sentences.txt");
    bitext()
        .args(["segment", "corpus/atlantic-council/de.txt", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        repo_text("tests/fixtures/atlantic-council/de.sentences.txt")
    );
}

/// A UTF-8 original and a translation saved by Excel as "ANSI": each side
/// read in its own encoding, neither turned into mojibake.
#[test]
fn each_side_has_its_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.txt");
    let de = dir.path().join("de.txt");
    std::fs::write(&en, "The café opened in Köln. It serves crème brûlée.\n").unwrap();
    std::fs::write(
        &de,
        b"Das Caf\xE9 \xF6ffnete in K\xF6ln. Es serviert Cr\xE8me br\xFBl\xE9e.\n",
    )
    .unwrap();
    let expected = "The café opened in Köln.\tDas Café öffnete in Köln.\n\
                    It serves crème brûlée.\tEs serviert Crème brûlée.\n";
    bitext()
        .args([
            "align",
            "-f",
            "tsv",
            "--encoding",
            "windows-1252",
            "--src-encoding",
            "utf-8",
        ])
        .arg(&en)
        .arg(&de)
        .assert()
        .success()
        .stdout(expected)
        .stderr("");
    bitext()
        .args(["align", "-f", "tsv", "--tgt-encoding", "cp1252"])
        .arg(&en)
        .arg(&de)
        .assert()
        .success()
        .stdout(expected)
        .stderr("");
    // Named for both, Windows-1252 turns the UTF-8 original into mojibake.
    bitext()
        .args(["align", "-f", "tsv", "--encoding", "windows-1252"])
        .arg(&en)
        .arg(&de)
        .assert()
        .success()
        .stdout(contains("The cafÃ© opened in KÃ¶ln."));
}

#[test]
fn legacy_encoding_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alt.de.txt");
    std::fs::write(&file, b"Gr\xFC\xDFe aus K\xF6ln. Sch\xF6n!\r\n").unwrap();
    bitext()
        .args(["segment", "--encoding", "windows-1252"])
        .arg(&file)
        .assert()
        .success()
        .stdout("Grüße aus Köln.\nSchön!\n");
    bitext()
        .arg("segment")
        .arg(&file)
        .assert()
        .success()
        .stdout("Grüße aus Köln.\nSchön!\n")
        .stderr(
            contains("warning")
                .and(contains("alt.de.txt"))
                .and(contains("read as Windows-1252")),
        );
    bitext()
        .args(["segment", "--encoding", "utf-8"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(
            contains("alt.de.txt")
                .and(contains("invalid UTF-8 at byte 2"))
                .and(contains("--encoding")),
        );
}

#[test]
fn language_from_content_or_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(
        &article,
        "Der Präsident sagte, dass die Gespräche gut waren. Er ist zufrieden.",
    )
    .unwrap();
    bitext()
        .arg("segment")
        .arg(&article)
        .assert()
        .success()
        .stdout("Der Präsident sagte, dass die Gespräche gut waren.\nEr ist zufrieden.\n");
    let unknown = dir.path().join("codes.txt");
    std::fs::write(&unknown, "Xq7 zzv Brrk.").unwrap();
    bitext()
        .arg("segment")
        .arg(&unknown)
        .assert()
        .code(1)
        .stderr(
            contains("codes.txt")
                .and(contains("cannot tell the language"))
                .and(contains("--lang")),
        );
}

#[test]
fn bad_input_gets_a_clear_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.de.txt");
    std::fs::write(&empty, "\n \n").unwrap();
    let binary = dir.path().join("image.de.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (dir.path().join("missing.de.txt"), "cannot read"),
        (dir.path().to_path_buf(), "is a directory"),
        (empty, "empty"),
        (binary, "binary file"),
    ];
    for (path, message) in cases {
        bitext()
            .args(["segment", "--lang", "de"])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(contains(path.file_name().unwrap().to_str().unwrap()).and(contains(message)))
            .stderr(contains("panicked").not());
    }
}

#[test]
fn usage_errors_exit_with_2() {
    bitext().args(["segment"]).assert().code(2);
    bitext()
        .args(["segment", "--lang", "german", "x.txt"])
        .assert()
        .code(2)
        .stderr(contains("ISO 639-1"));
    bitext()
        .args(["segment", "--encoding", "ebcdic", "x.txt"])
        .assert()
        .code(2)
        .stderr(contains("windows-1252"));
}

#[test]
fn twenty_megabytes_without_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.en.txt");
    let sentence = "The U.S. economy grew 3.5 percent in Sept. and Mr. Smith said so. ";
    let count = 20_000_000 / sentence.len();
    std::fs::write(&big, sentence.repeat(count)).unwrap();
    let output = bitext().arg("segment").arg(&big).output().unwrap();
    assert!(output.status.success());
    let lines = output.stdout.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, count);
}

#[test]
fn version_completions_and_man_page() {
    bitext()
        .arg("--version")
        .assert()
        .success()
        .stdout(contains(env!("CARGO_PKG_VERSION")));
    bitext()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("segment"));
    bitext()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH bitext").and(contains("segment")));
    let dir = tempfile::tempdir().unwrap();
    bitext().arg("man").arg(dir.path()).assert().success();
    assert!(dir.path().join("bitext-segment.1").exists());
}

/// Every command that writes to standard output ends quietly, with status 0,
/// when the reader has gone (`bitext completions zsh | head`).
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    use std::process::Stdio;
    let bin = assert_cmd::cargo::cargo_bin("bitext");
    let cases: &[&[&str]] = &[
        &["completions", "zsh"],
        &["completions", "bash"],
        &["man"],
        &["segment", "corpus/atlantic-council/en.txt"],
        &[
            "align",
            "corpus/atlantic-council/en.txt",
            "corpus/atlantic-council/de.txt",
        ],
        &["--help"],
    ];
    for args in cases {
        let mut child = std::process::Command::new(&bin)
            .args(*args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes before the first byte
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// A web article pasted into text files, English and German: the title
/// label is metadata; headline, byline, share line, list items and
/// headings are segments of their own; `10 hrs. 20 min.`, `Std.`, `Mr.`,
/// `Hr.` and `Sen.` end no sentence; and every segment aligns 1-1.
#[test]
fn pasted_web_article_segments_and_aligns() {
    let dir = "tests/fixtures/web-paste";
    let segments = |lang: &str| {
        let out = bitext()
            .args(["segment", "-f", "text"])
            .arg(format!("{dir}/{lang}.txt"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    assert_eq!(
        segments("en"),
        "Harbour towns bet on slow travel\n\
         By Jane Miller, Zurich\n\
         Share on Facebook Share on X Copy link\n\
         The first night train in twenty years left Zurich on Sunday evening.\n\
         It reached Vienna before breakfast.\n\
         The journey takes 10 hrs. 20 min.\n\
         The cabins sleep two or four people.\n\
         \n\
         What passengers get\n\
         • A bed with fresh linen\n\
         • Breakfast served in the cabin\n\
         • A shower in every carriage\n\
         \n\
         Prices\n\
         1. A seat costs 39 euros.\n\
         2. A bed in a cabin for four costs 79 euros.\n\
         3. A private cabin costs 159 euros.\n\
         \n\
         Mr. Keller, the director of the railway, expects about 200 passengers a night.\n\
         Sen. Moreau from Geneva called the train a model for Europe.\n"
    );
    assert_eq!(
        segments("de"),
        "Hafenstädte setzen auf langsames Reisen\n\
         Von Jane Miller, Zürich\n\
         Auf Facebook teilen Auf X teilen Link kopieren\n\
         Der erste Nachtzug seit zwanzig Jahren verließ Zürich am Sonntagabend.\n\
         Er erreichte Wien vor dem Frühstück.\n\
         Die Fahrt dauert 10 Std. 20 Min.\n\
         Die Abteile bieten Platz für zwei oder vier Personen.\n\
         \n\
         Was die Fahrgäste bekommen\n\
         • Ein Bett mit frischer Wäsche\n\
         • Frühstück im Abteil\n\
         • Eine Dusche in jedem Wagen\n\
         \n\
         Preise\n\
         1. Ein Sitzplatz kostet 39 Euro.\n\
         2. Ein Bett im Viererabteil kostet 79 Euro.\n\
         3. Ein eigenes Abteil kostet 159 Euro.\n\
         \n\
         Hr. Keller, der Direktor der Bahn, erwartet rund 200 Fahrgäste pro Nacht.\n\
         Sen. Moreau aus Genf nannte den Zug ein Vorbild für Europa.\n"
    );
    let beads = bitext()
        .args(["align", "-f", "beads"])
        .arg(format!("{dir}/en.txt"))
        .arg(format!("{dir}/de.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let beads = String::from_utf8(beads).unwrap();
    let pairs: Vec<&str> = beads
        .lines()
        .map(|line| line.rsplit_once(':').unwrap().0)
        .collect();
    let one_to_one: Vec<String> = (0..17).map(|i| format!("[{i}]:[{i}]")).collect();
    assert_eq!(pairs, one_to_one, "{beads}");
}
