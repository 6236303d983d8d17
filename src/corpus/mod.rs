//! Finding the document pairs of a batch: pair folders at any depth
//! (`<name>/en.txt` + `<name>/de.txt`, as `corpus/` is laid out; `.html`,
//! `.md`, `.docx`, `.odt` and `.pdf` documents too), parallel folders
//! (`en/<name>.txt` + `de/<name>.txt`, any extension), or a manifest (CSV or TSV with
//! the header `id,source,target[,source_lang,target_lang]`, paths relative to
//! the manifest).

pub mod batch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, ManifestProblem, Result};
use crate::lang::Lang;
use crate::text::InputFormat;

/// One document pair of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSpec {
    /// Stable and unique in the batch: the pair folder's path below the
    /// input (`ntrex/bbc.381735`), the file stem in parallel folders, or the
    /// manifest's `id`.
    pub id: String,
    pub source: PathBuf,
    pub target: PathBuf,
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// What the summary should list about the pair's inputs (a manifest's
    /// file outside the manifest's folder).
    pub notes: Vec<String>,
}

/// Where a document's own outputs go below a batch's `documents/` folder,
/// without the extension: the id's `/`-separated parts (pair folders below
/// the input keep their folders), each reduced to letters, digits and
/// `-_.+` (anything else becomes `_`; a leading `.` too, so that no name is
/// hidden). Parts that are empty, `.` or `..` are left out, and so are a
/// drive or root. An id changed by this gets `~` and eight hex digits of
/// its hash, so two ids never share a file; ids that are already safe are
/// kept as they are. The original id stays in the output (TMX property
/// `x-document`, the doc column). The result is always a relative path
/// that stays below the folder it is joined to.
pub fn document_file_stem(id: &str) -> PathBuf {
    const MAX_PART: usize = 120;
    let mut parts: Vec<String> = id
        .split(['/', '\\'])
        .filter(|part| !matches!(*part, "" | "." | ".."))
        .map(|part| {
            let mut safe: String = part
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "-_.+".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            if safe.starts_with('.') {
                safe.replace_range(..1, "_");
            }
            if safe.len() > MAX_PART {
                let mut end = MAX_PART;
                while !safe.is_char_boundary(end) {
                    end -= 1;
                }
                safe.truncate(end);
            }
            safe
        })
        .collect();
    if parts.is_empty() {
        parts.push("_".into());
    }
    if parts.join("/") != id {
        let hash = batch::fnv1a(id) as u32;
        if let Some(last) = parts.last_mut() {
            last.push_str(&format!("~{hash:08x}"));
        }
    }
    parts.iter().collect()
}

/// The languages of a batch, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    pub source: Option<Lang>,
    pub target: Option<Lang>,
}

