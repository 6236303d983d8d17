//! User-supplied bilingual dictionaries: the files people already have.
//!
//! Formats are told from the content (and, for dictd, the file name), one
//! reader per format: hunalign (`target @ source`) and two-column TSV
//! ([`lines`]), FreeDict in dictd format ([`dictd`]: `.index` + `.dict` or
//! `.dict.dz`), FreeDict TEI ([`tei`]) and CC-CEDICT ([`cedict`]); any of
//! the text formats may be gzip-compressed. Every file is read as hostile:
//! at most [`MAX_BYTES`] (compressed and uncompressed), invalid UTF-8 and
//! malformed entries are errors naming the file and the place.
//!
//! A file knows its languages when it says so (FreeDict names and headers,
//! CC-CEDICT is Chinese → English); it is then used for that language pair
//! in either direction, and not for other pairs. Files without languages
//! (hunalign, TSV) are used as given for every pair.
//!
//! Entries are keyed once per language pair, with the aligner's own word
//! keys, and kept for the run (shared between threads and clones of the
//! aligner's configuration): a document then only looks up its own
//! vocabulary, so a dictionary of 600,000 entries costs each document
//! milliseconds.

mod cache;
mod cedict;
mod dictd;
mod lines;
mod tei;

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::features::{Vocab, word_key};
use super::links::Links;
use crate::error::{DictionaryProblem, Error, Result};
use crate::lang::{LanguageData, Token, tokens};

pub use cache::KeyedStore;

/// Largest dictionary file read, and largest uncompressed content of a
/// compressed one: the biggest FreeDict file (German–English TEI) is 450 MB,
/// its dictd articles 100 MB, CC-CEDICT 10 MB.
pub const MAX_BYTES: u64 = 512 << 20;
/// A phrase (one of the comma-separated alternatives of a side) with more
/// content words than this is an explanation, not a translation: skipped.
const MAX_PHRASE_KEYS: usize = 3;
/// A word key linked to more keys of the other language than this is
/// dropped from the dictionary: it is too ambiguous to anchor a bead (the
/// big FreeDict files link "make" or "set" to dozens of German keys), and
/// such links made a 100,000-sentence alignment both slower and worse.
const MAX_FANOUT: usize = 30;
/// At most this many keys of one side of an entry are linked (a hostile
/// entry must not make millions of links).
const MAX_SIDE_KEYS: usize = 32;

/// Receives what a dictionary has to say while aligning (which files it
/// uses for a language pair, which it skips and why).
pub type Notify = Arc<dyn Fn(&str) + Send + Sync>;

/// Bilingual dictionaries, merged: every file given, and optionally the
/// FreeDict dictionaries installed on the machine for each language pair.
/// Cheap to clone: the entries and what is keyed from them are shared.
#[derive(Clone, Default)]
pub struct Dictionary {
    files: Vec<Arc<File>>,
    /// Folders searched for FreeDict files for each language pair; empty:
    /// none.
    system: Vec<PathBuf>,
    notify: Option<Notify>,
    /// Where keyed forms are kept between runs, if anywhere.
    store: Option<Arc<dyn KeyedStore>>,
    cache: Arc<Cache>,
}

/// What is loaded or keyed during the run, once.
#[derive(Default)]
struct Cache {
    pairs: Mutex<HashMap<(String, String), KeyedOnce>>,
    system_files: Mutex<HashMap<PathBuf, Option<Arc<File>>>>,
}

/// A language pair's keyed entries, built by the first thread that needs
/// them while the others wait.
type KeyedOnce = Arc<OnceLock<Arc<Keyed>>>;

/// One dictionary file: its entries in its own direction.
struct File {
    path: PathBuf,
    format: &'static str,
    /// Languages of headwords and translations (ISO 639-1 where there is
    /// one), if the file says.
    languages: Option<(String, String)>,
    entries: Entries,
    /// What the file was read from (see [`identity`]); `None` for text given
    /// directly, whose keyed form is not stored.
    identity: Option<String>,
}

/// Entries as spans of one string: 600,000 entries are two allocations.
#[derive(Default)]
struct Entries {
    text: String,
    spans: Vec<[usize; 3]>,
}

impl Entries {
    /// Adds an entry unless a side is empty.
    fn push(&mut self, head: &str, translation: &str) {
        let (head, translation) = (head.trim(), translation.trim());
        if head.is_empty() || translation.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(head);
        let mid = self.text.len();
        self.text.push_str(translation);
        self.spans.push([start, mid, self.text.len()]);
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans
            .iter()
            .map(|&[a, b, c]| (&self.text[a..b], &self.text[b..c]))
    }
}

/// What a reader returns.
struct Parsed {
    format: &'static str,
    languages: Option<(String, String)>,
    entries: Entries,
}

impl Dictionary {
    /// Reads one dictionary file, whatever its format.
    pub fn read(path: &Path) -> Result<Dictionary> {
        Ok(Dictionary::of(read_file(path)?))
    }

    /// Reads several dictionary files (in parallel where there are cores)
    /// into one.
    pub fn read_all(paths: &[PathBuf]) -> Result<Dictionary> {
        let files = paths
            .par_iter()
            .map(|p| read_file(p).map(Arc::new))
            .collect::<Result<Vec<_>>>()?;
        Ok(Dictionary {
            files,
            ..Dictionary::default()
        })
    }

