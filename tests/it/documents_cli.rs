//! Documents in: HTML, Markdown, DOCX, ODT and PDF read end to end. The
//! web articles and Markdown files are in tests/fixtures/documents/; the
//! DOCX, ODT and PDF files are made from office.{en,de}.html by
//! LibreOffice in the test (as a user's word processor would save them),
//! and PDF is read through poppler's pdftotext. A missing tool fails the
//! test with an install hint.

use crate::office;
use crate::util::bitext;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

/// Standard output and standard error of a run that must succeed.
fn run(args: &[&Path]) -> (String, String) {
    let output = bitext().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// The beads of `align … -f tsv`: (source, target) per line.
fn align_tsv(source: &Path, target: &Path) -> Vec<(String, String)> {
    let (out, _) = run(&[
        Path::new("align"),
        source,
        target,
        Path::new("-f"),
        Path::new("tsv"),
    ]);
    out.lines()
        .map(|line| {
            let (s, t) = line.split_once('\t').unwrap_or((line, ""));
            (s.to_string(), t.to_string())
        })
        .collect()
}

/// The bead types and confidences of `align` (the beads format).
fn bead_kinds(source: &Path, target: &Path) -> Vec<(String, f64)> {
    let (out, _) = run(&[Path::new("align"), source, target]);
    out.lines()
        .map(|line| {
            let mut parts = line.rsplitn(2, ':');
            let confidence: f64 = parts.next().unwrap().parse().unwrap();
            let ids = parts.next().unwrap();
            let (s, t) = ids.split_once("]:[").unwrap();
            let count = |ids: &str| {
                ids.trim_matches(['[', ']'])
                    .split(',')
                    .filter(|x| !x.trim().is_empty())
                    .count()
            };
            (format!("{}-{}", count(s), count(t)), confidence)
        })
        .collect()
}

const ARTICLE_EN: &[&str] = &[
    "The river library opens its doors again",
    "By Martha Reed, 14 September 2025",
    "After two years of repairs, the old library by the river opened again on Saturday morning.",
    "The new reading room has large windows facing the river.",
    "What is new",
    "Visitors will find:",
    "a workshop with two 3D printers",
    "quiet rooms for students",
    "a café run by volunteers",
    "“A town without a library is a town without a memory.”",
    "We rebuilt a meeting place for the whole valley.",
    "On Sundays it remains closed, except during the summer holidays.",
];

/// Text of the pages' navigation, cookie banner, share bar, related
/// articles, newsletter box, footer, head and scripts.
const BOILERPLATE: &[&str] = &[
    "cookie",
    "Cookie",
    "Share",
    "teilen",
    "Home",
    "Startseite",
    "Local",
    "Lokales",
    "Kultur",
    "Related",
    "Verwandte",
    "newsletter",
    "Newsletter",
    "Subscribe",
    "Abonnieren",
    "rights reserved",
    "Rechte vorbehalten",
    "Privacy",
    "Datenschutz",
    "Tracking",
    "Valley Courier",
    "Talkurier",
    "font-family",
    "querySelector",
];

#[test]
fn a_saved_web_article_aligns_block_by_block_without_its_boilerplate() {
    let (en, de) = (fixture("en.html"), fixture("de.html"));
    let beads = align_tsv(&en, &de);
    let sources: Vec<&str> = beads.iter().map(|(s, _)| s.as_str()).collect();
    for sentence in ARTICLE_EN {
        assert!(
            sources.contains(sentence),
            "{sentence:?} not a bead of its own: {sources:#?}"
        );
    }
    assert_eq!(
        beads[0],
        (
            "The river library opens its doors again".to_string(),
            "Die Flussbibliothek öffnet wieder ihre Türen".to_string()
        )
    );
    let pull = beads
        .iter()
        .find(|(s, _)| s.contains("without a memory"))
        .unwrap();
    assert_eq!(
        pull.1,
        "„Eine Stadt ohne Bibliothek ist eine Stadt ohne Gedächtnis.“"
    );
    let caption = beads
        .iter()
        .find(|(s, _)| s.contains("reading room"))
        .unwrap();
    assert_eq!(caption.1, "Der neue Lesesaal hat große Fenster zum Fluss.");
    for (s, t) in &beads {
        for word in BOILERPLATE {
            assert!(
                !s.contains(word) && !t.contains(word),
                "boilerplate {word:?} in {s:?} / {t:?}"
            );
        }
    }
    let kinds = bead_kinds(&en, &de);
    assert_eq!(kinds.len(), 21, "{kinds:?}");
    assert!(
        kinds.iter().all(|(kind, c)| kind == "1-1" && *c > 0.5),
        "{kinds:?}"
    );
}

#[test]
fn a_web_page_saved_as_txt_is_read_as_html_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("en.txt");
    std::fs::copy(fixture("en.html"), &txt).unwrap();
    let (as_html, html_err) = run(&[Path::new("segment"), &fixture("en.html")]);
    let (as_txt, txt_err) = run(&[Path::new("segment"), &txt]);
    assert_eq!(as_txt, as_html);
    assert!(html_err.is_empty(), "{html_err}");
    assert!(
        txt_err.contains("note: ")
            && txt_err.contains("en.txt")
            && txt_err.contains("read as HTML"),
        "{txt_err}"
    );
}

