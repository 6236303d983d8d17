//! LibreOffice for the spreadsheet and document tests: its headless converter, run as a
//! user's LibreOffice opens and saves files.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs LibreOffice's headless converter on `files`: opened with the import
/// filter `infilter` (none: by their type), saved as `to` (`xlsx`, `pdf`,
/// `csv:Text - txt - csv (StarCalc):…`) into `out`, with its settings in
/// `profile` (a folder of its own, so that a test never touches the user's
/// and two tests never share one). A time limit keeps a hung office from
/// hanging the test suite.
pub fn convert(profile: &Path, infilter: Option<&str>, to: &str, out: &Path, files: &[PathBuf]) {
    let mut cmd = Command::new("soffice");
    cmd.arg(format!("-env:UserInstallation={}", file_url(profile)))
        .args(["--headless", "--norestore"]);
    if let Some(infilter) = infilter {
        cmd.arg(format!("--infilter={infilter}"));
    }
    cmd.args(["--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!(
                "soffice (LibreOffice) is not installed; install it with \
                 `apt-get install libreoffice-calc-nogui libreoffice-writer-nogui` \
                 (or set BITEXT_SKIP_EXTERNAL=1 to skip this test)"
            )
        }
        Err(e) => panic!("cannot run soffice: {e}"),
    };
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(180) {
            child.kill().unwrap();
            panic!("soffice took more than 3 minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A `file://` URL for a local path (LibreOffice wants its profile as one).
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                url.push(char::from(byte))
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}
