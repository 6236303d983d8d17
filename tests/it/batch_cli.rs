//! `bitext batch`: the bundled corpus, faults, determinism, resuming.

use crate::util::{bitext, read, repo, repo_text};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use predicates::str::contains;

/// Copies the NTREX pairs of the bundled corpus `copies` times under `dir`.
fn replicate(dir: &Path, copies: usize) -> PathBuf {
    let root = dir.join("input");
    let ntrex = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ntrex");
    for copy in 0..copies {
        for entry in std::fs::read_dir(&ntrex).unwrap() {
            let pair = entry.unwrap().path();
            if !pair.is_dir() {
                continue;
            }
            let to = root
                .join(format!("c{copy:03}"))
                .join(pair.file_name().unwrap());
            std::fs::create_dir_all(&to).unwrap();
            for lang in ["en", "de"] {
                std::fs::copy(
                    pair.join(format!("{lang}.txt")),
                    to.join(format!("{lang}.txt")),
                )
                .unwrap();
            }
        }
    }
    root
}

#[test]
fn the_bundled_corpus_matches_its_gold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "corpus", "--gold", "--json", "--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["documents"], 20);
    assert_eq!(summary["aligned"], 20);
    assert_eq!(summary["gold"]["strict"]["f1"], 1.0);
    let corpus = read(&out.join("corpus.jsonl"));
    assert!(
        corpus
            .lines()
            .any(|l| l.starts_with("{\"doc\":\"atlantic-council\""))
    );
    assert!(
        corpus
            .lines()
            .any(|l| l.starts_with("{\"doc\":\"ntrex/bbc.381735\""))
    );
    let csv = read(&out.join("summary.csv"));
    assert_eq!(csv.lines().count(), 21, "header and one row per document");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("atlantic-council,aligned,45,47,43,")
    );
}

#[test]
fn bad_documents_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let write = |pair: &str, lang: &str, bytes: &[u8]| {
        let folder = input.join(pair);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("{lang}.txt")), bytes).unwrap();
    };
    let en = b"The minister spoke on Monday. She promised 200 new schools by 2027.";
    write("good", "en", en);
    write(
        "good",
        "de",
        "Die Ministerin sprach am Montag. Sie versprach 200 neue Schulen bis 2027.".as_bytes(),
    );
    write("empty", "en", en);
    write("empty", "de", b"\n\n");
    write("latin1", "en", en);
    write(
        "latin1",
        "de",
        b"Die Ministerin sprach am Montag \xfcber Schulen.",
    );
    write("russian", "en", en);
    write(
        "russian",
        "de",
        // Windows-1251: not UTF-8, and not Windows-1252 text either.
        b"\xc2\xf7\xe5\xf0\xe0 \xec\xe8\xed\xe8\xf1\xf2\xf0 \xe3\xee\xe2\xee\xf0\xe8\xeb\xe0.",
    );
    write("french", "en", en);
    write(
        "french",
        "de",
        "La ministre a parlé lundi devant les élus de la région. Elle a promis 200 nouvelles \
         écoles pour 2027, et elle a dit que les enseignants seront mieux payés dans les villes \
         comme dans les villages de la montagne."
            .as_bytes(),
    );
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("3 of 5 document pairs failed"), "{stderr}");
    // The options that mend failures are named, each once.
    assert_eq!(
        stderr
            .matches("hint: name the encoding with --encoding")
            .count(),
        1,
        "{stderr}"
    );
    assert_eq!(stderr.matches("--trust-lang").count(), 1, "{stderr}");
    let summary = read(&out.join("summary.csv"));
    let status = |id: &str| {
        summary
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap()
            .to_string()
    };
    assert!(status("good").contains(",aligned,"));
    assert!(status("empty").contains("failed") && status("empty").contains("empty"));
    assert!(status("latin1").contains(",aligned,"));
    assert!(status("latin1").contains("de.txt: not UTF-8 (byte 32, line 1), read as Windows-1252"));
    assert!(status("russian").contains("invalid UTF-8"));
    assert!(
        status("french").contains("the text is in French (fr), not in German (de) as declared"),
        "{summary}"
    );
    let corpus = read(&out.join("corpus.tsv"));
    assert!(
        corpus.contains("Die Ministerin sprach am Montag.\n")
            && corpus.contains("Die Ministerin sprach am Montag über Schulen.")
            && !corpus.contains("La ministre"),
        "the good and the Windows-1252 pair only: {corpus}"
    );
}

