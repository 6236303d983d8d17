//! End-to-end tests of `bitext review`: one reviewed table, written the ways
//! the review files reach bitext (the `data` and `excel-de` CSV profiles, a
//! Windows-1252 re-save by German Excel, an XLSX workbook sorted by the
//! reviewer), must give exactly the same final corpus; files with mistakes
//! give every problem with its row number, exit 1 and write nothing.
//!
//! The files are made here by the contract of `bitext align -o review.csv`
//! (header `table::COLUMNS`, one row per bead), so that these tests do not
//! depend on the writers.

use crate::util::bitext;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{Value, json};

const HEADER: [&str; 10] = [
    "id",
    "doc",
    "source_ids",
    "target_ids",
    "bead",
    "confidence",
    "status",
    "source",
    "target",
    "note",
];

/// One row of a review table, as the reviewer left it.
#[derive(Clone, Copy)]
struct Row {
    id: &'static str,
    doc: &'static str,
    source_ids: &'static str,
    target_ids: &'static str,
    bead: (usize, usize),
    confidence: f64,
    status: &'static str,
    source: &'static str,
    target: &'static str,
    note: &'static str,
}

const AC: &str = "atlantic-council";

/// The reviewed table: every status (in several spellings), a fixed 2-1
/// bead, null beads, cells that need the formula guard, text with umlauts,
/// `€` and an en dash (all in Windows-1252), and a second document.
const REVIEWED: [Row; 7] = [
    Row {
        id: "atlantic-council-0000",
        doc: AC,
        source_ids: "[0]",
        target_ids: "[0]",
        bead: (1, 1),
        confidence: 0.9912,
        status: "ok",
        source: "Ukraine needs security guarantees.",
        target: "Die Ukraine braucht Sicherheitsgarantien.",
        note: "",
    },
    Row {
        id: "atlantic-council-0001",
        doc: AC,
        source_ids: "[1, 2]",
        target_ids: "[1]",
        bead: (2, 1),
        confidence: 0.6131,
        status: "Fix",
        source: "Kyiv has said so. It wants more.",
        target: "Kiew hat das gesagt und will mehr – für 5 € pro Kopf.",
        note: "Zahl ergänzt",
    },
    Row {
        id: "atlantic-council-0002",
        doc: AC,
        source_ids: "[3]",
        target_ids: "[]",
        bead: (1, 0),
        confidence: 0.4410,
        status: "reject",
        source: "An editor's note.",
        target: "",
        note: "",
    },
    Row {
        id: "atlantic-council-0003",
        doc: AC,
        source_ids: "[4]",
        target_ids: "[2]",
        bead: (1, 1),
        confidence: 0.7342,
        status: "",
        source: "- a line that starts with a dash",
        target: "- eine Zeile, die mit einem Strich beginnt",
        note: "",
    },
    Row {
        id: "atlantic-council-0004",
        doc: AC,
        source_ids: "[5]",
        target_ids: "[3]",
        bead: (1, 1),
        confidence: 0.95,
        status: "",
        source: "=1+1 is two; it's \"simple\".",
        target: "=1+1 ist zwei; „einfach“.",
        note: "",
    },
    Row {
        id: "ntrex-0000",
        doc: "ntrex",
        source_ids: "[0]",
        target_ids: "[0, 1]",
        bead: (1, 2),
        confidence: 0.88,
        status: " OK ",
        source: "Size matters.",
        target: "Größe zählt. Sehr.",
        note: "",
    },
    Row {
        id: "ntrex-0001",
        doc: "ntrex",
        source_ids: "[]",
        target_ids: "[2]",
        bead: (0, 1),
        confidence: 0.3,
        status: "",
        source: "",
        target: "Anmerkung des Übersetzers.",
        note: "",
    },
];

