//! `bitext align --jsonl`: one JSON line out per JSON line in, in order; bad
//! lines become error records and the stream goes on.

use crate::util::{base64, bitext, repo_text};

#[test]
fn streams_the_same_beads_as_align() {
    let request = serde_json::json!({
        "id": "atlantic-council",
        "source": repo_text("corpus/atlantic-council/en.txt"),
        "target": repo_text("corpus/atlantic-council/de.txt"),
        "source_lang": "en",
        "target_lang": "de",
    });
    let input = format!(
        "{request}\nnot json\n\n{{\"id\": 7, \"source\": \"\", \"target\": \"Hallo.\", \"source_lang\": \"en\", \"target_lang\": \"de\"}}\n{request}\n"
    );
    let output = bitext()
        .args(["align", "--jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "one output line per input line");
    assert!(lines[1]["error"].as_str().unwrap().starts_with("line 2: "));
    assert_eq!(lines[2]["line"], 3, "an empty line is answered too");
    assert_eq!(lines[3]["id"], 7);
    assert!(lines[3]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[0], lines[4], "the same request gives the same answer");

    // The same beads as `bitext align` on the files.
    let beads = bitext()
        .args([
            "align",
            "corpus/atlantic-council/en.txt",
            "corpus/atlantic-council/de.txt",
        ])
        .output()
        .unwrap();
    let expected: Vec<String> = String::from_utf8(beads.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let streamed: Vec<String> = lines[0]["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let ids = |v: &serde_json::Value| {
                let ids: Vec<String> = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.to_string())
                    .collect();
                format!("[{}]", ids.join(", "))
            };
            format!(
                "{}:{}:{:.4}",
                ids(&b["source_ids"]),
                ids(&b["target_ids"]),
                b["confidence"].as_f64().unwrap()
            )
        })
        .collect();
    assert_eq!(streamed, expected);
}

#[test]
fn jsonl_mode_takes_no_files() {
    bitext()
        .args(["align", "--jsonl", "a.txt", "b.txt"])
        .assert()
        .code(2);
}

/// A small request that aligns quickly.
fn request(id: &str) -> String {
    serde_json::json!({
        "id": id,
        "source": "The house is red. It is old.",
        "target": "Das Haus ist rot. Es ist alt.",
        "source_lang": "en",
        "target_lang": "de",
    })
    .to_string()
}

/// Runs `bitext align --jsonl` on `input`, checks that it exits with 0 and
/// that there is exactly one output line per input line, and returns them.
fn stream(input: Vec<u8>) -> Vec<serde_json::Value> {
    stream_args(&[], input)
}

fn stream_args(args: &[&str], input: Vec<u8>) -> Vec<serde_json::Value> {
    let input_lines = input.split(|&b| b == b'\n').count() - usize::from(input.ends_with(b"\n"));
    let output = bitext()
        .args(["align", "--jsonl"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), input_lines, "one output line per input line");
    lines
}

/// An answer with beads for `id`.
fn assert_aligned(response: &serde_json::Value, id: &str) {
    assert_eq!(response["id"], id, "{response}");
    assert!(response["beads"].is_array(), "{response}");
    assert!(response.get("error").is_none(), "{response}");
}

/// An error answer for input line `line` that names no id.
fn assert_line_error(response: &serde_json::Value, line: u64, says: &str) {
    assert_eq!(response["id"], serde_json::Value::Null, "{response}");
    assert_eq!(response["line"], line, "{response}");
    let error = response["error"].as_str().unwrap();
    assert!(error.starts_with(&format!("line {line}: ")), "{error}");
    assert!(error.contains(says), "{error}");
}

#[test]
fn invalid_utf8_fails_only_its_line() {
    let mut input = format!("{}\n", request("a")).into_bytes();
    let bad = request("b").replace("rot", "r\u{f6}t");
    let at = bad.find('\u{f6}').unwrap();
    // Latin-1 ö instead of UTF-8.
    input.extend(
        bad.replace('\u{f6}', "#")
            .bytes()
            .enumerate()
            .map(|(i, b)| if i == at { 0xf6 } else { b }),
    );
    input.extend(format!("\n{}\n", request("c")).bytes());
    let lines = stream(input);
    assert_aligned(&lines[0], "a");
    assert_line_error(&lines[1], 2, &format!("not valid UTF-8 at byte {at}"));
    assert_aligned(&lines[2], "c");
}