#[test]
fn usage_errors_exit_with_2_and_missing_input_with_1() {
    bitext().args(["batch", "corpus"]).assert().code(2);
    bitext()
        .args(["batch", "corpus", "-o", "x", "--format", "pdf"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    bitext()
        .args(["batch", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("nothing-here"))
        .assert()
        .code(1)
        .stderr(contains("nothing-here"));
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = replicate(dir.path(), 2);
    let run = |threads: &str| {
        let out = dir.path().join(format!("out{threads}"));
        bitext()
            .args([
                "batch",
                "--quiet",
                "--format",
                "jsonl,tsv,moses",
                "--threads",
                threads,
                "-o",
            ])
            .arg(&out)
            .arg(&input)
            .assert()
            .success();
        out
    };
    let (one, two) = (run("1"), run("2"));
    for name in [
        "corpus.jsonl",
        "corpus.tsv",
        "corpus.en",
        "corpus.de",
        "summary.csv",
    ] {
        assert_eq!(
            read(&one.join(name)),
            read(&two.join(name)),
            "{name} differs"
        );
    }
}

#[test]
fn existing_corpus_files_need_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    bitext()
        .args(["batch", "corpus", "--quiet", "-o"])
        .arg(&out)
        .assert()
        .success();
    bitext()
        .args(["batch", "corpus", "--quiet", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    bitext()
        .args(["batch", "corpus", "--quiet", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn a_killed_run_resumes_to_the_same_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let input = replicate(dir.path(), 6);
    let reference = dir.path().join("reference");
    bitext()
        .args(["batch", "--quiet", "--threads", "2", "-o"])
        .arg(&reference)
        .arg(&input)
        .assert()
        .success();

    // Start a run and kill it once some documents are done.
    let out = dir.path().join("out");
    let mut child = batch_until_stored(&input, &out, 10);
    child.kill().ok();
    child.wait().unwrap();
    let finished_before = stored(&out);
    assert!(
        finished_before > 0,
        "the run was killed before any document was done"
    );
    assert!(
        !out.join("corpus.jsonl").exists() || finished_before == 114,
        "no corpus from a killed run"
    );

    bitext()
        .args(["batch", "--resume", "--threads", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("from the earlier run"));
    for name in ["corpus.jsonl", "corpus.tsv", "summary.csv"] {
        assert_eq!(
            read(&reference.join(name)),
            read(&out.join(name)),
            "{name} differs after resuming"
        );
    }
    assert_eq!(
        temporaries(&out),
        Vec::<PathBuf>::new(),
        "left by the killed run"
    );
}

/// How many documents a batch writing to `out` has finished.
fn stored(out: &Path) -> usize {
    std::fs::read_dir(out.join(".bitext/documents")).map_or(0, |d| d.count())
}

/// Starts a one-thread batch of `input` into `out` and returns once it has
/// finished `documents` documents (or ended, or after a minute).
fn batch_until_stored(input: &Path, out: &Path, documents: usize) -> std::process::Child {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .args(["batch", "--quiet", "--threads", "1", "-o"])
        .arg(out)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while stored(out) < documents && start.elapsed() < Duration::from_secs(60) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

/// bitext's temporary files anywhere below `dir`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if entry.file_name().to_string_lossy().starts_with(".bitext-") {
                found.push(path);
            }
        }
    }
    found
}

/// SIGTERM (as Ctrl-C) ends a batch with status 130 and removes the
/// temporary files it was writing.
#[cfg(unix)]
#[test]
fn a_terminated_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = replicate(dir.path(), 6);
    let out = dir.path().join("out");
    let mut child = batch_until_stored(&input, &out, 5);
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it was stopped"
    );
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
}

/// Temporaries a killed process left (its id no longer runs) are removed
/// at the next run in that folder; those of running processes are not.
#[cfg(target_os = "linux")]
#[test]
fn stale_temporaries_are_removed_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".bitext-4294967295-Ab12Cd.tmp");
    let live = dir
        .path()
        .join(format!(".bitext-{}-Ab12Cd.tmp", std::process::id()));
    let other = dir.path().join(".bitextnotes.tmp");
    for path in [&stale, &live, &other] {
        std::fs::write(path, "x").unwrap();
    }
    bitext()
        .args([
            "align",
            "corpus/atlantic-council/en.txt",
            "corpus/atlantic-council/de.txt",
            "-o",
        ])
        .arg(dir.path().join("out.tsv"))
        .assert()
        .success();
    assert!(!stale.exists(), "left by a process that is gone");
    assert!(
        live.exists() && other.exists(),
        "not stale, or not bitext's"
    );
}

