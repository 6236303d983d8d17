//! bitext as a map step in Spark: `RDD.pipe("bitext align --jsonl")` in
//! PySpark's local mode gives the same alignments as `bitext batch`.
//! Skipped, with a message, when Java or PySpark is missing (.ci/run
//! installs both).

use std::path::Path;
use std::process::Command;

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn pyspark_pipe_equals_batch() {
    if !available("java", &["-version"]) || !available("python3", &["-c", "import pyspark"]) {
        eprintln!(
            "skipped: the Spark test needs Java and PySpark (pip install pyspark); .ci/run installs them"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let output = Command::new("python3")
        .arg(root.join("tests/spark_pipe.py"))
        .arg(assert_cmd::cargo::cargo_bin("bitext"))
        .arg(root.join("corpus/ntrex"))
        .arg(work.path())
        .env("PYSPARK_PYTHON", "python3")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "PySpark run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("identical to bitext batch"), "{stdout}");
}
