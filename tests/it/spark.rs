//! bitext in Spark, PySpark's local mode: as a map step
//! (`RDD.pipe("bitext align --jsonl")`), and the batch lexicon learned in
//! partitions, merged as a tree and aligned with (`bitext lexicon`), both
//! giving the alignments of `bitext batch`. Fails with an install hint when
//! Java or PySpark is missing (scripts/test.sh installs both).

use crate::util::{external, runs};
use std::path::Path;
use std::process::Command;

/// Runs `tests/SCRIPT` with the binary, the NTREX corpus and a work folder,
/// and checks that it says `expected`.
fn spark(script: &str, expected: &str) {
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
        .arg(root.join("tests").join(script))
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
    assert!(stdout.contains(expected), "{stdout}");
}

#[test]
fn pyspark_pipe_equals_batch() {
    spark("spark_pipe.py", "identical to bitext batch");
}

#[test]
fn pyspark_lexicon_in_partitions_equals_batch() {
    spark("spark_lexicon.py", "identical to bitext batch");
}
