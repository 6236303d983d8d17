//! Which line breaks inside a paragraph end a segment. Plain text joins a
//! paragraph's lines into running text, which is right for hard-wrapped
//! prose but wrong for web text pasted into a file, where single line
//! breaks separate a headline, a byline, a share line, list items and the
//! first sentence. A break ends a segment when the line before it is a
//! list item, when a list item follows it, or when the line is short and
//! lacks final punctuation although the next line's first word would have
//! fitted on it (so no wrapping broke it there).

use crate::lang::LanguageData;

/// The paragraph's lines grouped into runs of running text (their lines
/// joined by single spaces); each run is split into sentences on its own.
pub fn runs(data: &LanguageData, lines: &[String]) -> Vec<String> {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut runs: Vec<String> = Vec::new();
    let mut previous: Option<&str> = None;
    for line in lines {
        match previous {
            Some(before) if !breaks_between(data, before, line, width) => {
                let run = runs.last_mut().expect("a run holds the line before");
                run.push(' ');
                run.push_str(line);
            }
            _ => runs.push(line.clone()),
        }
        previous = Some(line);
    }
    runs
}

/// Whether the break between `before` and `after` ends a segment.
fn breaks_between(data: &LanguageData, before: &str, after: &str, width: usize) -> bool {
    let continues = after.starts_with(char::is_lowercase);
    if list_item(before).is_some() && !continues {
        return true;
    }
    let short = !continues && is_short_unpunctuated(data, before, after, width);
    match list_item(after) {
        Some(Marker::Bullet) => true,
        Some(Marker::Ambiguous) => {
            short || ends_with_final_punctuation(data, before) || before.ends_with(':')
        }
        None => short,
    }
}

/// How sure a list marker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// A bullet character (•, ▪, ◦, …): a list item wherever it stands.
    Bullet,
    /// `-`, `*`, `–`, `1.`, `a)`: also a dash or a number in running text,
    /// so an item only after a line that ends a sentence, a colon, a
    /// heading or another item.
    Ambiguous,
}

/// The list marker `line` starts with, if any: a bullet or dash and a
/// space, or an enumerator (`1.`, `12)`, `a)`, `(b)`, `iv.`) and a space.
fn list_item(line: &str) -> Option<Marker> {
    list_marker(line).map(|(marker, _)| marker)
}

/// The byte length of the enumerator `text` starts with (`1.`, `a)`), if
/// any: its period is a label's, not the end of a sentence.
pub fn enumerator_len(text: &str) -> Option<usize> {
    match list_marker(text)? {
        (Marker::Ambiguous, len) if text[..len].ends_with(['.', ')']) => Some(len),
        _ => None,
    }
}

/// The list marker `line` starts with and its length in bytes.
fn list_marker(line: &str) -> Option<(Marker, usize)> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let spaced = |rest: &str| rest.starts_with(char::is_whitespace);
    if "•◦▪▫●○■□‣⁃∙·".contains(first) {
        return Some((Marker::Bullet, first.len_utf8()));
    }
    if "-*–—+".contains(first) {
        return spaced(chars.as_str()).then_some((Marker::Ambiguous, first.len_utf8()));
    }
    let body = line.strip_prefix('(').unwrap_or(line);
    let end = body.find(['.', ')'])?;
    let (label, rest) = body.split_at(end);
    let closer = &rest[..1];
    let digits = (1..=3).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_digit());
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
    let letter_paren =
        label.len() == 1 && closer == ")" && label.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = (1..=4).contains(&label.len()) && label.chars().all(|c| "ivx".contains(c));
    let enumerator = digits || letter || letter_paren || roman;
    let len = line.len() - body.len() + end + 1;
    (enumerator && spaced(&rest[1..])).then_some((Marker::Ambiguous, len))
}

/// A line that stands alone: without final punctuation (nor a comma,
/// hyphen or other sign that the sentence goes on) and so short that the
/// next line's first word would have fitted on it in a text wrapped at
/// `width` (the longest line), so it was not broken by wrapping.
fn is_short_unpunctuated(data: &LanguageData, line: &str, next: &str, width: usize) -> bool {
    let last = line.chars().next_back();
    let goes_on = last.is_none_or(|c| ",;-‐‑/&(".contains(c));
    if goes_on || ends_with_final_punctuation(data, line) {
        return false;
    }
    let next_word = next.split_whitespace().next().unwrap_or("");
    line.chars().count() + 1 + next_word.chars().count() <= width
}