#[test]
fn empty_and_blank_lines_get_an_error_line_each() {
    let input = format!("{}\n\n   \n\r\n{}\n", request("a"), request("b"));
    let lines = stream(input.into_bytes());
    assert_aligned(&lines[0], "a");
    for line in 2..=4 {
        assert_line_error(&lines[line - 1], line as u64, "empty line");
    }
    assert_aligned(&lines[4], "b");
}

#[test]
fn a_missing_field_keeps_the_id() {
    let missing = r#"{"id": "b", "source": "The house is red."}"#;
    let wrong = r#"{"id": 3, "source": "The house is red.", "target": 5}"#;
    let input = format!("{}\n{missing}\n{wrong}\n{}\n", request("a"), request("d"));
    let lines = stream(input.into_bytes());
    assert_aligned(&lines[0], "a");
    assert_eq!(lines[1]["id"], "b");
    assert!(lines[1].get("line").is_none(), "{}", lines[1]);
    let error = lines[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with("line 2: ") && error.contains("`target`"),
        "{error}"
    );
    assert_eq!(lines[2]["id"], 3);
    let error = lines[2]["error"].as_str().unwrap();
    assert!(
        error.starts_with("line 3: ") && error.contains("string"),
        "{error}"
    );
    assert_aligned(&lines[3], "d");
}

#[test]
fn lines_that_are_not_objects_get_their_line_number() {
    let input = format!(
        "{}\nnot json\n[1, 2]\n\"text\"\n{{\"id\": \"x\", \"source\": \n{}\n",
        request("a"),
        request("f")
    );
    let lines = stream(input.into_bytes());
    assert_aligned(&lines[0], "a");
    assert_line_error(&lines[1], 2, "not JSON");
    assert_line_error(&lines[2], 3, "not a JSON object");
    assert_line_error(&lines[3], 4, "not a JSON object");
    assert_line_error(&lines[4], 5, "not JSON");
    assert_aligned(&lines[5], "f");
}

#[test]
fn an_id_of_the_wrong_type_or_none_gets_the_line_number() {
    let fields = r#""source": "The house is red.", "target": "Das Haus ist rot.""#;
    let input = format!(
        "{{\"id\": [1], {fields}}}\n{{\"id\": true, {fields}}}\n{{\"id\": null, {fields}}}\n{{{fields}}}\n{}\n",
        request("e")
    );
    let lines = stream(input.into_bytes());
    for line in 1..=3 {
        assert_line_error(
            &lines[line - 1],
            line as u64,
            "\"id\" must be a string or a number",
        );
    }
    assert_line_error(&lines[3], 4, "`id`");
    assert_aligned(&lines[4], "e");
}

#[test]
fn the_last_line_needs_no_newline() {
    let input = format!("{}\n{}", request("a"), request("b"));
    let lines = stream(input.into_bytes());
    assert_aligned(&lines[0], "a");
    assert_aligned(&lines[1], "b");
    // Nor does a last line that is bad.
    let lines = stream(format!("{}\nnot json", request("a")).into_bytes());
    assert_line_error(&lines[1], 2, "not JSON");
}