    /// Parses dictionary text in one of the text formats; `path` names it
    /// in messages (and may tell its languages).
    pub fn parse(path: &Path, text: &str) -> Result<Dictionary> {
        Ok(Dictionary::of(from_text(path, text)?))
    }

    fn of(file: File) -> Dictionary {
        Dictionary {
            files: vec![Arc::new(file)],
            ..Dictionary::default()
        }
    }

    /// One dictionary of all the entries of several.
    pub fn merge(dictionaries: impl IntoIterator<Item = Dictionary>) -> Dictionary {
        let mut merged = Dictionary::default();
        for d in dictionaries {
            merged.files.extend(d.files);
            merged.system.extend(d.system);
            merged.notify = merged.notify.or(d.notify);
            merged.store = merged.store.or(d.store);
        }
        merged
    }

    /// Also uses, for each language pair, the FreeDict dictionaries found in
    /// `dirs` (in either direction: `freedict-deu-eng` and `freedict-eng-deu`
    /// both serve German–English).
    pub fn with_system(mut self, dirs: Vec<PathBuf>) -> Dictionary {
        self.system = dirs;
        self.cache = Arc::default();
        self
    }

    /// Keeps the keyed form of each language pair's dictionaries in `store`
    /// between runs, and uses what it holds where it was made from the same
    /// files by the same build (see [`KeyedStore`]).
    pub fn with_store(mut self, store: Arc<dyn KeyedStore>) -> Dictionary {
        self.store = Some(store);
        self
    }

    /// Where to send notices (files used or skipped for a language pair).
    pub fn with_notify(mut self, notify: Notify) -> Dictionary {
        self.notify = Some(notify);
        self
    }

    /// Number of entries of the files given (not counting system
    /// dictionaries, which are found per language pair).
    pub fn len(&self) -> usize {
        self.files.iter().map(|f| f.entries.len()).sum()
    }

    /// Whether the files given hold no entry at all (system dictionaries not counted), as
    /// [`len`](Self::len) is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each file given: path, format, languages if known, number of entries.
    pub fn describe(&self) -> Vec<String> {
        self.files.iter().map(|f| f.describe()).collect()
    }

    /// What identifies these dictionaries for a stored result: every file
    /// (path, format, languages, entries) and the folders searched for
    /// system dictionaries.
    pub fn fingerprint(&self) -> String {
        format!("{:?} {:?}", self.describe(), self.system)
    }

    /// Loads and keys what serves `source` → `target` now rather than at
    /// the first document (so that notices come before any output); returns
    /// the number of entries used.
    pub fn prepare(&self, source: &str, target: &str) -> usize {
        self.keyed(source, target).entries
    }

    /// Links between the words of two vocabularies (of keys) that the
    /// dictionary says translate each other.
    pub(super) fn links(
        &self,
        source_lang: &str,
        target_lang: &str,
        source: &Vocab,
        target: &Vocab,
    ) -> Links {
        self.keyed(source_lang, target_lang).links(source, target)
    }

    fn notice(&self, message: &str) {
        if let Some(notify) = &self.notify {
            notify(message);
        }
    }

    /// The entries for a language pair, keyed on first use.
    fn keyed(&self, source: &str, target: &str) -> Arc<Keyed> {
        let cell = {
            let mut pairs = self
                .cache
                .pairs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            pairs
                .entry((source.to_string(), target.to_string()))
                .or_default()
                .clone()
        };
        cell.get_or_init(|| Arc::new(self.build(source, target)))
            .clone()
    }

    fn build(&self, source: &str, target: &str) -> Keyed {
        let mut used: Vec<(Arc<File>, bool)> = Vec::new();
        for file in &self.files {
            match file.direction(source, target) {
                Some(reversed) => used.push((file.clone(), reversed)),
                None => self.notice(&format!(
                    "warning: {}: a {} dictionary, not used for {source}→{target}",
                    file.path.display(),
                    file.language_names()
                )),
            }
        }
        let found = if self.system.is_empty() {
            Vec::new()
        } else {
            find_system(&self.system, source, target)
        };
        let stored = self.store.as_ref().and_then(|store| {
            let fingerprint = fingerprint(source, target, &used, &found)?;
            Some((
                store,
                cache::name(source, target, &fingerprint),
                fingerprint,
            ))
        });
        if let Some((store, name, fingerprint)) = &stored
            && let Some((keyed, entries)) = store
                .load(name)
                .and_then(|bytes| cache::decode(&bytes, fingerprint))
            && entries.len() == found.len()
        {
            if !self.system.is_empty() {
                let files: Vec<(&Path, usize, bool)> = found
                    .iter()
                    .zip(&entries)
                    .map(|((path, reversed), &n)| (path.as_path(), n, *reversed))
                    .collect();
                self.system_notice(source, target, &files, true);
            }
            return keyed;
        }
        let (system, complete) = if self.system.is_empty() {
            (Vec::new(), true)
        } else {
            self.system_files(source, target, &found)
        };
        let entries: Vec<usize> = system.iter().map(|(f, _)| f.entries.len()).collect();
        used.extend(system);
        let keyed = Keyed::build(&used, LanguageData::get(source), LanguageData::get(target));
        if let Some((store, name, fingerprint)) = &stored
            && complete
            && cache::storable(&keyed)
            && let Err(e) = store.save(name, &cache::encode(&keyed, fingerprint, &entries))
        {
            self.notice(&format!("warning: {e}; the keyed dictionary is not kept"));
        }
        keyed
    }

