//! End-to-end tests of the spreadsheet review files: `bitext align` to CSV
//! in each profile and to XLSX, read back by the csv crate and calamine (as
//! `bitext review` reads them), and the spreadsheet CSVs opened by a real
//! LibreOffice the way a German or English user's spreadsheet opens them.

use crate::office;
use crate::util::{self, bitext};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::Value;

use bitext::write::table::COLUMNS;

/// The bundled article: umlauts, „quotes“, a 2-1 bead and a 0-1 bead.
const ARTICLE: (&str, &str) = (
    "corpus/atlantic-council/en.txt",
    "corpus/atlantic-council/de.txt",
);
/// A small pair with a 2-1 bead and sentences starting with `- ` and `=`.
const SMALL: (&str, &str) = (
    "tests/fixtures/sheets/en.txt",
    "tests/fixtures/sheets/de.txt",
);

const EN_DASH: char = '\u{2013}';

fn run(cmd: &mut Command) -> Vec<u8> {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "bitext failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// One bead as bitext's JSON lines give it, the reference for every table.
#[derive(Debug, Clone)]
struct Bead {
    id: String,
    doc: String,
    source_ids: String,
    target_ids: String,
    bead: String,
    /// Four decimals, decimal point.
    confidence: String,
    source: String,
    target: String,
}

fn id_list(value: &Value) -> String {
    let ids: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.to_string())
        .collect();
    format!("[{}]", ids.join(", "))
}

fn text(value: &Value) -> String {
    let parts: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    parts.join(" ")
}

/// The beads of a pair, from `bitext align -f jsonl`.
fn beads(pair: (&str, &str)) -> Vec<Bead> {
    let out = run(bitext().args(["align", "-f", "jsonl", pair.0, pair.1]));
    let out = String::from_utf8(out).unwrap();
    out.lines()
        .enumerate()
        .map(|(index, line)| {
            let v: Value = serde_json::from_str(line).unwrap();
            let doc = v["doc"].as_str().unwrap().to_string();
            Bead {
                id: format!("{doc}-{index:04}"),
                doc,
                source_ids: id_list(&v["source_ids"]),
                target_ids: id_list(&v["target_ids"]),
                bead: v["bead"].as_str().unwrap().to_string(),
                confidence: format!("{:.4}", v["confidence"].as_f64().unwrap()),
                source: text(&v["source"]),
                target: text(&v["target"]),
            }
        })
        .collect()
}

/// Aligns `pair` into `dir/name` with extra arguments; returns the path.
fn align_to(dir: &Path, name: &str, pair: (&str, &str), extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    run(bitext()
        .args(["align", pair.0, pair.1, "-o"])
        .arg(&path)
        .args(extra));
    path
}

