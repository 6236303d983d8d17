//! `bitext lexicon learn` and `merge`, and `bitext align --jsonl --lexicon`:
//! the batch lexicon learned in shards, merged in any order or tree, gives
//! the bytes of one learn over everything and the alignments of `bitext
//! batch`; a damaged, truncated or foreign counts file is an error naming
//! the file and line.

use std::path::{Path, PathBuf};

use crate::util::{bitext, read, repo, write};

/// The NTREX pairs of the bundled corpus as streaming requests, by name.
fn requests() -> Vec<(String, String)> {
    let corpus = repo("corpus/ntrex");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| corpus.join(name).join("en.txt").is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let folder = corpus.join(&name);
            let line = serde_json::json!({
                "id": name,
                "source": read(&folder.join("en.txt")),
                "target": read(&folder.join("de.txt")),
                "source_lang": "en",
                "target_lang": "de",
            });
            (name, line.to_string() + "\n")
        })
        .collect()
}

fn learn(dir: &Path, name: &str, lines: &[&(String, String)], args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let input: String = lines.iter().map(|(_, line)| line.as_str()).collect();
    bitext()
        .args(["lexicon", "learn", "-o"])
        .arg(&path)
        .args(args)
        .write_stdin(input)
        .assert()
        .success();
    path
}

fn merge(dir: &Path, name: &str, files: &[&Path]) -> Vec<u8> {
    let path = dir.join(name);
    bitext()
        .args(["lexicon", "merge", "-o"])
        .arg(&path)
        .args(files)
        .assert()
        .success();
    std::fs::read(path).unwrap()
}

/// Beads (source ids, target ids, confidence) by document, from JSON lines
/// with `key` naming the document and `beads` (streaming) or one bead a line.
fn beads(text: &str, streamed: bool) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(record.get("error").is_none(), "{record}");
        let bead = |b: &serde_json::Value| {
            format!(
                "{} {} {}",
                b["source_ids"], b["target_ids"], b["confidence"]
            )
        };
        if streamed {
            let id = record["id"].as_str().unwrap().to_string();
            out.push((
                id,
                record["beads"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(bead)
                    .collect(),
            ));
        } else {
            let id = record["doc"].as_str().unwrap().to_string();
            match out.last_mut() {
                Some((last, list)) if *last == id => list.push(bead(&record)),
                _ => out.push((id, vec![bead(&record)])),
            }
        }
    }
    out.sort();
    out
}

/// `bitext batch` over the NTREX pairs into `dir/batch`, its beads by
/// document.
fn batch_beads(dir: &Path) -> Vec<(String, Vec<String>)> {
    bitext()
        .args(["batch", "--quiet", "--format", "jsonl", "-o"])
        .arg(dir.join("batch"))
        .arg(repo("corpus/ntrex"))
        .assert()
        .success();
    beads(&read(&dir.join("batch/corpus.jsonl")), false)
}

