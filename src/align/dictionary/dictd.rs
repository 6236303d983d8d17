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

use std::path::{Path, PathBuf};

use super::{Entries, Parsed, error, languages_from_name, languages_from_title, read_bytes, utf8};
use crate::error::{DictionaryProblem as Problem, Result};
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
    let dict = read_bytes(&dict_path)?;
    let mut articles = Vec::new();
    let mut title = None;
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
        let end = offset.saturating_add(length);
        if end > dict.len() as u64 {
            return Err(at(Problem::ArticleBeyondEnd {
                line: number + 1,
                start: offset,
                end,
                articles: dict_path.clone(),
                size: dict.len(),
            }));
        }
        let range = (offset as usize, end as usize);
        if headword.starts_with("00") {
            let name: String = headword.chars().filter(|&c| c != '-').collect();
            if !name.starts_with("00database") {
                articles.push(range);
                continue;
            }
            if name == "00databaseshort" || (name == "00databaseinfo" && title.is_none()) {
                title = Some(range);
            }
            continue;
        }
        articles.push(range);
    }
    // Several headwords may share an article.
    articles.sort_unstable();
    articles.dedup_by_key(|&mut (start, _)| start);
    let dict = std::str::from_utf8(&dict).map_err(|e| {
        error(
            &dict_path,
            Problem::ArticlesUtf8 {
                offset: e.valid_up_to(),
            },
        )
    })?;
    let text = |(start, end): (usize, usize)| {
        dict.get(start..end)
            .ok_or_else(|| error(&index_path, Problem::ArticleSplitsCharacter { start, end }))
    };
    let mut entries = Entries::default();
    let (mut head, mut translations) = (String::new(), String::new());
    for &range in &articles {
        if article(text(range)?, &mut head, &mut translations) {
            entries.push(&head, &translations);
        }
    }
    let languages = match languages_from_name(&index_path) {
        Some(languages) => Some(languages),
        None => match title {
            Some(range) => languages_from_title(text(range)?.lines().next().unwrap_or_default()),
            None => None,
        },
    };
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
/// single spaces.
fn clean(text: &str, out: &mut String) {
    let slashes = text.bytes().filter(|&b| b == b'/').count();
    let (mut depth, mut in_slashes) = (0usize, false);
    let mut space = false;
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
}