/// The TSV `bitext review` must write from [`REVIEWED`] with
/// `--unreviewed keep`: rejected row and null beads left out, the fixed
/// text, the guard gone.
const EXPECTED_TSV: &str = "\
Ukraine needs security guarantees.\tDie Ukraine braucht Sicherheitsgarantien.
Kyiv has said so. It wants more.\tKiew hat das gesagt und will mehr – für 5 € pro Kopf.
- a line that starts with a dash\t- eine Zeile, die mit einem Strich beginnt
=1+1 is two; it's \"simple\".\t=1+1 ist zwei; „einfach“.
Size matters.\tGröße zählt. Sehr.
";

/// The JSON lines `bitext review` must write from [`REVIEWED`]: one unit per
/// kept row, one sentence a side, ids renumbered per document, reviewed
/// rows at confidence 1.0, unreviewed rows with theirs.
fn expected_jsonl(source_lang: &str, target_lang: &str) -> Vec<Value> {
    let unit = |doc: &str, s: &[usize], t: &[usize], source: &[&str], target: &[&str], c: f64| {
        json!({
            "doc": doc,
            "bead": format!("{}-{}", s.len(), t.len()),
            "source_ids": s,
            "target_ids": t,
            "source": source,
            "target": target,
            "confidence": c,
            "source_paragraphs": if s.is_empty() { vec![] } else { vec![0] },
            "target_paragraphs": if t.is_empty() { vec![] } else { vec![0] },
            "source_lang": source_lang,
            "target_lang": target_lang,
        })
    };
    vec![
        unit(
            AC,
            &[0],
            &[0],
            &["Ukraine needs security guarantees."],
            &["Die Ukraine braucht Sicherheitsgarantien."],
            1.0,
        ),
        unit(
            AC,
            &[1],
            &[1],
            &["Kyiv has said so. It wants more."],
            &["Kiew hat das gesagt und will mehr – für 5 € pro Kopf."],
            1.0,
        ),
        unit(
            AC,
            &[2],
            &[2],
            &["- a line that starts with a dash"],
            &["- eine Zeile, die mit einem Strich beginnt"],
            0.7342,
        ),
        unit(
            AC,
            &[3],
            &[3],
            &["=1+1 is two; it's \"simple\"."],
            &["=1+1 ist zwei; „einfach“."],
            0.95,
        ),
        unit(
            "ntrex",
            &[0],
            &[0],
            &["Size matters."],
            &["Größe zählt. Sehr."],
            1.0,
        ),
        unit(
            "ntrex",
            &[],
            &[1],
            &[],
            &["Anmerkung des Übersetzers."],
            0.3,
        ),
    ]
}

// ------------------------------------------------------ writing files ----

/// A CSV profile of the contract.
struct Profile {
    delimiter: char,
    line_end: &'static str,
    bom: bool,
    decimal_comma: bool,
    /// Put `'` before cells that start with `=`, `+`, `-`, `@`, TAB or CR.
    guard: bool,
    /// How the bead type is spelled, e.g. `2–1` in spreadsheet profiles.
    bead_separator: &'static str,
}

const DATA: Profile = Profile {
    delimiter: ',',
    line_end: "\n",
    bom: false,
    decimal_comma: false,
    guard: false,
    bead_separator: "-",
};

const EXCEL_DE: Profile = Profile {
    delimiter: ';',
    line_end: "\r\n",
    bom: true,
    decimal_comma: true,
    guard: true,
    bead_separator: "–",
};

