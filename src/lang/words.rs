//! The words and numbers of a text, found the way its script needs.
//!
//! - Scripts with spaces (Latin, Cyrillic, Greek, …): a word is a run of
//!   letters; a number a run of digits with the separators `.` and `,`.
//! - Chinese (a language whose script is Han): runs of Han characters are
//!   cut into dictionary words by jieba (its bundled dictionary, without the
//!   HMM that guesses unknown words: see `JIEBA_HMM`).
//! - Japanese and the other scripts written without spaces (kana, Han in a
//!   language other than Chinese, Thai, Lao, Khmer, Myanmar): every pair of
//!   adjacent characters in a run of one script is a word (bigrams; a run of
//!   one character is a word of one). A pair of characters is what a word of
//!   these languages most often is, and needs no dictionary.
//! - Numbers are the same keys whatever the script: full-width and other
//!   decimal digits (`３．５`, `๓`) count as ASCII ones, and Chinese or
//!   Japanese numbers in the forms other languages write in digits
//!   (`一九九八年`, `百分之三十`, `第十五`, `1.5万`) are turned into those
//!   digits (see [`numeral_at`] and [`value_key`]).

use std::sync::OnceLock;

use jieba_rs::Jieba;
use unicode_normalization::char::is_combining_mark;

use super::{LanguageData, Script};

/// The HMM guesses words missing from jieba's dictionary; it did not help
/// (strict F1 on NTREX zh-en 0.9327 with it, 0.9338 without; MAC-Dev 0.456
/// and 0.470), so words are dictionary words and single characters.
const JIEBA_HMM: bool = false;
/// An ordinal (`第十五`) is a number key only from this value on: below it the
/// other language writes a word ("third"), which no number key matches.
const MIN_ORDINAL: u128 = 10;
/// Digit-by-digit numerals (`一九九八`) need this many characters unless 年
/// (year) follows: shorter runs are words (`一一` "one by one", `五六` "five
/// or six", `七零八落` "scattered").
const MIN_DIGITWISE: usize = 4;
/// Longer digit strings are not scaled by 万 or 亿 (they would overflow).
const MAX_SCALED_DIGITS: usize = 30;
/// Longer runs of numeral characters are not read as numbers (no number is
/// that long; reading one would cost time quadratic in its length).
const MAX_NUMERAL_CHARS: usize = 40;

/// A word or a number of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A word as written (for scripts without spaces, a dictionary word or a
    /// pair of characters).
    Word(&'a str),
    /// A number as its matching key: its digits without separators, so that
    /// `3,5` and `3.5`, `1.000` and `1,000` meet (see `number_keys`).
    Number(String),
}

/// The words and numbers of `text`, in text order.
pub fn tokens<'a>(text: &'a str, lang: &LanguageData) -> impl Iterator<Item = Token<'a>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let taken = if digit_value(c).is_some() {
            digits(rest, &mut out)
        } else if let Some(script) = unspaced(c) {
            let end = run_end(rest, |c| unspaced(c) == Some(script));
            let run = &rest[..end];
            if script == Unspaced::Han {
                han(run, lang.script == Script::Han, &mut out);
            } else {
                bigrams(run, &mut out);
            }
            end
        } else if is_spaced_letter(c) {
            let end = rest.find(|c| !is_spaced_letter(c)).unwrap_or(rest.len());
            out.push(Token::Word(&rest[..end]));
            end
        } else {
            c.len_utf8()
        };
        rest = &rest[taken..];
    }
    out.into_iter()
}

/// Whether `word` (a token of [`tokens`]) is written in a script without
/// spaces, so that it is its own matching key.
pub fn is_unspaced(word: &str) -> bool {
    word.chars().next().and_then(unspaced).is_some()
}

/// Scripts written without spaces between words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unspaced {
    Han,
    Hiragana,
    Katakana,
    Thai,
    Lao,
    Khmer,
    Myanmar,
}

/// The script without spaces `c` belongs to, if any. Digits and punctuation
/// of those scripts belong to none.
fn unspaced(c: char) -> Option<Unspaced> {
    Some(match c as u32 {
        // 々 (iteration mark), 〇, CJK ideographs, extension A, compatibility
        // ideographs, extensions B and later.
        0x3005 | 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Unspaced::Han,
        0x20000..=0x3134F => Unspaced::Han,
        0x3041..=0x309F => Unspaced::Hiragana,
        // Without ・ (30FB), the middle dot between the parts of a name.
        0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Unspaced::Katakana,
        0x0E01..=0x0E4E => Unspaced::Thai,
        0x0E81..=0x0ECE => Unspaced::Lao,
        0x1780..=0x17D3 => Unspaced::Khmer,
        0x1000..=0x103F | 0x1050..=0x108F | 0x109A..=0x109F => Unspaced::Myanmar,
        _ => return None,
    })
}

