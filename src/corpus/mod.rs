//! Finding the document pairs of a batch: pair folders at any depth
//! (`<name>/en.txt` + `<name>/de.txt`, as `corpus/` is laid out; `.html`,
//! `.md`, `.docx`, `.odt` and `.pdf` documents too), parallel folders
//! (`en/<name>.txt` + `de/<name>.txt`, any extension), or a manifest (CSV or TSV with
//! the header `id,source,target[,source_lang,target_lang]`, paths relative to
//! the manifest).

pub mod batch;
pub mod bitextor;
pub mod check;
pub mod output;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

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
    /// The original's document file.
    pub source: PathBuf,
    /// The translation's document file.
    pub target: PathBuf,
    /// The original's language: from the manifest, the file or folder name, or the run.
    pub source_lang: Lang,
    /// The translation's language, found as the original's is.
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
    /// The original's language, when the user named it; else it is told from file names (English
    /// taken as original).
    pub source: Option<Lang>,
    /// The translation's language, when the user named it; else every other language found is a
    /// translation.
    pub target: Option<Lang>,
}

/// What a batch's inputs hold: the document pairs, and the documents that
/// have no partner to be paired with (each is reported, none is dropped
/// without a word).
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// The pairs found, in a stable order, so that runs and resumes agree on it.
    pub pairs: Vec<PairSpec>,
    /// The documents found without a partner, reported in the summary.
    pub orphans: Vec<Orphan>,
}

/// A document in one of the batch's languages, found where pairs are looked
/// for, that has no document to pair it with (`en.txt` without `de.txt`
/// beside it, `en/x.txt` without `de/x.txt`, `x.en.txt` without
/// `x.de.txt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphan {
    /// The document without a partner.
    pub path: PathBuf,
    /// Its language, as told by its name or folder.
    pub lang: Lang,
    /// The language of the partner looked for, where the batch says which.
    pub partner: Option<Lang>,
}

impl std::fmt::Display for Orphan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.path.display())?;
        match &self.partner {
            Some(partner) => write!(f, "no {partner} document to pair it with"),
            None => write!(f, "no document in another language to pair it with"),
        }
    }
}

/// Finds every pair under `inputs` (folders or manifests), in a stable
/// order, and the documents left without partner. An id found twice is an
/// error.
pub fn discover(inputs: &[PathBuf], languages: &Languages) -> Result<Discovery> {
    let mut pairs = Vec::new();
    let mut unpaired = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let found = discover_folder(input, languages)?;
            pairs.extend(found.pairs);
            unpaired.extend(found.unpaired);
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
    let orphans = orphans(unpaired, &pairs, languages);
    Ok(Discovery { pairs, orphans })
}

/// The unpaired documents that are in a language of the batch (the given
/// languages, else those of the pairs found), with the partner each lacks:
/// a document in some other language is not part of the batch at all.
fn orphans(
    unpaired: Vec<(PathBuf, Lang)>,
    pairs: &[PairSpec],
    languages: &Languages,
) -> Vec<Orphan> {
    let unique = |mut found: Vec<&Lang>| {
        found.sort();
        found.dedup();
        (found.len() == 1).then(|| found[0].clone())
    };
    let partner_of = |lang: &Lang| -> Option<Option<Lang>> {
        let same = |other: &Option<Lang>| other.as_ref().is_some_and(|o| o.code() == lang.code());
        if languages.source.is_some() || languages.target.is_some() {
            return if same(&languages.source) {
                Some(languages.target.clone())
            } else if same(&languages.target) {
                Some(languages.source.clone())
            } else {
                None
            };
        }
        let as_source: Vec<&Lang> = (pairs.iter())
            .filter(|p| p.source_lang.code() == lang.code())
            .map(|p| &p.target_lang)
            .collect();
        let as_target: Vec<&Lang> = (pairs.iter())
            .filter(|p| p.target_lang.code() == lang.code())
            .map(|p| &p.source_lang)
            .collect();
        match (as_source.is_empty(), as_target.is_empty()) {
            (true, true) if pairs.is_empty() => Some(None),
            (true, true) => None,
            (false, true) => Some(unique(as_source)),
            (true, false) => Some(unique(as_target)),
            (false, false) => Some(None),
        }
    };
    let mut orphans: Vec<Orphan> = unpaired
        .into_iter()
        .filter_map(|(path, lang)| {
            let partner = partner_of(&lang)?;
            Some(Orphan {
                path,
                lang,
                partner,
            })
        })
        .collect();
    orphans.sort_by(|a, b| a.path.cmp(&b.path));
    orphans.dedup_by(|a, b| a.path == b.path);
    orphans
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
        add_document(&mut files, dir, lang, path)?;
    }
    Ok(files)
}