/// Finds every pair under `inputs` (folders or manifests), in a stable order.
/// An id found twice is an error.
pub fn discover(inputs: &[PathBuf], languages: &Languages) -> Result<Vec<PairSpec>> {
    let mut pairs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            pairs.extend(discover_folder(input, languages)?);
        } else if input.is_file() {
            pairs.extend(read_manifest(input, languages)?);
        } else {
            return Err(Error::io(
                input,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
    }
    let mut seen = BTreeMap::new();
    for pair in &pairs {
        if let Some(first) = seen.insert(pair.id.clone(), pair.source.clone()) {
            return Err(Error::DuplicatePairId {
                id: pair.id.clone(),
                first,
                second: pair.source.clone(),
            });
        }
    }
    Ok(pairs)
}

/// The documents of a folder whose names are language codes (`en.txt`,
/// `de.docx`: any extension of a format bitext reads). Two documents for
/// one language are an error, since either could be meant.
fn language_files(dir: &Path) -> Result<BTreeMap<Lang, PathBuf>> {
    let mut files: BTreeMap<Lang, PathBuf> = BTreeMap::new();
    for path in read_dir(dir)? {
        let readable = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .is_some_and(InputFormat::is_readable);
        if !readable || !path.is_file() {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let Ok(lang) = Lang::parse(stem) else {
            continue;
        };
        if let Some(first) = files.get(&lang) {
            return Err(Error::TwoDocumentsInOneLanguage {
                folder: dir.to_path_buf(),
                lang: lang.to_string(),
                first: first.clone(),
                second: path,
            });
        }
        files.insert(lang, path);
    }
    Ok(files)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    Ok(entries)
}

/// Which two of the languages found are source and target: as given, else
/// the original is taken to be English (bitext's first use: a translation
/// with its English original) and the other language the translation.
fn choose(found: &[&Lang], languages: &Languages, place: &Path) -> Result<Option<(Lang, Lang)>> {
    let pick = |wanted: &Option<Lang>| -> Option<Lang> {
        let wanted = wanted.as_ref()?;
        found
            .iter()
            .find(|l| l.code() == wanted.code())
            .map(|_| wanted.clone())
    };
    match (&languages.source, &languages.target) {
        (Some(_), Some(_)) => Ok(pick(&languages.source).zip(pick(&languages.target))),
        _ if found.len() < 2 => Ok(None),
        (source, target) => {
            let source = match source {
                Some(_) => pick(source),
                None => found
                    .iter()
                    .find(|l| l.code() == "en")
                    .map(|l| (*l).clone()),
            };
            let Some(source) = source else {
                return Err(Error::OriginalUnknown {
                    folder: place.to_path_buf(),
                });
            };
            let others: Vec<&&Lang> = found.iter().filter(|l| l.code() != source.code()).collect();
            let target = match target {
                Some(_) => pick(target),
                None if others.len() == 1 => Some((**others[0]).clone()),
                None => {
                    return Err(Error::SeveralTranslations {
                        folder: place.to_path_buf(),
                        languages: others.iter().map(|l| l.to_string()).collect(),
                    });
                }
            };
            Ok(target.map(|t| (source, t)))
        }
    }
}

fn discover_folder(root: &Path, languages: &Languages) -> Result<Vec<PairSpec>> {
    // Parallel folders: root/<lang>/<name>.txt.
    let subfolders: BTreeMap<Lang, PathBuf> = read_dir(root)?
        .into_iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            Lang::parse(&name)
                .ok()
                .filter(Lang::is_known)
                .map(|l| (l, p))
        })
        .collect();
    if subfolders.len() >= 2 {
        let found: Vec<&Lang> = subfolders.keys().collect();
        if let Some((source, target)) = choose(&found, languages, root)? {
            return parallel_folders(&subfolders[&source], &subfolders[&target], source, target);
        }
    }
    // Pair folders, at any depth. Links are followed, but every real folder
    // is visited once (by its resolved path): a link to a folder above
    // would otherwise repeat its documents, or never end.
    let mut pairs = Vec::new();
    let mut visited = std::collections::BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = dir.canonicalize().map_err(|e| Error::io(&dir, e))?;
        if !visited.insert(real) {
            continue;
        }
        let files = language_files(&dir)?;
        let found: Vec<&Lang> = files.keys().collect();
        if let Some((source, target)) = choose(&found, languages, &dir)? {
            let id = dir
                .strip_prefix(root)
                .ok()
                .filter(|rel| !rel.as_os_str().is_empty())
                .unwrap_or_else(|| Path::new(root.file_name().unwrap_or(root.as_os_str())))
                .to_string_lossy()
                .replace('\\', "/");
            pairs.push(PairSpec {
                id,
                source: files[&source].clone(),
                target: files[&target].clone(),
                source_lang: source,
                target_lang: target,
                notes: Vec::new(),
            });
        }
        let mut children: Vec<PathBuf> =
            read_dir(&dir)?.into_iter().filter(|p| p.is_dir()).collect();
        children.reverse();
        stack.extend(children);
    }
    pairs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pairs)
}

fn parallel_folders(
    source_dir: &Path,
    target_dir: &Path,
    source: Lang,
    target: Lang,
) -> Result<Vec<PairSpec>> {
    let mut pairs = Vec::new();
    for path in read_dir(source_dir)? {
        if !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name() else {
            continue;
        };
        let other = target_dir.join(name);
        if other.is_file() {
            pairs.push(PairSpec {
                id: path
                    .file_stem()
                    .unwrap_or(name)
                    .to_string_lossy()
                    .into_owned(),
                source: path.clone(),
                target: other,
                source_lang: source.clone(),
                target_lang: target.clone(),
                notes: Vec::new(),
            });
        }
    }
    Ok(pairs)
}

/// Reads a manifest: CSV or TSV (by the header's delimiter) with the
/// columns `id,source,target` and optionally `source_lang,target_lang`.
fn read_manifest(path: &Path, languages: &Languages) -> Result<Vec<PairSpec>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains('\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let bad = |line: usize, problem: ManifestProblem| Error::Manifest {
        path: path.to_path_buf(),
        line,
        problem,
    };
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| bad(1, e.into()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| columns.iter().position(|c| c == name);
    let (Some(id), Some(source), Some(target)) = (column("id"), column("source"), column("target"))
    else {
        return Err(bad(1, ManifestProblem::MissingColumns { found: columns }));
    };
    let (source_lang, target_lang) = (column("source_lang"), column("target_lang"));
    let base = path.parent().unwrap_or(Path::new("."));
    let mut pairs = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| bad(line, e.into()))?;
        let field = |k: usize| record.get(k).unwrap_or_default().trim().to_string();
        let lang = |column: Option<usize>, given: &Option<Lang>, file: &Path| -> Result<Lang> {
            match column.map(field).filter(|v| !v.is_empty()) {
                Some(code) => Lang::parse(&code)
                    .map_err(|_| bad(line, ManifestProblem::InvalidLanguage { code })),
                None => given
                    .clone()
                    .or_else(|| Lang::from_file_name(file))
                    .ok_or_else(|| bad(line, ManifestProblem::NoLanguage)),
            }
        };
        let (source_path, target_path) = (base.join(field(source)), base.join(field(target)));
        if field(id).is_empty() {
            return Err(bad(line, ManifestProblem::EmptyId));
        }
        let notes = [&source_path, &target_path]
            .into_iter()
            .filter(|file| !is_within(base, file))
            .map(|file| format!("input outside the manifest's folder: {}", file.display()))
            .collect();
        pairs.push(PairSpec {
            id: field(id),
            source_lang: lang(source_lang, &languages.source, &source_path)?,
            target_lang: lang(target_lang, &languages.target, &target_path)?,
            source: source_path,
            target: target_path,
            notes,
        });
    }
    Ok(pairs)
}

