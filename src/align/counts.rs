//! What the first passes of a collection teach the lexicon, kept so that it
//! can be gathered in pieces (one per shard of a distributed job) and merged
//! into exactly what one run over the whole collection gathers.
//!
//! Learning the lexicon (expectation maximisation over the beads) is not a
//! sum of per-document counts, so what is kept is its input: every
//! document's first-pass beads as word keys with their posteriors, by
//! language pair and document id. The cap on learning beads
//! ([`MAX_LEARNING_BEADS`]) is applied in one canonical order, by document
//! id (then bead order), so that it keeps the same beads however the
//! documents were split, ordered or merged: keeping the first N of a sorted
//! union is associative and commutative. A collection's learning sample is
//! this sample, whoever gathers it (`bitext batch` too).
//!
//! The file (JSON lines, version 2): a header
//! `{"format":"bitext-lexicon-counts","version":2,"max_beads":20000,"settings":"…"}`,
//! one line per document in canonical order
//! `{"source_lang":"en","target_lang":"de","id":"…","beads":[[posterior,deviation,[source keys],[target keys]],…]}`
//! (the deviation of the bead's lengths from the pair's ratio, from which
//! the second pass learns how much lengths tell; version 1 had none),
//! and a last line `{"end":{"documents":N,"beads":M}}`, so that a truncated
//! file is told from a short one. Posteriors are written in the shortest
//! form that reads back to the same number, so a file read and written
//! again is the same bytes.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{KeyedBead, LanguagePair, MAX_LEARNING_BEADS, Observation};
use crate::error::{Error, Result};

/// The `format` of the header line.
const FORMAT: &str = "bitext-lexicon-counts";
/// The version of the file this bitext writes and reads.
const COUNTS_VERSION: u64 = 2;

/// The learning sample of a collection: first-pass beads by language pair
/// and document id, capped at [`MAX_LEARNING_BEADS`] per language pair in
/// order of document id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LexiconCounts {
    /// What the beads were observed with (segmentation, aligner settings),
    /// as the caller names it: counts gathered with other settings would
    /// not give the lexicon of one run.
    settings: String,
    pairs: BTreeMap<LanguagePair, Documents>,
}

/// The documents of one language pair, by id.
#[derive(Debug, Clone, PartialEq, Default)]
struct Documents {
    by_id: BTreeMap<String, Vec<KeyedBead>>,
    /// Beads held (before the cap).
    beads: usize,
}

impl Documents {
    /// The documents within the cap, each with the beads it keeps: a
    /// document is kept while fewer than the cap precede it.
    fn kept(&self) -> impl Iterator<Item = (&String, &[KeyedBead])> {
        let mut before = 0;
        self.by_id.iter().map_while(move |(id, beads)| {
            (before < MAX_LEARNING_BEADS).then(|| {
                let take = beads.len().min(MAX_LEARNING_BEADS - before);
                before += take;
                (id, &beads[..take])
            })
        })
    }

    /// Drops what the cap leaves out, so that memory stays bounded.
    fn limit(&mut self) {
        let kept: BTreeMap<String, Vec<KeyedBead>> = self
            .kept()
            .map(|(id, beads)| (id.clone(), beads.to_vec()))
            .collect();
        self.beads = kept.values().map(Vec::len).sum();
        self.by_id = kept;
    }

    fn insert(&mut self, id: String, beads: Vec<KeyedBead>) -> bool {
        if self.by_id.contains_key(&id) {
            return false;
        }
        self.beads += beads.len();
        self.by_id.insert(id, beads);
        if self.beads > 2 * MAX_LEARNING_BEADS || self.by_id.len() > 2 * MAX_LEARNING_BEADS {
            self.limit();
        }
        true
    }
}

/// The largest length deviation a file may hold: far beyond any bead (a
/// deviation is about the square of a length difference per character, so
/// this allows a bead of a million characters on one side only), and sums
/// of such stay exact enough.
pub(super) const MAX_DEVIATION: f64 = 1e9;

/// Whether `d` can be a bead's length deviation.
fn is_deviation(d: f64) -> bool {
    (0.0..=MAX_DEVIATION).contains(&d)
}

