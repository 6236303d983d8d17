//! bitext's TMX in a CAT tool: OmegaT (Debian's `omegat`, console mode)
//! translates the article with bitext's memory in `tm/auto/`, filling the
//! 100 % matches itself; scripts/omegat-check.sh counts what it filled and
//! checks every fill against the reference alignment. Fails, with how to
//! install it, when OmegaT is missing (scripts/test.sh installs it).

use std::path::Path;
use std::process::Command;

/// Whether OmegaT (and unzip, for its rules) is there; without them the
/// tests fail with how to install them (or are skipped with
/// BITEXT_SKIP_EXTERNAL=1).
fn omegat() -> bool {
    crate::util::external(
        Path::new("/usr/share/omegat/OmegaT.jar").exists() && crate::util::runs("unzip", &["-v"]),
        "the OmegaT test needs OmegaT and unzip: apt-get install omegat unzip",
    )
}

/// Runs scripts/omegat-check.sh on a document pair with the options for
/// `bitext align`; returns (filled, total, right) as the script prints them.
fn check(source: &str, target: &str, options: &[&str]) -> (usize, usize, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(root.join("scripts/omegat-check.sh"))
        .arg(root.join(source))
        .arg(root.join(target))
        .args(options)
        .env("BITEXT", env!("CARGO_BIN_EXE_bitext"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "omegat-check failed:\n{stdout}\n{stderr}"
    );
    // omegat: en.txt: 39 of 43 segments filled with 100 % matches, 39 right
    let words: Vec<&str> = stdout.split_whitespace().collect();
    let number = |i: usize| -> usize {
        words
            .get(i)
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("unexpected omegat-check output:\n{stdout}\n{stderr}"))
    };
    let figures = (number(2), number(4), number(11));
    eprintln!("{stdout}{stderr}");
    figures
}

#[test]
fn omegat_fills_the_article_from_bitexts_memory() {
    if !omegat() {
        return;
    }
    let (filled, total, right) = check(
        "corpus/atlantic-council/en.txt",
        "corpus/atlantic-council/de.txt",
        &[],
    );
    assert_eq!(total, 43);
    assert!(filled >= 39, "{filled} of {total} filled");
    assert_eq!(right, filled, "every fill is the German of the reference");
}

#[test]
fn omegat_fills_the_html_article_from_bitexts_memory() {
    if !omegat() {
        return;
    }
    let (filled, total, right) = check(
        "tests/fixtures/omegat/article.en.html",
        "tests/fixtures/omegat/article.de.html",
        &[],
    );
    // OmegaT also translates the page's navigation, footer, link targets and
    // lang attribute, which bitext leaves out; the title and the heading are
    // filled but are not in the reference.
    assert_eq!(total, 51);
    assert!(filled >= 41, "{filled} of {total} filled");
    assert_eq!(right + 2, filled);
}

/// OmegaT's own segmentation rules, taken out of its jar (they are GPL and
/// stay there).
fn omegat_rules(dir: &Path) -> String {
    let output = Command::new("unzip")
        .args(["-p", "/usr/share/omegat/OmegaT.jar"])
        .arg("org/omegat/core/segmentation/defaultRules.srx")
        .output()
        .expect("the OmegaT test needs unzip: apt-get install unzip");
    assert!(output.status.success() && !output.stdout.is_empty());
    let path = dir.join("omegat-defaults.srx");
    std::fs::write(&path, output.stdout).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn omegats_rules_and_sentence_units_make_bitexts_units_its_segments() {
    if !omegat() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rules = omegat_rules(dir.path());
    let options = ["--segment-rules", rules.as_str(), "--tmx-units", "sentence"];
    let (filled, total, right) = check(
        "corpus/atlantic-council/en.txt",
        "corpus/atlantic-council/de.txt",
        &options,
    );
    // The translation joins three pairs of sentences into one: no unit of
    // one of them alone exists, but parts of the German sentence cut at its
    // clauses fill them (the target: 41 of 43).
    assert_eq!(total, 43);
    assert!(filled >= 41, "{filled} of {total} filled");
    assert_eq!(right, filled);
    let (filled, total, right) = check(
        "tests/fixtures/omegat/article.en.html",
        "tests/fixtures/omegat/article.de.html",
        &options,
    );
    assert_eq!(total, 51);
    assert!(filled >= 43, "{filled} of {total} filled");
    assert_eq!(right + 2, filled);
}