    /// The installed FreeDict files `found` for a pair, loaded once per run,
    /// and whether every one of them could be read.
    fn system_files(
        &self,
        source: &str,
        target: &str,
        found: &[(PathBuf, bool)],
    ) -> (Vec<(Arc<File>, bool)>, bool) {
        let cache = || {
            self.cache
                .system_files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let missing: Vec<&PathBuf> = {
            let loaded = cache();
            found
                .iter()
                .map(|(path, _)| path)
                .filter(|path| !loaded.contains_key(*path))
                .collect()
        };
        // Read in parallel where there are cores; each file once per run.
        let read: Vec<(PathBuf, Result<File>)> = missing
            .into_par_iter()
            .map(|path| (path.clone(), read_file(path)))
            .collect();
        let mut loaded = cache();
        for (path, file) in read {
            let file = match file {
                Ok(file) => Some(Arc::new(file)),
                Err(e) => {
                    self.notice(&format!("warning: {e}; not used"));
                    None
                }
            };
            loaded.insert(path, file);
        }
        let used: Vec<(Arc<File>, bool)> = found
            .iter()
            .filter_map(|(path, reversed)| Some((loaded.get(path)?.clone()?, *reversed)))
            .collect();
        drop(loaded);
        let files: Vec<(&Path, usize, bool)> = used
            .iter()
            .map(|(f, reversed)| (f.path.as_path(), f.entries.len(), *reversed))
            .collect();
        self.system_notice(source, target, &files, false);
        let complete = used.len() == found.len();
        (used, complete)
    }

    /// Says which system dictionaries serve a pair (path, entries,
    /// reversed), or that none does.
    fn system_notice(
        &self,
        source: &str,
        target: &str,
        files: &[(&Path, usize, bool)],
        stored: bool,
    ) {
        if files.is_empty() {
            self.notice(&no_system_dictionary(&self.system, source, target));
            return;
        }
        let names: Vec<String> = files
            .iter()
            .map(|(path, entries, reversed)| {
                format!(
                    "{} ({entries} entries{})",
                    path.display(),
                    if *reversed { ", reversed" } else { "" }
                )
            })
            .collect();
        self.notice(&format!(
            "system dictionaries for {source}→{target}: {}{}",
            names.join(", "),
            if stored {
                " (keyed, from the cache)"
            } else {
                ""
            }
        ));
    }
}

/// What a language pair's keyed form is made from: this build of bitext,
/// the pair, and every file used (its identity and direction), in order;
/// `None` if any of it cannot be told (then nothing is stored).
fn fingerprint(
    source: &str,
    target: &str,
    given: &[(Arc<File>, bool)],
    system: &[(PathBuf, bool)],
) -> Option<String> {
    let mut print = format!("{}\n{source}→{target}\n", build_identity()?);
    for (file, reversed) in given {
        print.push_str(&format!("given {} {reversed}\n", file.identity.as_ref()?));
    }
    for (path, reversed) in system {
        print.push_str(&format!("system {} {reversed}\n", identity(path)?));
    }
    Some(print)
}

/// This build of bitext: its version and the executable's size and time,
/// which change with every build (and so with the keying rules and the
/// language data compiled into it).
fn build_identity() -> Option<&'static str> {
    static IDENTITY: OnceLock<Option<String>> = OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            Some(format!(
                "bitext {} {}",
                env!("CARGO_PKG_VERSION"),
                file_identity(&exe)?
            ))
        })
        .as_deref()
}

/// What a dictionary file is read from, as it is now: the path, size and
/// modification time of each file behind it (a dictd index and its
/// articles). A file changed since is another identity.
fn identity(path: &Path) -> Option<String> {
    if dictd::is_dictd(path) {
        let (index, articles) = dictd::companions(path).ok()?;
        Some(format!(
            "{} {}",
            file_identity(&index)?,
            file_identity(&articles)?
        ))
    } else {
        file_identity(path)
    }
}

fn file_identity(path: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{:?}:{}:{}", path, meta.len(), time.as_nanos()))
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("files", &self.describe())
            .field("system", &self.system)
            .finish()
    }
}

impl File {
    /// Whether the file serves `source` → `target`: as it is (`false`),
    /// reversed (`true`), or not at all (`None`).
    fn direction(&self, source: &str, target: &str) -> Option<bool> {
        match &self.languages {
            None => Some(false),
            Some((a, b)) if a == source && b == target => Some(false),
            Some((a, b)) if a == target && b == source => Some(true),
            Some(_) => None,
        }
    }

    fn language_names(&self) -> String {
        match &self.languages {
            Some((a, b)) => format!("{a}→{b}"),
            None => "any-language".into(),
        }
    }

