//! bitext as a map step in Spark: `RDD.pipe("bitext align --jsonl")` in
//! PySpark's local mode gives the same alignments as `bitext batch`.
//! Fails with an install hint when Java or PySpark is missing
//! (scripts/test.sh installs both).

use crate::util::{external, runs};
use std::path::Path;
use std::process::Command;

#[test]
fn pyspark_pipe_equals_batch() {
    let present = runs("java", &["-version"]) && runs("python3", &["-c", "import pyspark"]);
    if !external(
        present,
        "the Spark test needs Java and PySpark (apt-get install default-jre-headless; \
         pip install pyspark)",
    ) {
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