#[test]
fn shards_merged_in_any_tree_give_batch_alignments() {
    let requests = requests();
    assert!(requests.len() >= 10, "{}", requests.len());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Three shards in no particular order.
    let shard =
        |k: usize| -> Vec<&(String, String)> { requests.iter().skip(k).step_by(3).collect() };
    let (a, b, c) = (
        learn(d, "a.counts", &shard(0), &[]),
        learn(d, "b.counts", &shard(1), &[]),
        learn(d, "c.counts", &shard(2), &[]),
    );
    let all: Vec<&(String, String)> = requests.iter().rev().collect();
    let whole = std::fs::read(learn(d, "whole.counts", &all, &[])).unwrap();
    merge(d, "ab.counts", &[&a, &b]);
    merge(d, "bc.counts", &[&b, &c]);
    let ab_c = merge(d, "ab_c.counts", &[&d.join("ab.counts"), &c]);
    let a_bc = merge(d, "a_bc.counts", &[&a, &d.join("bc.counts")]);
    let cba = merge(d, "cba.counts", &[&c, &b, &a]);
    assert_eq!(ab_c, whole);
    assert_eq!(a_bc, whole);
    assert_eq!(cba, whole);
    // Merging is idempotent on one file, and the shards differ from the whole.
    assert_eq!(merge(d, "again.counts", &[&d.join("cba.counts")]), whole);
    assert_ne!(std::fs::read(&a).unwrap(), whole);

    let input: String = requests.iter().map(|(_, line)| line.as_str()).collect();
    let output = bitext()
        .args(["align", "--jsonl", "--lexicon"])
        .arg(d.join("ab_c.counts"))
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert!(output.status.success());
    let streamed = beads(&String::from_utf8(output.stdout).unwrap(), true);
    let batched = batch_beads(d);
    assert_eq!(streamed.len(), requests.len());
    assert!(streamed == batched, "align --lexicon and batch differ");
    // bitext batch given the merged counts: the same corpus.
    bitext()
        .args(["batch", "--quiet", "--format", "jsonl", "--lexicon"])
        .arg(d.join("cba.counts"))
        .arg("-o")
        .arg(d.join("given"))
        .arg(repo("corpus/ntrex"))
        .assert()
        .success();
    assert!(read(&d.join("given/corpus.jsonl")) == read(&d.join("batch/corpus.jsonl")));
    // Without the lexicon, each document learns from itself: not the same.
    let alone = bitext()
        .args(["align", "--jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(beads(&String::from_utf8(alone.stdout).unwrap(), true) != batched);
}

/// Runs `bitext args…`, which must fail without a panic, and returns its
/// standard error.
/// `text` with the length deviation of the first bead of the first document
/// (`"beads":[[posterior,deviation,…`) replaced by `by`.
fn deviation_replaced(text: &str, by: &str) -> String {
    let beads = text.find("\"beads\":[[").expect("a document with beads");
    let start = beads + text[beads..].find(',').expect("a posterior") + 1;
    let end = start + text[start..].find(',').expect("a deviation");
    format!("{}{by}{}", &text[..start], &text[end..])
}

fn fails(args: &[&std::ffi::OsStr]) -> String {
    let output = bitext().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn damaged_truncated_and_foreign_counts_files_are_errors_naming_file_and_line() {
    let requests = requests();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let two: Vec<&(String, String)> = requests.iter().take(2).collect();
    let good = learn(d, "good.counts", &two, &[]);
    // Merged before each damaged file: other documents, so that only the
    // damage is an error.
    let third: Vec<&(String, String)> = requests.iter().skip(2).take(1).collect();
    let before = learn(d, "before.counts", &third, &[]);
    let text = read(&good);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let mut cut = text.len() - lines[3].len() - lines[2].len() / 2 - 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "line 1: empty file"),
        (
            "foreign",
            requests[0].1.clone(),
            "line 1: not a lexicon counts file",
        ),
        (
            "binary",
            "\u{0}\u{1}\n".into(),
            "line 1: not a lexicon counts file",
        ),
        (
            "version",
            text.replacen("\"version\":2", "\"version\":1", 1),
            "line 1: version 1 of the format",
        ),
        (
            "cut-mid-line",
            text[..cut].to_string(),
            "line 3: not a document of lexicon counts",
        ),
        (
            "cut-at-line",
            lines[..3].join("\n") + "\n",
            "line 4: the file ends without its end line",
        ),
        (
            "posterior",
            text.replacen("[[0.", "[[2.", 1),
            "line 2: bead 1 has a posterior outside (0, 1]",
        ),
        (
            "deviation",
            deviation_replaced(&text, "-1"),
            "line 2: bead 1 has a length deviation that is not a number",
        ),
        (
            "deviation-huge",
            deviation_replaced(&text, "1e300"),
            "line 2: bead 1 has a length deviation that is not a number",
        ),
        (
            "order",
            [lines[0], lines[2], lines[1], lines[3]].join("\n") + "\n",
            "line 3: document",
        ),
        (
            "count",
            [lines[0], lines[1], lines[3]].join("\n") + "\n",
            "line 3: the end line counts 2 documents",
        ),
        (
            "after-end",
            text.clone() + "{}\n",
            "line 5: a line after the end line",
        ),
        ("garbage", "x\n".into(), "line 1: not a lexicon counts file"),
    ];
    for (name, content, expected) in cases {
        let path = write(d, &format!("{name}.counts"), &content);
        for args in [
            vec![
                "lexicon".as_ref(),
                "merge".as_ref(),
                before.as_os_str(),
                path.as_os_str(),
            ],
            vec![
                "align".as_ref(),
                "--jsonl".as_ref(),
                "--lexicon".as_ref(),
                path.as_os_str(),
            ],
        ] {
            let stderr = fails(&args);
            assert!(
                stderr.contains(&format!("{}, {expected}", path.display())),
                "{name}: {stderr}"
            );
        }
    }
    // A byte that is not UTF-8 in a document line.
    let mut bytes = text.clone().into_bytes();
    let at = lines[0].len() + 10;
    bytes[at] = 0xff;
    let path = d.join("bad-byte.counts");
    std::fs::write(&path, bytes).unwrap();
    let stderr = fails(&["lexicon".as_ref(), "merge".as_ref(), path.as_os_str()]);
    assert!(
        stderr.contains(&format!("{}, line 2: not UTF-8", path.display())),
        "{stderr}"
    );
    // The same document in two files.
    let stderr = fails(&[
        "lexicon".as_ref(),
        "merge".as_ref(),
        good.as_os_str(),
        good.as_os_str(),
    ]);
    assert!(
        stderr.contains("line 2: document") && stderr.contains("in an earlier file too"),
        "{stderr}"
    );
    // Counts gathered with other settings: merged with others, or aligned with.
    let other = learn(d, "other.counts", &two[..1], &["--max-bead", "2"]);
    let stderr = fails(&[
        "lexicon".as_ref(),
        "merge".as_ref(),
        good.as_os_str(),
        other.as_os_str(),
    ]);
    assert!(
        stderr.contains(&format!(
            "{}, line 1: gathered with other settings",
            other.display()
        )),
        "{stderr}"
    );
    let stderr = fails(&[
        "align".as_ref(),
        "--jsonl".as_ref(),
        "--lexicon".as_ref(),
        other.as_os_str(),
    ]);
    assert!(
        stderr.contains("other settings") && stderr.contains("--max-bead"),
        "{stderr}"
    );
    // A missing file.
    let missing = d.join("missing.counts");
    let stderr = fails(&["lexicon".as_ref(), "merge".as_ref(), missing.as_os_str()]);
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
}

#[test]
fn learn_reports_bad_lines_and_refuses_an_id_twice() {
    let requests = requests();
    // As `bitext batch` refuses them: one document twice, a text in another
    // language than declared.
    let folder = repo("corpus/ntrex").join(&requests[0].0);
    let (en, de) = (read(&folder.join("en.txt")), read(&folder.join("de.txt")));
    let request = |id: &str, source: &str, target: &str| {
        serde_json::json!({"id": id, "source": source, "target": target,
            "source_lang": "en", "target_lang": "de"})
        .to_string()
    };
    let input = format!(
        "not json\n{}{}\n{}\n",
        requests[0].1,
        request("twice", &en, &en),
        request("swapped", &de, &en)
    );
    let output = bitext()
        .args(["lexicon", "learn"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 1: not JSON") && stderr.contains("not learned from"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: ") && stderr.contains("line 4: "),
        "{stderr}"
    );
    assert_eq!(stderr.matches("not learned from").count(), 3, "{stderr}");
    let counts = String::from_utf8(output.stdout).unwrap();
    assert_eq!(counts.lines().count(), 3, "{counts}");
    let twice = format!("{}{}", requests[0].1, requests[0].1);
    let output = bitext()
        .args(["lexicon", "learn"])
        .write_stdin(twice)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2: the id"), "{stderr}");
}

/// The README's GNU parallel recipe, run as written (bitext on PATH, 3
/// requests a job instead of 100 so that the 10 documents make 4 shards):
/// the corpus it aligns is `bitext batch`'s.
#[test]
fn the_readme_gnu_parallel_recipe_gives_batch_alignments() {
    if !crate::util::external(
        crate::util::runs("parallel", &["--version"]),
        "the recipe test needs GNU parallel (apt-get install parallel)",
    ) {
        return;
    }
    let readme = read(&repo("README.md"));
    let start = readme
        .find("GNU parallel, on one machine")
        .expect("the README shows the GNU parallel recipe");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let recipe = block[..block.find("```").unwrap()].replace("-N 100", "-N 3");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let requests = requests();
    write(
        d,
        "requests.jsonl",
        &requests.iter().map(|(_, l)| l.as_str()).collect::<String>(),
    );
    let binary = assert_cmd::cargo::cargo_bin("bitext");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &recipe])
        .current_dir(d)
        .env("PATH", path)
        // parallel asks for a citation on its first run otherwise.
        .env("HOME", d)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{recipe}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shards = std::fs::read_dir(d.join("counts")).unwrap().count();
    assert_eq!(shards, requests.len().div_ceil(3), "one counts file a job");
    let streamed = beads(&read(&d.join("aligned.jsonl")), true);
    let batched = batch_beads(d);
    assert_eq!(streamed.len(), requests.len());
    assert!(streamed == batched, "the recipe and batch differ");
}