/// The header line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u64,
    max_beads: usize,
    settings: String,
}

/// A document line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentLine {
    source_lang: String,
    target_lang: String,
    id: String,
    /// Posterior, deviation, source keys, target keys.
    beads: Vec<(f64, f64, Vec<String>, Vec<String>)>,
}

/// The last line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndLine {
    end: End,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    documents: usize,
    beads: usize,
}

impl LexiconCounts {
    /// An empty sample for beads observed with `settings`.
    pub fn new(settings: &str) -> LexiconCounts {
        LexiconCounts {
            settings: settings.to_string(),
            pairs: BTreeMap::new(),
        }
    }

    /// What the beads were observed with.
    pub fn settings(&self) -> &str {
        &self.settings
    }

    /// Adds what the first pass of document `id` saw; `false` (and nothing
    /// added) if a document of that id and language pair is already held.
    pub fn insert(&mut self, id: &str, observation: Observation) -> bool {
        self.pairs
            .entry(observation.languages)
            .or_default()
            .insert(id.to_string(), observation.beads)
    }

    /// Documents held within the cap (all language pairs).
    pub fn documents(&self) -> usize {
        self.pairs.values().map(|d| d.kept().count()).sum()
    }

    /// Beads learned from (all language pairs, within the cap).
    pub fn beads(&self) -> usize {
        (self.pairs.values())
            .flat_map(Documents::kept)
            .map(|(_, beads)| beads.len())
            .sum()
    }

    /// The beads to learn from for each language pair, in canonical order.
    pub(super) fn samples(&self) -> impl Iterator<Item = (&LanguagePair, Vec<KeyedBead>)> {
        self.pairs.iter().map(|(languages, documents)| {
            let beads = documents
                .kept()
                .flat_map(|(_, beads)| beads.iter().cloned())
                .collect();
            (languages, beads)
        })
    }

