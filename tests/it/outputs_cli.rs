//! Output plumbing of `bitext align`: several formats from one run, dataset
//! formats, and the rule that existing files are replaced only with --force.

use crate::util::{bitext, read};

use predicates::prelude::*;
use predicates::str::contains;

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";

#[test]
fn several_formats_from_one_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let [beads, tsv, en, de] = ["a.beads", "a.tsv", "a.en", "a.de"].map(|n| dir.path().join(n));
    bitext()
        .args(["align", EN, DE])
        .args(["-o", beads.to_str().unwrap(), "-o", tsv.to_str().unwrap()])
        .args(["-o", en.to_str().unwrap(), "-o", de.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let beads = read(&beads);
    let paired: Vec<&str> = beads.lines().filter(|l| !l.contains("[]")).collect();
    let tsv = read(&tsv);
    let (en, de) = (read(&en), read(&de));
    // One line per bead with both sides, in every dataset format.
    assert_eq!(tsv.lines().count(), paired.len());
    assert_eq!(en.lines().count(), paired.len());
    assert_eq!(de.lines().count(), paired.len());
    for ((row, e), d) in tsv.lines().zip(en.lines()).zip(de.lines()) {
        assert_eq!(row, format!("{e}\t{d}"));
    }
    // The 2-1 bead [2, 3]:[2] joins two English sentences with one space.
    let line = en.lines().nth(2).unwrap();
    assert!(line.ends_with("“good and productive.” German Chancellor Friedrich Merz said the gathering in Washington had “exceeded” expectations."), "{line}");
    assert!(
        !de.contains("Die englische Originalversion"),
        "the null bead is not a line"
    );
}

#[test]
fn min_confidence_filters_dataset_lines() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.tsv");
    let sure = dir.path().join("sure.tsv");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&all)
        .assert()
        .success();
    bitext()
        .args(["align", EN, DE, "--min-confidence", "0.9", "-o"])
        .arg(&sure)
        .assert()
        .success();
    let (all, sure) = (read(&all), read(&sure));
    assert!(sure.lines().count() < all.lines().count());
    assert!(sure.lines().all(|l| all.contains(l)));
    bitext()
        .args(["align", EN, DE, "--min-confidence", "1.5"])
        .assert()
        .code(2)
        .stderr(contains("between 0 and 1"));
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pairs.jsonl");
    std::fs::write(&out, "keep me\n").unwrap();
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("pairs.jsonl").and(contains("--force")));
    assert_eq!(read(&out), "keep me\n");
    bitext()
        .args(["align", EN, DE, "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(read(&out).starts_with("{\"doc\":\"atlantic-council\""));
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files are left behind");
}

#[test]
fn format_with_several_outputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    bitext()
        .args(["align", EN, DE, "--format", "tsv", "-o"])
        .arg(dir.path().join("a.x"))
        .arg("-o")
        .arg(dir.path().join("b.y"))
        .assert()
        .code(1)
        .stderr(contains("--format applies to one output"));
}

