//! FreeDict dictionaries in dictd's format, as Debian's `dict-freedict-*`
//! packages install them: `NAME.index` (`headword<TAB>offset<TAB>length`,
//! numbers in dictd's base64) and `NAME.dict` or `NAME.dict.dz` (the
//! articles; dictzip is gzip). Either file may be named.
//!
//! An article is a headword line (`Haus /haʊ̯s/ <n, neut>`), then one sense
//! per line, or numbered senses (`1. …`). The first line of a sense holds
//! its translations, separated by commas; what follows it (definitions,
//! indented notes, examples, synonyms, `see:` references) is not a
//! translation. The `00-database-*` articles describe the file: their title
//! gives the languages when the file name does not.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{
    Entries, MAX_BYTES, Parsed, error, languages_from_name, languages_from_title, read_bytes,
    too_big, utf8,
};
use crate::error::{DictionaryProblem as Problem, Error, Result};
use crate::text::base64_value;

/// Longest article read: the longest FreeDict article is a few kilobytes.
const MAX_ARTICLE: u64 = 1 << 20;

/// Whether the file name is a dictd file's.
pub(super) fn is_dictd(path: &Path) -> bool {
    base(path).is_some()
}

/// `NAME` of `NAME.index`, `NAME.dict`, `NAME.dict.dz`.
fn base(path: &Path) -> Option<String> {
    let name = path.to_str()?;
    [".index", ".dict.dz", ".dict"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .map(str::to_string)
}

/// The index and the articles of the dictionary `path` names.
pub(super) fn companions(path: &Path) -> Result<(PathBuf, PathBuf)> {
    let base = base(path).unwrap_or_default();
    let index = PathBuf::from(format!("{base}.index"));
    if !index.is_file() {
        return Err(error(path, Problem::MissingIndex { index }));
    }
    let dict = [".dict.dz", ".dict"]
        .iter()
        .map(|ext| PathBuf::from(format!("{base}{ext}")))
        .find(|p| p.is_file())
        .ok_or_else(|| error(path, Problem::MissingArticles { base: base.clone() }))?;
    Ok((index, dict))
}

pub(super) fn read(path: &Path) -> Result<Parsed> {
    let (index_path, dict_path) = companions(path)?;
    let index_bytes = read_bytes(&index_path)?;
    let index = utf8(&index_path, &index_bytes)?;
    let mut spans = Vec::new();
    for (number, line) in index.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let at = |problem: Problem| error(&index_path, problem);
        let mut fields = line.split('\t');
        let (Some(headword), Some(offset), Some(length)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(at(Problem::NotAnIndexLine { line: number + 1 }));
        };
        let (Some(offset), Some(length)) = (base64(offset), base64(length)) else {
            return Err(at(Problem::NotBase64 {
                line: number + 1,
                offset: offset.to_string(),
                length: length.to_string(),
            }));
        };
        if length > MAX_ARTICLE {
            return Err(at(Problem::ArticleTooLong {
                line: number + 1,
                length,
                max: MAX_ARTICLE,
            }));
        }
        let kind = if !headword.starts_with("00") {
            Kind::Entry
        } else {
            let name: String = headword.chars().filter(|&c| c != '-').collect();
            match name.as_str() {
                "00databaseshort" => Kind::Title,
                "00databaseinfo" => Kind::Info,
                _ if name.starts_with("00database") => Kind::About,
                _ => Kind::Entry,
            }
        };
        spans.push(Span {
            start: offset,
            end: offset.saturating_add(length),
            line: number + 1,
            kind,
        });
    }
    // Every span must lie in the articles, also one whose article another
    // headword shares and that is read once.
    let furthest = spans.iter().max_by_key(|span| span.end).copied();
    spans.sort_unstable_by_key(|span| (span.start, span.kind));
    spans.dedup_by_key(|span| (span.start, span.kind));
    let mut articles = Articles::open(&dict_path)?;
    let mut entries = Entries::default();
    let (mut head, mut translations) = (String::new(), String::new());
    let (mut short, mut info) = (None, None);
    for span in &spans {
        match span.kind {
            Kind::Entry => {
                if article(
                    articles.text(span, &index_path)?,
                    &mut head,
                    &mut translations,
                ) {
                    entries.push(&head, &translations);
                }
            }
            Kind::Title | Kind::Info => {
                let first = articles
                    .text(span, &index_path)?
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let slot = if span.kind == Kind::Title {
                    &mut short
                } else {
                    &mut info
                };
                slot.get_or_insert(first);
            }
            Kind::About => {}
        }
    }
    if let Some(span) = furthest
        && !articles.reach(span.end)?
    {
        return Err(articles.beyond(&span, &index_path));
    }
    let languages = languages_from_name(&index_path).or_else(|| {
        short
            .or(info)
            .and_then(|title| languages_from_title(&title))
    });
    Ok(Parsed {
        format: "FreeDict dictd",
        languages,
        entries,
    })
}