/// One cell in RFC 4180 quoting.
fn quote(cell: &str, profile: &Profile) -> String {
    let guarded = if profile.guard && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if guarded.contains([profile.delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn cells(row: &Row, profile: &Profile) -> Vec<String> {
    let mut confidence = format!("{:.4}", row.confidence);
    if profile.decimal_comma {
        confidence = confidence.replace('.', ",");
    }
    vec![
        row.id.to_string(),
        row.doc.to_string(),
        row.source_ids.to_string(),
        row.target_ids.to_string(),
        format!("{}{}{}", row.bead.0, profile.bead_separator, row.bead.1),
        confidence,
        row.status.to_string(),
        row.source.to_string(),
        row.target.to_string(),
        row.note.to_string(),
    ]
}

/// A review table as a CSV file of `profile`, as bitext writes it now:
/// with a heading row per document (here all of them first: the reader
/// finds them anywhere, as after sorting) and the end row last.
fn csv_text(rows: &[Row], profile: &Profile) -> String {
    csv_file(rows, profile, true)
}

/// The next id after the last of `[3, 4]`: 5; 0 for `[]`.
fn after(ids: &str) -> usize {
    ids.trim_matches(['[', ']'])
        .split(", ")
        .filter_map(|id| id.parse::<usize>().ok())
        .max()
        .map_or(0, |id| id + 1)
}

/// The heading rows (one per document, its counts from its rows) and the
/// end row, each as its cells.
fn markers(rows: &[Row]) -> (Vec<Vec<String>>, Vec<String>) {
    let mut docs: Vec<&str> = Vec::new();
    for row in rows {
        if !docs.contains(&row.doc) {
            docs.push(row.doc);
        }
    }
    let headings = docs
        .iter()
        .enumerate()
        .map(|(k, doc)| {
            let of = rows.iter().filter(|r| r.doc == *doc);
            let beads = of
                .clone()
                .map(|r| after(&format!("[{}]", &r.id[doc.len() + 1..])));
            let source = of.clone().map(|r| after(r.source_ids)).max().unwrap();
            let target = of.map(|r| after(r.target_ids)).max().unwrap();
            let mut cells = vec![String::new(); 10];
            cells[0] = format!("#document {}", k + 1);
            cells[1] = doc.to_string();
            cells[2] = format!("{source} sentences");
            cells[3] = format!("{target} sentences");
            cells[4] = format!("{} beads", beads.max().unwrap());
            cells
        })
        .collect();
    let mut end = vec![String::new(); 10];
    end[0] = "#end".into();
    end[1] = format!("{} documents", docs.len());
    (headings, end)
}

/// A review table as a CSV file of `profile`, with or without the rows
/// that state what it holds (files of older bitext versions have none).
fn csv_file(rows: &[Row], profile: &Profile, stated: bool) -> String {
    let line = |cells: Vec<String>| {
        let quoted: Vec<String> = cells.iter().map(|c| quote(c, profile)).collect();
        quoted.join(&profile.delimiter.to_string()) + profile.line_end
    };
    let mut text = if profile.bom { "\u{feff}" } else { "" }.to_string();
    text.push_str(&line(HEADER.iter().map(|h| h.to_string()).collect()));
    let (headings, end) = markers(rows);
    if stated {
        headings.into_iter().for_each(|h| text.push_str(&line(h)));
    }
    for row in rows {
        text.push_str(&line(cells(row, profile)));
    }
    if stated {
        text.push_str(&line(end));
    }
    text
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// An XLSX workbook with a `review` sheet (confidence as a number, as the
/// XLSX writer stores it) and, if languages are given, a `summary` sheet.
fn xlsx(rows: &[Row], languages: Option<(&str, &str)>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    if let Some((source, target)) = languages {
        let summary = book.add_worksheet();
        summary.set_name("summary").unwrap();
        summary.write_string(0, 0, "bitext review file").unwrap();
        summary.write_string(1, 0, "Source language").unwrap();
        summary.write_string(1, 1, source).unwrap();
        summary.write_string(2, 0, "Target language").unwrap();
        summary.write_string(2, 1, target).unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("review").unwrap();
    for (c, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells(row, &DATA).iter().enumerate() {
            if HEADER[c] == "confidence" {
                sheet.write_number(r, c as u16, row.confidence).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

// -------------------------------------------------------------- running ----

/// Runs `bitext review` on `input` with `args`, writing `final.tsv` and
/// `final.jsonl`; returns them and standard error.
fn review_to_tsv_and_jsonl(input: &Path, args: &[&str]) -> (String, Vec<Value>, String) {
    let dir = input.parent().unwrap();
    let (tsv, jsonl) = (dir.join("final.tsv"), dir.join("final.jsonl"));
    let output = bitext()
        .arg("review")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(&tsv)
        .arg("-o")
        .arg(&jsonl)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "bitext review failed: {stderr}");
    let tsv = std::fs::read_to_string(tsv).unwrap();
    let jsonl = std::fs::read_to_string(jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (tsv, jsonl, stderr)
}

const LANGS: [&str; 4] = ["--src-lang", "en", "--tgt-lang", "de"];

#[test]
fn data_profile_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        csv_text(&REVIEWED, &DATA).as_bytes(),
    );
    let (tsv, jsonl, stderr) = review_to_tsv_and_jsonl(&input, &LANGS);
    assert_eq!(tsv, EXPECTED_TSV);
    assert_eq!(jsonl, expected_jsonl("en", "de"));
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn excel_de_profile_csv() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&REVIEWED, &EXCEL_DE);
    assert!(
        text.starts_with("\u{feff}id;doc;"),
        "the profile as promised"
    );
    assert!(text.contains("0,6131;Fix;") && text.contains(";2–1;"));
    assert!(text.contains(";'- a line") && text.contains(";\"'=1+1 ist zwei; „einfach“.\";"));
    assert!(text.contains("\r\n"));
    let input = write(dir.path(), "review.csv", text.as_bytes());
    let (tsv, jsonl, _) = review_to_tsv_and_jsonl(&input, &LANGS);
    assert_eq!(tsv, EXPECTED_TSV);
    assert_eq!(jsonl, expected_jsonl("en", "de"));
}

#[test]
fn windows_1252_resave_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // German Excel's plain "CSV (Trennzeichen-getrennt)": no BOM,
    // Windows-1252, `;`, decimal comma, the guard kept as text; Excel also
    // drops the optional quotes, which changes nothing here.
    let mut profile = EXCEL_DE;
    profile.bom = false;
    profile.bead_separator = " to ";
    let text = csv_text(&REVIEWED, &profile);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let input = write(dir.path(), "review-ansi.csv", &bytes);
    let (tsv, jsonl, stderr) = review_to_tsv_and_jsonl(&input, &LANGS);
    assert_eq!(tsv, EXPECTED_TSV);
    assert_eq!(jsonl, expected_jsonl("en", "de"));
    assert!(
        stderr.contains("bitext: warning: ")
            && stderr.contains("review-ansi.csv")
            && stderr.contains("Windows-1252"),
        "{stderr}"
    );
}

#[test]
fn xlsx_sorted_by_confidence_with_languages_on_the_summary_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = REVIEWED;
    rows.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
    let input = write(
        dir.path(),
        "review.xlsx",
        &xlsx(&rows, Some(("en-GB", "de-DE"))),
    );
    let (tsv, jsonl, stderr) = review_to_tsv_and_jsonl(&input, &[]);
    // Within a document, units follow the ids; documents come in the order
    // of their first row, so here ntrex (its null bead, confidence 0.3, is
    // the first row) comes first.
    let (ac, ntrex) = EXPECTED_TSV.split_at(EXPECTED_TSV.find("Size").unwrap());
    assert_eq!(tsv, format!("{ntrex}{ac}"));
    let (ac, ntrex): (Vec<Value>, Vec<Value>) = expected_jsonl("en-GB", "de-DE")
        .into_iter()
        .partition(|unit| unit["doc"] == AC);
    assert_eq!(jsonl, [ntrex, ac].concat());
    assert!(stderr.contains("7 rows in 2 documents, 6 kept"), "{stderr}");
}

#[test]
fn languages_on_the_command_line_win_over_the_summary_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.xlsx",
        &xlsx(&REVIEWED, Some(("en-GB", "de-DE"))),
    );
    let (_, jsonl, _) = review_to_tsv_and_jsonl(&input, &["--tgt-lang", "de-AT"]);
    assert_eq!(jsonl[0]["source_lang"], "en-GB");
    assert_eq!(jsonl[0]["target_lang"], "de-AT");
}

#[test]
fn summary_counts_every_row_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        csv_text(&REVIEWED, &DATA).as_bytes(),
    );
    let (tsv, jsonl, stderr) = review_to_tsv_and_jsonl(
        &input,
        &[&LANGS[..], &["--unreviewed", "above=0.8"]].concat(),
    );
    // 0.7342 and 0.3 are unreviewed and below 0.8; 0.95 stays.
    assert_eq!(jsonl.len(), 4);
    assert!(!tsv.contains("dash"), "{tsv}");
    assert!(tsv.contains("=1+1 is two"), "{tsv}");
    for line in [
        "bitext: ",
        "review.csv: 7 rows in 2 documents, 4 kept:",
        "  ok              2  kept as they are, confidence 1.0",
        "  fix             1  kept with the edited text, confidence 1.0",
        "  unreviewed      1  kept with their confidence (policy above=0.8)",
        "  unreviewed      2  left out: confidence below 0.8 (kept only above 0.8)",
        "  reject          1  left out (status reject)",
        "  1 row has a note; notes stay in the review file",
    ] {
        assert!(stderr.contains(line), "{line:?} not in\n{stderr}");
    }

    let (tsv, jsonl, stderr) = review_to_tsv_and_jsonl(
        &input,
        &[&LANGS[..], &["--unreviewed", "drop", "--force"]].concat(),
    );
    assert_eq!(jsonl.len(), 3);
    assert_eq!(tsv.lines().count(), 3);
    assert!(
        stderr.contains("  unreviewed      3  left out (unreviewed rows are dropped)"),
        "{stderr}"
    );
}

