//! The checks before writing (a declared language the text contradicts, the
//! same document twice, documents that do not translate each other) in
//! `bitext align` and `bitext batch`, and the side-by-side view of
//! `bitext align` on a terminal.

use std::process::Command as Process;

use crate::util::{bitext, read, repo, write};

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";
/// A German news article that has nothing to do with `EN`.
const OTHER_DE: &str = "corpus/ntrex/bbc.381736/de.txt";

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_declared_language_the_text_contradicts_is_refused() {
    let output = bitext()
        .args(["align", "--src-lang", "de", "--tgt-lang", "en", EN, DE])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(output.stdout.is_empty(), "nothing is written");
    assert!(
        err.contains(
            "en.txt: the text is in English (en), not in German (de) as declared for the source"
        ) && err.contains(
            "de.txt: the text is in German (de), not in English (en) as declared for the target"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: ") && err.contains("--trust-lang"),
        "{err}"
    );
    // French declared for the German translation.
    let output = bitext()
        .args(["align", "--tgt-lang", "fr", EN, DE])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not in French (fr)") && err.contains("--tgt-lang de"),
        "{err}"
    );
}

#[test]
fn trust_lang_aligns_as_declared() {
    let output = bitext()
        .args(["align", "--trust-lang", "--tgt-lang", "fr", EN, DE])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("warning: ") && err.contains("aligned as declared"),
        "{err}"
    );
    let beads = String::from_utf8(output.stdout).unwrap();
    assert!(beads.starts_with("[0]:[0]:"), "{beads}");
}

#[test]
fn short_texts_are_never_refused() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(dir.path(), "a.txt", "Thieves steal $26,750 from an ATM.");
    let de = write(dir.path(), "b.txt", "Diebe stehlen 26.750 US-Dollar.");
    // Declared the other way round: too short to tell, so aligned.
    bitext()
        .args(["align", "--src-lang", "de", "--tgt-lang", "en"])
        .arg(&en)
        .arg(&de)
        .assert()
        .success();
}

#[test]
fn the_same_file_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(dir.path(), "en.txt", &read(&repo(EN)));
    let link = dir.path().join("de.txt");
    std::fs::hard_link(&en, &link).unwrap();
    for target in [&en, &link] {
        let output = bitext().arg("align").arg(&en).arg(target).output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(output.stdout.is_empty());
        assert!(
            err.contains(&en.display().to_string())
                && (err.contains("given as both the original and the translation")
                    || err.contains("hold the same text")),
            "{err}"
        );
    }
}

#[test]
fn unrelated_documents_exit_3_and_stay_out_of_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (tmx, csv, tsv) = (
        dir.path().join("out.tmx"),
        dir.path().join("review.csv"),
        dir.path().join("out.tsv"),
    );
    let output = bitext()
        .args(["align", EN, OTHER_DE, "-o"])
        .arg(&tmx)
        .arg("-o")
        .arg(&csv)
        .arg("-o")
        .arg(&tsv)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(
        err.contains("en.txt and corpus/ntrex/bbc.381736/de.txt: the documents do not look like translations of each other"),
        "the warning names both files: {err}"
    );
    assert!(err.contains("--allow-unrelated"), "{err}");
    let memory = read(&tmx);
    assert!(
        memory.contains("<body>") && !memory.contains("<tu"),
        "{memory}"
    );
    assert_eq!(read(&tsv), "");
    assert!(
        read(&csv).contains("Western leaders"),
        "review formats show the pairs"
    );
    // One summary line naming what was written.
    let summary: Vec<&str> = err.lines().filter(|l| l.contains("; wrote ")).collect();
    assert_eq!(summary.len(), 1, "{err}");
    assert!(
        summary[0].contains("below 0.5") && summary[0].contains("parallel probability 0.0"),
        "{err}"
    );

    let output = bitext()
        .args(["align", "--allow-unrelated", "--force", EN, OTHER_DE, "-o"])
        .arg(&tmx)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(read(&tmx).contains("<tu"));
}