/// A letter of a script written with spaces between words.
fn is_spaced_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.is_alphabetic() && unspaced(c).is_none()
}

/// The value of a decimal digit: ASCII, full-width, Arabic-Indic, Devanagari,
/// Bengali, Thai, Lao, Myanmar, Khmer.
fn digit_value(c: char) -> Option<u32> {
    const ZEROS: [u32; 10] = [
        0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x0ED0, 0x1040, 0x17E0,
    ];
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let c = c as u32;
    ZEROS
        .iter()
        .find_map(|&zero| c.checked_sub(zero).filter(|&d| d < 10))
}

/// Byte length of the longest prefix of `text` whose characters satisfy
/// `keep`; combining marks (Thai vowels and tones) go with the character
/// before them.
fn run_end(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .find(|&(i, c)| i > 0 && !keep(c) && !is_combining_mark(c))
        .map_or(text.len(), |(i, _)| i)
}

/// Reads the number at the start of `text` (which starts with a digit):
/// digits with `.` and `,` between them (`．` and `，` between full-width
/// digits, `٫` and `٬` in Arabic), and a following 万 or 亿. Returns the
/// bytes taken.
fn digits(text: &str, out: &mut Vec<Token<'_>>) -> usize {
    let mut ascii = String::new();
    let mut end = 0;
    loop {
        let tail = &text[end..];
        let digits = tail
            .find(|c| digit_value(c).is_none())
            .unwrap_or(tail.len());
        ascii.extend(
            tail[..digits]
                .chars()
                .filter_map(|c| char::from_digit(digit_value(c)?, 10)),
        );
        end += digits;
        // Separators count only when more digits follow them.
        let tail = &text[end..];
        let separators = &tail[..tail.find(|c| !is_separator(c)).unwrap_or(tail.len())];
        let next = tail[separators.len()..].chars().next();
        let previous = text[..end].chars().next_back();
        let full_width = separators.contains(['．', '，']);
        let continues = !separators.is_empty()
            && next.is_some_and(|c| digit_value(c).is_some())
            && (!full_width
                || (separators.chars().count() == 1
                    && previous.is_some_and(is_full_width_digit)
                    && next.is_some_and(is_full_width_digit)));
        if !continues {
            break;
        }
        ascii.extend(separators.chars().map(|c| match c {
            '．' | '٫' => '.',
            '，' | '٬' => ',',
            c => c,
        }));
        end += separators.len();
    }
    if let Some((exponent, len)) = multiplier(&text[end..])
        && let Some(key) = scaled_key(&ascii, exponent)
    {
        out.push(Token::Number(key));
        return end + len;
    }
    out.extend(number_keys(&ascii).into_iter().map(Token::Number));
    end
}

/// Decimal and thousands separators: ASCII, full-width, and the Arabic
/// decimal and thousands marks (`٣٫٥`, `١٬٠٠٠`).
fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '．' | '，' | '٫' | '٬')
}

fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Number keys of a run of ASCII digits and separators: digits without
/// separators, so that `3,5` and `3.5`, `1.000` and `1,000` meet; a date
/// such as `20.08.2025` gives its parts (`20`, `8`, `2025`), as the other
/// language may write "August 20, 2025".
fn number_keys(run: &str) -> Vec<String> {
    let run = run.trim_matches(['.', ',']);
    if run.is_empty() {
        return Vec::new();
    }
    let parts: Vec<&str> = run.split('.').collect();
    let is_date = parts.len() == 3
        && parts[..2].iter().all(|p| (1..=2).contains(&p.len()))
        && matches!(parts[2].len(), 2 | 4)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if is_date {
        parts
            .iter()
            .map(|p| p.trim_start_matches('0').to_string())
            .collect()
    } else {
        vec![run.chars().filter(char::is_ascii_digit).collect()]
    }
}

/// The power of ten of a 万 (10⁴), 亿 (10⁸) or 万亿 (10¹²) at the start of
/// `text`, and its length in bytes.
fn multiplier(text: &str) -> Option<(u32, usize)> {
    let mut chars = text.chars();
    let first = match chars.next()? {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    };
    match chars.next() {
        Some('亿' | '億') if first == 4 => Some((12, 2 * '万'.len_utf8())),
        _ => Some((first, '万'.len_utf8())),
    }
}

