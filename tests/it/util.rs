//! Helpers every test shares: the `bitext` binary run as a user would, the
//! repository's files, and the library's aligner with languages by code.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use bitext::align::{Aligner, Alignment, Config, Side};
use bitext::{Lang, Sentence};

/// Aligns `source` with `target` in the languages `langs` (codes).
pub fn align_with(
    config: Config,
    source: &[Sentence],
    target: &[Sentence],
    langs: (&str, &str),
) -> Alignment {
    let (sl, tl) = (Lang::parse(langs.0).unwrap(), Lang::parse(langs.1).unwrap());
    Aligner::new(config).unwrap().align(
        Side {
            sentences: source,
            lang: &sl,
        },
        Side {
            sentences: target,
            lang: &tl,
        },
    )
}

/// The `bitext` binary, run from the repository root, with none of the
/// caller's settings that change its output (`BITEXT_DICT_PATH`,
/// `SOURCE_DATE_EPOCH`): a test sets what it needs. Keyed dictionaries
/// are kept in the tests' own cache, not the user's.
pub fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("BITEXT_DICT_PATH")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("BITEXT_CACHE_DIR", test_cache());
    cmd
}

/// The keyed-dictionary cache of the tests (never the user's), in cargo's
/// folder for test files.
fn test_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("keyed-dictionaries")
}

/// A path in the repository, given relative to its root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The text of a file in the repository, given relative to its root.
pub fn repo_text(path: &str) -> String {
    read(&repo(path))
}

/// The text of a file, or a panic naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Whether BITEXT_SKIP_EXTERNAL=1 asks to skip the checks that need
/// external tools (saying so for `what`).
pub fn skip_external(what: &str) -> bool {
    let skip = std::env::var("BITEXT_SKIP_EXTERNAL").is_ok_and(|v| v == "1");
    if skip {
        eprintln!("skipped (BITEXT_SKIP_EXTERNAL=1): {what}");
    }
    skip
}

/// Whether a check that needs an external tool runs: `present` says if the
/// tool is there. A missing tool fails the test with `hint` (how to install
/// it), unless BITEXT_SKIP_EXTERNAL=1 skips the check: no test passes
/// silently without its tool.
pub fn external(present: bool, hint: &str) -> bool {
    if present {
        return true;
    }
    if skip_external(hint) {
        return false;
    }
    panic!(
        "{hint} (scripts/test.sh installs it; or set BITEXT_SKIP_EXTERNAL=1 to skip this check)"
    );
}

/// Whether `program` with `args` runs and succeeds.
pub fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Standard base64 with padding, as Python's `base64.b64encode` writes it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// (source, target) of every `<tu>` of a TMX file's text, in order, with
/// the XML escapes undone.
pub fn tmx_units(tmx: &str) -> Vec<(String, String)> {
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    tmx.split("<tu ")
        .skip(1)
        .map(|unit| {
            let unit = &unit[..unit.find("</tu>").expect("every unit is closed")];
            let segs: Vec<String> = unit
                .split("<seg>")
                .skip(1)
                .map(|s| unescape(&s[..s.find("</seg>").expect("every seg is closed")]))
                .collect();
            assert_eq!(segs.len(), 2, "a unit has a source and a target: {unit}");
            (segs[0].clone(), segs[1].clone())
        })
        .collect()
}

/// The data a review page holds, in the form it saves it (`review.json`
/// untouched).
pub fn page_data(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"<script type="application/json" id="data">"#)
        .expect("the page holds its data");
    let data = &html[start..];
    let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    serde_json::from_str(data).unwrap()
}