#[test]
fn markup_in_plain_text_is_a_warning_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pasted.en.txt");
    std::fs::write(
        &file,
        "<p>The library opened again.</p>\n<p>People waited <b>outside</b>.</p>\n",
    )
    .unwrap();
    let (out, err) = run(&[Path::new("segment"), &file]);
    assert!(out.contains("<p>"), "read as text, tags and all: {out}");
    assert!(
        err.contains("warning: ")
            && err.contains("pasted.en.txt")
            && err.contains("HTML tags (such as <p>)")
            && err.contains("--input-format html"),
        "{err}"
    );
    let (out, err) = run(&[
        Path::new("segment"),
        Path::new("--input-format"),
        Path::new("html"),
        &file,
    ]);
    assert_eq!(out, "The library opened again.\n\nPeople waited outside.\n");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn the_format_of_one_side_can_be_named() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.txt");
    std::fs::copy(fixture("en.md"), &en).unwrap();
    let as_text = align_tsv(&en, &fixture("de.md"));
    assert!(
        as_text.iter().any(|(s, _)| s.contains("**Tuesday")),
        "{as_text:#?}"
    );
    let (out, _) = run(&[
        Path::new("align"),
        Path::new("--src-format"),
        Path::new("markdown"),
        Path::new("-f"),
        Path::new("tsv"),
        &en,
        &fixture("de.md"),
    ]);
    assert!(
        !out.contains('*') && out.contains("Tuesday to Saturday"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 15, "{out}");
}

#[test]
fn markdown_aligns_without_its_markup() {
    let (en, de) = (fixture("en.md"), fixture("de.md"));
    let beads = align_tsv(&en, &de);
    assert_eq!(beads.len(), 15, "{beads:#?}");
    assert_eq!(beads[0].0, "The river library opens its doors again");
    assert_eq!(beads[8].0, "a workshop with two 3D printers");
    assert_eq!(
        beads[3].0,
        "The flood of 2023 had destroyed the ground floor and most of the children's books."
    );
    for (s, t) in &beads {
        for markup in [
            "*",
            "](",
            "library.jpg",
            "reading room",
            "Lesesaal",
            "title:",
            "---",
            "> ",
            "# ",
        ] {
            assert!(
                !s.contains(markup) && !t.contains(markup),
                "{markup:?} in {s:?} / {t:?}"
            );
        }
    }
    assert!(bead_kinds(&en, &de).iter().all(|(kind, _)| kind == "1-1"));
}

/// What office.en.html says, sentence by sentence, in document order
/// (the footnote after the body).
const REPORT_EN: &[&str] = &[
    "Annual report of the garden society",
    "Our society grew again this year.",
    "We now have eighty-two members and a waiting list of fifteen families.",
    "The spring was dry, and the new water tank proved its worth.",
    "In July, heavy rain damaged the path along the east fence.",
    "Projects for next year",
    "We will repair the path before the first frost.",
    "The school class from Linden Street will get its own bed.",
    "A second compost station will be built near the gate.",
    "Finances",
    "Membership fees",
    "4,100 euros",
    "Water and electricity",
    "1,350 euros",
    "The general meeting will take place on 12 March.",
    "All members are warmly invited.",
    "The waiting list is kept by the secretary.",
];