/// The key of digits such as `1.5` or `1,500` times 10^`exponent`.
fn scaled_key(ascii: &str, exponent: u32) -> Option<String> {
    let ascii: String = ascii.chars().filter(|&c| c != ',').collect();
    let (whole, fraction) = ascii.split_once('.').unwrap_or((&ascii, ""));
    if fraction.contains('.') || whole.len() + fraction.len() > MAX_SCALED_DIGITS {
        return None;
    }
    let mantissa: u128 = format!("{whole}{fraction}").parse().ok()?;
    Some(value_key(
        mantissa,
        i32::try_from(exponent).ok()? - i32::try_from(fraction.len()).ok()?,
    ))
}

/// The key of the number `mantissa` × 10^`exponent`, as the other side
/// writes it: in digits below a million ("350", "15,000"), and in millions,
/// billions or trillions from there on ("1.5 million", "300 million",
/// "2 billion"), whose number keys are the digits before the word ("15",
/// "300", "2"). Chinese counts in 万 (10⁴) and 亿 (10⁸), so 1500万 is
/// "15 million".
fn value_key(mut mantissa: u128, mut exponent: i32) -> String {
    if mantissa == 0 {
        return "0".into();
    }
    while mantissa.is_multiple_of(10) {
        mantissa /= 10;
        exponent += 1;
    }
    let digits = mantissa.to_string();
    // The power of ten of the number's leading digit.
    let magnitude = digits.len() as i32 - 1 + exponent;
    let unit = [12, 9, 6]
        .into_iter()
        .find(|&u| magnitude >= u)
        .unwrap_or(0);
    let exponent = exponent - unit;
    if exponent >= 0 {
        format!("{digits}{}", "0".repeat(exponent as usize))
    } else if digits.len() as i32 > -exponent {
        digits
    } else {
        // Below one: "0.05" is written with its zeros.
        format!(
            "{}{digits}",
            "0".repeat((-exponent) as usize + 1 - digits.len())
        )
    }
}

/// Tokens of a run of Han characters: numerals become numbers; the rest is
/// cut by jieba (Chinese) or into bigrams (Japanese and other languages).
fn han<'a>(run: &'a str, chinese: bool, out: &mut Vec<Token<'a>>) {
    let words = |text: &'a str, out: &mut Vec<Token<'a>>| {
        if chinese {
            out.extend(
                jieba()
                    .cut(text, JIEBA_HMM)
                    .into_iter()
                    .map(|t| Token::Word(t.word)),
            );
        } else {
            bigrams(text, out);
        }
    };
    let mut text_start = 0;
    let mut at = 0;
    while at < run.len() {
        match numeral_at(&run[at..]) {
            Some((key, len)) => {
                if text_start < at {
                    words(&run[text_start..at], out);
                }
                out.push(Token::Number(key));
                at += len;
                text_start = at;
            }
            // Not a number: skip the whole numeral run, lest its tail read
            // as one (三四十 "thirty or forty" is no 40).
            None => {
                at += numeral_chars(&run[at..])
                    .max(run[at..].chars().next().map_or(1, char::len_utf8))
            }
        }
    }
    if text_start < run.len() {
        words(&run[text_start..], out);
    }
}

/// The jieba segmenter with its bundled dictionary, loaded once per process
/// on first use (about a tenth of a second).
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// A number written in Chinese numerals at the start of `text`, in the forms
/// the other language writes in digits: its key and length in bytes.
/// Accepted: `百分之` + numeral (a percentage), `第` + numeral of at least
/// [`MIN_ORDINAL`], and numerals read digit by digit (years: 一九九八年).
///
/// Numerals with units (三百五十, 二十一岁) are read only after 百分之 and
/// 第: alone they are words. English prose spells such numbers out
/// ("twenty-one", "three hundred"), so as number keys they matched nothing
/// on MAC-Dev and added 51 numbers found on one side only; on NTREX they
/// added 3 matches and 4 misses. A single numeral character is a word in any
/// case (一 in 一些 "some", 统一 "unify", 万一 "in case"; 十分 "very").
fn numeral_at(text: &str) -> Option<(String, usize)> {
    const PERCENT: &str = "百分之";
    if let Some(rest) = text.strip_prefix(PERCENT) {
        let (value, len) = numeral_run(rest)?;
        return Some((value_text(value), PERCENT.len() + len));
    }
    if let Some(rest) = text.strip_prefix('第') {
        let (value, len) = numeral_run(rest)?;
        return match value {
            Numeral::Value(v) if v < MIN_ORDINAL => None,
            value => Some((value_text(value), '第'.len_utf8() + len)),
        };
    }
    match numeral_run(text)? {
        (Numeral::Digits(digits), len) => Some((digits, len)),
        (Numeral::Value(_), _) => None,
    }
}