#[test]
fn line_aligned_files_and_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        csv_text(&REVIEWED, &DATA).as_bytes(),
    );
    let (en, de) = (dir.path().join("final.en"), dir.path().join("final.de"));
    bitext()
        .arg("review")
        .arg(&input)
        .args(LANGS)
        .arg("-o")
        .arg(&en)
        .arg("-o")
        .arg(&de)
        .assert()
        .success();
    let (en, de) = (
        std::fs::read_to_string(en).unwrap(),
        std::fs::read_to_string(de).unwrap(),
    );
    let tsv: String = en
        .lines()
        .zip(de.lines())
        .map(|(s, t)| format!("{s}\t{t}\n"))
        .collect();
    assert_eq!(tsv, EXPECTED_TSV);

    bitext()
        .arg("review")
        .arg(&input)
        .args(LANGS)
        .assert()
        .success()
        .stdout("[0]:[0]:1.0000\n[1]:[1]:1.0000\n[2]:[2]:0.7342\n[3]:[3]:0.9500\n[0]:[0]:1.0000\n[]:[1]:0.3000\n");
}

// --------------------------------------------------------------- errors ----

/// Runs `bitext review` expecting failure: exit 1, no output file; returns
/// standard error.
fn review_fails(input: &Path, args: &[&str]) -> String {
    let out = input.parent().unwrap().join("final.tsv");
    let output = bitext()
        .arg("review")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    stderr
}