/// Whether `file` lies in `folder` or below it, links resolved (a file that
/// cannot be resolved is judged by its path as written).
fn is_within(folder: &Path, file: &Path) -> bool {
    match (folder.canonicalize(), file.canonicalize()) {
        (Ok(folder), Ok(file)) => file.starts_with(folder),
        _ => !file
            .strip_prefix(folder)
            .map(|rest| {
                rest.components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
            })
            .unwrap_or(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn pair_folders_hold_documents_of_any_format_but_one_per_language() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("a/en.html"), "<p>Hello.</p>");
        write(&dir.path().join("a/de.docx"), "PK");
        write(&dir.path().join("a/fr.xlsx"), "PK");
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].source.ends_with("a/en.html") && pairs[0].target.ends_with("a/de.docx"));
        write(&dir.path().join("a/de.txt"), "Hallo.");
        let message = discover(&[dir.path().to_path_buf()], &Languages::default())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("two documents in de (de.docx and de.txt)"),
            "{message}"
        );
    }

    #[test]
    fn linked_folders_are_visited_once() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("a/en.txt"), "Hello.");
        write(&dir.path().join("a/de.txt"), "Hallo.");
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/self")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/up")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
    }

    #[test]
    fn document_file_stems_stay_below_their_folder() {
        let stem = |id: &str| document_file_stem(id).to_string_lossy().replace('\\', "/");
        assert_eq!(stem("ntrex/bbc.381735"), "ntrex/bbc.381735");
        assert_eq!(stem("Q1-report_v2"), "Q1-report_v2");
        for id in [
            "../../x",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            ".bashrc",
            "",
            "..",
            "a b",
            "=1+1",
        ] {
            let s = stem(id);
            let path = document_file_stem(id);
            assert!(path.is_relative(), "{id:?} → {s}");
            assert!(
                path.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))),
                "{id:?} → {s}"
            );
            assert!(!s.split('/').any(|p| p.starts_with('.')), "{id:?} → {s}");
            assert!(s.contains('~'), "{id:?} → {s}: changed ids get their hash");
        }
        assert_ne!(stem("a b"), stem("a_b"));
        assert_ne!(stem("../x"), stem("x"));
        assert!(stem(&"ü".repeat(300)).len() < 140);
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn finds_pair_folders_at_any_depth() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "deep/b", "deep/er/c"] {
            write(&dir.path().join(name).join("en.txt"), "Hello.");
            write(&dir.path().join(name).join("de.txt"), "Hallo.");
            write(&dir.path().join(name).join("gold.txt"), "[0]:[0]");
        }
        write(&dir.path().join("lonely/en.txt"), "Alone.");
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "deep/b", "deep/er/c"]);
        assert!(
            pairs
                .iter()
                .all(|p| p.source.ends_with("en.txt") && p.target_lang.code() == "de")
        );
    }

    #[test]
    fn finds_parallel_folders() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["x", "y"] {
            write(&dir.path().join("en").join(format!("{name}.txt")), "Hello.");
            write(
                &dir.path().join("fr").join(format!("{name}.txt")),
                "Bonjour.",
            );
        }
        write(&dir.path().join("en/only-en.txt"), "Hello.");
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"]);
        assert_eq!(pairs[0].target_lang.code(), "fr");
    }

    #[test]
    fn reads_manifests_relative_to_themselves() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join("list.tsv"),
            "id\tsource\ttarget\tsource_lang\ttarget_lang\nd1\ttexts/a.txt\ttexts/b.txt\ten\tde-AT\n",
        );
        let pairs = discover(&[dir.path().join("list.tsv")], &Languages::default()).unwrap();
        assert_eq!(pairs[0].source, dir.path().join("texts/a.txt"));
        assert_eq!(pairs[0].target_lang.to_string(), "de-AT");
        write(&dir.path().join("bad.csv"), "name,source\nx,y\n");
        let err = discover(&[dir.path().join("bad.csv")], &Languages::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.csv") && err.contains("line 1"), "{err}");
    }

    #[test]
    fn without_english_the_original_must_be_named() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("p/fr.txt"), "Bonjour.");
        write(&dir.path().join("p/de.txt"), "Hallo.");
        let err = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap_err();
        assert!(matches!(err, Error::OriginalUnknown { .. }), "{err}");
        let given = Languages {
            source: Some(Lang::parse("fr").unwrap()),
            target: Some(Lang::parse("de").unwrap()),
        };
        let pairs = discover(&[dir.path().to_path_buf()], &given).unwrap();
        assert_eq!(pairs[0].source_lang.code(), "fr");
    }
}
