//! The review page in a real browser: `bitext align -o review.html` gives a
//! page that headless Chromium loads from file:// without a single network
//! request, renders (a screenshot, checked to show something), and on which
//! a scripted reviewer (key presses and clicks, through the page's own
//! controls) marks beads, edits a translation, moves a sentence, splits and
//! joins beads and saves review.json, which `bitext review` turns into the
//! expected translation memory. tests/review_page.py drives Chromium over
//! the DevTools protocol.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{bitext, repo, write};

/// The original: seven sentences.
const EN: &str = "The museum opens at nine in the morning.
Tickets cost twelve euros for adults.
Children under six enter for free.
The café on the top floor serves lunch until three.
Guided tours start every hour at the main entrance.
The sign at the exit says </script><b>bold</b> in red letters.
The shop sells books, maps and postcards.
";

/// The translation: the same seven, and after the fourth one that the
/// original does not have, which the aligner pairs wrongly (sentence 4
/// with the added one, sentence 5 with two): the reviewer puts it right.
const DE: &str = "Das Museum öffnet um neun Uhr morgens.
Eintrittskarten kosten zwölf Euro für Erwachsene.
Kinder unter sechs Jahren haben freien Eintritt.
Das Café im obersten Stock serviert Mittagessen bis drei Uhr.
Am Montag bleibt das Haus wegen Reinigungsarbeiten geschlossen, außer an Feiertagen.
Führungen beginnen jede Stunde am Haupteingang.
Das Schild am Ausgang zeigt </script><b>fett</b> in roten Buchstaben.
Der Laden verkauft Bücher, Karten und Postkarten.
";

/// The corrected translation of the second sentence, typed on the page.
const EDITED: &str = "Eintrittskarten kosten 12 € für Erwachsene & <Gäste>.";

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        let status = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()?;
        status
            .status
            .success()
            .then(|| PathBuf::from(String::from_utf8_lossy(&status.stdout).trim()))
    });
    let hint = "Chromium is not installed, and the review page test needs a real browser: \
                install Debian's chromium (apt-get install chromium)";
    if found.is_none() {
        // Fails with the hint, unless BITEXT_SKIP_EXTERNAL=1.
        crate::util::external(false, hint);
    }
    found
}

fn xmllint_valid(tmx: &Path) {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(repo("tests/fixtures/tmx14.dtd"))
        .arg(tmx)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint: {e}; install it (apt-get install libxml2-utils, or scripts/test.sh)")
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn key(k: &str) -> serde_json::Value {
    serde_json::json!({ "key": k })
}

/// What the page shows: how many beads, and how many null sides.
fn expect(expression: &str, equals: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "expect": expression, "equals": equals })
}

/// The reviewer's session, in key presses and clicks.
fn review_session() -> Vec<serde_json::Value> {
    use serde_json::json;
    let beads = "document.querySelectorAll('.bead').length";
    let nulls = "document.querySelectorAll('.bead .null').length";
    let selected = "document.querySelector('.bead.selected .num b').textContent";
    vec![
        expect(beads, json!(7)),
        expect(nulls, json!(0)),
        // Bead 1 is right.
        key("o"),
        // Bead 2: a better translation, typed in place.
        key("j"),
        key("e"),
        json!({ "text": EDITED }),
        key("Enter"),
        // Bead 3 is rejected (by mistake first unmarked, then again).
        key("j"),
        key("r"),
        key("z"),
        expect(
            "document.querySelector('.bead.selected .status').textContent",
            json!("\u{2013}"),
        ),
        key("r"),
        // Bead 5 pairs "Guided tours" with the added Monday sentence, bead 6
        // "The sign" with two sentences: move "Guided tours" down to bead 6,
        // which leaves the Monday sentence alone (a null bead), and split
        // bead 6 into its two pairs.
        key("j"),
        key("j"),
        expect(selected, json!("5")),
        key("a"),
        expect(nulls, json!(1)),
        key("j"),
        key("x"),
        expect(beads, json!(8)),
        // The Monday sentence belongs with the café sentence: join bead 4
        // with the null bead after it.
        key("k"),
        key("k"),
        expect(selected, json!("4")),
        key("m"),
        expect(nulls, json!(0)),
        expect(beads, json!(7)),
        // The page closed and opened again: the browser kept the review.
        json!({ "reload": true }),
        expect(
            "document.getElementById('notice').textContent.startsWith('opened where you left it')",
            json!(true),
        ),
        expect(beads, json!(7)),
        expect(selected, json!("4")),
        // Starting over shows the alignment as bitext wrote it (bead 1
        // unreviewed again); undo brings the review back.
        json!({ "click": "#start-over" }),
        expect(selected, json!("1")),
        expect(
            "document.querySelector('.bead.selected .status').textContent",
            json!("\u{2013}"),
        ),
        key("z"),
        expect(selected, json!("4")),
        // Only the beads not yet reviewed: the last one; mark it ok.
        json!({ "click": "#only-unreviewed" }),
        expect(beads, json!(1)),
        key("o"),
        expect(beads, json!(0)),
        json!({ "click": "#only-unreviewed" }),
        json!({ "screenshot": "reviewed.png" }),
        json!({ "click": "#save" }),
    ]
}