fn row(id: &'static str, ids: (&'static str, &'static str), bead: (usize, usize)) -> Row {
    Row {
        id,
        doc: AC,
        source_ids: ids.0,
        target_ids: ids.1,
        bead,
        confidence: 0.9,
        status: "",
        source: "Text.",
        target: "Text.",
        note: "",
    }
}

/// Every kind of row mistake at once, with the rows a spreadsheet shows.
fn broken_rows() -> Vec<Row> {
    vec![
        // row 2
        row("atlantic-council-0000", ("[0]", "[0]"), (1, 1)),
        // row 3: status typo; atlantic-council-0002 deleted after it
        Row {
            status: "done",
            ..row("atlantic-council-0001", ("[1]", "[1]"), (1, 1))
        },
        // row 4
        row("atlantic-council-0003", ("[3]", "[3]"), (1, 1)),
        // row 5: bead type does not match the ids
        row("atlantic-council-0004", ("[4, 5]", "[4]"), (1, 1)),
        // row 6: the same id again
        row("atlantic-council-0004", ("[4, 5]", "[4]"), (2, 1)),
        // row 7: kept, but the target text was deleted
        Row {
            status: "ok",
            target: "",
            ..row("atlantic-council-0005", ("[6]", "[5]"), (1, 1))
        },
    ]
}