#[test]
fn a_line_of_100_mb_gets_an_error_line_and_the_stream_goes_on() {
    use std::io::{Read, Write};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .args(["align", "--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        writeln!(stdin, "{}", request("a")).unwrap();
        // A request whose source is 100 MB, written 1 MB at a time.
        write!(stdin, r#"{{"id": "big", "target": "Hallo.", "source": ""#).unwrap();
        let chunk = "The house is red. ".repeat(1 << 16);
        let mut written = 0;
        while written < 100 << 20 {
            stdin.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
        writeln!(stdin, "\"}}").unwrap();
        writeln!(stdin, "{}", request("c")).unwrap();
    });
    let mut output = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut output)
        .unwrap();
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    let lines: Vec<serde_json::Value> = output
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{output:.1000}");
    assert_aligned(&lines[0], "a");
    assert_line_error(&lines[1], 2, "longer than");
    assert_aligned(&lines[2], "c");
}

/// Runs `bitext align --jsonl` with `args` on `input` as [`stream`] does.
fn stream_with(args: &[&str], input: String) -> Vec<serde_json::Value> {
    stream_args(args, input.into_bytes())
}

/// A request for two of the bundled documents, with declared languages.
fn documents(id: &str, source: &str, target: &str, langs: (&str, &str)) -> String {
    serde_json::json!({
        "id": id,
        "source": repo_text(source),
        "target": repo_text(target),
        "source_lang": langs.0,
        "target_lang": langs.1,
    })
    .to_string()
}

const EN: &str = "corpus/atlantic-council/en.txt";
const DE: &str = "corpus/atlantic-council/de.txt";

#[test]
fn a_request_whose_text_contradicts_its_language_gets_an_error_line() {
    let input = [
        documents("right", EN, DE, ("en", "de")),
        documents("swapped", EN, DE, ("de", "en")),
        request("short"),
        documents("twice", EN, EN, ("en", "en")),
        documents("target-wrong", EN, DE, ("en", "fr")),
    ]
    .join("\n");
    let lines = stream_with(&[], input.clone());
    assert_aligned(&lines[0], "right");
    assert_eq!(lines[0]["warnings"], serde_json::json!([]), "{}", lines[0]);
    assert_eq!(lines[1]["id"], "swapped");
    assert!(lines[1].get("beads").is_none(), "{}", lines[1]);
    let error = lines[1]["error"].as_str().unwrap();
    for says in [
        "swapped/source: the text is in English (en), not in German (de) as declared for the source",
        "swapped/target: the text is in German (de), not in English (en) as declared for the target",
        "--trust-lang",
    ] {
        assert!(error.contains(says), "{error}");
    }
    // A text too short to judge is aligned as declared.
    assert_aligned(&lines[2], "short");
    assert_eq!(lines[3]["id"], "twice");
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("twice/source and twice/target hold the same text"),
        "{}",
        lines[3]
    );
    let error = lines[4]["error"].as_str().unwrap();
    assert!(
        error.contains("target-wrong/target: the text is in German (de), not in French (fr)")
            && !error.contains("/source"),
        "{error}"
    );

    // --trust-lang aligns as declared and says what it found; the same
    // text twice is still refused.
    let trusted = stream_with(&["--trust-lang"], input);
    assert_aligned(&trusted[1], "swapped");
    assert_eq!(trusted[1]["source_lang"], "de");
    let warnings = trusted[1]["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("swapped/source: the text is in English")
    );
    assert_eq!(trusted[0], lines[0]);
    assert!(trusted[3]["error"].is_string(), "{}", trusted[3]);
}

#[test]
fn unrelated_documents_are_answered_with_their_probability_and_a_warning() {
    let input = [
        documents(
            "unrelated",
            EN,
            "corpus/ntrex/bbc.381735/de.txt",
            ("en", "de"),
        ),
        documents("related", EN, DE, ("en", "de")),
    ]
    .join("\n");
    let lines = stream_with(&[], input);
    assert_aligned(&lines[0], "unrelated");
    let parallel = lines[0]["parallel"].as_f64().unwrap();
    assert!(parallel < 0.5, "{}", lines[0]["parallel"]);
    let warnings = lines[0]["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("do not look like translations")),
        "{warnings:?}"
    );
    assert!(lines[1]["parallel"].as_f64().unwrap() > 0.5);
    // The stream answers every line: unrelated pairs are not withheld, so
    // the option that writes them is not for it.
    bitext()
        .args(["align", "--jsonl", "--allow-unrelated"])
        .assert()
        .code(2);
}

/// A Bitextor document-pair line for two texts.
fn bitextor_line(source: &str, target: &str) -> String {
    format!(
        "https://example.eu/en/a.html\thttps://example.eu/de/a.html\t{}\t{}",
        base64(source.as_bytes()),
        base64(target.as_bytes())
    )
}