    fn describe(&self) -> String {
        let languages = match &self.languages {
            Some((a, b)) => format!("{a}→{b}"),
            None => "languages not stated, used as given".into(),
        };
        format!(
            "{}: {}, {languages}, {} entries",
            self.path.display(),
            self.format,
            self.entries.len()
        )
    }
}

/// Reads a dictionary file: dictd by its name, the rest by content.
fn read_file(path: &Path) -> Result<File> {
    // Told before reading, so that a file changed while it is read is not
    // taken for the one read.
    let identity = identity(path);
    let parsed = if dictd::is_dictd(path) {
        dictd::read(path)?
    } else {
        let bytes = read_bytes(path)?;
        let text = utf8(path, &bytes)?;
        return Ok(File {
            identity,
            ..from_text(path, text)?
        });
    };
    Ok(File {
        path: path.to_path_buf(),
        format: parsed.format,
        languages: parsed.languages,
        entries: parsed.entries,
        identity,
    })
}

/// Tells the format of dictionary text and parses it.
fn from_text(path: &Path, text: &str) -> Result<File> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    let parsed = if start.starts_with('<') {
        tei::parse(path, text)?
    } else if cedict::looks_like(text) {
        cedict::parse(path, text)?
    } else if lines::looks_like(text) {
        lines::parse(path, text)?
    } else {
        return Err(error(path, DictionaryProblem::UnknownFormat));
    };
    if parsed.entries.len() == 0 {
        return Err(error(
            path,
            DictionaryProblem::NoEntries {
                format: parsed.format.to_string(),
            },
        ));
    }
    Ok(File {
        path: path.to_path_buf(),
        format: parsed.format,
        languages: parsed.languages,
        entries: parsed.entries,
        identity: None,
    })
}

fn error(path: &Path, problem: DictionaryProblem) -> Error {
    Error::Dictionary {
        path: path.to_path_buf(),
        problem,
    }
}

/// Reads a whole file, uncompressing gzip (dictzip is gzip too), at most
/// [`MAX_BYTES`] either way.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(error(path, too_big(false)));
    }
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    // The last four bytes of a gzip file hold its uncompressed size (mod
    // 2^32): a hint that spares copies of a 100 MB buffer.
    let hint = bytes
        .get(bytes.len().saturating_sub(4)..)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u64::from(u32::from_le_bytes(b)));
    let mut text = Vec::with_capacity(hint.min(MAX_BYTES) as usize);
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| error(path, DictionaryProblem::Gzip(e)))?;
    if text.len() as u64 > MAX_BYTES {
        return Err(error(path, too_big(true)));
    }
    Ok(text)
}

fn too_big(uncompressed: bool) -> DictionaryProblem {
    DictionaryProblem::TooBig {
        max_mib: MAX_BYTES >> 20,
        uncompressed,
    }
}

/// The text of a file, or an error at the first invalid byte (with its
/// line); binary files are told apart.
fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Err(error(path, DictionaryProblem::Binary));
    }
    // SIMD validation is several times faster on the 100 MB of a big
    // dictionary; the standard one tells where an error is.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        error(path, DictionaryProblem::InvalidUtf8 { offset, line })
    })
}