#[test]
fn docx_odt_and_pdf_saved_by_libreoffice_align() {
    let dir = tempfile::tempdir().unwrap();
    let sources = [fixture("office.en.html"), fixture("office.de.html")];
    soffice(
        dir.path(),
        Some("HTML (StarWriter)"),
        "docx:MS Word 2007 XML",
        &sources,
    );
    soffice(dir.path(), Some("HTML (StarWriter)"), "odt", &sources);
    let odts = [
        dir.path().join("office.en.odt"),
        dir.path().join("office.de.odt"),
    ];
    soffice(dir.path(), None, "pdf", &odts);
    let file = |name: &str| dir.path().join(name);

    // Every block is a segment; the footnote comes after the body.
    for name in ["office.en.docx", "office.en.odt"] {
        let (out, err) = run(&[Path::new("segment"), &file(name)]);
        let sentences: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(sentences, REPORT_EN, "{name}");
        assert!(err.is_empty(), "{name}: {err}");
    }
    // On standard input, the format comes from the bytes alone.
    let output = bitext()
        .args(["segment", "--lang", "en", "-"])
        .pipe_stdin(file("office.en.docx"))
        .unwrap()
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let sentences: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(sentences, REPORT_EN, "DOCX on standard input");
    for (en, de) in [
        ("office.en.docx", "office.de.docx"),
        ("office.en.odt", "office.de.odt"),
        ("office.en.docx", "office.de.odt"),
    ] {
        let beads = align_tsv(&file(en), &file(de));
        assert_eq!(beads.len(), REPORT_EN.len(), "{en} {de}: {beads:#?}");
        assert_eq!(
            beads.last().unwrap(),
            &(
                "The waiting list is kept by the secretary.".to_string(),
                "Die Warteliste führt der Schriftführer.".to_string()
            )
        );
        assert_eq!(
            beads[7].1,
            "Die Schulklasse aus der Lindenstraße bekommt ein eigenes Beet."
        );
        let kinds = bead_kinds(&file(en), &file(de));
        assert!(
            kinds.iter().all(|(kind, _)| kind == "1-1"),
            "{en} {de}: {kinds:?}"
        );
    }

    // PDF: pdftotext's blocks, list bullets removed, list items apart.
    require(
        "pdftotext",
        "apt-get install poppler-utils (macOS: brew install poppler)",
    );
    let beads = align_tsv(&file("office.en.pdf"), &file("office.de.docx"));
    let sources: Vec<&str> = beads.iter().map(|(s, _)| s.as_str()).collect();
    for sentence in [
        "Annual report of the garden society",
        "We will repair the path before the first frost.",
        "The school class from Linden Street will get its own bed.",
        "A second compost station will be built near the gate.",
        "The waiting list is kept by the secretary.",
    ] {
        assert!(sources.contains(&sentence), "{sentence:?}: {sources:#?}");
    }
    assert!(beads.iter().all(|(s, _)| !s.contains('•')), "{beads:#?}");
    let confident = bead_kinds(&file("office.en.pdf"), &file("office.de.docx"))
        .iter()
        .filter(|(kind, c)| kind == "1-1" && *c > 0.5)
        .count();
    assert!(
        confident >= 12,
        "{confident} confident 1-1 beads: {beads:#?}"
    );
}

#[test]
fn batch_reads_pair_folders_of_any_format_and_reports_notes() {
    let dir = tempfile::tempdir().unwrap();
    let pair = dir.path().join("input/library");
    std::fs::create_dir_all(&pair).unwrap();
    // A web page saved as .txt, and a Markdown translation.
    std::fs::copy(fixture("en.html"), pair.join("en.txt")).unwrap();
    std::fs::copy(fixture("de.md"), pair.join("de.md")).unwrap();
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "-o"])
        .arg(&out)
        .arg(dir.path().join("input"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("1 of 1 document pairs aligned"), "{stderr}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("library,aligned") && summary.contains("en.txt: read as HTML"),
        "{summary}"
    );
    let tsv = std::fs::read_to_string(out.join("corpus.tsv")).unwrap();
    assert!(
        tsv.contains("a workshop with two 3D printers\teine Werkstatt mit zwei 3D-Druckern"),
        "{tsv}"
    );
    assert!(!tsv.contains("cookie") && !tsv.contains("<p>"), "{tsv}");
}

/// Fails with an install hint when a tool is missing.
fn require(program: &str, install: &str) {
    let found = Process::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(found, "{program} is not installed; install it: {install}");
}

/// Converts `files` with LibreOffice into `dir` (a profile of its own:
/// parallel tests must not share one) and checks each file was made:
/// without Writer's filters soffice exits 0 and writes nothing.
fn soffice(dir: &Path, infilter: Option<&str>, to: &str, files: &[PathBuf]) {
    let profile = tempfile::tempdir().unwrap();
    office::convert(profile.path(), infilter, to, dir, files);
    let extension = to.split(':').next().unwrap();
    for file in files {
        let made = dir.join(file.with_extension(extension).file_name().unwrap());
        assert!(
            made.is_file(),
            "soffice did not write {} (is libreoffice-writer-nogui installed?)",
            made.display()
        );
    }
}