/// A number in dictd's base64 (`A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`, most
/// significant digit first), or `None`.
fn base64(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        let digit = base64_value(b)?;
        Some(n * 64 + u64::from(digit))
    })
}

/// The headword and the translations of an article, into `head` and
/// `translations`; false for an empty article.
fn article(text: &str, head: &mut String, translations: &mut String) -> bool {
    let mut lines = text.lines();
    let Some(first) = lines.next() else {
        return false;
    };
    head.clear();
    clean(headword(first), head);
    translations.clear();
    let mut sense_open = true;
    for line in lines {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if trimmed.is_empty() || indent > 1 || trimmed.starts_with("see:") {
            continue;
        }
        let taken = match sense_number(trimmed) {
            Some(rest) => rest,
            None if sense_open => trimmed,
            None => "",
        };
        sense_open = false;
        if !taken.is_empty() {
            if !translations.is_empty() {
                translations.push_str(", ");
            }
            clean(taken, translations);
            if translations.ends_with(", ") {
                translations.truncate(translations.len() - 2);
            }
        }
    }
    true
}

/// The headword of a headword line: what comes before the pronunciation
/// (` /…/`), grammar (` <…>`) and notes.
fn headword(line: &str) -> &str {
    let bytes = line.as_bytes();
    let cut = (0..bytes.len().saturating_sub(2))
        .find(|&k| bytes[k] == b' ' && bytes[k + 1] == b'/' && bytes[k + 2] != b' ')
        .unwrap_or(line.len());
    &line[..cut]
}

/// The text after a sense number (`1. text`, `2.`), or `None`.
fn sense_number(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix('.')?;
    (digits > 0 && (rest.is_empty() || rest.starts_with(' '))).then(|| rest.trim())
}

/// Appends `text` to `out` without bracketed notes (`<n, masc>`,
/// `[comp.]`, `(BKR)`, `{Akut}`) and pronunciations between slashes, with
/// single spaces. Runs of ordinary characters are copied whole: a FreeDict
/// file's 100 MB of articles pass through here.
fn clean(text: &str, out: &mut String) {
    let slashes_pair = text.bytes().filter(|&b| b == b'/').count() % 2 == 0;
    let (mut depth, mut in_slashes) = (0usize, false);
    let mut space = false;
    let mut k = 0;
    while k < text.len() {
        let end = k + ordinary_run(&text[k..], slashes_pair);
        if end > k {
            if depth == 0 && !in_slashes {
                let first = text.as_bytes()[k];
                if space && !out.is_empty() && !out.ends_with(' ') && !matches!(first, b',' | b';')
                {
                    out.push(' ');
                }
                space = false;
                out.push_str(&text[k..end]);
            }
            k = end;
            continue;
        }
        let Some(c) = text[k..].chars().next() else {
            break;
        };
        match c {
            '<' | '[' | '(' | '{' => depth += 1,
            '>' | ']' | ')' | '}' => depth = depth.saturating_sub(1),
            '/' => in_slashes = !in_slashes,
            _ if depth > 0 || in_slashes => {}
            _ => space = true,
        }
        k += c.len_utf8();
    }
}

/// Length in bytes of the leading run of `text` that holds no bracket, no
/// whitespace and no slash (if `slashes_pair`: an odd slash is a character
/// of the text, `and/or`).
fn ordinary_run(text: &str, slashes_pair: bool) -> usize {
    let bytes = text.as_bytes();
    let mut k = 0;
    while let Some(&b) = bytes.get(k) {
        if b < 0x80 {
            let special = matches!(b, b'<' | b'[' | b'(' | b'{' | b'>' | b']' | b')' | b'}')
                || (b == b'/' && slashes_pair)
                || char::from(b).is_whitespace();
            if special {
                break;
            }
        } else if matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
            // The leading bytes of the whitespace beyond ASCII (U+0085,
            // U+00A0, U+1680, U+2000–U+205F, U+3000).
            let Some(c) = text.get(k..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            k += c.len_utf8();
            continue;
        }
        k += 1;
    }
    k
}

