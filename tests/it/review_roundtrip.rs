//! The whole review loop, as a translator does it: align the bundled article
//! into a spreadsheet, edit it (a rejected pair, a fixed translation, pairs
//! marked ok, pairs left alone), read it back with `bitext review` and get a
//! translation memory with exactly the expected units.

use crate::office;
use crate::util::{self, bitext};

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use predicates::prelude::PredicateBooleanExt;

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";

/// The reviewer's edits, by row id: (status, new target text).
fn edits() -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    vec![
        ("atlantic-council-0000", "ok", None),
        ("atlantic-council-0001", "reject", None),
        (
            "atlantic-council-0002",
            "fix",
            Some(
                "Starmer und Merz lobten das Treffen – ein korrigierter Satz mit „Zitat“ & <Zeichen>.",
            ),
        ),
        ("atlantic-council-0005", "OK ", None),
    ]
}

/// (source, target) of every `<tu>` of a TMX file, in order.
fn units(tmx: &Path) -> Vec<(String, String)> {
    crate::util::tmx_units(&std::fs::read_to_string(tmx).unwrap())
}

/// The units the edited review must give: every pair with both sides,
/// except the rejected one, with the fixed target (a CSV's heading and end
/// rows, `#document 1` and `#end`, are none).
fn expected(rows: &[Vec<String>]) -> Vec<(String, String)> {
    rows.iter()
        .filter(|r| !r[0].starts_with('#'))
        .filter(|r| !r[7].is_empty() && !r[8].is_empty())
        .filter_map(|r| {
            let edit = edits().into_iter().find(|(id, _, _)| *id == r[0]);
            match edit {
                Some((_, "reject", _)) => None,
                Some((_, _, Some(target))) => Some((r[7].clone(), target.to_string())),
                _ => Some((r[7].clone(), r[8].clone())),
            }
        })
        .collect()
}

fn check_tmx(tmx: &Path, rows: &[Vec<String>]) {
    assert_eq!(units(tmx), expected(rows));
    // The languages the review file names, though none was given.
    let text = std::fs::read_to_string(tmx).unwrap();
    assert!(text.contains("srclang=\"en\""), "{text}");
    assert!(text.contains("<tuv xml:lang=\"de\">"), "{text}");
    let hint = "xmllint is missing: install libxml2-utils (apt-get install libxml2-utils)";
    if util::external(util::runs("xmllint", &["--version"]), hint) {
        let dtd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx14.dtd");
        let status = std::process::Command::new("xmllint")
            .args(["--noout", "--dtdvalid"])
            .arg(dtd)
            .arg(tmx)
            .status()
            .unwrap();
        assert!(status.success(), "{} is not valid TMX 1.4", tmx.display());
    }
}

#[test]
fn xlsx_edited_and_read_back_gives_the_corrected_memory() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.xlsx");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&review)
        .assert()
        .success();

    // Read the workbook as written, then save the reviewer's version.
    let mut workbook: Xlsx<_> = open_workbook(&review).unwrap();
    let sheet = workbook.worksheet_range("review").unwrap();
    let cell = |c: &Data| match c {
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        other => other.to_string(),
    };
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .skip(1)
        .map(|r| r.iter().map(cell).collect())
        .collect();
    let summary = workbook.worksheet_range("summary").unwrap();
    let mut edited = rust_xlsxwriter::Workbook::new();
    let review_sheet = edited.add_worksheet().set_name("review").unwrap();
    for (c, name) in bitext::write::table::COLUMNS.iter().enumerate() {
        review_sheet.write_string(0, c as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let edit = edits().into_iter().find(|(id, _, _)| *id == row[0]);
        for (c, value) in row.iter().enumerate() {
            let value = match (c, edit) {
                (6, Some((_, status, _))) => status.to_string(),
                (8, Some((_, _, Some(target)))) => target.to_string(),
                _ => value.clone(),
            };
            if c == 5 {
                review_sheet
                    .write_number(r as u32 + 1, 5, value.parse::<f64>().unwrap())
                    .unwrap();
            } else if !value.is_empty() {
                review_sheet
                    .write_string(r as u32 + 1, c as u16, value)
                    .unwrap();
            }
        }
    }
    let summary_sheet = edited.add_worksheet().set_name("summary").unwrap();
    for (r, row) in summary.rows().enumerate() {
        for (c, value) in row.iter().enumerate() {
            summary_sheet
                .write_string(r as u32, c as u16, cell(value))
                .unwrap();
        }
    }
    let reviewed = dir.path().join("reviewed.xlsx");
    edited.save(&reviewed).unwrap();

    let tmx = dir.path().join("final.tmx");
    bitext()
        .args(["review"])
        .arg(&reviewed)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success()
        .stderr(predicates::str::contains("reject          1"));
    check_tmx(&tmx, &rows);
}

