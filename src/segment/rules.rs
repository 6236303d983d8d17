//! The decision at one candidate sentence boundary.
//!
//! The order of the tests matters and follows how readers decide: a lower-case
//! continuation never starts a sentence; known abbreviations are looked up;
//! ordinals, initials and dotted acronyms ("U.S.") end a sentence only when a
//! typical sentence opener ("The", "Die") follows.

use std::collections::HashSet;

use crate::lang::LanguageData;
use crate::lang::abbreviation_key;

/// How far the splitter looks back for the word before a period, and how
/// many characters of punctuation it skips forward to the next word. Bounds
/// keep the run time linear on pathological input.
const LOOK_BACK: usize = 64;
const LOOK_AHEAD: usize = 16;

/// Final punctuation at some position of a paragraph, with the closing quotes
/// that belong to it.
pub struct Candidate<'a> {
    text: &'a str,
    /// Byte offset of the first terminator.
    start: usize,
    /// The terminators themselves (".", "?!", "...", "…").
    run: &'a str,
    /// Whether closing quotes follow the terminators (`?”`).
    quoted: bool,
    /// Byte offset just after the terminators and closing quotes: where the
    /// next sentence would begin.
    pub end: usize,
}

impl<'a> Candidate<'a> {
    /// The candidate whose first terminator is at byte `start` of `text`.
    pub fn at(data: &LanguageData, text: &'a str, start: usize) -> Candidate<'a> {
        let mut end = start;
        for c in text[start..].chars() {
            if !data.terminators.contains(&c) {
                break;
            }
            end += c.len_utf8();
        }
        let run = &text[start..end];
        let run_end = end;
        for c in text[end..].chars() {
            if !data.closing_quotes.contains(&c) {
                break;
            }
            end += c.len_utf8();
        }
        // French: `fini. »` — the guillemet after a space still closes.
        let rest = &text[end..];
        let spaced = rest.trim_start();
        let gap = rest.len() - spaced.len();
        if let Some(c) = spaced.chars().next()
            && (1..=4).contains(&gap)
            && data.spaced_closing_quotes.contains(&c)
        {
            end += gap + c.len_utf8();
        }
        Candidate {
            text,
            start,
            run,
            quoted: end > run_end,
            end,
        }
    }

    /// Whether a sentence ends here.
    pub fn is_boundary(&self, data: &LanguageData) -> bool {
        let rest = &self.text[self.end..];
        if rest.trim_start().is_empty() {
            return true;
        }
        if data.needs_space && !rest.starts_with(char::is_whitespace) {
            // "3.5", "U.S.-backed", "example.com", "„Wer?“, fragte er"
            return false;
        }
        if !data.needs_space {
            return true;
        }
        let Some(next) = next_word(rest) else {
            return true;
        };
        if starts_lower_case(next) {
            return false;
        }
        if self.quoted && is_attribution(data, rest) {
            return false;
        }
        if self.run != "." {
            // "?", "!", "…", "...", "?!" before an upper-case word or number.
            return true;
        }
        self.period_ends_sentence(data, next)
    }

    /// The hard case: a single period before an upper-case word or a number.
    fn period_ends_sentence(&self, data: &LanguageData, next: &str) -> bool {
        let word = word_before(self.text, self.start);
        if word.is_empty() || !word.ends_with(char::is_alphanumeric) {
            // ". Next", "„besten Treffen“. Die", "5 %. Die"
            return true;
        }
        let opener = starts_sentence(data, next);
        if self.is_listed(&data.prefix, word) {
            return false;
        }
        if next.starts_with(|c: char| c.is_numeric()) {
            let numeric = has(&data.before_number, &abbreviation_key(word));
            return !(numeric || is_initial(word));
        }
        if has(&data.ambiguous, &abbreviation_key(word)) {
            return opener;
        }
        if data.ordinal_period && (is_small_number(word) || is_roman_numeral(word)) {
            // "am 3. Oktober", "im 20. Jahrhundert", "1. FC Köln"
            return opener;
        }
        if is_initial(word) || is_dotted(word) {
            // "J. R. R. Tolkien", "U.S. President" vs "in the U.S. The"
            return opener;
        }
        true
    }

    /// Whether the word before the period, alone or with the short dotted
    /// tokens before it ("z. B.", "i. d. R."), is in `set`.
    fn is_listed(&self, set: &HashSet<String>, word: &str) -> bool {
        let mut key = abbreviation_key(word);
        if has(set, &key) {
            return true;
        }
        let mut before = self.start - word.len();
        for _ in 0..3 {
            let head = self.text[..before].trim_end();
            let token = last_token(head);
            let short = token.chars().count() <= 4;
            if token.len() < 2 || !token.ends_with('.') || !short {
                return false;
            }
            key = format!("{}.{key}", abbreviation_key(token));
            if has(set, &key) {
                return true;
            }
            before = head.len() - token.len();
        }
        false
    }
}

/// Whether `set` holds `key`, or its lower-case form when `key` is only
/// capitalised because it starts a sentence ("Vgl." → "vgl").
fn has(set: &HashSet<String>, key: &str) -> bool {
    if set.contains(key) {
        return true;
    }
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => {
            let lowered: String = first.to_lowercase().chain(chars).collect();
            set.contains(&lowered)
        }
        _ => false,
    }
}