/// ISO 639-3 codes (FreeDict's) and the ISO 639-1 codes bitext uses.
const ISO639_3: &[(&str, &str)] = &[
    ("afr", "af"),
    ("ara", "ar"),
    ("bre", "br"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("eus", "eu"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("gla", "gd"),
    ("gle", "ga"),
    ("glg", "gl"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("ind", "id"),
    ("isl", "is"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("kur", "ku"),
    ("lat", "la"),
    ("lit", "lt"),
    ("lav", "lv"),
    ("mkd", "mk"),
    ("nld", "nl"),
    ("nno", "nn"),
    ("nob", "nb"),
    ("nor", "no"),
    ("oci", "oc"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("swh", "sw"),
    ("tha", "th"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("vie", "vi"),
    ("zho", "zh"),
];

/// Language names as FreeDict headers write them (English and native).
const NAMES: &[(&str, &str)] = &[
    ("chinese", "zh"),
    ("dutch", "nl"),
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("swedish", "sv"),
    ("deutsch", "de"),
    ("français", "fr"),
    ("español", "es"),
    ("italiano", "it"),
    ("nederlands", "nl"),
    ("português", "pt"),
    ("русский", "ru"),
];

/// The ISO 639-1 code of a code FreeDict uses (`deu` → `de`); two-letter
/// codes are kept, unknown three-letter codes too (they match no language
/// bitext is given, so such a file is not used).
fn iso639_1(code: &str) -> String {
    let code = code.to_ascii_lowercase();
    ISO639_3
        .iter()
        .find(|(three, _)| *three == code)
        .map_or(code, |(_, two)| (*two).to_string())
}

/// FreeDict's codes for a language (`zh` → `zho`, `cmn`).
fn iso639_3(code: &str) -> Vec<&'static str> {
    ISO639_3
        .iter()
        .filter(|(_, two)| *two == code)
        .map(|(three, _)| *three)
        .collect()
}

/// Languages from a FreeDict file name: `freedict-deu-eng.index`,
/// `deu-eng.tei`, `eng-fra.dict.dz`.
fn languages_from_name(path: &Path) -> Option<(String, String)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.split('.').next()?;
    let stem = stem.strip_prefix("freedict-").unwrap_or(stem);
    let (a, b) = stem.split_once('-')?;
    let code = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_lowercase());
    (code(a) && code(b)).then(|| (iso639_1(a), iso639_1(b)))
}

/// Languages from a FreeDict title: "German - English Ding/FreeDict
/// dictionary", "Deutsch-français FreeDict+WikDict dictionary".
fn languages_from_title(title: &str) -> Option<(String, String)> {
    let head = title
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let (a, b) = head.split_once('-')?;
    let name = |n: &str| {
        let n = n.split_whitespace().next()?.to_lowercase();
        NAMES
            .iter()
            .find(|(name, _)| *name == n)
            .map(|(_, code)| (*code).to_string())
    };
    Some((name(a)?, name(b)?))
}

/// The FreeDict files in `dirs` for a pair: (path, reversed). The first
/// folder that has a direction wins for that direction.
fn find_system(dirs: &[PathBuf], source: &str, target: &str) -> Vec<(PathBuf, bool)> {
    let mut found = Vec::new();
    for (from, to, reversed) in [(source, target, false), (target, source, true)] {
        'direction: for dir in dirs {
            for a in iso639_3(from) {
                for b in iso639_3(to) {
                    for name in [
                        format!("freedict-{a}-{b}.index"),
                        format!("{a}-{b}.index"),
                        format!("freedict-{a}-{b}.tei"),
                        format!("{a}-{b}.tei"),
                    ] {
                        let path = dir.join(name);
                        if path.is_file() {
                            found.push((path, reversed));
                            break 'direction;
                        }
                    }
                }
            }
        }
    }
    found
}

fn no_system_dictionary(dirs: &[PathBuf], source: &str, target: &str) -> String {
    let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    let (from, to) = (iso639_3(source), iso639_3(target));
    match (from.first(), to.first()) {
        (Some(a), Some(b)) => format!(
            "no FreeDict dictionary for {source}→{target} in {}; install one \
             (Debian: apt-get install dict-freedict-{a}-{b}, or dict-freedict-{b}-{a})",
            dirs.join(", ")
        ),
        _ => format!(
            "no FreeDict dictionary for {source}→{target} in {}",
            dirs.join(", ")
        ),
    }
}

/// A pair's entries as links between word keys, built once.
struct Keyed {
    source: FxHashMap<String, u32>,
    target: FxHashMap<String, u32>,
    /// For target key `t`, its source keys are
    /// `sources[offsets[t]..offsets[t + 1]]`, sorted.
    offsets: Vec<usize>,
    sources: Vec<u32>,
    /// Entries used.
    entries: usize,
}

impl Keyed {
    fn build(files: &[(Arc<File>, bool)], source: &LanguageData, target: &LanguageData) -> Keyed {
        // The two sides are keyed on two threads where there are two.
        let (s, t) = rayon::join(
            || SideKeys::new(files, source, true),
            || SideKeys::new(files, target, false),
        );
        let entries = s.ends.len();
        // The source keys of each target key, by a counting sort: the
        // entries' pairs of keys are a few million.
        let pairs_of = |visit: &mut dyn FnMut(u32, &[u32])| {
            let (mut s_start, mut t_start) = (0, 0);
            for (&s_end, &t_end) in s.ends.iter().zip(&t.ends) {
                for &t_key in &t.keys[t_start..t_end] {
                    visit(t_key, &s.keys[s_start..s_end]);
                }
                (s_start, t_start) = (s_end, t_end);
            }
        };
        let mut offsets = vec![0usize; t.ids.len() + 1];
        pairs_of(&mut |t_key, s_keys| offsets[t_key as usize + 1] += s_keys.len());
        for k in 1..offsets.len() {
            offsets[k] += offsets[k - 1];
        }
        let mut sources = vec![0u32; offsets[offsets.len() - 1]];
        let mut fill = offsets.clone();
        pairs_of(&mut |t_key, s_keys| {
            let at = &mut fill[t_key as usize];
            sources[*at..*at + s_keys.len()].copy_from_slice(s_keys);
            *at += s_keys.len();
        });
        // Sorted and deduplicated in place, target key by target key.
        let mut end = 0;
        for t_key in 0..t.ids.len() {
            let (start, stop) = (offsets[t_key], offsets[t_key + 1]);
            sources[start..stop].sort_unstable();
            offsets[t_key] = end;
            let mut last = None;
            for k in start..stop {
                let s_key = sources[k];
                if last != Some(s_key) {
                    sources[end] = s_key;
                    end += 1;
                    last = Some(s_key);
                }
            }
        }
        *offsets.last_mut().expect("one offset more than keys") = end;
        sources.truncate(end);
        // Keys with too many partners are not translations but noise.
        let mut s_fanout = vec![0usize; s.ids.len()];
        for &s_key in &sources {
            s_fanout[s_key as usize] += 1;
        }
        let mut end = 0;
        for t_key in 0..t.ids.len() {
            let (start, stop) = (offsets[t_key], offsets[t_key + 1]);
            offsets[t_key] = end;
            if stop - start > MAX_FANOUT {
                continue;
            }
            for k in start..stop {
                if s_fanout[sources[k] as usize] <= MAX_FANOUT {
                    sources[end] = sources[k];
                    end += 1;
                }
            }
        }
        *offsets.last_mut().expect("one offset more than keys") = end;
        sources.truncate(end);
        Keyed {
            source: s.ids,
            target: t.ids,
            offsets,
            sources,
            entries,
        }
    }

    /// The links between two vocabularies: one lookup per word.
    fn links(&self, source: &Vocab, target: &Vocab) -> Links {
        let mut links = Links::default();
        if self.sources.is_empty() {
            return links;
        }
        let in_source: FxHashMap<u32, u32> = source
            .iter()
            .filter_map(|(id, key)| Some((*self.source.get(key)?, id)))
            .collect();
        for (t_id, key) in target.iter() {
            let Some(&t) = self.target.get(key) else {
                continue;
            };
            let t = t as usize;
            for s in &self.sources[self.offsets[t]..self.offsets[t + 1]] {
                if let Some(&s_id) = in_source.get(s) {
                    links.add(t_id, s_id);
                }
            }
        }
        links.finish();
        links
    }
}

/// The keys of one side of every entry, in order: entry `k`'s are
/// `keys[ends[k - 1]..ends[k]]`.
struct SideKeys {
    ids: FxHashMap<String, u32>,
    keys: Vec<u32>,
    ends: Vec<usize>,
}

impl SideKeys {
    /// The source side (`source`: headwords, or translations of a reversed
    /// file) or the target side of the entries.
    fn new(files: &[(Arc<File>, bool)], lang: &LanguageData, source: bool) -> SideKeys {
        let mut table = KeyTable::new(lang);
        let (mut keys, mut ends, mut buffer) = (Vec::new(), Vec::new(), Vec::new());
        for (file, reversed) in files {
            for (head, translation) in file.entries.iter() {
                table.keys(
                    if source != *reversed {
                        head
                    } else {
                        translation
                    },
                    &mut buffer,
                );
                keys.extend_from_slice(&buffer);
                ends.push(keys.len());
            }
        }
        SideKeys {
            ids: table.ids,
            keys,
            ends,
        }
    }
}

/// Interns the word keys of one language, remembering the key of each
/// word seen (dictionaries repeat their words a lot).
struct KeyTable<'a> {
    lang: &'a LanguageData,
    ids: FxHashMap<String, u32>,
    /// Key id of each word seen, by the word's 64-bit hash: half a million
    /// words stay small and quick to probe, and two words of one
    /// dictionary share a hash with a probability of about 10⁻⁸.
    words: FxHashMap<u64, Option<u32>>,
}

impl<'a> KeyTable<'a> {
    fn new(lang: &'a LanguageData) -> KeyTable<'a> {
        KeyTable {
            lang,
            ids: FxHashMap::default(),
            words: FxHashMap::default(),
        }
    }

    /// The keys of the content words of a side (its comma- or
    /// semicolon-separated alternatives), sorted and deduplicated into
    /// `out`; alternatives too long to be translations are left out.
    fn keys(&mut self, side: &str, out: &mut Vec<u32>) {
        out.clear();
        let mut phrase = Vec::new();
        for alternative in side.split([',', ';']) {
            phrase.clear();
            for token in tokens(alternative, self.lang) {
                let Token::Word(word) = token else { continue };
                if let Some(id) = self.key(word) {
                    phrase.push(id);
                }
            }
            if phrase.len() <= MAX_PHRASE_KEYS {
                out.extend_from_slice(&phrase);
            }
        }
        out.sort_unstable();
        out.dedup();
        out.truncate(MAX_SIDE_KEYS);
    }

    fn key(&mut self, word: &str) -> Option<u32> {
        let hash = {
            let mut hasher = rustc_hash::FxHasher::default();
            word.hash(&mut hasher);
            hasher.finish()
        };
        if let Some(&id) = self.words.get(&hash) {
            return id;
        }
        let id = word_key(word, self.lang).map(|key| {
            let next = self.ids.len() as u32;
            *self.ids.entry(key).or_insert(next)
        });
        self.words.insert(hash, id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(d: &Dictionary) -> Vec<(String, String)> {
        d.files
            .iter()
            .flat_map(|f| f.entries.iter())
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn vocab(words: &[&str]) -> Vocab {
        let mut v = Vocab::default();
        for w in words {
            v.id(&crate::align::features::skeleton(w));
        }
        v
    }

    #[test]
    fn tells_formats_from_content() {
        let tsv = Dictionary::parse(Path::new("d.txt"), "Katze\tcat\n").unwrap();
        assert_eq!(tsv.files[0].format, "TSV");
        let cedict = Dictionary::parse(
            Path::new("c.u8"),
            "# CC-CEDICT\n房子 房子 [fang2 zi5] /house/\n",
        )
        .unwrap();
        assert_eq!(cedict.files[0].format, "CC-CEDICT");
        let err = Dictionary::parse(Path::new("notes.txt"), "just some prose\nmore\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("notes.txt: not a dictionary") && err.contains("FreeDict dictd"),
            "{err}"
        );
    }

    #[test]
    fn bad_bytes_are_errors_with_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.tsv");
        std::fs::write(&path, b"Haus\thouse\nK\xe4se\tcheese\n").unwrap();
        let err = Dictionary::read(&path).unwrap_err().to_string();
        assert!(
            err.contains("invalid UTF-8") && err.contains("line 2"),
            "{err}"
        );
        std::fs::write(&path, b"\x1f\x8b\x08\x00garbage").unwrap();
        let err = Dictionary::read(&path).unwrap_err().to_string();
        assert!(err.contains("not a valid gzip file"), "{err}");
        std::fs::write(&path, b"\x00\x01\x02\x03").unwrap();
        let err = Dictionary::read(&path).unwrap_err().to_string();
        assert!(err.contains("binary file"), "{err}");
    }

    #[test]
    fn reads_gzip_compressed_text() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.tsv.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"Katze\tcat\nHund\tdog\n").unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let d = Dictionary::read(&path).unwrap();
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn languages_come_from_freedict_names_and_titles() {
        let name = |n: &str| languages_from_name(Path::new(n));
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            name("/usr/share/dictd/freedict-deu-eng.index"),
            pair("de", "en")
        );
        assert_eq!(name("fra-eng.tei"), pair("fr", "en"));
        assert_eq!(name("freedict-eng-fra.dict.dz"), pair("en", "fr"));
        assert_eq!(name("my-dictionary.tsv"), None);
        let title = languages_from_title;
        assert_eq!(
            title("German - English Ding/FreeDict dictionary"),
            pair("de", "en")
        );
        assert_eq!(
            title("Deutsch-français FreeDict+WikDict dictionary"),
            pair("de", "fr")
        );
        assert_eq!(
            title("English-French FreeDict Dictionary"),
            pair("en", "fr")
        );
        assert_eq!(title("My own glossary"), None);
    }

    fn file(languages: Option<(&str, &str)>, entries: &[(&str, &str)]) -> Dictionary {
        let mut e = Entries::default();
        for (a, b) in entries {
            e.push(a, b);
        }
        Dictionary::of(File {
            path: PathBuf::from("test"),
            format: "test",
            languages: languages.map(|(a, b)| (a.to_string(), b.to_string())),
            entries: e,
            identity: None,
        })
    }

    /// A store in memory, counting what it is asked.
    #[derive(Default)]
    struct Memory {
        files: Mutex<HashMap<String, Vec<u8>>>,
        loads: std::sync::atomic::AtomicUsize,
    }

    impl KeyedStore for Memory {
        fn load(&self, name: &str) -> Option<Vec<u8>> {
            self.loads
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.files.lock().unwrap().get(name).cloned()
        }
        fn save(&self, name: &str, bytes: &[u8]) -> std::result::Result<(), String> {
            self.files
                .lock()
                .unwrap()
                .insert(name.to_string(), bytes.to_vec());
            Ok(())
        }
    }

    #[test]
    fn a_stored_keyed_form_gives_the_same_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.tsv");
        std::fs::write(&path, "bells\tGlocken\nchildren\tKinder\nhouse\tHaus\n").unwrap();
        let (source, target) = (
            vocab(&["bells", "children", "house"]),
            vocab(&["Glocken", "Kinder", "Haus"]),
        );
        let sources = |links: &Links| -> Vec<Vec<u32>> {
            (0..target.len() as u32)
                .map(|t| links.sources(t).to_vec())
                .collect()
        };
        let store = Arc::new(Memory::default());
        let fresh = Dictionary::read(&path).unwrap().with_store(store.clone());
        let built = fresh.links("en", "de", &source, &target);
        assert_eq!(store.files.lock().unwrap().len(), 1, "kept once built");
        // Another run: the same links, read from the store.
        let again = Dictionary::read(&path).unwrap().with_store(store.clone());
        assert_eq!(
            sources(&again.links("en", "de", &source, &target)),
            sources(&built)
        );
        assert_eq!(store.loads.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert!(
            sources(&built).iter().all(|s| s.len() == 1),
            "{:?}",
            sources(&built)
        );
        // Text given directly has no identity: nothing is kept.
        let memory = Arc::new(Memory::default());
        Dictionary::parse(&path, "bells\tGlocken\n")
            .unwrap()
            .with_store(memory.clone())
            .prepare("en", "de");
        assert!(memory.files.lock().unwrap().is_empty());
    }

    #[test]
    fn entries_are_used_in_the_pairs_direction() {
        let de_en = file(Some(("de", "en")), &[("Glocken", "bells")]);
        let de = vocab(&["Glocken"]);
        let en = vocab(&["bells"]);
        // German → English as written, English → German reversed.
        assert_eq!(de_en.links("de", "en", &de, &en).sources(0), [0]);
        assert_eq!(de_en.links("en", "de", &en, &de).sources(0), [0]);
        // Not for French.
        assert!(de_en.links("fr", "en", &de, &en).sources(0).is_empty());
        // Without languages: as given.
        let plain = file(None, &[("Glocken", "bells")]);
        assert_eq!(plain.links("xx", "yy", &de, &en).sources(0), [0]);
        assert!(plain.links("xx", "yy", &en, &de).sources(0).is_empty());
    }

    #[test]
    fn other_languages_are_skipped_with_one_notice() {
        let notices = Arc::new(Mutex::new(Vec::new()));
        let sink = notices.clone();
        let d = Dictionary::merge([
            file(Some(("de", "en")), &[("Glocken", "bells")]),
            file(None, &[("Kinder", "children")]),
        ])
        .with_notify(Arc::new(move |m: &str| {
            sink.lock().unwrap().push(m.to_string())
        }));
        let (fr, en) = (vocab(&["Kinder"]), vocab(&["children"]));
        for _ in 0..3 {
            assert_eq!(d.links("fr", "en", &fr, &en).sources(0), [0]);
        }
        let notices = notices.lock().unwrap();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("de→en") && notices[0].contains("fr→en"));
    }

    #[test]
    fn phrases_link_their_content_words_and_explanations_are_skipped() {
        let d = file(
            None,
            &[
                ("Konkurs abwenden", "avert bankruptcy, avoid bankruptcy"),
                (
                    "Glocke",
                    "bell, a hollow metal object that makes a ringing sound when struck",
                ),
            ],
        );
        let de = vocab(&["Konkurs", "abwenden", "Glocke"]);
        let en = vocab(&["bankruptcy", "avoid", "bell", "hollow"]);
        let links = d.links("de", "en", &de, &en);
        assert_eq!(links.sources(0), [0, 1], "bankruptcy");
        assert_eq!(links.sources(1), [0, 1], "avoid");
        assert_eq!(links.sources(2), [2], "bell");
        assert!(links.sources(3).is_empty(), "the explanation is not used");
        assert_eq!(
            entries(&d)[0],
            (
                "Konkurs abwenden".into(),
                "avert bankruptcy, avoid bankruptcy".into()
            )
        );
    }

    #[test]
    fn finds_system_dictionaries_in_either_direction() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "freedict-deu-eng.index",
            "freedict-eng-deu.index",
            "freedict-fra-eng.index",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let dirs = [dir.path().to_path_buf()];
        let found = find_system(&dirs, "en", "de");
        assert_eq!(
            found,
            [
                (dir.path().join("freedict-eng-deu.index"), false),
                (dir.path().join("freedict-deu-eng.index"), true)
            ]
        );
        assert!(find_system(&dirs, "it", "de").is_empty());
        let hint = no_system_dictionary(&dirs, "it", "de");
        assert!(hint.contains("dict-freedict-ita-deu"), "{hint}");
    }

    /// Samples of every format, as files: (name, bytes).
    fn samples() -> Vec<(&'static str, Vec<u8>)> {
        let tei = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dictionaries/alpine.tei"),
        )
        .unwrap();
        vec![
            ("d.tsv", b"Katze\tcat\nHund\tdog, hound\n".to_vec()),
            ("h.txt", b"cat @ Katze\nhouse @ Haus\n".to_vec()),
            (
                "c.u8",
                "# CC-CEDICT\n\u{623f}\u{5b50} \u{623f}\u{5b50} [fang2 zi5] /house/room/\n"
                    .as_bytes()
                    .to_vec(),
            ),
            ("a.tei", tei),
            (
                "freedict-deu-eng.index",
                b"00-database-short\tA\tU\nHaus\tU\th\nKatze\tq\tQ\n".to_vec(),
            ),
        ]
    }

    /// The articles behind the sample index above (offsets 0, 20, 42).
    const ARTICLES: &[u8] =
        b"German-English test\nHaus /ha\xca\x8as/\nhouse\nKatze <f>\n1. cat\n2. puss\n";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Mutated dictionaries of every format (bytes changed, inserted,
        /// cut; the dictd index or its articles) are read or refused with
        /// an error, never a panic, and what is read keys without one.
        #[test]
        fn mutated_dictionaries_never_panic(
            sample in 0usize..5,
            edits in proptest::collection::vec((0usize..4, 0usize..4096, proptest::prelude::any::<u8>()), 1..12),
            mutate_articles in proptest::prelude::any::<bool>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let (name, mut bytes) = samples().swap_remove(sample);
            let mut articles = ARTICLES.to_vec();
            let target = if sample == 4 && mutate_articles { &mut articles } else { &mut bytes };
            const SPECIAL: &[u8] = b"\t\n@/<>[](){};,&#x\"\xc3\xa4\x1f\x8b";
            for (kind, at, byte) in edits {
                let at = at % (target.len() + 1);
                match kind {
                    0 if at < target.len() => target[at] = byte,
                    1 => target.insert(at, SPECIAL[byte as usize % SPECIAL.len()]),
                    2 => target.truncate(at),
                    _ => {
                        let copy = target[at..].to_vec();
                        target.extend_from_slice(&copy);
                    }
                }
            }
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            std::fs::write(dir.path().join("freedict-deu-eng.dict"), &articles).unwrap();
            if let Ok(dictionary) = Dictionary::read(&path) {
                let (de, en) = (vocab(&["haus", "katse", "kind"]), vocab(&["hous", "kat", "child"]));
                let _ = dictionary.links("de", "en", &de, &en);
                let _ = dictionary.links("zh", "en", &de, &en);
            }
        }
    }
}