/// Aligns the article into `review.csv` (excel-de), edits it as a German
/// Excel user would and saves it as German Excel does (BOM, semicolons,
/// CRLF) into `reviewed.csv`; returns that file and the rows bitext wrote.
fn edited_german_csv(dir: &Path) -> (PathBuf, Vec<Vec<String>>) {
    let review = dir.join("review.csv");
    bitext()
        .args(["align", EN, DE, "-o"])
        .arg(&review)
        .assert()
        .success();
    let bytes = std::fs::read(&review).unwrap();
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("excel-de has a BOM");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();

    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(bitext::write::table::COLUMNS).unwrap();
        for row in &rows {
            let edit = edits().into_iter().find(|(id, _, _)| *id == row[0]);
            let mut row = row.clone();
            if let Some((_, status, target)) = edit {
                row[6] = status.to_string();
                if let Some(target) = target {
                    row[8] = target.to_string();
                }
            }
            writer.write_record(&row).unwrap();
        }
    }
    let reviewed = dir.join("reviewed.csv");
    std::fs::write(&reviewed, out).unwrap();
    (reviewed, rows)
}

/// The CSV rows carry the formula guard and en dashes as written; the
/// expected units are the texts as the sheet shows them, unguarded.
fn unguarded(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| bitext::review::unguard(c).to_string())
                .collect()
        })
        .collect()
}

/// `bitext review FILE -o final.tmx`, no languages given: the file names
/// them.
fn review_without_flags(reviewed: &Path, dir: &Path) -> PathBuf {
    let tmx = dir.join("final.tmx");
    bitext()
        .arg("review")
        .arg(reviewed)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success()
        .stderr(predicates::str::contains("warning").not());
    tmx
}

#[test]
fn german_excel_csv_edited_and_read_back_gives_the_corrected_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (reviewed, rows) = edited_german_csv(dir.path());
    let tmx = review_without_flags(&reviewed, dir.path());
    check_tmx(&tmx, &unguarded(&rows));
}

#[test]
fn csv_opened_and_saved_again_by_a_german_libreoffice_still_names_its_languages() {
    if util::skip_external("LibreOffice test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (reviewed, rows) = edited_german_csv(dir.path());
    // Opened as a German user's LibreOffice opens it (`;`, UTF-8, de-DE,
    // dates detected) and saved as CSV again in the same settings.
    let filter = "Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true";
    let out = dir.path().join("saved");
    office::convert(
        &dir.path().join("office-profile"),
        Some(filter),
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,1031",
        &out,
        &[reviewed],
    );
    let saved = out.join("reviewed.csv");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.contains("#document 1;atlantic-council;") && text.contains(";en;de;"),
        "the heading row with its languages: {text}"
    );
    let tmx = review_without_flags(&saved, dir.path());
    check_tmx(&tmx, &unguarded(&rows));
}

#[test]
fn a_csv_without_languages_needs_them_given() {
    let dir = tempfile::tempdir().unwrap();
    let (reviewed, rows) = edited_german_csv(dir.path());
    // As an older bitext wrote it: no languages in the heading row.
    let text = std::fs::read_to_string(&reviewed).unwrap();
    let old = text.replacen(";en;de;", ";;;", 1);
    assert_ne!(old, text);
    std::fs::write(&reviewed, old).unwrap();
    bitext()
        .arg("review")
        .arg(&reviewed)
        .args(["-o", "unused.tmx"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "the source language is not named in the file",
        ));
    let tmx = dir.path().join("final.tmx");
    bitext()
        .args(["review", "--src-lang", "en", "--tgt-lang", "de"])
        .arg(&reviewed)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success();
    check_tmx(&tmx, &unguarded(&rows));
    // Languages given that are not the file's: given ones win, with a warning.
    std::fs::write(&reviewed, text).unwrap();
    let swapped = dir.path().join("swapped.tmx");
    bitext()
        .args(["review", "--src-lang", "de", "--tgt-lang", "en-GB"])
        .arg(&reviewed)
        .arg("-o")
        .arg(&swapped)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "the file names en as the source language, but de was given; writing de",
        ))
        .stderr(predicates::str::contains(
            "the file names de as the target language, but en-GB was given",
        ));
    assert!(
        std::fs::read_to_string(swapped)
            .unwrap()
            .contains("srclang=\"de\"")
    );
}