/// A parsed numeral: a value, or digits read one by one (`〇〇七` keeps its
/// zeros, as `007` does).
#[derive(Debug, PartialEq)]
enum Numeral {
    Value(u128),
    Digits(String),
}

fn value_text(numeral: Numeral) -> String {
    match numeral {
        Numeral::Value(v) => value_key(v, 0),
        Numeral::Digits(d) => d,
    }
}

/// One character of a Chinese numeral.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    Digit(u8),
    Zero,
    /// 十 百 千: 10¹, 10², 10³.
    Unit(u32),
    /// 万 亿: 10⁴, 10⁸.
    Big(u32),
}

fn part(c: char) -> Option<Part> {
    Some(match c {
        '〇' | '零' => Part::Zero,
        '一' => Part::Digit(1),
        '二' | '两' | '兩' => Part::Digit(2),
        '三' => Part::Digit(3),
        '四' => Part::Digit(4),
        '五' => Part::Digit(5),
        '六' => Part::Digit(6),
        '七' => Part::Digit(7),
        '八' => Part::Digit(8),
        '九' => Part::Digit(9),
        '十' => Part::Unit(1),
        '百' => Part::Unit(2),
        '千' => Part::Unit(3),
        '万' | '萬' => Part::Big(4),
        '亿' | '億' => Part::Big(8),
        _ => return None,
    })
}

/// Byte length of the run of numeral characters at the start of `text`.
fn numeral_chars(text: &str) -> usize {
    text.find(|c| part(c).is_none()).unwrap_or(text.len())
}

/// The longest run of numeral characters at the start of `text`, if it reads
/// as one number, and its length in bytes.
fn numeral_run(text: &str) -> Option<(Numeral, usize)> {
    let mut parts = Vec::new();
    let mut len = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(p) = part(c) else { break };
        // 两 is "two" before a unit (两千, 两万) and otherwise a word
        // (二十两银子 "twenty taels of silver").
        let before_unit = chars
            .peek()
            .and_then(|&n| part(n))
            .is_some_and(|n| matches!(n, Part::Unit(_) | Part::Big(_)));
        if matches!(c, '两' | '兩') && !before_unit {
            break;
        }
        parts.push((p, c));
        len += c.len_utf8();
    }
    if parts.is_empty() || parts.len() > MAX_NUMERAL_CHARS {
        return None;
    }
    let digitwise = parts
        .iter()
        .all(|(p, _)| matches!(p, Part::Digit(_) | Part::Zero));
    let year = text[len..].starts_with('年');
    if digitwise && (parts.len() >= MIN_DIGITWISE || (parts.len() >= 2 && year)) {
        let digits = parts
            .iter()
            .map(|(p, _)| match p {
                Part::Digit(d) => char::from(b'0' + d),
                _ => '0',
            })
            .collect();
        return Some((Numeral::Digits(digits), len));
    }
    let parts: Vec<Part> = parts.into_iter().map(|(p, _)| p).collect();
    positional(&parts).map(|v| (Numeral::Value(v), len))
}

/// The value of a numeral written with units (三百五十万, 一千零一, 两万五):
/// split at its largest 亿 or 万; each side must read on its own.
fn positional(parts: &[Part]) -> Option<u128> {
    let big = parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Part::Big(e) => Some((i, *e)),
            _ => None,
        })
        .max_by_key(|&(i, e)| (e, std::cmp::Reverse(i)));
    let Some((at, exponent)) = big else {
        return section(parts);
    };
    let (left, right) = (&parts[..at], &parts[at + 1..]);
    if left.is_empty() {
        return None;
    }
    let scale = 10u128.pow(exponent);
    let right_value = match right {
        [] => 0,
        // 两万五: the digit counts in the next lower unit.
        [Part::Digit(d)] => u128::from(*d) * scale / 10,
        [Part::Zero, rest @ ..] if !rest.is_empty() => positional(rest)?,
        rest => positional(rest)?,
    };
    if right_value >= scale {
        return None;
    }
    positional(left)?
        .checked_mul(scale)?
        .checked_add(right_value)
}

