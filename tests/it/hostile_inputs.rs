//! The hostile-input matrix: every case of tests/fixtures/hostile/cases.tsv
//! is run, and must end with its exit status and a message holding its
//! words, never a panic. One table, so that a new defect class is one line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

struct Case {
    name: String,
    exit: i32,
    words: Vec<String>,
    env: Option<(String, String)>,
    stdin: Option<String>,
    args: Vec<String>,
}

fn cases(dir: &Path) -> Vec<Case> {
    let table = std::fs::read_to_string(dir.join("cases.tsv")).unwrap();
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 6, "cases.tsv: {line}");
            let some = |f: &str| (f != "-").then(|| f.to_string());
            Case {
                name: fields[0].into(),
                exit: fields[1].parse().unwrap(),
                words: fields[2].split(" && ").map(String::from).collect(),
                env: some(fields[3]).map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap();
                    (k.into(), v.into())
                }),
                stdin: some(fields[4]),
                args: fields[5].split(' ').map(String::from).collect(),
            }
        })
        .collect()
}

#[test]
fn every_hostile_input_gets_its_exit_status_and_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let cases = cases(&dir);
    assert!(cases.len() >= 20, "the matrix lost its cases");
    let mut failures = Vec::new();
    for case in &cases {
        let tmp = tempfile::tempdir().unwrap();
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| {
                a.replace("{case}", &dir.to_string_lossy())
                    .replace("{tmp}", &tmp.path().to_string_lossy())
            })
            .collect();
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("bitext"));
        command
            .args(&args)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((k, v)) = &case.env {
            command.env(k, v);
        }
        let mut child = command.spawn().unwrap();
        let input = case
            .stdin
            .as_ref()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .unwrap_or_default();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let message = if case.exit == 0 { &stdout } else { &stderr };
        let missing: Vec<&String> = case
            .words
            .iter()
            .filter(|w| !message.contains(w.as_str()))
            .collect();
        if output.status.code() != Some(case.exit)
            || !missing.is_empty()
            || stderr.contains("panicked")
        {
            failures.push(format!(
                "{}: exit {:?} (expected {}), missing {missing:?}\n  stderr: {}\n  stdout: {}",
                case.name,
                output.status.code(),
                case.exit,
                stderr.trim(),
                stdout.chars().take(400).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