/// Whether `line` ends with final punctuation, possibly followed by
/// closing quotes or brackets (`fertig.“`, `done?)`).
fn ends_with_final_punctuation(data: &LanguageData, line: &str) -> bool {
    let body = line.trim_end_matches(|c| data.closing_quotes.contains(&c));
    body.ends_with(|c| data.terminators.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn runs_of(lang: &str, text: &str) -> Vec<String> {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        runs(Lang::parse(lang).unwrap().data(), &lines)
    }

    #[test]
    fn list_markers() {
        for (line, marker) in [
            ("• Erstens", Some(Marker::Bullet)),
            ("•Erstens", Some(Marker::Bullet)),
            ("- first", Some(Marker::Ambiguous)),
            ("– erstens", Some(Marker::Ambiguous)),
            ("* first", Some(Marker::Ambiguous)),
            ("1. First", Some(Marker::Ambiguous)),
            ("12) First", Some(Marker::Ambiguous)),
            ("a) first", Some(Marker::Ambiguous)),
            ("B) Second", Some(Marker::Ambiguous)),
            ("(b) second", Some(Marker::Ambiguous)),
            ("iv. fourth", Some(Marker::Ambiguous)),
            ("-5 degrees", None),
            ("2019. Then", None),
            ("A. Smith said", None),
            ("3.5 percent", None),
            ("U.S. officials", None),
            ("e.g. this", None),
        ] {
            assert_eq!(list_item(line), marker, "{line}");
        }
    }

    #[test]
    fn enumerators_are_labels() {
        assert_eq!(enumerator_len("1. A seat"), Some(2));
        assert_eq!(enumerator_len("(b) Second"), Some(3));
        assert_eq!(enumerator_len("- first"), None);
        assert_eq!(enumerator_len("2019. Then"), None);
    }

    #[test]
    fn hard_wrapped_prose_is_joined() {
        let text = "The talks in Geneva resumed on Monday after a pause of\n\
                    three weeks, and the delegations met for six hours in\n\
                    the Palais des Nations. Both sides called the meeting\n\
                    Constructive and agreed to meet again – in Vienna.";
        assert_eq!(runs_of("en", text).len(), 1);
        // Wrapped at 52 columns, the way editors wrap: "3." did not fit.
        let de = "Die Gespräche in Genf wurden am Montag nach einer\n\
                  Pause von drei Wochen fortgesetzt. Die Delegationen\n\
                  trafen sich sechs Stunden lang im Palais des Nations\n\
                  und wollen sich am 3. Oktober wieder treffen, dann\n\
                  in Wien.";
        assert_eq!(runs_of("de", de).len(), 1);
    }

    #[test]
    fn web_lines_stand_alone() {
        let text = "Talks resume in Geneva\nBy Jane Doe\nShare this article\n\
                    The talks resumed on Monday after a pause of three weeks and went on for hours.\n\
                    Key points:\n- a ceasefire\n- prisoner exchanges\n1. First step\n2. Second step\n\
                    • Sanctions stay\n• Aid goes on";
        assert_eq!(
            runs_of("en", text),
            [
                "Talks resume in Geneva",
                "By Jane Doe",
                "Share this article",
                "The talks resumed on Monday after a pause of three weeks and went on for hours. \
                 Key points:",
                "- a ceasefire",
                "- prisoner exchanges",
                "1. First step",
                "2. Second step",
                "• Sanctions stay",
                "• Aid goes on",
            ]
        );
    }

    #[test]
    fn a_wrapped_list_item_goes_on_in_lower_case() {
        let text = "- a ceasefire that holds along the whole front\nand is watched\n- exchanges";
        assert_eq!(
            runs_of("en", text),
            [
                "- a ceasefire that holds along the whole front and is watched",
                "- exchanges"
            ]
        );
    }
}