/// The value of a numeral below 10 000 (no 万 or 亿 in it).
fn section(parts: &[Part]) -> Option<u128> {
    let mut value = 0u128;
    let mut last_unit = 4;
    let mut pending: Option<u8> = None;
    let mut zero_since_unit = false;
    for (i, &p) in parts.iter().enumerate() {
        match p {
            Part::Digit(d) => {
                if pending.replace(d).is_some() {
                    return None;
                }
            }
            Part::Zero => {
                if pending.is_some() || value == 0 {
                    return None;
                }
                zero_since_unit = true;
            }
            Part::Unit(e) => {
                if e >= last_unit {
                    return None;
                }
                let coefficient = match pending.take() {
                    Some(d) => d,
                    // 十五: a leading 十 is one ten.
                    None if e == 1 && i == 0 => 1,
                    None => return None,
                };
                value += u128::from(coefficient) * 10u128.pow(e);
                last_unit = e;
                zero_since_unit = false;
            }
            Part::Big(_) => return None,
        }
    }
    if let Some(d) = pending {
        // 三百五 is 350; 一百零五 is 105.
        let scale = if (2..4).contains(&last_unit) && !zero_since_unit {
            10u128.pow(last_unit - 1)
        } else {
            1
        };
        value += u128::from(d) * scale;
    }
    Some(value)
}

