//! `bitext align --jsonl`: one JSON line out per JSON line in, in order; bad
//! lines become error records and the stream goes on.

use assert_cmd::Command;

fn bitext() -> Command {
    Command::cargo_bin("bitext").unwrap()
}

fn file(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn streams_the_same_beads_as_align() {
    let request = serde_json::json!({
        "id": "atlantic-council",
        "source": file("corpus/atlantic-council/en.txt"),
        "target": file("corpus/atlantic-council/de.txt"),
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
    assert_eq!(lines.len(), 4, "one output line per non-blank input line");
    assert!(lines[1]["error"].as_str().unwrap().contains("input line 2"));
    assert_eq!(lines[2]["id"], 7);
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[0], lines[3], "the same request gives the same answer");

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