/// The token that ends at `end` (without leading quotes or brackets), looking
/// back at most [`LOOK_BACK`] characters.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let token = last_token(head);
    token.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// The last whitespace-free token of `head`, at most [`LOOK_BACK`] chars.
fn last_token(head: &str) -> &str {
    let mut start = head.len();
    for (count, (i, c)) in head.char_indices().rev().enumerate() {
        if c.is_whitespace() || count == LOOK_BACK {
            break;
        }
        start = i;
    }
    &head[start..]
}

/// The first word after a candidate boundary, skipping spaces, dashes,
/// opening quotes and brackets; `None` if no word follows soon.
fn next_word(rest: &str) -> Option<&str> {
    let (offset, _) = rest
        .char_indices()
        .take(LOOK_AHEAD)
        .find(|(_, c)| c.is_alphanumeric())?;
    let word = &rest[offset..];
    let len = word
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(word.len(), |(i, _)| i);
    Some(&word[..len])
}

/// `CNN reported.` / `Hammel added.` after a quotation: a name of one or
/// two words, then a verb of saying that ends the clause. ("Flake said that
/// …" starts a new sentence.)
fn is_attribution(data: &LanguageData, rest: &str) -> bool {
    if data.speech_verbs.is_empty() {
        return false;
    }
    let ends_clause = |token: &str| token.ends_with(['.', ',', ';', '!', '?']);
    let tokens: Vec<&str> = rest.split_whitespace().take(4).collect();
    let Some(first) = tokens.first() else {
        return false;
    };
    if data.is_stopword(first) || ends_clause(first) {
        return false;
    }
    for (i, token) in tokens.iter().enumerate().take(3).skip(1) {
        let word = token.trim_end_matches(['.', ',', ';', '!', '?']);
        if data.speech_verbs.contains(&word.to_lowercase()) {
            let last_word = i + 1 == tokens.len();
            return ends_clause(token) || last_word;
        }
        if ends_clause(token) {
            return false;
        }
    }
    false
}

/// Lower-case start, unless the word is camel-cased ("iPhone", "eBay").
fn starts_lower_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_lowercase) && !chars.any(char::is_uppercase)
}

/// A capitalised function word ("The", "Die", "Le"); in a script without
/// capitals (Arabic, Hebrew, Korean) any function word.
fn starts_sentence(data: &LanguageData, word: &str) -> bool {
    let opens = |c: char| c.is_uppercase() || !has_case(c);
    word.starts_with(opens) && data.is_stopword(word)
}

/// A single letter of a script with capitals ("J. R. R. Tolkien"). Scripts
/// without capitals write no initials, but have one-letter words.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(has_case) && chars.next().is_none()
}

fn has_case(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// "U.S", "e.g", "Ph.D", "z.B": letters in short groups joined by periods.
fn is_dotted(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|piece| {
            (1..=3).contains(&piece.chars().count()) && piece.chars().all(char::is_alphabetic)
        })
}

fn is_small_number(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

fn is_roman_numeral(word: &str) -> bool {
    (1..=6).contains(&word.len()) && word.chars().all(|c| "IVXLCDM".contains(c))
}