fn assert_broken_rows_reported(stderr: &str, file: &str) {
    assert!(
        stderr.contains(&format!(
            "bitext: error: {file}: 5 problems in the reviewed file, nothing was written"
        )),
        "{stderr}"
    );
    let expected = [
        "  row 3: unknown status \"done\"; use ok, fix or reject, or leave it empty",
        "  row 3: id atlantic-council-0002 is missing after atlantic-council-0001",
        "  row 5: bead \"1-1\" but source_ids [4, 5] and target_ids [4] make 2-1",
        "  row 6: id atlantic-council-0004 is also on row 5",
        "  row 7: the text of target [5] is empty",
    ];
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  row")).collect();
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
}

#[test]
fn every_row_problem_is_reported_with_its_row_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        // Without heading rows, so that the rows are numbered as in the
        // workbook of the next test.
        csv_file(&broken_rows(), &DATA, false).as_bytes(),
    );
    let stderr = review_fails(&input, &LANGS);
    assert_broken_rows_reported(&stderr, &input.display().to_string());
}

#[test]
fn a_csv_without_heading_rows_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "old.csv",
        csv_file(&REVIEWED, &DATA, false).as_bytes(),
    );
    let (tsv, _, stderr) = review_to_tsv_and_jsonl(&input, &LANGS);
    assert_eq!(tsv, EXPECTED_TSV);
    assert!(
        stderr.contains("bitext: warning: ") && stderr.contains("cannot be noticed"),
        "{stderr}"
    );
}