/// A manifest's ids name files only below OUTDIR/documents: `..`, absolute
/// paths and a link planted inside the output folder never carry an output
/// outside it; the original id stays in the output.
#[test]
fn manifest_ids_never_write_outside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::write(texts.join("a.en.txt"), "The cat sleeps. The dog barks.").unwrap();
    std::fs::write(texts.join("a.de.txt"), "Die Katze schläft. Der Hund bellt.").unwrap();
    let victim = dir.path().join("victim.tmx");
    let manifest = dir.path().join("list.tsv");
    std::fs::write(
        &manifest,
        format!(
            "id\tsource\ttarget\n../../victim\ttexts/a.en.txt\ttexts/a.de.txt\n{}\ttexts/a.en.txt\ttexts/a.de.txt\nsub/.hidden\ttexts/a.en.txt\ttexts/a.de.txt\n",
            dir.path().join("victim").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    bitext()
        .args(["batch", "--per-document", "--quiet", "-f", "tmx", "-o"])
        .arg(&out)
        .arg(&manifest)
        .assert()
        .success();
    assert!(!victim.exists(), "an id wrote outside OUTDIR");
    let mut written: Vec<String> = Vec::new();
    let mut stack = vec![out.join("documents")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(out.join("documents")).unwrap();
                written.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    written.sort();
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(
        written
            .iter()
            .all(|w| !w.contains("..") && !w.split('/').any(|p| p.starts_with('.'))),
        "{written:?}"
    );
    let victim_doc = written
        .iter()
        .find(|w| w.starts_with("victim~"))
        .expect("../../victim kept as victim~hash");
    assert!(
        read(&out.join("documents").join(victim_doc))
            .contains("<prop type=\"x-document\">../../victim</prop>")
    );

    // A link planted in the output folder is refused, not followed.
    #[cfg(unix)]
    {
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::remove_dir_all(out.join("documents/sub")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("documents/sub")).unwrap();
        bitext()
            .args([
                "batch",
                "--per-document",
                "--quiet",
                "--force",
                "-f",
                "tmx",
                "-o",
            ])
            .arg(&out)
            .arg(&manifest)
            .assert()
            .code(1)
            .stderr(contains("outside the output folder"));
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}

/// Manifest inputs outside the manifest's folder are aligned, and listed.
#[test]
fn manifest_inputs_outside_its_folder_are_listed_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.en.txt"),
        "The cat sleeps. The dog barks.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.de.txt"),
        "Die Katze schläft. Der Hund bellt.",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("lists")).unwrap();
    let manifest = dir.path().join("lists/list.csv");
    std::fs::write(&manifest, "id,source,target\na,../a.en.txt,../a.de.txt\n").unwrap();
    let out = dir.path().join("out");
    bitext()
        .args(["batch", "--quiet", "-o"])
        .arg(&out)
        .arg(&manifest)
        .assert()
        .success();
    let summary = read(&out.join("summary.csv"));
    assert!(
        summary.contains("input outside the manifest's folder"),
        "{summary}"
    );
    assert!(
        summary.contains("a.en.txt") && summary.contains("a.de.txt"),
        "{summary}"
    );
}