/// Adds the document `path` in `lang` to a pair's documents; a second one
/// in the same language is an error, since either could be meant.
fn add_document(
    files: &mut BTreeMap<Lang, PathBuf>,
    dir: &Path,
    lang: Lang,
    path: PathBuf,
) -> Result<()> {
    if let Some(first) = files.get(&lang) {
        return Err(Error::TwoDocumentsInOneLanguage {
            folder: dir.to_path_buf(),
            lang: lang.to_string(),
            first: first.clone(),
            second: path,
        });
    }
    files.insert(lang, path);
    Ok(())
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

/// The pairs found in a folder, and the documents in it that were not
/// paired (candidates for orphans).
struct Found {
    pairs: Vec<PairSpec>,
    unpaired: Vec<(PathBuf, Lang)>,
}

fn discover_folder(root: &Path, languages: &Languages) -> Result<Found> {
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
    // Pair folders and flat pairs, at any depth. Links are followed, but
    // every real folder is visited once (by its resolved path): a link to a
    // folder above would otherwise repeat its documents, or never end.
    let mut found = Found {
        pairs: Vec::new(),
        unpaired: Vec::new(),
    };
    let mut visited = std::collections::BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = dir.canonicalize().map_err(|e| Error::io(&dir, e))?;
        if !visited.insert(real) {
            continue;
        }
        let below = dir
            .strip_prefix(root)
            .ok()
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(|rel| rel.to_string_lossy().replace('\\', "/"));
        let folder_id = below.clone().unwrap_or_else(|| {
            root.file_name()
                .unwrap_or(root.as_os_str())
                .to_string_lossy()
                .into_owned()
        });
        let mut groups = vec![(folder_id, language_files(&dir)?)];
        for (name, files) in flat_files(&dir)? {
            let id = match &below {
                Some(below) => format!("{below}/{name}"),
                None => name,
            };
            groups.push((id, files));
        }
        for (id, files) in groups {
            let langs: Vec<&Lang> = files.keys().collect();
            let chosen = choose(&langs, languages, &dir)?;
            for (lang, path) in &files {
                let paired = chosen.as_ref().is_some_and(|(s, t)| lang == s || lang == t);
                if !paired {
                    found.unpaired.push((path.clone(), lang.clone()));
                }
            }
            if let Some((source, target)) = chosen {
                found.pairs.push(PairSpec {
                    id,
                    source: files[&source].clone(),
                    target: files[&target].clone(),
                    source_lang: source,
                    target_lang: target,
                    notes: Vec::new(),
                });
            }
        }
        let mut children: Vec<PathBuf> =
            read_dir(&dir)?.into_iter().filter(|p| p.is_dir()).collect();
        children.reverse();
        stack.extend(children);
    }
    found.pairs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(found)
}

/// The documents of a folder named `<name>.<lang>.<ext>` (any format bitext
/// reads) or `<name>.<lang>` (as Moses and OPUS name theirs), by name and
/// language: `report.en.txt` and `report.de.txt` are the pair `report`.
fn flat_files(dir: &Path) -> Result<BTreeMap<String, BTreeMap<Lang, PathBuf>>> {
    let mut names: BTreeMap<String, BTreeMap<Lang, PathBuf>> = BTreeMap::new();
    for path in read_dir(dir)? {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let mut parts: Vec<&str> = file_name.split('.').collect();
        let readable =
            |ext: &str| InputFormat::from_extension(ext).is_some_and(InputFormat::is_readable);
        if parts.len() >= 3 && readable(parts[parts.len() - 1]) {
            parts.pop();
        }
        let Some((code, name)) = parts.split_last() else {
            continue;
        };
        if name.is_empty() || !path.is_file() {
            continue;
        }
        let Some(lang) = Lang::parse(code).ok().filter(Lang::is_known) else {
            continue;
        };
        let name = name.join(".");
        add_document(names.entry(name).or_default(), dir, lang, path)?;
    }
    Ok(names)
}