/// The review page of the test's two texts, written in `dir`.
fn review_page(dir: &Path) -> PathBuf {
    let en = write(dir, "en.txt", EN);
    let de = write(dir, "de.txt", DE);
    let page = dir.join("review.html");
    bitext()
        .args(["align", "--src-lang", "en", "--tgt-lang", "de"])
        .arg(&en)
        .arg(&de)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    page
}

#[test]
fn a_review_in_chromium_gives_the_expected_memory() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = review_page(dir.path());
    let steps = dir.path().join("steps.json");
    std::fs::write(&steps, serde_json::to_vec(&review_session()).unwrap()).unwrap();
    let out = dir.path().join("browser");
    std::fs::create_dir(&out).unwrap();
    let run = Command::new("python3")
        .arg(repo("tests/review_page.py"))
        .arg(&chromium)
        .arg(&page)
        .arg(&out)
        .arg(&steps)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}; install Python 3"));
    assert!(
        run.status.success(),
        "the page did not behave: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();

    // Loaded from the file alone: no request but the page itself (opened
    // twice: before and after the reload).
    let page_url = format!("file://{}", page.display());
    assert_eq!(
        report["requests"],
        serde_json::json!([page_url, page_url]),
        "{report}"
    );
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    let shot = &report["screenshot_stats"];
    assert_eq!(shot["png"], true, "{report}");
    assert_eq!(
        (shot["width"].as_u64(), shot["height"].as_u64()),
        (Some(1280), Some(900))
    );
    assert!(
        shot["colours"].as_u64().unwrap() > 20,
        "the screenshot is nearly blank: {report}"
    );

    // The page's save button downloaded review.json through its Blob link.
    assert_eq!(report["suggested"], serde_json::json!(["review.json"]));
    let saved = PathBuf::from(report["saved"].as_str().expect("the page saved a file"));
    let saved_text = std::fs::read_to_string(&saved).unwrap();
    let exposed = std::fs::read_to_string(report["exposed"].as_str().unwrap()).unwrap();
    assert_eq!(saved_text, exposed, "the download is what the page holds");

    let tmx = dir.path().join("final.tmx");
    bitext()
        .arg("review")
        .arg(&saved)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success()
        .stderr(predicates::str::contains("7 beads in 1 document, 6 kept"));
    let text = std::fs::read_to_string(&tmx).unwrap();
    xmllint_valid(&tmx);
    assert!(text.contains("srclang=\"en\""), "{text}");
    let (en, de): (Vec<&str>, Vec<&str>) = (EN.lines().collect(), DE.lines().collect());
    let expected: Vec<(String, String)> = [
        (en[0].to_string(), de[0].to_string()),
        (en[1].to_string(), EDITED.to_string()),
        // en[2] was rejected.
        (en[3].to_string(), format!("{} {}", de[3], de[4])),
        (en[4].to_string(), de[5].to_string()),
        (en[5].to_string(), de[6].to_string()),
        (en[6].to_string(), de[7].to_string()),
    ]
    .into_iter()
    .collect();
    assert_eq!(crate::util::tmx_units(&text), expected);
    // Every unit was checked by the reviewer.
    assert_eq!(
        text.matches("<prop type=\"x-confidence\">1.0000</prop>")
            .count(),
        6,
        "{text}"
    );
}

/// The page's data as the review file it would save untouched.
fn embedded_review(page: &Path) -> serde_json::Value {
    crate::util::page_data(&std::fs::read_to_string(page).unwrap())
}

#[test]
fn bitext_review_reads_a_page_file_and_refuses_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let page = review_page(dir.path());
    let review = embedded_review(&page);
    assert_eq!(review["documents"][0]["source_sentences"], 7);

    // Untouched: every bead kept, unreviewed, with its confidence.
    let whole = write(dir.path(), "review.json", &review.to_string());
    bitext()
        .arg("review")
        .arg(&whole)
        .arg("-o")
        .arg(dir.path().join("all.tsv"))
        .assert()
        .success()
        .stderr(predicates::str::contains("7 beads in 1 document, 7 kept"));

    let refused = |name: &str, text: &str, says: &str| {
        let path = write(dir.path(), name, text);
        let out = dir.path().join(format!("{name}.tmx"));
        bitext()
            .arg("review")
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(format!("{name}: ")))
            .stderr(predicates::str::contains(says));
        assert!(!out.exists(), "nothing is written from {name}");
    };
    let text = review.to_string();
    refused(
        "cut.json",
        &text[..text.len() / 2],
        "is not a complete JSON file",
    );
    let mut lost = review.clone();
    lost["documents"][0]["beads"][1]["source"] = serde_json::json!([]);
    refused(
        "lost.json",
        &lost.to_string(),
        "bead 3: source_ids [2] should start at 1, after bead 2",
    );
    let mut newer = review.clone();
    newer["version"] = serde_json::json!(2);
    refused("newer.json", &newer.to_string(), "version 2");
}