#[test]
fn tsv_on_standard_output() {
    let output = bitext()
        .args(["align", EN, DE, "--format", "tsv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().all(|l| l.split('\t').count() == 2));
}

/// No output may replace an input, with or without --force: not the
/// translation, not through a link, not the reviewed file; nor may two -o
/// name one file.
#[test]
fn an_output_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let (en, de) = (dir.path().join("a.en.txt"), dir.path().join("a.de.txt"));
    std::fs::copy(EN, &en).unwrap();
    std::fs::copy(DE, &de).unwrap();
    let before = read(&de);
    let mut targets = vec![de.clone()];
    #[cfg(unix)]
    {
        let link = dir.path().join("link.tsv");
        std::os::unix::fs::symlink(&de, &link).unwrap();
        targets.push(link);
        let hard = dir.path().join("hard.tsv");
        std::fs::hard_link(&de, &hard).unwrap();
        targets.push(hard);
    }
    for output in &targets {
        for force in [false, true] {
            let mut cmd = bitext();
            cmd.args(["align", "-f", "tsv"])
                .arg(&en)
                .arg(&de)
                .arg("-o")
                .arg(output);
            if force {
                cmd.arg("--force");
            }
            cmd.assert().code(1).stderr(contains("is the input"));
            assert_eq!(read(&de), before, "{} with force={force}", output.display());
        }
    }
    let twice = dir.path().join("x.tsv");
    bitext()
        .args(["align"])
        .arg(&en)
        .arg(&de)
        .arg("-o")
        .arg(&twice)
        .arg("-o")
        .arg(dir.path().join(".").join("x.tsv"))
        .assert()
        .code(1)
        .stderr(contains("named twice"));
    // The reviewed CSV is an input of `bitext review`.
    let csv = dir.path().join("review.csv");
    bitext()
        .args(["align"])
        .arg(&en)
        .arg(&de)
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();
    let reviewed = read(&csv);
    bitext()
        .args([
            "review",
            "--src-lang",
            "en",
            "--tgt-lang",
            "de",
            "--force",
            "-f",
            "csv",
        ])
        .arg(&csv)
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(contains("is the input"));
    assert_eq!(read(&csv), reviewed);
    bitext()
        .args(["segment", "--force"])
        .arg(&en)
        .arg("-o")
        .arg(&en)
        .assert()
        .code(1)
        .stderr(contains("is the input"));
}

/// Several -o are all or nothing: when the last cannot be written (a cell
/// too long for XLSX), none of them is left behind.
#[test]
fn several_outputs_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Wort ".repeat(8000);
    let (en, de) = (dir.path().join("a.en.txt"), dir.path().join("a.de.txt"));
    std::fs::write(&en, format!("{}.\n", "word ".repeat(8000).trim())).unwrap();
    std::fs::write(&de, format!("{}.\n", long.trim())).unwrap();
    let [tsv, xlsx] = ["a.tsv", "a.xlsx"].map(|n| dir.path().join(n));
    let output = bitext()
        .args(["align", "--src-lang", "en", "--tgt-lang", "de"])
        .arg(&en)
        .arg(&de)
        .arg("-o")
        .arg(&tsv)
        .arg("-o")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !tsv.exists() && !xlsx.exists(),
        "a partial set of outputs was left"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".bitext-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// With SOURCE_DATE_EPOCH, two runs give the same workbook byte for byte
/// (the workbook's creation time was the clock's).
#[test]
fn xlsx_honours_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let path = dir.path().join(name);
        bitext()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["align", EN, DE, "-o"])
            .arg(&path)
            .assert()
            .success();
        std::fs::read(path).unwrap()
    };
    let first = run("a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(first == run("b.xlsx"), "the two workbooks differ");
}

#[test]
fn tsv_columns_and_moses_ids_say_where_each_pair_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let [tsv, en, de, ids] = ["a.tsv", "a.en", "a.de", "a.ids"].map(|n| dir.path().join(n));
    bitext()
        .args(["align", EN, DE, "--id", "article"])
        .args([
            "--tsv-columns",
            "doc,bead,source_ids,target_ids,aligner_score,src_text,trg_text",
        ])
        .arg("-o")
        .arg(&tsv)
        .arg("-o")
        .arg(&en)
        .arg("-o")
        .arg(&de)
        .arg("-o")
        .arg(&ids)
        .assert()
        .success();
    let (tsv, en, de, ids) = (read(&tsv), read(&en), read(&de), read(&ids));
    assert_eq!(ids.lines().count(), en.lines().count());
    for (((row, id), e), d) in tsv.lines().zip(ids.lines()).zip(en.lines()).zip(de.lines()) {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 7, "{row}");
        let id: Vec<&str> = id.split('\t').collect();
        assert_eq!(id[..2], ["en/article", "de/article"], "{id:?}");
        assert_eq!(cells[0], "article");
        assert_eq!(id[2].replace(' ', ","), cells[2], "{row}");
        assert_eq!(id[3].replace(' ', ","), cells[3], "{row}");
        assert_eq!((cells[5], cells[6]), (e, d));
        let confidence: f64 = cells[4].parse().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
    }
    assert!(
        tsv.lines().any(|l| l.starts_with("article\t2-1\t2,3\t2\t")),
        "{tsv}"
    );
    bitext()
        .args(["align", EN, DE, "--tsv-columns", "source,score"])
        .assert()
        .code(2)
        .stderr(contains("aligner_score"));
}