fn parallel_folders(
    source_dir: &Path,
    target_dir: &Path,
    source: Lang,
    target: Lang,
) -> Result<Found> {
    let files = |dir: &Path| -> Result<Vec<PathBuf>> {
        Ok(read_dir(dir)?.into_iter().filter(|p| p.is_file()).collect())
    };
    let mut found = Found {
        pairs: Vec::new(),
        unpaired: Vec::new(),
    };
    for path in files(source_dir)? {
        let Some(name) = path.file_name() else {
            continue;
        };
        let other = target_dir.join(name);
        if other.is_file() {
            found.pairs.push(PairSpec {
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
        } else {
            found.unpaired.push((path, source.clone()));
        }
    }
    for path in files(target_dir)? {
        let paired = path
            .file_name()
            .is_some_and(|name| source_dir.join(name).is_file());
        if !paired {
            found.unpaired.push((path, target.clone()));
        }
    }
    Ok(found)
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
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default())
            .unwrap()
            .pairs;
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
        let pairs = discover(&[dir.path().to_path_buf()], &Languages::default())
            .unwrap()
            .pairs;
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
        let found = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = found.pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "deep/b", "deep/er/c"]);
        let pairs = found.pairs;
        assert_eq!(found.orphans.len(), 1);
        assert!(found.orphans[0].path.ends_with("lonely/en.txt"));
        assert_eq!(
            found.orphans[0].partner.as_ref().map(Lang::code),
            Some("de")
        );
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
        write(&dir.path().join("fr/seulement.txt"), "Bonjour.");
        let found = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = found.pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"]);
        let orphans: Vec<String> = found.orphans.iter().map(|o| o.to_string()).collect();
        assert_eq!(orphans.len(), 2, "{orphans:?}");
        assert!(
            orphans[0].contains("only-en.txt: no fr document"),
            "{orphans:?}"
        );
        assert!(
            orphans[1].contains("seulement.txt: no en document"),
            "{orphans:?}"
        );
        let pairs = found.pairs;
        assert_eq!(pairs[0].target_lang.code(), "fr");
    }

    #[test]
    fn reads_manifests_relative_to_themselves() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join("list.tsv"),
            "id\tsource\ttarget\tsource_lang\ttarget_lang\nd1\ttexts/a.txt\ttexts/b.txt\ten\tde-AT\n",
        );
        let pairs = discover(&[dir.path().join("list.tsv")], &Languages::default())
            .unwrap()
            .pairs;
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
        let pairs = discover(&[dir.path().to_path_buf()], &given).unwrap().pairs;
        assert_eq!(pairs[0].source_lang.code(), "fr");
    }

    #[test]
    fn finds_flat_pairs_and_their_orphans() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("report.en.txt"), "Hello.");
        write(&dir.path().join("report.de.txt"), "Hallo.");
        write(&dir.path().join("sub/corpus.en"), "Hello.");
        write(&dir.path().join("sub/corpus.de"), "Hallo.");
        write(&dir.path().join("sub/notes.v2.en.md"), "Hello.");
        write(&dir.path().join("sub/notes.v2.de.md"), "Hallo.");
        write(&dir.path().join("draft.de.html"), "<p>Hallo.</p>");
        write(&dir.path().join("other.fr.txt"), "Bonjour.");
        write(&dir.path().join("readme.md"), "not a document of the batch");
        let found = discover(&[dir.path().to_path_buf()], &Languages::default()).unwrap();
        let ids: Vec<&str> = found.pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["report", "sub/corpus", "sub/notes.v2"]);
        assert!(found.pairs.iter().all(|p| p.source_lang.code() == "en"));
        // German is a language of the batch, French is not.
        let orphans: Vec<&Path> = found.orphans.iter().map(|o| o.path.as_path()).collect();
        assert_eq!(orphans, [dir.path().join("draft.de.html")]);
        assert_eq!(
            found.orphans[0].to_string(),
            format!("{}: no en document to pair it with", orphans[0].display())
        );
    }

    #[test]
    fn given_languages_decide_what_is_an_orphan() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("a/en.txt"), "Hello.");
        write(&dir.path().join("a/fr.txt"), "Bonjour.");
        write(&dir.path().join("b/en.txt"), "Hello.");
        write(&dir.path().join("b/de.txt"), "Hallo.");
        let given = Languages {
            source: Some(Lang::parse("en").unwrap()),
            target: Some(Lang::parse("de").unwrap()),
        };
        let found = discover(&[dir.path().to_path_buf()], &given).unwrap();
        assert_eq!(found.pairs.len(), 1);
        let orphans: Vec<String> = found.orphans.iter().map(|o| o.to_string()).collect();
        assert_eq!(orphans.len(), 1, "{orphans:?}");
        assert!(
            orphans[0].ends_with("a/en.txt: no de document to pair it with"),
            "{orphans:?}"
        );
    }
}