/// Aligns two documents into one review file with `bitext batch` (the way
/// a multi-document review file is made) and returns its path.
fn batch_review(dir: &Path, format: &str) -> PathBuf {
    let input = dir.join("input");
    for (name, en, de) in [
        (
            "one",
            "The minister spoke on Monday. She promised new schools. Parents were glad.",
            "Die Ministerin sprach am Montag. Sie versprach neue Schulen. Die Eltern freuten sich.",
        ),
        (
            "two",
            "It rained all day. The river rose.",
            "Es regnete den ganzen Tag. Der Fluss stieg.",
        ),
    ] {
        let pair = input.join(name);
        std::fs::create_dir_all(&pair).unwrap();
        std::fs::write(pair.join("en.txt"), en).unwrap();
        std::fs::write(pair.join("de.txt"), de).unwrap();
    }
    let out = dir.join("out");
    bitext()
        .args(["batch", "--quiet", "--format", format, "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let path = out.join(format!("corpus.{format}"));
    assert!(path.exists(), "{}", path.display());
    path
}

/// The lines of a CSV review file (data profile: LF, no BOM).
fn csv_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_review_file_written_by_batch_reads_back_without_a_warning() {
    for format in ["csv", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let path = batch_review(dir.path(), format);
        let (_, jsonl, stderr) = review_to_tsv_and_jsonl(&path, &LANGS);
        assert_eq!(jsonl.len(), 5, "{format}: {stderr}");
        assert!(!stderr.contains("warning"), "{format}: {stderr}");
    }
}

#[test]
fn a_csv_cut_in_the_middle_is_an_error_naming_what_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = batch_review(dir.path(), "csv");
    let lines = csv_lines(&path);
    // Header, #document 1, one-0000..0002, #document 2, two-0000, two-0001,
    // #end: cut after two-0000.
    assert_eq!(lines.len(), 9, "{lines:#?}");
    let cut = write(
        dir.path(),
        "cut.csv",
        (lines[..7].join("\n") + "\n").as_bytes(),
    );
    let stderr = review_fails(&cut, &LANGS);
    assert!(stderr.contains("cut.csv: 2 problems"), "{stderr}");
    assert!(
        stderr.contains(
            "row 6: document two has 2 rows; id two-0001 is missing at its end (with source \
             sentence 1 and target sentence 1): the file was cut off"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 8: the file ends after row 7 without the row #end"),
        "{stderr}"
    );
}

#[test]
fn a_document_deleted_from_a_csv_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = batch_review(dir.path(), "csv");
    let lines = csv_lines(&path);
    let written =
        |name: &str, kept: &[String]| write(dir.path(), name, (kept.join("\n") + "\n").as_bytes());
    // The rows of document one deleted, its heading row kept.
    let kept: Vec<String> = [&lines[..2], &lines[5..]].concat();
    let stderr = review_fails(&written("rows.csv", &kept), &LANGS);
    assert!(
        stderr.contains(
            "row 2: document one has 3 rows (ids one-0000 to one-0002, with source sentences 0 \
             to 2 and target sentences 0 to 2), and none of them is in the file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("set the status of its rows to reject"),
        "{stderr}"
    );
    // Document one deleted with its heading row: the end row counts it.
    let kept: Vec<String> = [&lines[..1], &lines[5..]].concat();
    let stderr = review_fails(&written("doc.csv", &kept), &LANGS);
    assert!(
        stderr.contains("row 5: document 1 of 2 (before two) is missing"),
        "{stderr}"
    );
}

/// The workbook with the last row of its review sheet deleted, as a
/// spreadsheet deletes it: the `<row>` element gone.
fn without_last_row(bytes: &[u8]) -> Vec<u8> {
    let sheet = "xl/worksheets/sheet1.xml";
    let xml = part(bytes, sheet);
    let start = xml.rfind("<row ").unwrap();
    let end = xml.rfind("</row>").unwrap() + "</row>".len();
    rewritten(bytes, sheet, &xml[start..end], "")
}

/// A part of a zip archive, as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::{Cursor, Read};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn an_xlsx_with_fewer_rows_than_its_summary_is_an_error_naming_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = batch_review(dir.path(), "xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let cut = write(dir.path(), "cut.xlsx", &without_last_row(&bytes));
    let stderr = review_fails(&cut, &[]);
    assert!(stderr.contains("cut.xlsx: 1 problem"), "{stderr}");
    assert!(
        stderr.contains("sheet \"summary\", row ")
            && stderr.contains(
                "document two has 2 rows; id two-0001 is missing at its end (with source \
                 sentence 1 and target sentence 1)"
            ),
        "{stderr}"
    );
    // A workbook whose summary gives only the totals (as older bitext
    // wrote them) is checked in total.
    let totals = xlsx_with_totals(&REVIEWED[..6], 2, 7);
    let input = write(dir.path(), "totals.xlsx", &totals);
    let stderr = review_fails(&input, &LANGS);
    assert!(
        stderr
            .contains("sheet \"summary\", row 3: says 7 beads, but the review table holds 6 rows"),
        "{stderr}"
    );
}

/// A workbook as [`xlsx`] makes it, with `documents` and `beads` on its
/// summary sheet.
fn xlsx_with_totals(rows: &[Row], documents: usize, beads: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let summary = book.add_worksheet();
    summary.set_name("summary").unwrap();
    summary.write_string(0, 0, "key").unwrap();
    summary.write_string(1, 0, "documents").unwrap();
    summary.write_number(1, 1, documents as f64).unwrap();
    summary.write_string(2, 0, "beads").unwrap();
    summary.write_number(2, 1, beads as f64).unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("review").unwrap();
    for (c, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in cells(row, &DATA).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_problems_have_the_sheet_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "review.xlsx", &xlsx(&broken_rows(), None));
    let stderr = review_fails(&input, &LANGS);
    assert_broken_rows_reported(&stderr, &input.display().to_string());
}

#[test]
fn changed_header_shows_expected_and_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&REVIEWED, &EXCEL_DE).replacen(";status;", ";Status (ok/fix);", 1);
    let input = write(dir.path(), "review.csv", text.as_bytes());
    let stderr = review_fails(&input, &LANGS);
    assert!(
        stderr.contains("1 problem in the reviewed file"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "row 1: the header is not bitext's review header (column 7 is \"Status (ok/fix)\")"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "expected id,doc,source_ids,target_ids,bead,confidence,status,source,target,note"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("found    id,doc,source_ids,target_ids,bead,confidence,Status (ok/fix),source,target,note"),
        "{stderr}"
    );
}