/// summary.csv is opened in spreadsheets: ids and messages that start like
/// a formula are written as text (a leading '), aligned and failed alike.
#[test]
fn summary_csv_cells_never_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.en.txt"),
        "The cat sleeps. The dog barks.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.de.txt"),
        "Die Katze schläft. Der Hund bellt.",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.de.txt"), "").unwrap();
    let manifest = dir.path().join("list.csv");
    std::fs::write(
        &manifest,
        "id,source,target\n\"=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",a.en.txt,a.de.txt\n@SUM(A1),a.en.txt,empty.de.txt\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    bitext()
        .args(["batch", "--quiet", "-o"])
        .arg(&out)
        .arg(&manifest)
        .assert()
        .code(1);
    let summary = read(&out.join("summary.csv"));
    let mut reader = csv::Reader::from_reader(summary.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        ids,
        ["'=HYPERLINK(\"http://x.example\",\"click\")", "'@SUM(A1)"],
        "{summary}"
    );
}

/// `--resume` reuses a stored document only if it was made from the same
/// inputs and settings: a changed setting or an edited file is aligned
/// again, counted, and the corpus is that of a fresh run.
#[test]
fn resume_realigns_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let input = replicate(dir.path(), 1);
    let out = dir.path().join("out");
    let batch = |extra: &[&str]| -> serde_json::Value {
        let output = bitext()
            .args([
                "batch",
                "--json",
                "--quiet",
                "--lexicon",
                "document",
                "-f",
                "tsv",
                "-o",
            ])
            .arg(&out)
            .arg(&input)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let first = batch(&[]);
    let documents = first["documents"].as_u64().unwrap();
    let again = batch(&["--resume"]);
    assert_eq!(
        (again["resumed"].as_u64(), again["stale"].as_u64()),
        (Some(documents), Some(0))
    );
    // Another setting: everything is aligned again, as a fresh run would.
    let changed = batch(&["--resume", "--null-cost", "1"]);
    assert_eq!(changed["stale"].as_u64(), Some(documents), "{changed}");
    assert_eq!(changed["resumed"].as_u64(), Some(0));
    let resumed_corpus = read(&out.join("corpus.tsv"));
    let fresh = dir.path().join("fresh");
    bitext()
        .args([
            "batch",
            "--quiet",
            "--lexicon",
            "document",
            "-f",
            "tsv",
            "--null-cost",
            "1",
            "-o",
        ])
        .arg(&fresh)
        .arg(&input)
        .assert()
        .success();
    assert_eq!(resumed_corpus, read(&fresh.join("corpus.tsv")));
    // An edited input: that document alone.
    let pair = std::fs::read_dir(input.join("c000"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let de = pair.join("de.txt");
    let text = read(&de);
    assert!(text.contains(" die "), "{text}");
    std::fs::write(&de, text.replacen(" die ", " die Zwischenwortneu ", 1)).unwrap();
    let edited = batch(&["--resume", "--null-cost", "1"]);
    assert_eq!(
        (edited["stale"].as_u64(), edited["resumed"].as_u64()),
        (Some(1), Some(documents - 1)),
        "{edited}"
    );
    assert!(read(&out.join("corpus.tsv")).contains("Zwischenwortneu"));
}

#[test]
fn a_broken_gold_file_is_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let pair = input.join("talk");
    std::fs::create_dir_all(&pair).unwrap();
    std::fs::write(
        pair.join("en.txt"),
        "The minister spoke on Monday. She promised 200 new schools by 2027.",
    )
    .unwrap();
    std::fs::write(
        pair.join("de.txt"),
        "Die Ministerin sprach am Montag. Sie versprach 200 neue Schulen bis 2027.",
    )
    .unwrap();
    std::fs::write(pair.join("gold.txt"), "[0]:[0]\n[1]:[1:0.5\n").unwrap();
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "--gold", "--json", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let gold = pair.join("gold.txt");
    let named = format!("{}:2: ", gold.display());
    assert!(
        stderr.contains("warning: ") && stderr.contains(&named),
        "the terminal names file and line: {stderr}"
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = summary["warnings"].to_string();
    assert!(warnings.contains(&named), "{summary:#}");
    assert_eq!(summary["gold"]["documents"], 0, "{summary:#}");
    assert!(read(&out.join("summary.csv")).contains(&named));
}

/// No output of a batch may replace one of its inputs: a corpus file that
/// is a document, or a per-document file that is one through a hard link,
/// with or without `--force`. Refused before anything is aligned.
#[test]
fn batch_outputs_never_replace_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("documents")).unwrap();
    let original = "Hello world. This is a test.\n";
    std::fs::write(out.join("corpus.tsv"), original).unwrap();
    std::fs::write(dir.path().join("en.txt"), original).unwrap();
    std::fs::write(dir.path().join("de.txt"), "Hallo Welt. Das ist ein Test.\n").unwrap();
    std::fs::hard_link(dir.path().join("en.txt"), out.join("documents/y.tsv")).unwrap();
    let manifest = dir.path().join("m.csv");
    let cases = [
        ("x,out/corpus.tsv,de.txt", "corpus.tsv", vec![]),
        ("y,en.txt,de.txt", "documents/y.tsv", vec!["--per-document"]),
    ];
    for (line, output, extra) in cases {
        std::fs::write(
            &manifest,
            format!("id,source,target,source_lang,target_lang\n{line},en,de\n"),
        )
        .unwrap();
        let mut args = vec!["batch", "-f", "tsv", "--force", "-o"];
        args.push(out.to_str().unwrap());
        args.extend(extra);
        args.push(manifest.to_str().unwrap());
        bitext()
            .args(&args)
            .assert()
            .code(1)
            .stderr(contains(output).and(contains("is the input")));
        assert_eq!(read(&out.join("corpus.tsv")), original, "{line}");
        assert_eq!(read(&dir.path().join("en.txt")), original, "{line}");
        assert!(!out.join(".bitext").exists(), "nothing aligned: {line}");
        assert!(!out.join("summary.csv").exists(), "{line}");
    }
}