/// What a spreadsheet profile makes of a text cell: the `'` guard.
fn guarded(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The CSV cells bitext must write for `bead` in a profile.
fn csv_cells(bead: &Bead, profile: &str) -> Vec<String> {
    let spreadsheet = profile != "data";
    let text = |t: &str| {
        if spreadsheet {
            guarded(t)
        } else {
            t.to_string()
        }
    };
    let kind = if spreadsheet {
        bead.bead.replace('-', &EN_DASH.to_string())
    } else {
        bead.bead.clone()
    };
    let confidence = if profile == "excel-de" {
        bead.confidence.replace('.', ",")
    } else {
        bead.confidence.clone()
    };
    vec![
        bead.id.clone(),
        bead.doc.clone(),
        bead.source_ids.clone(),
        bead.target_ids.clone(),
        kind,
        confidence,
        String::new(),
        text(&bead.source),
        text(&bead.target),
        String::new(),
    ]
}

/// Checks the bytes of a CSV file against the profile and returns its
/// records, header first.
fn read_csv(bytes: &[u8], profile: &str) -> Vec<Vec<String>> {
    let spreadsheet = profile != "data";
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(body) => {
            assert!(spreadsheet, "{profile}: no BOM in data");
            body
        }
        None => {
            assert!(!spreadsheet, "{profile}: Excel needs the BOM to see UTF-8");
            bytes
        }
    };
    let text = std::str::from_utf8(body).unwrap();
    for (k, line) in text.split_inclusive('\n').enumerate() {
        assert_eq!(
            line.ends_with("\r\n"),
            spreadsheet,
            "{profile}: line end of line {k}: {line:?}"
        );
    }
    let delimiter = if profile == "excel-de" { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_profiles_hold_every_bead_as_the_profile_says() {
    let dir = tempfile::tempdir().unwrap();
    for (pair, name) in [(ARTICLE, "article"), (SMALL, "small")] {
        let beads = beads(pair);
        assert!(beads.iter().any(|b| b.bead == "2-1"), "{name}: a 2-1 bead");
        for profile in ["excel-de", "excel", "data"] {
            let file = format!("{name}-{profile}.csv");
            let path = align_to(dir.path(), &file, pair, &["--csv-profile", profile]);
            let records = read_csv(&std::fs::read(&path).unwrap(), profile);
            assert_eq!(records[0], COLUMNS, "{file}: header");
            assert_eq!(
                records.len(),
                beads.len() + 3,
                "{file}: one row per bead, the document's heading row and the end row"
            );
            assert_eq!(records[1][0], "#document 1", "{file}");
            assert_eq!(records[1][4], format!("{} beads", beads.len()), "{file}");
            assert_eq!(records[records.len() - 1][..2], ["#end", "1 document"]);
            for (record, bead) in records[2..].iter().zip(&beads) {
                assert_eq!(*record, csv_cells(bead, profile), "{file}");
            }
        }
    }
}

#[test]
fn csv_guard_null_beads_and_default_profile() {
    let dir = tempfile::tempdir().unwrap();
    // Without --csv-profile, `bitext align` writes for German Excel.
    let path = align_to(dir.path(), "small.csv", SMALL, &[]);
    let records = read_csv(&std::fs::read(&path).unwrap(), "excel-de");
    let dash = records.iter().find(|r| r[2] == "[3]").unwrap();
    assert_eq!(dash[7], "'- Yes, we agreed on 12 points, she said.");
    assert_eq!(
        dash[8],
        "'- Ja, wir haben uns auf 12 Punkte geeinigt, sagte sie."
    );
    assert_eq!(records[2][4], format!("2{EN_DASH}1"));

    let path = align_to(
        dir.path(),
        "small-data.csv",
        SMALL,
        &["--csv-profile", "data"],
    );
    let records = read_csv(&std::fs::read(&path).unwrap(), "data");
    let dash = records.iter().find(|r| r[2] == "[3]").unwrap();
    assert_eq!(dash[7], "- Yes, we agreed on 12 points, she said.");
    assert_eq!(records[2][4], "2-1");

    // The article's translator's note has no English counterpart: a 0-1
    // row with an empty source, there for the reviewer to see.
    let path = align_to(
        dir.path(),
        "article.csv",
        ARTICLE,
        &["--csv-profile", "excel"],
    );
    let records = read_csv(&std::fs::read(&path).unwrap(), "excel");
    let last = &records[records.len() - 2];
    assert_eq!(
        (last[2].as_str(), last[4].as_str(), last[7].as_str()),
        ("[]", "0\u{2013}1", "")
    );
}

#[test]
fn an_unknown_csv_profile_is_a_usage_error() {
    bitext()
        .args([
            "align",
            ARTICLE.0,
            ARTICLE.1,
            "-f",
            "csv",
            "--csv-profile",
            "excel-fr",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("excel-de, excel, data"));
}

/// The cell at (row, col), `Empty` outside the used range.
fn cell(range: &Range<Data>, row: usize, col: usize) -> Data {
    range
        .get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn string(value: &str) -> Data {
    Data::String(value.to_string())
}

/// Checks a sheet read back by calamine against the beads: every cell but
/// the confidence a string (`expected` gives each), the confidence a number.
/// A sheet from a CSV has the document's heading row before the beads and
/// the end row after them (`csv`); a workbook's sheet has neither.
fn check_sheet(
    range: &Range<Data>,
    beads: &[Bead],
    csv: bool,
    expected: impl Fn(&Bead) -> Vec<Data>,
) {
    for (col, name) in COLUMNS.iter().enumerate() {
        assert_eq!(cell(range, 0, col), string(name), "header");
    }
    let markers = usize::from(csv);
    assert_eq!(
        range.end().map(|(row, _)| row as usize),
        Some(beads.len() + 2 * markers)
    );
    if csv {
        assert_eq!(cell(range, 1, 0), string("#document 1"));
        assert_eq!(cell(range, beads.len() + 2, 0), string("#end"));
    }
    for (row, bead) in (1 + markers..).zip(beads) {
        let cells: Vec<Data> = (0..COLUMNS.len())
            .map(|col| cell(range, row, col))
            .collect();
        assert_eq!(cells, expected(bead), "row {row}");
    }
}

/// The cells of a bead in the XLSX workbook: texts exactly as aligned,
/// `2-1` as written (a string cell is never a date), the confidence as a
/// number, status and note empty.
fn xlsx_cells(bead: &Bead) -> Vec<Data> {
    vec![
        string(&bead.id),
        string(&bead.doc),
        string(&bead.source_ids),
        string(&bead.target_ids),
        string(&bead.bead),
        Data::Float(bead.confidence.parse().unwrap()),
        Data::Empty,
        string_or_empty(&bead.source),
        string_or_empty(&bead.target),
        Data::Empty,
    ]
}

/// An empty string is no cell at all in a workbook.
fn string_or_empty(value: &str) -> Data {
    if value.is_empty() {
        Data::Empty
    } else {
        string(value)
    }
}

/// A file of the workbook's zip archive, as text.
fn archive_file(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of `attribute` in the first `<element …>` of an XML text.
fn attribute<'a>(xml: &'a str, element: &str, attribute: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let at = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The style index of a cell in the sheet XML.
fn style_of(sheet: &str, cell: &str) -> usize {
    let start = sheet.find(&format!("<c r=\"{cell}\"")).unwrap();
    attribute(&sheet[start..], "c", "s")
        .unwrap()
        .parse()
        .unwrap()
}

/// Whether cell style `index` (of `cellXfs` in styles.xml) is unlocked.
fn unlocked(styles: &str, index: usize) -> bool {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xfs = &xfs[..xfs.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(index + 1).unwrap();
    let xf = &xf[..xf.find("</xf>").unwrap_or(xf.len())];
    xf.contains("locked=\"0\"")
}

#[test]
fn xlsx_review_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let beads = beads(ARTICLE);
    let path = align_to(dir.path(), "review.xlsx", ARTICLE, &[]);
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["review", "summary"]);
    let review = workbook.worksheet_range("review").unwrap();
    check_sheet(&review, &beads, false, xlsx_cells);

    let summary = workbook.worksheet_range("summary").unwrap();
    let lines: Vec<(String, Data)> = summary
        .rows()
        .skip(1)
        .map(|row| (row[0].to_string(), row[1].clone()))
        .collect();
    let value = |key: &str| {
        lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("summary has no {key:?}: {lines:?}"))
    };
    let count =
        |f: &dyn Fn(&Bead) -> bool| Data::Float(beads.iter().filter(|b| f(b)).count() as f64);
    assert_eq!(value("documents"), Data::Float(1.0));
    assert_eq!(value("source_lang"), string("en"));
    assert_eq!(value("target_lang"), string("de"));
    assert_eq!(value("beads"), count(&|_| true));
    assert_eq!(value("beads 1-1"), count(&|b| b.bead == "1-1"));
    assert_eq!(value("beads 2-1"), count(&|b| b.bead == "2-1"));
    assert_eq!(value("beads 0-1"), count(&|b| b.bead == "0-1"));
    assert_eq!(
        value("below 0.5"),
        count(&|b| b.confidence.parse::<f64>().unwrap() < 0.5)
    );
    let mean = beads
        .iter()
        .map(|b| b.confidence.parse::<f64>().unwrap())
        .sum::<f64>()
        / beads.len() as f64;
    let Data::Float(written) = value("mean confidence") else {
        panic!("mean confidence is a number")
    };
    assert!((written - mean).abs() < 1e-3, "{written} vs {mean}");

    // What calamine does not read: the review tools in the sheet's XML.
    let sheet = archive_file(&path, "xl/worksheets/sheet1.xml");
    let last = beads.len() + 1;
    assert_eq!(
        attribute(&sheet, "pane", "ySplit"),
        Some("1"),
        "header frozen"
    );
    assert_eq!(attribute(&sheet, "pane", "state"), Some("frozen"));
    let filter = format!("A1:J{last}");
    assert_eq!(
        attribute(&sheet, "autoFilter", "ref"),
        Some(filter.as_str())
    );
    assert_eq!(attribute(&sheet, "sheetProtection", "sheet"), Some("1"));
    assert_eq!(
        attribute(&sheet, "sheetProtection", "autoFilter"),
        Some("0"),
        "filter allowed"
    );
    assert_eq!(
        attribute(&sheet, "sheetProtection", "sort"),
        Some("0"),
        "sort allowed"
    );
    assert_eq!(attribute(&sheet, "dataValidation", "type"), Some("list"));
    let status = format!("G2:G{last}");
    assert_eq!(
        attribute(&sheet, "dataValidation", "sqref"),
        Some(status.as_str())
    );
    assert!(sheet.contains("<formula1>\"ok,fix,reject\"</formula1>"));
    let rows = format!("A2:J{last}");
    assert_eq!(
        attribute(&sheet, "conditionalFormatting", "sqref"),
        Some(rows.as_str())
    );
    assert_eq!(sheet.matches("<cfRule type=\"expression\"").count(), 3);
    for rule in ["$F2&lt;0.5", "AND($F2&gt;=0.5,$F2&lt;0.8)", "$F2&gt;=0.8"] {
        assert!(
            sheet.contains(&format!("<formula>{rule}</formula>")),
            "{rule}"
        );
    }
    let styles = archive_file(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.00\""));
    for (cell, editable) in [
        ("A2", false),
        ("E2", false),
        ("F2", false),
        ("G2", true),
        ("H2", false),
        ("I2", true),
        ("J2", true),
    ] {
        assert_eq!(
            unlocked(&styles, style_of(&sheet, cell)),
            editable,
            "{cell}"
        );
    }
}

#[test]
fn xlsx_is_not_written_to_a_terminal_but_to_a_pipe() {
    let out = run(bitext().args(["align", SMALL.0, SMALL.1, "-f", "xlsx"]));
    assert!(out.starts_with(b"PK"), "a zip archive on standard output");
}

/// What LibreOffice shows for a bead of our spreadsheet CSVs: the texts as
/// written, the `'` of the guard included (LibreOffice, like Excel, keeps
/// it when it opens a CSV); the bead type as `2–1` text; the confidence a
/// number.
fn libreoffice_cells(bead: &Bead) -> Vec<Data> {
    let text = |t: &str| string_or_empty(&guarded(t));
    vec![
        string(&bead.id),
        string(&bead.doc),
        string(&bead.source_ids),
        string(&bead.target_ids),
        string(&bead.bead.replace('-', &EN_DASH.to_string())),
        Data::Float(bead.confidence.parse().unwrap()),
        Data::Empty,
        text(&bead.source),
        text(&bead.target),
        Data::Empty,
    ]
}

#[test]
fn libreoffice_opens_the_spreadsheet_profiles() {
    if util::skip_external("LibreOffice test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile_dir = dir.path().join("office-profile");
    // How a German and an English user's LibreOffice open a CSV: delimiter
    // (59 `;`, 44 `,`), quote (34), UTF-8 (76), from line 1, no column
    // types, their locale (1031 de-DE, 1033 en-US: decides the decimal
    // separator), quoted fields not forced to text, special numbers
    // (dates) detected, as Excel always does.
    for (profile, infilter) in [
        (
            "excel-de",
            "Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true",
        ),
        (
            "excel",
            "Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true",
        ),
    ] {
        let csv_dir = dir.path().join(profile);
        std::fs::create_dir(&csv_dir).unwrap();
        let files: Vec<PathBuf> = [(ARTICLE, "article"), (SMALL, "small")]
            .iter()
            .map(|(pair, name)| {
                align_to(
                    &csv_dir,
                    &format!("{name}.csv"),
                    *pair,
                    &["--csv-profile", profile],
                )
            })
            .collect();
        let out = dir.path().join(format!("{profile}-xlsx"));
        office::convert(&profile_dir, Some(infilter), "xlsx", &out, &files);

        for (pair, name) in [(ARTICLE, "article"), (SMALL, "small")] {
            let converted = out.join(format!("{name}.xlsx"));
            let mut workbook: Xlsx<_> = open_workbook(&converted)
                .unwrap_or_else(|e| panic!("{}: {e}", converted.display()));
            let sheet = workbook.sheet_names()[0].clone();
            let range = workbook.worksheet_range(&sheet).unwrap();
            let beads = beads(pair);
            check_sheet(&range, &beads, true, libreoffice_cells);
            // Row 2 is the document's heading row: the beads start on row 3.
            if name == "article" {
                // Umlauts and German quotes arrive intact.
                assert_eq!(cell(&range, 2, 8), string(&beads[0].target));
                assert!(beads[0].target.contains("Weißen Haus mit US-Präsident"));
                assert!(beads[1].target.contains("„besten Treffen“"));
            } else {
                assert_eq!(
                    cell(&range, 2, 4),
                    string("2\u{2013}1"),
                    "{profile}: text, not a date"
                );
                assert_eq!(
                    cell(&range, 4, 8),
                    string("'- Ja, wir haben uns auf 12 Punkte geeinigt, sagte sie."),
                    "{profile}: guarded, the ' shown"
                );
                assert_eq!(
                    cell(&range, 5, 8),
                    string("'=SUMME(A1) ist hier keine Formel.")
                );
                assert!(
                    matches!(cell(&range, 2, 5), Data::Float(_)),
                    "{profile}: a number"
                );
            }
        }
    }
}

/// The height in points of each row of the workbook's sheet `review` that
/// has one (`<row r="…" ht="…" customHeight="1">`), by row number; rows
/// without one are one line high (15 points).
fn row_heights(sheet: &str) -> Vec<(usize, f64)> {
    sheet
        .split("<row ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter_map(|tag| {
            let tag = format!("<row {tag}>");
            let number = attribute(&tag, "row", "r")?.parse().ok()?;
            let height = attribute(&tag, "row", "ht")?.parse().ok()?;
            assert_eq!(attribute(&tag, "row", "customHeight"), Some("1"), "{tag}");
            Some((number, height))
        })
        .collect()
}

/// The height of sheet row `row` (1 = header), 15 if it has none.
fn height_of(heights: &[(usize, f64)], row: usize) -> f64 {
    heights
        .iter()
        .find(|(r, _)| *r == row)
        .map_or(15.0, |(_, h)| *h)
}

/// The width of a text as a spreadsheet column counts it, Chinese and
/// Japanese characters twice.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{3000}'..='\u{9FFF}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn xlsx_rows_are_as_high_as_their_wrapped_texts() {
    let dir = tempfile::tempdir().unwrap();
    // The article, a pair with a Chinese translation (its characters twice
    // as wide as Latin letters) and a pair with one very long sentence.
    let chinese = (dir.path().join("en.txt"), dir.path().join("zh.txt"));
    std::fs::write(
        &chinese.0,
        "The committee met on Tuesday.\n\nIt published its report on the state of the \
         regional railway network.\n",
    )
    .unwrap();
    std::fs::write(
        &chinese.1,
        "委员会于星期二举行了会议。\n\n委员会发布了关于地区铁路网络现状的报告，报告指出许多线路\
         需要在未来十年内进行全面的维修和现代化改造，以满足不断增长的客运和货运需求。\n",
    )
    .unwrap();
    let long = (
        dir.path().join("long-en.txt"),
        dir.path().join("long-de.txt"),
    );
    let clause = "and the delegates talked about the harbour, the railway and the schools ";
    std::fs::write(
        &long.0,
        format!("On Monday {}for hours.\n", clause.repeat(60)),
    )
    .unwrap();
    let klausel = "und die Delegierten sprachen über den Hafen, die Bahn und die Schulen ";
    std::fs::write(
        &long.1,
        format!("Am Montag {}stundenlang.\n", klausel.repeat(60)),
    )
    .unwrap();

    let pairs = [
        (ARTICLE.0.to_string(), ARTICLE.1.to_string()),
        (
            chinese.0.display().to_string(),
            chinese.1.display().to_string(),
        ),
        (long.0.display().to_string(), long.1.display().to_string()),
    ];
    for (k, (source, target)) in pairs.iter().enumerate() {
        let pair = (source.as_str(), target.as_str());
        let beads = beads(pair);
        let path = align_to(dir.path(), &format!("{k}.xlsx"), pair, &[]);
        let sheet = archive_file(&path, "xl/worksheets/sheet1.xml");
        let heights = row_heights(&sheet);
        assert_eq!(height_of(&heights, 1), 15.0, "the header is one line");
        for (row, bead) in (2..).zip(&beads) {
            let height = height_of(&heights, row);
            // The source and target columns are 60 characters wide: a text
            // needs at least a line per 60 characters, and the row a
            // whole number of lines, at most the 409 points a row may be.
            let widest = display_width(&bead.source).max(display_width(&bead.target));
            let lines = widest.div_ceil(60).max(1) as f64;
            // (409 points are 545.33 pixels: the file holds 545, 408.75 points.)
            let max = 408.75;
            assert!(
                height >= (15.0 * lines).min(max) && height <= max,
                "row {row}: {height} points for {widest} characters"
            );
            assert_eq!(height % 15.0 == 0.0, height < max, "row {row}: {height}");
            if widest <= 50 {
                assert_eq!(height, 15.0, "row {row}: one line of {widest} characters");
            }
        }
        match k {
            0 => {
                let tallest = heights.iter().map(|(_, h)| *h).fold(0.0, f64::max);
                assert!(tallest >= 60.0, "the article's 2-1 beads need 4 lines");
            }
            1 => {
                // Counted once, its characters would fill two lines.
                let report = &beads[1];
                let chars = report.target.chars().count();
                assert!(
                    chars <= 90 && report.source.len() <= 90,
                    "{}",
                    report.target
                );
                assert!(
                    height_of(&heights, 3) >= 45.0,
                    "{chars} Chinese characters fill at least 3 lines"
                );
            }
            _ => assert_eq!(height_of(&heights, 2), 408.75, "as high as a row can be"),
        }
    }
}

#[test]
fn xlsx_prints_landscape_one_page_wide_with_the_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = align_to(dir.path(), "review.xlsx", ARTICLE, &[]);
    let sheet = archive_file(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(
        attribute(&sheet, "pageSetup", "orientation"),
        Some("landscape")
    );
    assert_eq!(attribute(&sheet, "pageSetUpPr", "fitToPage"), Some("1"));
    // One page wide (fitToWidth defaults to 1), as many pages tall as needed.
    assert!(matches!(
        attribute(&sheet, "pageSetup", "fitToWidth"),
        None | Some("1")
    ));
    assert_eq!(attribute(&sheet, "pageSetup", "fitToHeight"), Some("0"));
    assert_eq!(attribute(&sheet, "printOptions", "gridLines"), Some("1"));
    assert!(sheet.contains("<oddFooter>"), "page numbers in the footer");
    let workbook = archive_file(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">review!$1:$1</definedName>"
        ),
        "the header row repeats on every page: {workbook}"
    );
}