#[test]
fn a_csv_needs_the_languages() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        csv_text(&REVIEWED, &DATA).as_bytes(),
    );
    let stderr = review_fails(&input, &["--src-lang", "en"]);
    assert!(
        stderr.contains("the target language is not named in the file")
            && stderr.contains("--tgt-lang"),
        "{stderr}"
    );
}

#[test]
fn an_existing_output_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "review.csv",
        csv_text(&REVIEWED, &DATA).as_bytes(),
    );
    let out = write(dir.path(), "final.tsv", b"keep me\n");
    bitext()
        .arg("review")
        .arg(&input)
        .args(LANGS)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
}

#[test]
fn unreadable_inputs_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.csv");
    bitext()
        .arg("review")
        .arg(&missing)
        .args(LANGS)
        .assert()
        .code(1)
        .stderr(contains("nope.csv"));
    let book = write(dir.path(), "other.xlsx", &{
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "id").unwrap();
        book.save_to_buffer().unwrap()
    });
    bitext()
        .arg("review")
        .arg(&book)
        .args(LANGS)
        .assert()
        .code(1)
        .stderr(contains("other.xlsx").and(contains("no sheet named \"review\"")));
    bitext()
        .args(["review", "--unreviewed", "sometimes"])
        .arg(&book)
        .assert()
        .code(2)
        .stderr(contains("keep, drop or above=X"));
}

/// The workbook with `from` replaced by `to` in its part `name`, zipped
/// again: a hostile workbook of a few KiB, made from a sound one.
fn rewritten(bytes: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let part_name = part.name().unwrap().into_owned();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        if part_name == name {
            assert!(xml.contains(from), "{name} has no {from}");
            xml = xml.replacen(from, to, 1);
        }
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(xml.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_far_away_cell_or_a_damaged_reference_is_an_error_naming_sheet_and_cell() {
    // sheet1.xml is the summary, sheet2.xml the review table.
    let sound = xlsx(&REVIEWED, Some(("en-GB", "de-DE")));
    let dir = tempfile::tempdir().unwrap();
    for (part, from, to, place) in [
        (
            "xl/worksheets/sheet2.xml",
            "r=\"A2\"",
            "r=\"XFD1048576\"",
            "sheet \"review\", cell XFD1048576",
        ),
        (
            "xl/worksheets/sheet1.xml",
            "r=\"B2\"",
            "r=\"B99999999999\"",
            "sheet \"summary\", cell B99999999999",
        ),
    ] {
        let bytes = rewritten(&sound, part, from, to);
        assert!(bytes.len() < 16 << 10);
        let input = write(dir.path(), "review.xlsx", &bytes);
        let stderr = review_fails(&input, &[]);
        assert!(
            stderr.contains(&format!("review.xlsx: {place}: "))
                && stderr.contains("not a bitext review"),
            "{stderr}"
        );
    }
}