/// Bitextor document pairs are learned from in shards too: each under its
/// two URLs (line numbers restart in every shard), so the shards merge into
/// the counts of one learn over all lines, and `align --jsonl
/// --stream-format bitextor --lexicon` aligns with them.
#[test]
fn bitextor_shards_merge_like_one_learn() {
    let lines: Vec<String> = requests()
        .iter()
        .map(|(name, line)| {
            let request: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = |side: &str| crate::util::base64(request[side].as_str().unwrap().as_bytes());
            format!(
                "https://example.eu/en/{name}\thttps://example.eu/de/{name}\t{}\t{}\n",
                text("source"),
                text("target")
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let learn_lines = |name: &str, lines: &[String]| {
        let path = d.join(name);
        bitext()
            .args(["lexicon", "learn", "--stream-format", "bitextor"])
            .args(["--src-lang", "en", "--tgt-lang", "de", "-o"])
            .arg(&path)
            .write_stdin(lines.concat())
            .assert()
            .success();
        path
    };
    let all = learn_lines("all.counts", &lines);
    let shards: Vec<PathBuf> = lines
        .chunks(3)
        .enumerate()
        .map(|(k, chunk)| learn_lines(&format!("{k}.counts"), chunk))
        .collect();
    let shards: Vec<&Path> = shards.iter().map(PathBuf::as_path).collect();
    assert!(merge(d, "merged.counts", &shards) == std::fs::read(&all).unwrap());
    let aligned = bitext()
        .args([
            "align",
            "--jsonl",
            "--stream-format",
            "bitextor",
            "--lexicon",
        ])
        .arg(&all)
        .args(["--src-lang", "en", "--tgt-lang", "de"])
        .write_stdin(lines.concat())
        .output()
        .unwrap();
    assert!(aligned.status.success());
    let answers = String::from_utf8(aligned.stdout).unwrap();
    assert_eq!(answers.lines().count(), lines.len());
    for answer in answers.lines() {
        let record: serde_json::Value = serde_json::from_str(answer).unwrap();
        assert!(
            record["beads"].as_array().is_some_and(|b| !b.is_empty()),
            "{record}"
        );
    }
}

/// Damaged Bitextor lines (too few fields, a character outside base64, a
/// text that is not UTF-8) are reported by line and not learned from; the
/// good line is.
#[test]
fn bad_bitextor_lines_are_reported_by_line_and_not_learned() {
    let b64 = crate::util::base64;
    let good = format!(
        "https://e.eu/en\thttps://e.eu/de\t{}\t{}\n",
        b64(read(&repo("corpus/atlantic-council/en.txt")).as_bytes()),
        b64(read(&repo("corpus/atlantic-council/de.txt")).as_bytes())
    );
    let input = format!(
        "only\ttwo\n{good}https://a\thttps://b\tVG*l\tSGFsbG8u\nhttps://a\thttps://b\t{}\tSGFsbG8u\n",
        b64(b"Das Haus ist gr\xfcn.")
    );
    let output = bitext()
        .args(["lexicon", "learn", "--stream-format", "bitextor"])
        .args(["--src-lang", "en", "--tgt-lang", "de"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in ["line 1: ", "line 3: ", "line 4: "] {
        assert!(stderr.contains(line), "{line} in {stderr}");
    }
    assert!(!stderr.contains("line 2: "), "{stderr}");
    assert_eq!(stderr.matches("not learned from").count(), 3, "{stderr}");
    let counts = String::from_utf8(output.stdout).unwrap();
    // The header, the one document learned, the end line.
    assert_eq!(counts.lines().count(), 3, "{counts}");
}