/// Every pair of adjacent characters of `run` (a combining mark counts with
/// its base character); a run of one character is a word of one.
fn bigrams<'a>(run: &'a str, out: &mut Vec<Token<'a>>) {
    let starts: Vec<usize> = run
        .char_indices()
        .filter(|&(_, c)| !is_combining_mark(c))
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    match starts.len() {
        0 | 1 => {}
        2 => out.push(Token::Word(run)),
        n => out.extend((0..n - 2).map(|k| Token::Word(&run[starts[k]..starts[k + 2]]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn all(text: &str, lang: &str) -> Vec<Token<'static>> {
        let data = Lang::parse(lang).unwrap().data();
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        tokens(text, data).collect()
    }

    fn words(text: &str, lang: &str) -> Vec<&'static str> {
        all(text, lang)
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                Token::Number(_) => None,
            })
            .collect()
    }

    fn numbers(text: &str, lang: &str) -> Vec<String> {
        all(text, lang)
            .into_iter()
            .filter_map(|t| match t {
                Token::Number(n) => Some(n),
                Token::Word(_) => None,
            })
            .collect()
    }

    #[test]
    fn latin_text_keeps_its_words_and_numbers() {
        assert_eq!(
            all(
                "Am 20.08.2025 sprach Selenskyj (COVID-19) über 3,5 %.",
                "de"
            ),
            [
                Token::Word("Am"),
                Token::Number("20".into()),
                Token::Number("8".into()),
                Token::Number("2025".into()),
                Token::Word("sprach"),
                Token::Word("Selenskyj"),
                Token::Word("COVID"),
                Token::Number("19".into()),
                Token::Word("über"),
                Token::Number("35".into()),
            ]
        );
        assert_eq!(
            words("l'État, U.S. iPhone15", "fr"),
            ["l", "État", "U", "S", "iPhone"]
        );
        assert_eq!(
            numbers("iPhone15 2022. 1.000 1,000", "en"),
            ["15", "2022", "1000", "1000"]
        );
    }

    #[test]
    fn number_keys_meet_across_conventions() {
        assert_eq!(number_keys("3,5"), number_keys("3.5"));
        assert_eq!(number_keys("1.000"), number_keys("1,000"));
        assert_eq!(number_keys("20.08.2025"), ["20", "8", "2025"]);
        assert_eq!(number_keys("2022."), ["2022"]);
    }

    #[test]
    fn chinese_is_cut_into_words() {
        assert_eq!(
            words("乌克兰总统与美国总统举行了会谈。", "zh"),
            ["乌克兰", "总统", "与", "美国", "总统", "举行", "了", "会谈"]
        );
        // Names missing from the dictionary fall apart (泽 连斯基 for
        // Zelensky): the learned lexicon links the pieces.
        // Latin words inside Chinese text keep their own key.
        assert_eq!(
            words("苹果发布了iPhone手机", "zh"),
            ["苹果", "发布", "了", "iPhone", "手机"]
        );
    }

    #[test]
    fn japanese_and_thai_are_cut_into_bigrams() {
        // Runs of one script: kanji, hiragana, katakana are cut apart.
        assert_eq!(
            words("東京都にコンピューター", "ja"),
            [
                "東京", "京都", "に", "コン", "ンピ", "ピュ", "ュー", "ータ", "ター"
            ]
        );
        // Thai vowel and tone marks stay with their consonant.
        assert_eq!(words("ภาษาไทย", "th"), ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]);
        assert_eq!(words("น้ำ", "th"), ["น้ำ"]);
    }

    #[test]
    fn chinese_numerals_are_numbers() {
        for (text, want) in [
            ("一九九八年", "1998"),
            ("二〇二五年", "2025"),
            ("二零二五年", "2025"),
            ("二〇〇八", "2008"),
            ("八七年", "87"),
            ("百分之三十", "30"),
            ("百分之五", "5"),
            ("百分之三百五", "350"),
            ("第十五届", "15"),
            ("第一千零一", "1001"),
        ] {
            assert_eq!(numbers(text, "zh"), [want], "{text}");
        }
    }

    #[test]
    fn numerals_with_units_read_as_values() {
        let value = |text: &str| match numeral_run(text) {
            Some((Numeral::Value(v), len)) if len == text.len() => Some(v),
            _ => None,
        };
        for (text, want) in [
            ("三百五十", 350),
            ("十五", 15),
            ("二十", 20),
            ("一千零一", 1001),
            ("三百五", 350),
            ("两万五", 25_000),
            ("一万零五", 10_005),
            ("三十万", 300_000),
            ("三亿五千万", 350_000_000),
            ("一万亿", 1_000_000_000_000),
        ] {
            assert_eq!(value(text), Some(want), "{text}");
        }
        for bad in ["五六", "三四十", "千万", "万一", "十五六", "九千九千"] {
            assert_eq!(value(bad), None, "{bad}");
        }
    }

    #[test]
    fn large_values_are_keyed_as_millions_and_billions() {
        assert_eq!(value_key(350, 0), "350");
        assert_eq!(value_key(15, 3), "15000");
        assert_eq!(value_key(15, 6), "15");
        assert_eq!(value_key(3, 8), "300");
        assert_eq!(value_key(12, 8), "12");
        assert_eq!(value_key(1, 12), "1");
        assert_eq!(value_key(5, -2), "005");
    }

    #[test]
    fn digits_of_other_scripts_and_scaled_digits_are_numbers() {
        assert_eq!(numbers("增长３．５％", "zh"), ["35"]);
        assert_eq!(numbers("１，０００元", "zh"), ["1000"]);
        assert_eq!(numbers("1.5万人", "zh"), ["15000"]);
        assert_eq!(numbers("2000万美元", "zh"), ["20"]);
        assert_eq!(numbers("1.2亿", "zh"), ["120"]);
        assert_eq!(numbers("12億円", "ja"), ["12"]);
        assert_eq!(numbers("๒๕๖๘", "th"), ["2568"]);
        // Arabic-Indic digits with the Arabic decimal and thousands marks,
        // Persian digits, Devanagari digits.
        assert_eq!(
            numbers("نما ٣٫٥ ٪ في عام ٢٠٢٤ و١٬٠٠٠ و ۱۴۰۳ और १२", "ar"),
            ["35", "2024", "1000", "1403", "12"]
        );
        assert_eq!(numbers("٣٫٥", "ar"), numbers("3.5", "en"));
        // A full-width comma after a number ends the clause, not the number.
        assert_eq!(numbers("2019年，3，5", "zh"), ["2019", "3", "5"]);
    }

    #[test]
    fn words_with_numeral_characters_stay_words() {
        for text in [
            "一些",
            "一样",
            "统一",
            "万一",
            "十分重要",
            "千万",
            "五六个",
            "三四十",
            "第三",
            "一个人",
            "三三两两",
            "七零八落",
            "二十两银子",
            "三百五十人",
        ] {
            assert!(
                numbers(text, "zh").is_empty(),
                "{text}: {:?}",
                numbers(text, "zh")
            );
        }
        assert_eq!(words("十分重要", "zh"), ["十分", "重要"]);
    }

    #[test]
    fn hostile_numerals_do_not_overflow() {
        let long = "九".repeat(200) + "亿亿";
        assert!(numbers(&long, "zh").is_empty());
        let deep = "第".to_string() + &"一万".repeat(100_000);
        assert!(numbers(&deep, "zh").is_empty());
        assert_eq!(numbers(&"九千".repeat(50), "zh"), Vec::<String>::new());
        let digits = "9".repeat(100) + "万";
        assert_eq!(numbers(&digits, "zh"), ["9".repeat(100)]);
    }
}
