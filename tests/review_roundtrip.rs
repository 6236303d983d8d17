//! The whole review loop, as a translator does it: align the bundled article
//! into a spreadsheet, edit it (a rejected pair, a fixed translation, pairs
//! marked ok, pairs left alone), read it back with `bitext review` and get a
//! translation memory with exactly the expected units.

use std::path::Path;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";

fn bitext() -> Command {
    Command::cargo_bin("bitext").unwrap()
}

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
    let text = std::fs::read_to_string(tmx).unwrap();
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    text.split("<tu ")
        .skip(1)
        .map(|unit| {
            let unit = &unit[..unit.find("</tu>").expect("every unit is closed")];
            let segs: Vec<String> = unit
                .split("<seg>")
                .skip(1)
                .map(|s| unescape(&s[..s.find("</seg>").expect("every seg is closed")]))
                .collect();
            assert_eq!(segs.len(), 2, "a unit has a source and a target: {unit}");
            (segs[0].clone(), segs[1].clone())
        })
        .collect()
}

/// The units the edited review must give: every pair with both sides,
/// except the rejected one, with the fixed target.
fn expected(rows: &[Vec<String>]) -> Vec<(String, String)> {
    rows.iter()
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
    if std::env::var_os("BITEXT_SKIP_EXTERNAL").is_none() {
        let dtd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx14.dtd");
        let status = std::process::Command::new("xmllint")
            .args(["--noout", "--dtdvalid"])
            .arg(dtd)
            .arg(tmx)
            .status()
            .expect("xmllint is needed (Debian package libxml2-utils)");
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

#[test]
fn german_excel_csv_edited_and_read_back_gives_the_corrected_memory() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.csv");
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

    // Save it back as German Excel would: BOM, semicolons, CRLF.
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
    let reviewed = dir.path().join("reviewed.csv");
    std::fs::write(&reviewed, out).unwrap();

    let tmx = dir.path().join("final.tmx");
    bitext()
        .args(["review", "--src-lang", "en", "--tgt-lang", "de"])
        .arg(&reviewed)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success();
    // The CSV rows carry the formula guard and en dashes as written; the
    // expected units are the texts as the sheet shows them, unguarded.
    let unguarded: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| bitext::review::unguard(c).to_string())
                .collect()
        })
        .collect();
    check_tmx(&tmx, &unguarded);
}