#[test]
fn dedup_writes_each_pair_once_and_says_how_many_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for copy in ["a", "b"] {
        for lang in ["en", "de"] {
            let to = input.join(copy).join(format!("{lang}.txt"));
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            let text = read(&crate::util::repo(&format!(
                "corpus/ntrex/bbc.381735/{lang}.txt"
            )));
            // The copy differs in case and spacing only.
            let text = if copy == "b" {
                text.to_uppercase().replace(' ', "  ")
            } else {
                text
            };
            std::fs::write(to, text).unwrap();
        }
    }
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "--dedup", "--json", "--format", "tsv,hf"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let tsv = read(&out.join("corpus.tsv"));
    let lines = tsv.lines().count();
    assert!(lines > 5, "{tsv}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let left_out = &summary["left_out"]["corpus.tsv"];
    assert_eq!(left_out["duplicates"], lines, "{summary}");
    assert_eq!(
        summary["left_out"]["corpus.hf.jsonl"], *left_out,
        "{summary}"
    );
    assert!(
        stderr.contains(&format!(
            "corpus.tsv: left out {lines} duplicate sentence pairs (written once)"
        )),
        "{stderr}"
    );
}

/// `--format hf` is what Hugging Face's `datasets` loads as a translation
/// dataset, as it is.
#[test]
fn hugging_face_datasets_loads_the_hf_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.hf.jsonl");
    bitext()
        .args(["align", EN, DE, "--min-confidence", "0.5", "-o"])
        .arg(&path)
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = read(&path)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["confidence"].as_f64().unwrap() >= 0.5)
    );
    let present = crate::util::runs("python3", &["-c", "import datasets"]);
    if !crate::util::external(
        present,
        "Hugging Face datasets is missing: pip install datasets",
    ) {
        return;
    }
    let script = "import sys, datasets\n\
        ds = datasets.load_dataset('json', data_files=sys.argv[1], split='train')\n\
        print(len(ds))\n\
        print(ds.features['translation'])\n\
        print(ds[2]['translation']['de'])\n\
        print(ds[2]['doc'], ds[2]['confidence'])\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .env("HF_HOME", dir.path().join("hf"))
        .env("HF_DATASETS_OFFLINE", "1")
        .env("HF_HUB_OFFLINE", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Vec<&str> = stdout.lines().collect();
    assert_eq!(printed[0], lines.len().to_string());
    assert!(
        printed[1].contains("'de'") && printed[1].contains("'en'"),
        "{stdout}"
    );
    assert_eq!(printed[2], lines[2]["translation"]["de"].as_str().unwrap());
    assert!(printed[3].starts_with("atlantic-council "), "{stdout}");
}

/// `--format parquet` is a table pandas and pyarrow read, with the same
/// pairs as the TSV.
#[test]
fn pandas_reads_the_parquet_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let (parquet, tsv) = (
        dir.path().join("pairs.parquet"),
        dir.path().join("pairs.tsv"),
    );
    bitext()
        .args([
            "align",
            EN,
            DE,
            "--tsv-columns",
            "doc,bead,source,target,confidence",
            "-o",
        ])
        .arg(&parquet)
        .arg("-o")
        .arg(&tsv)
        .assert()
        .success();
    let present = crate::util::runs("python3", &["-c", "import pandas, pyarrow"]);
    if !crate::util::external(
        present,
        "pandas and pyarrow are missing: pip install pandas pyarrow",
    ) {
        return;
    }
    let script = "import sys, pandas\n\
        df = pandas.read_parquet(sys.argv[1])\n\
        print(list(df.columns))\n\
        print(df['confidence'].dtype)\n\
        for row in df.itertuples():\n\
        \x20   print(row.doc, row.bead, row.source, row.target, '%.4f' % row.confidence, sep='\\t')\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&parquet)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "['doc', 'bead', 'source_ids', 'target_ids', 'source', 'target', 'confidence', \
         'source_lang', 'target_lang']"
    );
    assert_eq!(lines.next().unwrap(), "float64");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows, read(&tsv).lines().collect::<Vec<_>>());
}