#[test]
fn every_document_without_partner_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let article = |lang: &str| repo_text(&format!("corpus/ntrex/bbc.381735/{lang}.txt"));
    for (path, lang) in [
        ("folder/en.txt", "en"),
        ("folder/de.txt", "de"),
        ("lonely/en.txt", "en"),
        ("flat/story.en.txt", "en"),
        ("flat/story.de.txt", "de"),
        ("flat/untranslated.en.txt", "en"),
    ] {
        let path = input.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, article(lang)).unwrap();
    }
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "--json"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2 documents have no partner"), "{stderr}");
    for orphan in ["lonely/en.txt", "flat/untranslated.en.txt"] {
        assert!(
            stderr.contains(&format!("{orphan}: no de document to pair it with")),
            "{stderr}"
        );
    }
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["aligned"], 2, "{summary}");
    let orphans = summary["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 2, "{summary}");
    assert_eq!(orphans[0]["partner"], "de");
    let csv = read(&out.join("summary.csv"));
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(",orphan,")).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let ids: Vec<String> = read(&out.join("corpus.jsonl"))
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
        .collect();
    assert!(ids.iter().any(|id| id == "\"flat/story\""), "{ids:?}");
    assert!(ids.iter().any(|id| id == "\"folder\""), "{ids:?}");
}