#[test]
fn the_test_encoder_writes_rfc_4648_base64() {
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64(b"fooba"), "Zm9vYmE=");
    assert_eq!(base64(b"foob"), "Zm9vYg==");
    assert_eq!(base64("Grüße".as_bytes()), "R3LDvMOfZQ==");
}

#[test]
fn bitextor_lines_are_answered_as_the_same_json_requests() {
    let (en, de) = (repo_text(EN), repo_text(DE));
    let small = (
        "The house is red. It is old.",
        "Das Haus ist rot. Es ist alt.",
    );
    let bitextor = [
        bitextor_line(&en, &de),
        bitextor_line(small.0, small.1),
        // Wrong field count: the target is missing.
        bitextor_line(&en, &de)
            .rsplit_once('\t')
            .unwrap()
            .0
            .to_string(),
        // A character outside base64 in the source.
        bitextor_line(small.0, small.1).replacen("\tVGhl", "\tVG*l", 1),
        // Latin-1 "Haus ist gr\u{fc}n." once decoded: not UTF-8.
        format!(
            "a\tb\t{}\t{}",
            base64(b"The house is green."),
            base64(b"Das Haus ist gr\xfcn.")
        ),
        bitextor_line(&de, &en),
        bitextor_line(small.0, small.1),
    ]
    .join("\n");
    let lines = stream_with(
        &[
            "--stream-format",
            "bitextor",
            "--src-lang",
            "en",
            "--tgt-lang",
            "de",
        ],
        bitextor + "\n",
    );
    assert_eq!(lines[0]["id"], 1, "{}", lines[0]);
    assert_eq!(lines[0]["source_url"], "https://example.eu/en/a.html");
    assert_eq!(lines[0]["target_url"], "https://example.eu/de/a.html");
    assert!(lines[0]["beads"].is_array());
    let error = |line: usize| lines[line - 1]["error"].as_str().unwrap().to_string();
    assert_eq!(lines[2]["id"], 3);
    assert!(
        error(3).starts_with("line 3: 3 fields, not 4 (source_url, target_url"),
        "{}",
        error(3)
    );
    assert_eq!(
        error(4),
        "line 4: the source text is not base64 at character 2 (not a base64 character)"
    );
    assert_eq!(
        error(5),
        "line 5: the target text is not UTF-8 once decoded (byte 15)"
    );
    // Swapped documents are refused on their line.
    assert!(
        error(6).contains("6/source: the text is in German (de), not in English (en)"),
        "{}",
        error(6)
    );
    assert_eq!(lines[6]["id"], 7);
    assert!(lines[6]["beads"].is_array(), "{}", lines[6]);

    // The same documents as JSON requests give the same answers, but for
    // the id and the URLs.
    let json = [
        documents("atlantic", EN, DE, ("en", "de")),
        request("small"),
    ]
    .join("\n");
    let answers = stream_with(&[], json);
    let without_names = |answer: &serde_json::Value| {
        let mut answer = answer.clone();
        let fields = answer.as_object_mut().unwrap();
        for name in ["id", "source_url", "target_url"] {
            fields.remove(name);
        }
        answer
    };
    assert_eq!(without_names(&lines[0]), without_names(&answers[0]));
    assert_eq!(without_names(&lines[1]), without_names(&answers[1]));
    assert_eq!(without_names(&lines[6]), without_names(&answers[1]));
}

#[test]
fn bitextor_lines_without_languages_are_detected_per_line() {
    let input = [
        bitextor_line(&repo_text(EN), &repo_text(DE)),
        bitextor_line(&repo_text(DE), &repo_text(EN)),
    ]
    .join("\n");
    let lines = stream_with(&["--stream-format", "bitextor"], input);
    assert_eq!(
        (&lines[0]["source_lang"], &lines[0]["target_lang"]),
        (&"en".into(), &"de".into())
    );
    assert_eq!(
        (&lines[1]["source_lang"], &lines[1]["target_lang"]),
        (&"de".into(), &"en".into())
    );
}

#[test]
fn the_stream_format_is_for_the_streaming_mode() {
    bitext()
        .args(["align", "--stream-format", "bitextor", EN, DE])
        .assert()
        .code(2);
}