#[test]
fn batch_reports_each_check_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    // Each pair folder gets copies of two files of the repository.
    let pair = |name: &str, en: &str, de: &str| {
        let folder = input.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(repo(en), folder.join("en.txt")).unwrap();
        std::fs::copy(repo(de), folder.join("de.txt")).unwrap();
    };
    pair("good", EN, DE);
    pair("unrelated", EN, OTHER_DE);
    pair("twice", EN, EN);
    // Declared the other way round by the file names.
    pair("swapped", DE, EN);
    let out = dir.path().join("out");
    let output = bitext()
        .args(["batch", "--format", "tmx,csv", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "two pairs failed: {err}");
    let summary = read(&out.join("summary.csv"));
    let row = |id: &str| {
        summary
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id}: {summary}"))
            .to_string()
    };
    assert!(row("good").contains(",aligned,"), "{summary}");
    assert!(row("unrelated").contains(",unrelated,"), "{summary}");
    assert!(row("unrelated").contains("left out of tmx"), "{summary}");
    assert!(row("twice").contains("hold the same text"), "{summary}");
    assert!(
        row("swapped").contains("en.txt: the text is in German (de), not in English (en)"),
        "{summary}"
    );
    assert!(
        err.contains("1 document pairs do not look like translations of each other")
            && err.contains("unrelated"),
        "{err}"
    );
    let tmx = read(&out.join("corpus.tmx"));
    assert!(tmx.contains("x-document\">good"), "{tmx}");
    assert!(
        !tmx.contains("x-document\">unrelated"),
        "the unrelated pair is not in the memory"
    );
    assert!(read(&out.join("corpus.csv")).contains("unrelated"));

    // Without failures, unrelated documents make the exit status 3; with
    // --allow-unrelated they go into the memory and the status is 0.
    for name in ["twice", "swapped"] {
        std::fs::remove_dir_all(input.join(name)).unwrap();
    }
    bitext()
        .args(["batch", "--quiet", "--force", "--format", "tmx", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(3);
    bitext()
        .args(["batch", "--quiet", "--force", "--allow-unrelated"])
        .args(["--format", "tmx", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(0);
    assert!(read(&out.join("corpus.tmx")).contains("x-document\">unrelated"));
}

/// `bitext align` with the view forced, `COLUMNS` columns wide.
fn view(columns: &str, extra: &[&str], no_color: bool) -> String {
    let mut cmd = bitext();
    cmd.env("COLUMNS", columns)
        .args(["align", "--view", EN, DE]);
    cmd.args(extra);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_view_wraps_the_sentences_and_ends_with_a_summary() {
    let shown = view("60", &[], false);
    assert!(!shown.contains('\x1b'), "piped, auto means no colour");
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].starts_with("source (en)") && lines[0].contains("target (de)"));
    for line in &lines {
        assert!(line.chars().count() <= 60, "wider than 60: {line:?}");
    }
    // Sentences are there, wrapped over several lines.
    assert!(shown.contains("Western leaders were"), "{shown}");
    assert!(shown.contains("Die westlichen"), "{shown}");
    assert!(lines.len() > 100, "wrapped: {} lines", lines.len());
    // The translator's note without English counterpart, shown as such.
    assert!(lines.iter().any(|l| l.starts_with("— ")), "{shown}");
    let (_, end) = shown.split_once("\n\n").unwrap();
    let summary = end.lines().collect::<Vec<_>>().join(" ");
    assert!(
        summary.starts_with("43 beads (")
            && summary.contains("1-1 ")
            && summary.contains("below 0.5"),
        "{summary}"
    );
    assert!(summary.ends_with("parallel probability 1.00"), "{summary}");
}

#[test]
fn the_view_colours_only_when_asked_or_on_a_terminal() {
    assert!(!view("80", &["--color", "never"], false).contains('\x1b'));
    assert!(!view("80", &[], true).contains('\x1b'));
    let colored = view("80", &["--color", "always"], false);
    assert!(colored.contains("\x1b[1m"), "the heading is bold");
    let colored = view("80", &["--color", "always"], true);
    assert!(
        colored.contains('\x1b'),
        "--color always wins over NO_COLOR"
    );
}

#[test]
fn piped_the_beads_are_written_as_before() {
    let output = bitext().args(["align", EN, DE]).output().unwrap();
    let beads = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(output.status.success());
    assert!(beads.starts_with("[0]:[0]:1.0000\n"), "{beads}");
    assert!(
        beads
            .lines()
            .all(|l| l.starts_with('[') && l.contains("]:["))
    );
    assert!(stderr(&output).is_empty(), "no summary line without -o");
}

/// On a real terminal (a pseudo-terminal made by util-linux's `script`),
/// the view is the default, coloured unless NO_COLOR is set; --format
/// beads asks for the beads.
#[test]
fn on_a_terminal_the_view_is_the_default() {
    let script = Process::new("script").arg("--version").output();
    assert!(
        script.is_ok_and(|o| o.status.success()),
        "script (util-linux) is missing: apt-get install util-linux"
    );
    let binary = env!("CARGO_BIN_EXE_bitext");
    let run = |args: &str, no_color: bool| {
        let mut cmd = Process::new("script");
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "70")
            .args([
                "-qec",
                &format!("{binary} align {EN} {DE} {args}"),
                "/dev/null",
            ]);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).replace('\r', "")
    };
    let shown = run("", false);
    assert!(
        shown.contains(" │ ") && shown.contains("43 beads ("),
        "{shown}"
    );
    assert!(!shown.contains("[0]:[0]:"), "{shown}");
    assert!(shown.contains("\x1b[1m"), "coloured on a terminal: {shown}");
    assert!(!run("", true).contains('\x1b'), "NO_COLOR");
    let beads = run("--format beads", false);
    assert!(beads.starts_with("[0]:[0]:1.0000\n"), "{beads}");
}