/// The text of a PDF, page by page, from poppler's `pdftotext` (in
/// layout mode, which keeps the hyphens at line ends).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let output = match Process::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "pdftotext is not installed; install it with `apt-get install poppler-utils` (or \
             set BITEXT_SKIP_EXTERNAL=1 to skip this test)"
        ),
        Err(e) => panic!("cannot run pdftotext: {e}"),
    };
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8(output.stdout).unwrap();
    text.split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// How often each word occurs in the texts; a hyphen separates words too,
/// since a line may break after it.
fn word_counts<'a>(
    texts: impl Iterator<Item = &'a str>,
) -> std::collections::HashMap<&'a str, usize> {
    let mut counts = std::collections::HashMap::new();
    let words = texts
        .flat_map(|text| text.split(|c: char| c.is_whitespace() || c == '-'))
        .filter(|word| !word.is_empty());
    for word in words {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

#[test]
fn libreoffice_prints_the_workbook_readable_on_whole_pages() {
    if util::skip_external("LibreOffice test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let beads = beads(ARTICLE);
    let path = align_to(dir.path(), "review.xlsx", ARTICLE, &[]);
    let out = dir.path().join("pdf");
    office::convert(
        &dir.path().join("office-profile"),
        None,
        "pdf",
        &out,
        &[path],
    );
    let pages = pdf_pages(&out.join("review.pdf"));
    // The sheet `review`, then one page of `summary`.
    let summary = pages.last().unwrap();
    assert!(summary.starts_with("key"), "{summary}");
    let pages = &pages[..pages.len() - 1];
    // All ten columns on every page, under the repeated header: no page
    // holds the right-hand columns of another.
    for (k, page) in pages.iter().enumerate() {
        for column in COLUMNS {
            assert!(
                page.contains(column),
                "page {}: no column {column}:\n{page}",
                k + 1
            );
        }
    }
    assert!(
        pages.len() <= beads.len().div_ceil(10),
        "{} pages",
        pages.len()
    );
    // Every word of every text is printed: a row too low for its wrapped
    // text would show its first line only.
    let printed = word_counts(pages.iter().map(String::as_str));
    let written = word_counts(
        beads
            .iter()
            .flat_map(|b| [b.source.as_str(), b.target.as_str()]),
    );
    for (word, n) in written {
        let found = printed.get(word).copied().unwrap_or(0);
        assert!(
            found >= n,
            "{word:?} printed {found} times, written {n} times"
        );
    }
}

#[test]
fn review_order_confidence_writes_the_least_confident_first_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let beads = beads(ARTICLE);
    let order = ["--review-order", "confidence"];
    let xlsx = align_to(dir.path(), "by-confidence.xlsx", ARTICLE, &order);
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let review = workbook.worksheet_range("review").unwrap();
    let rows: Vec<(String, f64)> = (1..=beads.len())
        .map(|row| {
            let Data::Float(confidence) = cell(&review, row, 5) else {
                panic!("row {row}: no confidence")
            };
            (cell(&review, row, 0).to_string(), confidence)
        })
        .collect();
    assert!(rows.windows(2).all(|w| w[0].1 <= w[1].1), "{rows:?}");
    let mut ids: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
    assert_ne!(ids, beads.iter().map(|b| b.id.as_str()).collect::<Vec<_>>());
    ids.sort();
    assert_eq!(ids, beads.iter().map(|b| b.id.as_str()).collect::<Vec<_>>());
    // Each row is still its bead, heights and all.
    let sheet = archive_file(&xlsx, "xl/worksheets/sheet1.xml");
    let heights = row_heights(&sheet);
    let first = beads.iter().find(|b| b.id == rows[0].0).unwrap();
    assert_eq!(cell(&review, 1, 8), string(&first.target));
    let tallest = heights.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    let tallest_id = cell(&review, tallest.0 - 1, 0).to_string();
    let tallest_bead = beads.iter().find(|b| b.id == tallest_id).unwrap();
    assert!(tallest_bead.source.len().max(tallest_bead.target.len()) > 180);

    let csv = align_to(dir.path(), "by-confidence.csv", ARTICLE, &order);
    let records = read_csv(&std::fs::read(&csv).unwrap(), "excel-de");
    assert_eq!(records[1][0], "#document 1", "the heading row stays first");
    let confidences: Vec<f64> = records[2..records.len() - 1]
        .iter()
        .map(|r| r[5].replace(',', ".").parse().unwrap())
        .collect();
    assert_eq!(confidences.len(), beads.len());
    assert!(
        confidences.windows(2).all(|w| w[0] <= w[1]),
        "{confidences:?}"
    );

    // Read back, both give the memory the document-ordered files give.
    let tmx = |review: &Path, name: &str| {
        let out = dir.path().join(name);
        run(bitext()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .arg("review")
            .arg(review)
            .arg("-o")
            .arg(&out));
        std::fs::read_to_string(out).unwrap()
    };
    let in_order = align_to(dir.path(), "in-order.xlsx", ARTICLE, &[]);
    let expected = tmx(&in_order, "in-order.tmx");
    assert_eq!(tmx(&xlsx, "from-xlsx.tmx"), expected);
    assert_eq!(tmx(&csv, "from-csv.tmx"), expected);
}