    /// Writes the file (see the module's documentation).
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let header = Header {
            format: FORMAT.to_string(),
            version: COUNTS_VERSION,
            max_beads: MAX_LEARNING_BEADS,
            settings: self.settings.clone(),
        };
        let (mut documents, mut beads) = (0, 0);
        serde_json::to_writer(&mut *out, &header)?;
        writeln!(out)?;
        for ((source_lang, target_lang), held) in &self.pairs {
            for (id, kept) in held.kept() {
                let line = DocumentLine {
                    source_lang: source_lang.clone(),
                    target_lang: target_lang.clone(),
                    id: id.clone(),
                    beads: kept
                        .iter()
                        .map(|b| (b.posterior, b.deviation, b.source.clone(), b.target.clone()))
                        .collect(),
                };
                serde_json::to_writer(&mut *out, &line)?;
                writeln!(out)?;
                documents += 1;
                beads += kept.len();
            }
        }
        serde_json::to_writer(
            &mut *out,
            &EndLine {
                end: End { documents, beads },
            },
        )?;
        writeln!(out)?;
        Ok(())
    }

    /// Reads and merges files written by [`LexiconCounts::write`]: the
    /// same sample as gathering all their documents at once, in whatever
    /// order or grouping the files come. Errors name the file and line and
    /// what is wrong (not a counts file, another version or other settings
    /// than the first file, a damaged or truncated line, a document out of
    /// order or in two files, a missing end line).
    pub fn read_files(paths: &[impl AsRef<Path>]) -> Result<LexiconCounts> {
        let mut counts: Option<LexiconCounts> = None;
        for path in paths {
            let path = path.as_ref();
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            LexiconCounts::absorb(&mut counts, path, std::io::BufReader::new(file))?;
        }
        Ok(counts.unwrap_or_default())
    }

    /// Reads one file; `path` names it in errors.
    pub fn read(path: &Path, input: impl BufRead) -> Result<LexiconCounts> {
        let mut counts = None;
        LexiconCounts::absorb(&mut counts, path, input)?;
        Ok(counts.unwrap_or_default())
    }

    /// Reads one file into `counts` (`None`: the first file, whose
    /// settings the others must have).
    fn absorb(counts: &mut Option<LexiconCounts>, path: &Path, input: impl BufRead) -> Result<()> {
        let bad = |line: usize, problem: String| Error::LexiconCounts {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let mut lines = input
            .split(b'\n')
            .enumerate()
            .map(|(k, line)| (k + 1, line));
        let mut next = || -> Result<Option<(usize, String)>> {
            match lines.next() {
                None => Ok(None),
                Some((_, Err(e))) => Err(Error::io(path, e)),
                Some((number, Ok(bytes))) => String::from_utf8(bytes)
                    .map(|text| Some((number, text)))
                    .map_err(|e| {
                        bad(
                            number,
                            format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                        )
                    }),
            }
        };
        let Some((_, first)) = next()? else {
            return Err(bad(1, "empty file, no header".to_string()));
        };
        let header: Header = serde_json::from_str(&first)
            .ok()
            .filter(|h: &Header| h.format == FORMAT)
            .ok_or_else(|| {
                bad(
                    1,
                    format!("not a lexicon counts file (its first line is no {FORMAT:?} header)"),
                )
            })?;
        if header.version != COUNTS_VERSION {
            return Err(bad(
                1,
                format!(
                    "version {} of the format; this bitext reads version {COUNTS_VERSION}",
                    header.version
                ),
            ));
        }
        if header.max_beads != MAX_LEARNING_BEADS {
            return Err(bad(
                1,
                format!(
                    "made with a cap of {} learning beads; this bitext learns from {MAX_LEARNING_BEADS}",
                    header.max_beads
                ),
            ));
        }
        let counts = counts.get_or_insert_with(|| LexiconCounts::new(&header.settings));
        if header.settings != counts.settings {
            return Err(bad(
                1,
                format!(
                    "gathered with other settings than the first file (settings {:?}, not {:?})",
                    header.settings, counts.settings
                ),
            ));
        }
        let mut last: Option<(LanguagePair, String)> = None;
        let (mut documents, mut beads) = (0, 0);
        loop {
            let Some((number, text)) = next()? else {
                return Err(bad(
                    documents + 2,
                    "the file ends without its end line (truncated?)".to_string(),
                ));
            };
            if let Ok(end) = serde_json::from_str::<EndLine>(&text) {
                if (end.end.documents, end.end.beads) != (documents, beads) {
                    return Err(bad(
                        number,
                        format!(
                            "the end line counts {} documents and {} beads, the file holds \
                             {documents} and {beads}",
                            end.end.documents, end.end.beads
                        ),
                    ));
                }
                if let Some((extra, _)) = next()? {
                    return Err(bad(extra, "a line after the end line".to_string()));
                }
                return Ok(());
            }
            let line: DocumentLine = serde_json::from_str(&text).map_err(|e| {
                bad(
                    number,
                    format!(
                        "not a document of lexicon counts: {}",
                        crate::error::json_message(&e)
                    ),
                )
            })?;
            if let Some(k) = line.beads.iter().position(|b| !(b.0 > 0.0 && b.0 <= 1.0)) {
                return Err(bad(
                    number,
                    format!("bead {} has a posterior outside (0, 1]", k + 1),
                ));
            }
            if let Some(k) = line.beads.iter().position(|b| !is_deviation(b.1)) {
                return Err(bad(
                    number,
                    format!(
                        "bead {} has a length deviation that is not a number from 0 to {MAX_DEVIATION}",
                        k + 1
                    ),
                ));
            }
            let key = (
                (line.source_lang.clone(), line.target_lang.clone()),
                line.id.clone(),
            );
            let what = format!(
                "document {:?} ({}-{})",
                line.id, line.source_lang, line.target_lang
            );
            if last.as_ref().is_some_and(|last| *last >= key) {
                return Err(bad(
                    number,
                    format!(
                        "{what} is out of order or there twice (documents are sorted by \
                         language pair and id)"
                    ),
                ));
            }
            documents += 1;
            beads += line.beads.len();
            let observation = Observation {
                languages: key.0.clone(),
                beads: line
                    .beads
                    .into_iter()
                    .map(|(posterior, deviation, source, target)| KeyedBead {
                        source,
                        target,
                        posterior,
                        deviation,
                    })
                    .collect(),
                guide: None,
            };
            if !counts.insert(&line.id, observation) {
                return Err(bad(number, format!("{what} is in an earlier file too")));
            }
            last = Some(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `n` beads of one word a side, each with its own
    /// posterior (a different number for every bead and document).
    fn document(languages: (&str, &str), seed: usize, n: usize) -> Observation {
        Observation {
            languages: (languages.0.to_string(), languages.1.to_string()),
            beads: (0..n)
                .map(|k| {
                    let p = 1.0 / (1.0 + (seed * 7919 + k) as f64 / 3.0);
                    KeyedBead {
                        source: vec![format!("s{seed}-{k}")],
                        target: vec![format!("t{k}")],
                        posterior: p,
                        deviation: (k % 7) as f64 / 3.0,
                    }
                })
                .collect(),
            guide: None,
        }
    }

    fn bytes(counts: &LexiconCounts) -> Vec<u8> {
        let mut out = Vec::new();
        counts.write(&mut out).unwrap();
        out
    }

    fn gathered(documents: &[(&str, Observation)]) -> LexiconCounts {
        let mut counts = LexiconCounts::new("key");
        for (id, observation) in documents {
            assert!(counts.insert(id, observation.clone()));
        }
        counts
    }

    /// Writes `counts` to `dir/name` and returns the path.
    fn file(dir: &Path, name: &str, counts: &LexiconCounts) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes(counts)).unwrap();
        path
    }

    #[test]
    fn the_cap_keeps_the_same_beads_however_documents_are_grouped() {
        let en_de = ("en", "de");
        let documents = [
            ("a", document(en_de, 1, 8_000)),
            ("b", document(en_de, 2, 8_000)),
            ("c", document(en_de, 3, 8_000)),
            ("a", document(("en", "fr"), 4, 10)),
        ];
        let pick = |ks: &[usize]| -> LexiconCounts {
            let picked: Vec<_> = ks.iter().map(|&k| documents[k].clone()).collect();
            gathered(&picked)
        };
        let whole = pick(&[2, 3, 0, 1]);
        // 20,000 of en-de: a and b whole, the first 4,000 of c; en-fr apart.
        assert_eq!(whole.beads(), MAX_LEARNING_BEADS + 10);
        assert_eq!(whole.documents(), 4);
        let expected = bytes(&whole);
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (a, b, c) = (
            file(d, "a", &pick(&[0])),
            file(d, "b", &pick(&[1, 3])),
            file(d, "c", &pick(&[2])),
        );
        let ab = file(d, "ab", &LexiconCounts::read_files(&[&a, &b]).unwrap());
        let bc = file(d, "bc", &LexiconCounts::read_files(&[&b, &c]).unwrap());
        for files in [[&ab, &c], [&c, &ab], [&a, &bc], [&bc, &a]] {
            assert_eq!(bytes(&LexiconCounts::read_files(&files).unwrap()), expected);
        }
        assert_eq!(
            bytes(&LexiconCounts::read_files(&[&c, &b, &a]).unwrap()),
            expected
        );
    }

    #[test]
    fn posteriors_and_deviations_read_back_to_the_same_number() {
        let mut observation = document(("en", "de"), 5, 3);
        observation.beads[0].posterior = 0.1 + 0.2;
        observation.beads[1].posterior = 1.0 - f64::EPSILON;
        observation.beads[2].posterior = 0.050_000_000_000_000_01;
        observation.beads[0].deviation = 1.0 / 3.0;
        observation.beads[2].deviation = 12_345.678_9;
        let counts = gathered(&[("x", observation.clone())]);
        let text = bytes(&counts);
        let back = LexiconCounts::read(Path::new("x.counts"), text.as_slice()).unwrap();
        assert_eq!(back, counts);
        assert_eq!(bytes(&back), text);
    }

    #[test]
    fn a_document_twice_is_refused() {
        let mut counts = gathered(&[("x", document(("en", "de"), 1, 2))]);
        assert!(!counts.insert("x", document(("en", "de"), 2, 2)));
        assert!(counts.insert("x", document(("en", "fr"), 2, 2)));
    }
}