/// What an index line points at.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Entry,
    /// `00-database-short`: the title.
    Title,
    /// `00-database-info`: its first line is the title where there is no
    /// short one.
    Info,
    /// The other `00-database-*` articles (URL, licence, ...).
    About,
}

/// An index line: the bytes of its article.
#[derive(Clone, Copy)]
struct Span {
    start: u64,
    end: u64,
    line: usize,
    kind: Kind,
}

/// The articles file read front to back, uncompressed as it is read: only
/// the part that holds the article asked for is in memory (a FreeDict
/// file's articles are 100 MB uncompressed), so articles must be asked for
/// in the order of their starts.
struct Articles {
    path: PathBuf,
    reader: Box<dyn Read>,
    gzip: bool,
    /// Bytes of the articles from offset `from` on.
    window: Vec<u8>,
    from: u64,
    /// Whether the reader is at the end.
    done: bool,
}

/// Bytes read at a time.
const CHUNK: usize = 1 << 18;

impl Articles {
    fn open(path: &Path) -> Result<Articles> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut file = BufReader::with_capacity(CHUNK, file);
        let gzip = file
            .fill_buf()
            .map_err(|e| Error::io(path, e))?
            .starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn Read> = if gzip {
            Box::new(flate2::bufread::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        Ok(Articles {
            path: path.to_path_buf(),
            reader,
            gzip,
            window: Vec::new(),
            from: 0,
            done: false,
        })
    }

    /// Reads up to `end` (`start` not before the last one asked for); false
    /// if the articles end before `end`.
    fn fetch(&mut self, start: u64, end: u64) -> Result<bool> {
        // What lies before `start` is not asked for again.
        let drop = (start - self.from.min(start)).min(self.window.len() as u64);
        if drop as usize > CHUNK {
            self.window.drain(..drop as usize);
            self.from += drop;
        }
        self.reach(end)
    }

    /// Whether the articles are at least `end` bytes long; reads up to
    /// there, skipping what lies between the window and `end` beyond one
    /// article's length.
    fn reach(&mut self, end: u64) -> Result<bool> {
        if end > MAX_BYTES {
            return Err(error(&self.path, too_big(self.gzip)));
        }
        let skip_to = end.saturating_sub(MAX_ARTICLE);
        let have = self.from + self.window.len() as u64;
        if skip_to > have {
            self.window.clear();
            self.from = have;
            let skipped = std::io::copy(
                &mut (&mut self.reader).take(skip_to - have),
                &mut std::io::sink(),
            )
            .map_err(|e| self.read_error(e))?;
            self.from += skipped;
            if self.from < skip_to {
                self.done = true;
                return Ok(false);
            }
        }
        while self.from + (self.window.len() as u64) < end {
            if self.done {
                return Ok(false);
            }
            let len = self.window.len();
            self.window.resize(len + CHUNK, 0);
            let read = self.reader.read(&mut self.window[len..]);
            let read = match read {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => 0,
                Err(e) => {
                    self.window.truncate(len);
                    return Err(self.read_error(e));
                }
            };
            self.window.truncate(len + read);
            self.done = read == 0;
        }
        Ok(true)
    }

    /// The text of the article of `span` (index line of `index`).
    fn text(&mut self, span: &Span, index: &Path) -> Result<&str> {
        if !self.fetch(span.start, span.end)? {
            return Err(self.beyond(span, index));
        }
        let at = |offset: u64| (offset - self.from) as usize;
        let bytes = &self.window[at(span.start)..at(span.end)];
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return Ok(text);
        }
        let (start, end) = (span.start as usize, span.end as usize);
        std::str::from_utf8(bytes).map_err(|e| {
            let splits = (e.valid_up_to() == 0 && bytes.first().is_some_and(|&b| b & 0xc0 == 0x80))
                || e.error_len().is_none();
            if splits {
                error(index, Problem::ArticleSplitsCharacter { start, end })
            } else {
                let offset = start + e.valid_up_to();
                error(&self.path, Problem::ArticlesUtf8 { offset })
            }
        })
    }

    fn beyond(&self, span: &Span, index: &Path) -> Error {
        error(
            index,
            Problem::ArticleBeyondEnd {
                line: span.line,
                start: span.start,
                end: span.end,
                articles: self.path.clone(),
                size: self.size() as usize,
            },
        )
    }