/// summary.csv has the same columns whatever the documents hold, and an
/// unrelated pair does not look confident there.
#[test]
fn the_summary_has_a_fixed_schema_to_filter_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let copy = |from: &str, to: &str| {
        let to = input.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, repo_text(from)).unwrap();
    };
    copy("corpus/ntrex/bbc.381735/en.txt", "good/en.txt");
    copy("corpus/ntrex/bbc.381735/de.txt", "good/de.txt");
    copy("corpus/ntrex/bbc.381735/en.txt", "unrelated/en.txt");
    copy("corpus/ntrex/cbsnews.248411/de.txt", "unrelated/de.txt");
    let out = dir.path().join("out");
    // The unrelated pair is left out of the corpus formats: exit status 3.
    bitext()
        .args(["batch", "--max-bead", "3"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3);
    let csv = read(&out.join("summary.csv"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let expected = "id,status,source_sentences,target_sentences,beads,\
        beads_0-1,beads_1-0,beads_1-1,beads_1-2,beads_2-1,beads_1-3,beads_2-2,beads_3-1,\
        parallel_probability,mean_confidence,below_0.5,unaligned_share,warnings,error";
    assert_eq!(header.join(","), expected);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| -> f64 {
        let column = header.iter().position(|h| h == name).unwrap();
        rows[row][column].parse().unwrap_or(f64::NAN)
    };
    assert_eq!(&rows[0][0], "good");
    assert!(cell(0, "parallel_probability") > 0.9 && cell(0, "mean_confidence") > 0.9);
    assert_eq!(&rows[1][0], "unrelated");
    assert_eq!(&rows[1][1], "unrelated", "the status: {csv}");
    assert!(cell(1, "parallel_probability") < 0.5, "{csv}");
    let mean = cell(1, "mean_confidence");
    assert!(mean.is_nan() || mean < 0.5, "{csv}");
    assert_eq!(cell(1, "below_0.5"), cell(1, "beads"), "{csv}");
    assert!((0.0..=1.0).contains(&cell(1, "unaligned_share")), "{csv}");
}

/// `--segment-rules` splits the sources of a batch by the SRX rules and
/// leaves the translations to bitext's own, as `bitext align` does: the
/// rules here know no "Prof.", so the English is cut after it, the German
/// is not, and the beads are those of `bitext align` with the same rules.
#[test]
fn a_batch_splits_its_sources_by_segment_rules_as_align_does() {
    let dir = tempfile::tempdir().unwrap();
    let pair = dir.path().join("input/talk");
    std::fs::create_dir_all(&pair).unwrap();
    let en = "Yesterday the committee met Prof. Smith in the old town hall. \
              They talked about the new bridge for two hours.\n";
    let de = "Gestern traf der Ausschuss Prof. Schmidt im alten Rathaus. \
              Sie sprachen zwei Stunden lang über die neue Brücke.\n";
    std::fs::write(pair.join("en.txt"), en).unwrap();
    std::fs::write(pair.join("de.txt"), de).unwrap();
    let rules = repo("tests/fixtures/srx/small.srx");
    let out = dir.path().join("out");
    bitext()
        .args(["batch", "--quiet", "--format", "beads", "--segment-rules"])
        .arg(&rules)
        .arg("-o")
        .arg(&out)
        .arg(dir.path().join("input"))
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((row[2], row[3]), ("3", "2"), "{summary}");
    let aligned = bitext()
        .args(["align", "--segment-rules"])
        .arg(&rules)
        .arg(pair.join("en.txt"))
        .arg(pair.join("de.txt"))
        .output()
        .unwrap();
    assert!(aligned.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("corpus.beads")).unwrap(),
        String::from_utf8(aligned.stdout).unwrap()
    );
}

/// `bitext batch --tmx-units sentence` writes the TMX units `bitext align
/// --tmx-units sentence` writes for the same pair (how beads are cut is
/// tested in `src/align/units.rs`).
#[test]
fn a_batch_writes_the_tmx_units_align_writes() {
    let dir = tempfile::tempdir().unwrap();
    let pair = dir.path().join("input/article");
    std::fs::create_dir_all(&pair).unwrap();
    for lang in ["en", "de"] {
        std::fs::copy(
            repo(&format!("corpus/atlantic-council/{lang}.txt")),
            pair.join(format!("{lang}.txt")),
        )
        .unwrap();
    }
    let units = |tmx: &Path| crate::util::tmx_units(&read(tmx));
    let aligned = dir.path().join("align.tmx");
    bitext()
        .args(["align", "--tmx-units", "sentence"])
        .arg(pair.join("en.txt"))
        .arg(pair.join("de.txt"))
        .arg("-o")
        .arg(&aligned)
        .assert()
        .success();
    bitext()
        .args([
            "batch",
            "--quiet",
            "--format",
            "tmx",
            "--lexicon",
            "document",
        ])
        .args(["--tmx-units", "sentence", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("input"))
        .assert()
        .success();
    let expected = units(&aligned);
    assert!(expected.len() > 40, "{}", expected.len());
    assert_eq!(units(&dir.path().join("out/corpus.tmx")), expected);
}