    /// Size of the articles: exact once the end was reached.
    fn size(&self) -> u64 {
        self.from + self.window.len() as u64
    }

    fn read_error(&self, e: std::io::Error) -> Error {
        if self.gzip {
            error(&self.path, Problem::Gzip(e))
        } else {
            Error::io(&self.path, e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(mut n: u64) -> String {
        const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        loop {
            out.push(DIGITS[(n % 64) as usize]);
            n /= 64;
            if n == 0 {
                break;
            }
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decodes_dictd_base64() {
        // From freedict-deu-eng.index: `00databaseinfo<TAB>c<TAB>5S`.
        assert_eq!(base64("c"), Some(28));
        assert_eq!(base64("5S"), Some(57 * 64 + 18));
        assert_eq!(base64("B"), Some(1));
        for n in [0, 63, 64, 4095, 123_456_789] {
            assert_eq!(base64(&encode(n)), Some(n));
        }
        for bad in ["", "ab-c", "AAAAAAAAAAA", "é"] {
            assert_eq!(base64(bad), None, "{bad}");
        }
    }

    /// Articles written for this test in the layouts of the Ding-based,
    /// the WikDict-based and the older FreeDict dictionaries.
    fn article(text: &str) -> Option<(String, String)> {
        let (mut head, mut translations) = (String::new(), String::new());
        super::article(text, &mut head, &mut translations).then_some((head, translations))
    }

    #[test]
    fn takes_the_translations_of_each_sense() {
        let ding = "Glocke /ɡlˈɔkə/ <fem, n, sg>\n [mus.] bell <n>, gong <n>\n   Synonym: {Schelle}\n\n see: {Glocken}\n";
        assert_eq!(article(ding), Some(("Glocke".into(), "bell, gong".into())));
        let wikdict = "Kreuzung /ˈkʁɔɪ̯t͡sʊŋ/ <n, fem>\n1. carrefour, croisement\nStelle, wo sich Straßen treffen\n2. croisement 2.\ndas Kreuzen bei Pflanzen\n 3.\nErgebnis des Kreuzens\n";
        assert_eq!(
            article(wikdict),
            Some((
                "Kreuzung".into(),
                "carrefour, croisement, croisement 2.".into()
            ))
        );
        let old = "falloir /falwaʀ/ <v>\n1.\n      \"Il faut faire\"\n You have to\n\n2. must\n";
        assert_eq!(article(old), Some(("falloir".into(), "must".into())));
        let abbreviation =
            "base curve radius /bˈeɪs kˈɜːv/ (BKR /bˌiː/)\nBasiskurvenradius <masc>\n";
        assert_eq!(
            article(abbreviation),
            Some(("base curve radius".into(), "Basiskurvenradius".into()))
        );
        assert_eq!(
            headword("ein bisschen / ein wenig /aɪn/"),
            "ein bisschen / ein wenig"
        );
    }

    fn write_dictd(dir: &Path, name: &str, index: &str, dict: &[u8]) -> PathBuf {
        std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
        std::fs::write(dir.join(format!("{name}.dict")), dict).unwrap();
        dir.join(format!("{name}.index"))
    }

    #[test]
    fn reads_a_small_dictionary_by_either_name() {
        let dir = tempfile::tempdir().unwrap();
        let info = "German-English test dictionary\n";
        let a = "Glocke /ɡlˈɔkə/\nbell\n";
        let b = "Kind /kɪnt/\nchild, kid\n";
        let dict = format!("{info}{a}{b}");
        let index = format!(
            "00databaseinfo\tA\t{}\nglocke\t{}\t{}\nkind\t{}\t{}\nkinder\t{}\t{}\n",
            encode(info.len() as u64),
            encode(info.len() as u64),
            encode(a.len() as u64),
            encode((info.len() + a.len()) as u64),
            encode(b.len() as u64),
            encode((info.len() + a.len()) as u64),
            encode(b.len() as u64),
        );
        let path = write_dictd(dir.path(), "test", &index, dict.as_bytes());
        for name in [path.clone(), dir.path().join("test.dict")] {
            let parsed = read(&name).unwrap();
            let entries: Vec<(&str, &str)> = parsed.entries.iter().collect();
            assert_eq!(entries, [("Glocke", "bell"), ("Kind", "child, kid")]);
            assert_eq!(
                parsed.languages,
                Some(("de".into(), "en".into())),
                "from the title"
            );
        }
    }

    #[test]
    fn malformed_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let dict = b"Glocke\nbell\n";
        for (index, want) in [
            ("glocke\tA\n", "line 1: not an index line"),
            (
                "glocke\tA\tM\nkind\t!!\tB\n",
                "line 2: \"!!\" or \"B\" is not a number",
            ),
            ("glocke\tA\tZZZZ\n", "line 1: an article of"),
            ("glocke\tB\tM\n", "beyond the end of"),
        ] {
            let path = write_dictd(dir.path(), "bad", index, dict);
            let err = read(&path).err().unwrap().to_string();
            assert!(err.contains("bad.index") && err.contains(want), "{err}");
        }
        let path = write_dictd(dir.path(), "latin1", "k\tA\tM\n", b"K\xe4se\ncheese\n");
        let err = read(&path).err().unwrap().to_string();
        assert!(
            err.contains("latin1.dict: invalid UTF-8 at byte 1"),
            "{err}"
        );
        std::fs::remove_file(dir.path().join("latin1.dict")).unwrap();
        let err = read(&path).err().unwrap().to_string();
        assert!(err.contains("needs its articles"), "{err}");
        let err = read(&dir.path().join("none.dict.dz"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("needs its index"), "{err}");
    }

    /// `clean` as it was written first, a character at a time: the one
    /// that copies runs must do the same.
    fn clean_by_char(text: &str) -> String {
        let mut out = String::new();
        let slashes = text.bytes().filter(|&b| b == b'/').count();
        let (mut depth, mut in_slashes, mut space) = (0usize, false, false);
        for c in text.chars() {
            match c {
                '<' | '[' | '(' | '{' => depth += 1,
                '>' | ']' | ')' | '}' => depth = depth.saturating_sub(1),
                '/' if slashes % 2 == 0 => in_slashes = !in_slashes,
                _ if depth > 0 || in_slashes => {}
                c if c.is_whitespace() => space = true,
                c => {
                    if space && !out.is_empty() && !out.ends_with(' ') && !matches!(c, ',' | ';') {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn clean_copies_runs_as_it_cleaned_characters(
            text in "([a-zäöüß ,;/<>()\\[\\]{}\u{a0}\u{2009}\u{3000}\u{85}\u{1680}\t\u{b}é漢Ω]|x){0,40}"
        ) {
            let mut out = String::new();
            clean(&text, &mut out);
            proptest::prop_assert_eq!(out, clean_by_char(&text));
        }
    }

    #[test]
    fn streams_gzip_articles_far_apart_and_tells_a_short_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        // Two articles with 3 MB of filler between them: the reader skips
        // what no headword points at.
        let a = "Glocke /ɡlˈɔkə/\nbell\n";
        let filler = "x".repeat(3 << 20);
        let b = "Kind /kɪnt/\nchild\n";
        let dict = format!("{a}{filler}{b}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(dict.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let index = format!(
            "kind\t{}\t{}\nglocke\tA\t{}\n",
            encode((a.len() + filler.len()) as u64),
            encode(b.len() as u64),
            encode(a.len() as u64),
        );
        std::fs::write(dir.path().join("deu-eng.index"), &index).unwrap();
        std::fs::write(dir.path().join("deu-eng.dict.dz"), &gz).unwrap();
        let parsed = read(&dir.path().join("deu-eng.index")).unwrap();
        let entries: Vec<(&str, &str)> = parsed.entries.iter().collect();
        assert_eq!(entries, [("Glocke", "bell"), ("Kind", "child")]);
        // The same index with the articles cut short: the error names the
        // index line of the article that is missing.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&dict.as_bytes()[..dict.len() - 4]).unwrap();
        std::fs::write(dir.path().join("deu-eng.dict.dz"), gz.finish().unwrap()).unwrap();
        let err = read(&dir.path().join("deu-eng.index"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("deu-eng.index: line 1:")
                && err.contains(&format!("({} bytes uncompressed)", dict.len() - 4)),
            "{err}"
        );
        // A gzip stream broken in the middle is an error too, not a
        // shorter dictionary.
        let mut broken = gz_bytes(&dict);
        let middle = broken.len() / 2;
        broken[middle] ^= 0xff;
        std::fs::write(dir.path().join("deu-eng.dict.dz"), broken).unwrap();
        assert!(read(&dir.path().join("deu-eng.index")).is_err());
    }

    fn gz_bytes(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    }
}
